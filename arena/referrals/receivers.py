"""Signal receivers: events that verify a referral. They run in the sender's unit of work and only flush."""

from __future__ import annotations

from arena.core import signals
from arena.referrals import operations


def on_attempt_scored(attempt, *, user_id: int, **kwargs) -> None:
    operations.qualify(user_id)


def on_result_changed(submission, **kwargs) -> None:
    if submission.status == "accepted" and submission.user_id:
        operations.qualify(submission.user_id)


def connect() -> None:
    signals.competition_attempt_scored.connect(on_attempt_scored)
    signals.submission_result_changed.connect(on_result_changed)
