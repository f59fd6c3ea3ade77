"""Every write of the competitions domain (``verb_noun(..., *, actor)``); they flush, never commit."""

from arena.competitions.operations.attempts import (
    TimeUp, close_attempt, close_if_expired, expire_attempt, refresh_standing, save_answer, score_attempt, start_attempt,
    submit_attempt,
)
from arena.competitions.operations.competitions import (
    competition_settings, create_competition, delete_competition, update_competition, validate_settings,
)
from arena.competitions.operations.questions import (
    create_question, delete_question, move_question, reorder_questions, update_question, validate_question,
)

__all__ = [
    "TimeUp", "close_attempt", "close_if_expired", "competition_settings", "create_competition", "create_question",
    "delete_competition", "delete_question", "expire_attempt", "move_question", "refresh_standing",
    "reorder_questions", "save_answer", "score_attempt", "start_attempt", "submit_attempt",
    "update_competition", "update_question", "validate_question", "validate_settings",
]
