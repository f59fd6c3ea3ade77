"""Keeping the reviews domain in step with submissions changed by the contests domain."""

from __future__ import annotations

from sqlalchemy import select

from arena.contests.models import Submission
from arena.extensions import db
from arena.reviews.models import ResultOverride, Review
from arena.reviews.operations import assignments, leaderboard
from arena.reviews.operations.results import decide, outcome_for


def sync_submission(submission: Submission, *, actor=None) -> None:
    """A submission was created, re-checked or changed: refresh its outcome (re-scoring automated
    contests from the new facts), its assignments and its leaderboard contribution."""
    outcome = outcome_for(submission)
    outcome.rule_failures = len(submission.required_failures)
    has_history = db.session.scalar(select(Review.id).where(Review.submission_id == submission.id).limit(1)) \
        or db.session.scalar(select(ResultOverride.id).where(ResultOverride.submission_id == submission.id).limit(1))
    if has_history:
        decide(submission, actor=actor)
    else:
        leaderboard.apply(outcome, submission)
    assignments.ensure_assigned(submission)
    db.session.flush()
