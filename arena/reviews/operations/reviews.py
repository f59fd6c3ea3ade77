"""Jurors' reviews and the jury's discussion thread."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from arena.contests.models import Submission
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.security import strip_html
from arena.extensions import db
from arena.reviews import permissions, scoring
from arena.reviews.models import DECISIONS, FLAGS, Assignment, DiscussionMessage, Review
from arena.reviews.operations import rounds
from arena.reviews.operations.results import REVIEWABLE, decide, outcome_for

MAX_TEXT = 5000


def _text(value: Any, field: str, errors: dict, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = _("Must be text.")
        return ""
    value = strip_html(value) if "<" in value else value.strip()
    if required and not value:
        errors[field] = _("Write something.")
    if len(value) > MAX_TEXT:
        errors[field] = _("Keep it under %(count)s characters.", count=MAX_TEXT)
    return value


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if "decision" in data or not partial:
        if data.get("decision") not in DECISIONS:
            errors["decision"] = _("Must be accept or reject.")
        clean["decision"] = data.get("decision")
    for field in ("comment", "private_note"):
        if field in data or not partial:
            clean[field] = _text(data.get(field), field, errors)
    if "flags" in data or not partial:
        flags = data.get("flags") or []
        if not isinstance(flags, list) or any(f not in FLAGS for f in flags):
            errors["flags"] = _("Flags are any of: %(flags)s.", flags=", ".join(FLAGS))
        else:
            clean["flags"] = sorted(set(flags))
    for field in ("marks", "parameter_scores"):
        if field in data:
            clean[field] = data[field]
    if errors:
        raise ValidationFailed(errors)
    return clean


def _check_open(submission: Submission) -> None:
    if submission.status not in REVIEWABLE:
        raise Conflict(_("This submission is not open for review."))
    if outcome_for(submission).state != "open":
        raise Conflict(_("The result of this submission is already decided."))


def _judging(submission: Submission, actor) -> tuple[str, dict, int]:
    """The scoring mode, settings and round number a review of ``submission`` is given in now
    (the contest's own settings and round 1 when it has no judging rounds); refuses closed work."""
    if rounds.has_rounds(submission.contest_id):
        rnd, entry = rounds.reviewable_entry(submission, actor)
        return rnd.scoring_mode, rounds.round_config(rnd), entry.position
    _check_open(submission)
    return submission.contest.scoring_mode, scoring.contest_config(submission.contest), 1


def create_review(submission: Submission, *, actor, **data) -> Review:
    """A juror's single review: accept or reject, marks or parameter scores, comment, note, flags."""
    contest = submission.contest
    if not permissions.can_review(contest, actor):
        raise Forbidden(_("Only the contest's jurors review submissions."))
    if submission.user_id == actor.id:
        raise Forbidden(_("You cannot review your own submission."))
    clean = _clean(data, partial=False)
    mode_name, config, number = _judging(submission, actor)
    existing = db.session.scalar(select(Review.id).where(Review.submission_id == submission.id,
                                                         Review.juror_id == actor.id, Review.round_number == number))
    if existing is not None:
        raise Conflict(_("You have already reviewed this submission; edit your review instead."))
    if config["distribution"] == "assigned" and db.session.scalar(
            select(Assignment.id).where(Assignment.submission_id == submission.id, Assignment.round_number == number,
                                        Assignment.juror_id == actor.id)) is None:
        raise Forbidden(_("This submission is assigned to other jurors."))
    score, breakdown = scoring.mode_for(mode_name).review_score(config, clean["decision"], clean, submission)
    review = Review(submission_id=submission.id, contest_id=contest.id, juror_id=actor.id, round_number=number,
                    decision=clean["decision"], marks=clean.get("marks"),
                    parameter_scores=clean.get("parameter_scores") or {}, score=scoring.money(score),
                    breakdown=breakdown, comment=clean["comment"], private_note=clean["private_note"],
                    flags=clean["flags"])
    db.session.add(review)
    db.session.flush()
    signals.submission_reviewed.send(submission, review=review, actor=actor, edited=False)
    decide(submission, actor=actor)
    return review


def update_review(review: Review, submission: Submission, *, actor, **data) -> Review:
    """A juror edits their own review while the result is not decided yet."""
    if review.juror_id != getattr(actor, "id", None):
        raise Forbidden(_("You can edit only your own review."))
    if not permissions.can_review(submission.contest, actor):
        raise Forbidden(_("Only the contest's jurors review submissions."))
    clean = _clean(data, partial=True)
    mode_name, config, number = _judging(submission, actor)
    if review.round_number != number:
        raise Conflict(_("This review belongs to a closed round."))
    merged = {"decision": review.decision, "marks": review.marks, "parameter_scores": review.parameter_scores,
              **clean}
    if "decision" in clean and clean["decision"] != review.decision:
        # switching sides drops the marks of the other side unless new ones are given
        if "marks" not in clean:
            merged["marks"] = None
        if "parameter_scores" not in clean:
            merged["parameter_scores"] = {}
    score, breakdown = scoring.mode_for(mode_name).review_score(config, merged["decision"], merged, submission)
    review.decision, review.marks = merged["decision"], merged.get("marks")
    review.parameter_scores = merged.get("parameter_scores") or {}
    review.score, review.breakdown = scoring.money(score), breakdown
    for field in ("comment", "private_note", "flags"):
        if field in clean:
            setattr(review, field, clean[field])
    db.session.flush()
    signals.submission_reviewed.send(submission, review=review, actor=actor, edited=True)
    decide(submission, actor=actor)
    return review


def post_message(submission: Submission, *, actor, body: str) -> DiscussionMessage:
    """Add to the jury's thread about a submission (jurors and organisers)."""
    if not permissions.can_view_jury(submission.contest, actor):
        raise Forbidden()
    errors: dict[str, str] = {}
    text = _text(body, "body", errors, required=True)
    if errors:
        raise ValidationFailed(errors)
    message = DiscussionMessage(submission_id=submission.id, author_id=actor.id, body=text)
    db.session.add(message)
    db.session.flush()
    return message
