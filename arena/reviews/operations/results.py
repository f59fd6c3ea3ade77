"""A submission's jury result: decided when its quorum is reached, by majority; a tie waits for an
organiser; organisers may override with a reason (kept, audited by signal)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from arena.contests import operations as contest_operations
from arena.contests.models import Submission
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.reviews import permissions, queries, scoring
from arena.reviews.models import ResultOverride, SubmissionOutcome
from arena.reviews.operations import leaderboard, rounds

REVIEWABLE = ("pending",)
DECIDED_STATES = ("decided", "overridden", "tie")
STATUS_OF_DECISION = {"accept": "accepted", "reject": "rejected"}
DECISION_OF_STATUS = {v: k for k, v in STATUS_OF_DECISION.items()}


def outcome_for(submission: Submission) -> SubmissionOutcome:
    outcome = db.session.scalar(select(SubmissionOutcome).where(SubmissionOutcome.submission_id == submission.id))
    if outcome is None:
        outcome = SubmissionOutcome(submission_id=submission.id, contest_id=submission.contest_id, state="open",
                                    breakdown={}, review_count=0, rule_failures=0, flags=[],
                                    counted_score=leaderboard.ZERO)
        db.session.add(outcome)
        db.session.flush()
    return outcome


def _latest_override(submission_id: int) -> ResultOverride | None:
    return db.session.scalar(select(ResultOverride).where(ResultOverride.submission_id == submission_id)
                             .order_by(ResultOverride.id.desc()).limit(1))


def decide(submission: Submission, *, actor=None) -> bool:
    """Work out the result from the reviews (or the newest override) and apply it everywhere.

    Records the status through the contests domain (which sends ``submission_result_changed`` when
    the status or the score moved) and keeps the leaderboard in step. Returns whether it moved.
    """
    contest = submission.contest
    if rounds.has_rounds(contest.id):
        return _decide_in_rounds(submission, actor=actor)
    mode = scoring.mode_for(contest.scoring_mode)
    config = scoring.contest_config(contest)
    outcome = outcome_for(submission)
    reviews = queries.reviews_of(submission.id)
    previous_score = outcome.score
    outcome.review_count = len(reviews)
    outcome.flags = sorted({flag for r in reviews for flag in (r.flags or [])})
    override = _latest_override(submission.id)
    new_status = submission.status
    if override is not None:
        outcome.state, outcome.decision = "overridden", DECISION_OF_STATUS[override.status]
        outcome.score = Decimal(override.score)
        outcome.breakdown = {"mode": mode.name, "decision": outcome.decision, "score": str(scoring.money(override.score)),
                             "override": {"reason": override.reason, "by": getattr(override.actor, "name", None),
                                          "at": override.created_at.isoformat()}}
        new_status = override.status
    elif len(reviews) < config["quorum"]:
        outcome.state, outcome.decision, outcome.score, outcome.breakdown = "open", None, None, {}
        new_status = "pending" if submission.status in ("accepted", "rejected") else submission.status
    else:
        accepts = sum(1 for r in reviews if r.decision == "accept")
        rejects = len(reviews) - accepts
        if accepts == rejects:
            outcome.state, outcome.decision, outcome.score = "tie", None, None
            outcome.breakdown = {"tie": True, "accept": accepts, "reject": rejects}
            new_status = "pending"
        else:
            decision = "accept" if accepts > rejects else "reject"
            score, breakdown = mode.result_score(config, decision, reviews, submission)
            outcome.state, outcome.decision, outcome.score = "decided", decision, scoring.money(score)
            outcome.breakdown = {**breakdown, "votes": {"accept": accepts, "reject": rejects}}
            new_status = STATUS_OF_DECISION[decision]
    return _record(submission, outcome, new_status, previous_score, actor=actor)


def _record(submission: Submission, outcome: SubmissionOutcome, new_status: str, previous_score, *, actor) -> bool:
    """Stamp the decision time, record the status through the contests domain (which sends
    ``submission_result_changed`` when the status or the score moved) and keep the leaderboard in step."""
    if outcome.state in ("decided", "overridden") and outcome.decided_at is None:
        outcome.decided_at = utcnow()
    elif outcome.state not in ("decided", "overridden"):
        outcome.decided_at = None
    moved = contest_operations.record_result(submission, new_status, score=outcome.score,
                                             previous_score=previous_score, actor=actor)
    leaderboard.apply(outcome, submission)  # idempotent: when the result moved, the receivers applied it
    return moved


def _decide_in_rounds(submission: Submission, *, actor=None) -> bool:
    """With judging rounds: decide the entry in its current round; the submission's result is the
    result of the last round that decided it (entries not advanced keep it)."""
    outcome = outcome_for(submission)
    previous_score = outcome.score
    entry = rounds.entry_of(submission)
    if entry is not None:
        rounds.decide_entry(submission, entry)
    reviews = queries.reviews_of(submission.id)
    outcome.review_count = len(reviews)
    outcome.flags = sorted({flag for r in reviews for flag in (r.flags or [])})
    final = rounds.latest_decided(submission.id)
    new_status = submission.status
    if final is not None:
        outcome.state = "overridden" if final.state == "overridden" else "decided"
        outcome.decision, outcome.score = final.decision, final.score
        outcome.breakdown = {**(final.breakdown or {}), "round": final.position}
        new_status = STATUS_OF_DECISION[final.decision]
    else:
        outcome.state = entry.state if entry is not None and entry.state == "tie" else "open"
        outcome.decision, outcome.score = None, None
        outcome.breakdown = dict(entry.breakdown or {}) if entry is not None else {}
        new_status = "pending" if submission.status in ("accepted", "rejected") else submission.status
    return _record(submission, outcome, new_status, previous_score, actor=actor)


def _parse_score(value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed({"score": _("Must be a number.")}) from None
    if not number.is_finite() or abs(number) > Decimal("1000000"):
        raise ValidationFailed({"score": _("Must be a number between -1000000 and 1000000.")})
    return scoring.money(number)


def override_result(submission: Submission, *, actor, status: str, reason: str, score=None) -> ResultOverride:
    """An organiser (or admin) sets the result, with a reason; a tie is settled the same way."""
    contest = submission.contest
    if not permissions.can_override(contest, actor):
        raise Forbidden(_("Only the contest's organisers can override a result."))
    errors = {}
    if status not in STATUS_OF_DECISION.values():
        errors["status"] = _("Must be accepted or rejected.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the result is overridden.")
    elif len(reason) > 2000:
        errors["reason"] = _("Keep the reason under 2000 characters.")
    if errors:
        raise ValidationFailed(errors)
    if submission.status in ("awaiting_check",):
        raise Conflict(_("This submission has not been checked yet."))
    round_number, config, mode = None, None, None
    if rounds.has_rounds(contest.id):
        entry = rounds.entry_of(submission)
        rnd = db.session.get(rounds.JudgingRound, entry.round_id) if entry is not None else None
        if rnd is None or rnd.state != "open":
            raise Conflict(_("This submission is not in an open judging round."))
        round_number, config, mode = entry.position, rounds.round_config(rnd), scoring.mode_for(rnd.scoring_mode)
    value = _parse_score(score)
    if value is None:
        config = config or scoring.contest_config(contest)
        mode = mode or scoring.mode_for(contest.scoring_mode)
        decision = DECISION_OF_STATUS[status]
        value = mode.override_score(config, decision, submission)
        if value is None:
            side = [r for r in queries.reviews_of(submission.id) if r.decision == decision
                    and (round_number is None or r.round_number == round_number)]
            value = scoring.mean([Decimal(r.score) for r in side]) if side else None
        if value is None:
            raise ValidationFailed({"score": _("Give the score: no juror scored it this way.")})
    outcome = outcome_for(submission)
    record = ResultOverride(submission_id=submission.id, contest_id=submission.contest_id,
                            actor_id=getattr(actor, "id", None), round_number=round_number,
                            previous_status=submission.status,
                            previous_score=outcome.score, status=status, score=scoring.money(value), reason=reason)
    db.session.add(record)
    db.session.flush()
    current_app.logger.info("result overridden", extra={"submission_id": submission.id, "status": status,
                                                        "actor_id": getattr(actor, "id", None)})
    signals.submission_result_overridden.send(submission, override=record, actor=actor)
    decide(submission, actor=actor)
    return record
