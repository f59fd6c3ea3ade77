"""Purchase requests: a member says they paid for a package; an admin records the purchase (which
credits the points, through :func:`record_purchase`) or declines the request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from arena.core.errors import Conflict, ValidationFailed
from arena.core.security import strip_html
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.points.models import PointsPackage, PurchaseRequest
from arena.points.operations.purchases import record_purchase

#: requests one member may have waiting at once
MAX_PENDING = 3


def request_purchase(user, package: PointsPackage | None, *, reference: str, note: str = "") -> PurchaseRequest:
    errors = {}
    if package is None or not package.active:
        errors["package_id"] = _l("Choose a package on offer.")
    reference = " ".join(str(reference or "").split())
    if not 1 <= len(reference) <= 100:
        errors["reference"] = _l("Give the payment reference (1 to 100 characters).")
    note = strip_html(note or "")
    if len(note) > 1000:
        errors["note"] = _l("Keep the note to %(max)s characters.", max=1000)
    if errors:
        raise ValidationFailed(errors)
    pending = db.session.scalar(select(func.count()).where(PurchaseRequest.user_id == user.id,
                                                           PurchaseRequest.status == "pending"))
    if pending >= MAX_PENDING:
        raise Conflict(_l("You have %(n)s payments waiting to be recorded already.", n=MAX_PENDING))
    req = PurchaseRequest(user_id=user.id, package_id=package.id, reference=reference, note=note)
    db.session.add(req)
    db.session.flush()
    return req


def _decide(req: PurchaseRequest, status: str, *, actor) -> None:
    if req.status != "pending":
        raise Conflict(_l("This request has been handled already."))
    req.status, req.decided_by_id = status, actor.id


def record_requested_purchase(req: PurchaseRequest, *, actor, method: str, origin: Origin = NO_ORIGIN):
    """Record the purchase the member reported (the package's points and price) and credit it."""
    if req.package is None:
        raise Conflict(_l("The package of this request no longer exists; record the purchase by hand."))
    _decide(req, "recorded", actor=actor)
    purchase = record_purchase(req.user, actor=actor, method=method, reference=req.reference, package=req.package,
                               note=req.note, origin=origin)
    req.purchase_id = purchase.id
    db.session.flush()
    return purchase


def decline_purchase_request(req: PurchaseRequest, *, actor, reason: str = "", origin: Origin = NO_ORIGIN) -> None:
    _decide(req, "declined", actor=actor)
    record("points.purchase_declined", actor=actor, subject=req.user, origin=origin,
           details={"request_id": req.id, "reference": req.reference, "reason": (reason or "")[:500]})
    db.session.flush()
