"""Credits for taking part, exactly once, and admin adjustments.

Each credit's idempotency key comes from its cause, so a signal delivered twice, a retried task or
a re-score never pays twice:

- a scored competition attempt: ``competition-attempt:<attempt id>``;
- an accepted contest submission: ``contest-submission:<submission id>:<n>`` — the n-th change of
  that submission's points. The receiver moves the submission's net credit to what its status is
  worth now (the contest's ``points_per_accepted`` when accepted, else nothing), so an accepted →
  rejected → accepted story pays, takes back and pays again, one entry each.
"""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from arena.core.errors import ValidationFailed
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.points.models import REASON_MAX, PointsEntry
from arena.points.operations.ledger import Cause, check_amount, lock_account, post_entry


def credit_competition_attempt(attempt_id: int, *, user_id: int, competition_id: int,
                               points: int) -> PointsEntry | None:
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        return None
    cause = Cause("competition", "competition.scored", f"competition-attempt:{attempt_id}",
                  object_type="competition_attempt", object_id=attempt_id,
                  params={"competition_id": competition_id, "attempt_id": attempt_id})
    return post_entry(user_id, points, cause)


def submission_net(submission_id: int) -> tuple[int, int]:
    """(net points, number of entries) already recorded for a contest submission."""
    net, count = db.session.execute(
        select(func.coalesce(func.sum(PointsEntry.amount), 0), func.count(PointsEntry.id))
        .where(PointsEntry.object_type == "submission", PointsEntry.object_id == submission_id)).one()
    return int(net), int(count)


def settle_submission(submission, *, actor=None) -> PointsEntry | None:
    """Bring a submission's points to what its status is worth now (credit or reversing entry)."""
    if not submission.user_id:
        return None
    per_accepted = submission.contest.points_per_accepted or 0
    net, _count = submission_net(submission.id)
    if submission.status == "accepted" and per_accepted == 0:
        return None
    target = per_accepted if submission.status == "accepted" else min(net, 0)
    if target == net:
        return None
    lock_account(submission.user_id)  # serialise, then count again under the lock
    net, count = submission_net(submission.id)
    target = per_accepted if submission.status == "accepted" else min(net, 0)
    delta = target - net
    if delta == 0:
        return None
    code = "contest.accepted" if delta > 0 else "contest.reversed"
    cause = Cause("contest_submission", code, f"contest-submission:{submission.id}:{count + 1}",
                  object_type="submission", object_id=submission.id,
                  params={"title": submission.title, "contest_id": submission.contest_id})
    return post_entry(submission.user_id, delta, cause, actor=actor, allow_partial=True)


def adjust_points(user, *, amount, reason: str, actor, origin: Origin = NO_ORIGIN,
                  key: str | None = None) -> PointsEntry:
    """An admin adds (positive) or removes (negative) points, with a reason; audited."""
    errors = {}
    reason = " ".join(str(reason or "").split())
    if not reason:
        errors["reason"] = _l("Say why the points are adjusted.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _l("Keep the reason to %(max)s characters.", max=REASON_MAX)
    try:
        check_amount(abs(amount) if isinstance(amount, int) else amount)
    except ValueError:
        errors["amount"] = _l("Give a whole number of points, not zero, at most %(max)s either way.",
                              max=_max())
    if errors:
        raise ValidationFailed(errors)
    cause = Cause("admin_adjustment", "adjustment.admin", key or f"adjustment:{uuid.uuid4().hex}",
                  object_type="user", object_id=user.id, reason=reason)
    entry = post_entry(user.id, amount, cause, actor=actor, origin=origin)
    record("points.adjusted", actor=actor, subject=user, origin=origin,
           details={"amount": amount, "reason": reason, "entry_id": entry.id if entry else None})
    return entry


def _max() -> int:
    from flask import current_app

    return current_app.config["POINTS_MAX_AMOUNT"]
