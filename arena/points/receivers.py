"""Signal receivers: points earned elsewhere. They run inside the sender's unit of work and only flush."""

from __future__ import annotations

from arena.core import pagecache, signals
from arena.extensions import db
from arena.points import operations

BOARD_SCOPE = "points"


def on_competition_attempt_scored(attempt, *, user_id: int, competition_id: int, points: int, **kwargs) -> None:
    operations.credit_competition_attempt(attempt.id, user_id=user_id, competition_id=competition_id, points=points)


def on_submission_result_changed(submission, **kwargs) -> None:
    operations.settle_submission(submission, actor=kwargs.get("actor"))


def on_points_awarded(entry, **kwargs) -> None:
    """Any ledger entry may move someone on the points leaderboard: renew it once committed."""
    pagecache.mark_changed(db.session, BOARD_SCOPE)


def connect() -> None:
    signals.points_awarded.connect(on_points_awarded)
    signals.competition_attempt_scored.connect(on_competition_attempt_scored)
    signals.submission_result_changed.connect(on_submission_result_changed)
