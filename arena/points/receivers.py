"""Signal receivers: points earned elsewhere. They run inside the sender's unit of work and only flush."""

from __future__ import annotations

from arena.core import signals
from arena.points import operations


def on_competition_attempt_scored(attempt, *, user_id: int, competition_id: int, points: int, **kwargs) -> None:
    operations.credit_competition_attempt(attempt.id, user_id=user_id, competition_id=competition_id, points=points)


def on_submission_result_changed(submission, **kwargs) -> None:
    operations.settle_submission(submission, actor=kwargs.get("actor"))


def connect() -> None:
    signals.competition_attempt_scored.connect(on_competition_attempt_scored)
    signals.submission_result_changed.connect(on_submission_result_changed)
