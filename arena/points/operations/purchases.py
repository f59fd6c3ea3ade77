"""Points packages (for the pricing page) and purchases an admin records, which credit points.

Prices are ``Decimal`` with an ISO 4217 currency; a payment reference is recorded once only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import is_currency
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from arena.core.errors import Conflict, ValidationFailed, reject_unknown_fields
from arena.core.security import strip_html
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.points.models import PointsPackage, Purchase
from arena.points.operations.ledger import Cause, check_amount, post_entry

PACKAGE_FIELDS = ("name", "description", "price", "currency", "points", "active", "position")
MAX_PRICE = Decimal("9999999999.99")


def _money(value: Any, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or number > MAX_PRICE or number != number.quantize(Decimal("0.01")):
        errors[field] = _l("Give an amount of 0 or more with at most two decimals.")
        return None
    return number.quantize(Decimal("0.01"))


def _currency(value: Any, errors: dict) -> str:
    code = str(value or "").strip().upper()
    if len(code) != 3 or not is_currency(code):
        errors["currency"] = _l("Give an ISO 4217 currency code, such as USD or SAR.")
    return code


def _points(value: Any, errors: dict) -> int | None:
    try:
        return check_amount(value)
    except ValueError:
        from flask import current_app

        errors["points"] = _l("Give a whole number of points from 1 to %(max)s.",
                              max=current_app.config["POINTS_MAX_AMOUNT"])
        return None


def _clean_package(values: dict[str, Any]) -> dict[str, Any]:
    reject_unknown_fields(values, PACKAGE_FIELDS)
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = " ".join(str(values["name"] or "").split())
        if not 1 <= len(clean["name"]) <= 100:
            errors["name"] = _l("Give a name of 1 to %(max)s characters.", max=100)
    if "description" in values:
        clean["description"] = strip_html(values["description"] or "")[:2000]
    if "price" in values:
        clean["price"] = _money(values["price"], "price", errors)
    if "currency" in values:
        clean["currency"] = _currency(values["currency"], errors)
    if "points" in values:
        clean["points"] = _points(values["points"], errors)
    if "active" in values:
        clean["active"] = bool(values["active"])
    if "position" in values:
        clean["position"] = int(values["position"] or 0)
    if errors:
        raise ValidationFailed(errors)
    return clean


def create_package(*, actor, name: str, price, currency: str, points: int, description: str = "",
                   active: bool = True, position: int = 0) -> PointsPackage:
    clean = _clean_package({"name": name, "description": description, "price": price, "currency": currency,
                            "points": points, "active": active, "position": position})
    package = PointsPackage(**clean)
    db.session.add(package)
    db.session.flush()
    return package


def update_package(package: PointsPackage, changes: dict[str, Any], *, actor) -> PointsPackage:
    for field, value in _clean_package(changes).items():
        setattr(package, field, value)
    db.session.flush()
    return package


def record_purchase(user, *, actor, method: str, reference: str, package: PointsPackage | None = None,
                    points: int | None = None, amount=None, currency: str | None = None, note: str = "",
                    origin: Origin = NO_ORIGIN) -> Purchase:
    """Record a payment and credit its points (the package's, or ``points`` for a custom sale)."""
    errors: dict[str, Any] = {}
    reference = " ".join(str(reference or "").split())
    if not 1 <= len(reference) <= 100:
        errors["reference"] = _l("Give the payment reference (1 to 100 characters).")
    method = " ".join(str(method or "").split())
    if not 1 <= len(method) <= 50:
        errors["method"] = _l("Say how it was paid (1 to 50 characters).")
    if package is None and points is None:
        errors["points"] = _l("Choose a package or give the points.")
    points_value = _points(points, errors) if points is not None else (package.points if package else None)
    amount_value = _money(amount if amount is not None else (package.price if package else None), "amount", errors)
    currency_value = _currency(currency or (package.currency if package else ""), errors)
    note = strip_html(note or "")
    if len(note) > 1000:
        errors["note"] = _l("Keep the note to %(max)s characters.", max=1000)
    if errors:
        raise ValidationFailed(errors)
    if db.session.scalar(select(Purchase.id).where(Purchase.reference == reference)) is not None:
        raise _duplicate_reference()
    purchase = Purchase(user_id=user.id, package_id=package.id if package else None, points=points_value,
                        amount=amount_value, currency=currency_value, method=method, reference=reference,
                        note=note, recorded_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(purchase)
    except IntegrityError:  # the same reference recorded concurrently
        raise _duplicate_reference() from None
    post_entry(user.id, points_value, Cause("purchase", "purchase.recorded", f"purchase:{purchase.id}",
                                            object_type="purchase", object_id=purchase.id,
                                            params={"reference": reference}),
               actor=actor, origin=origin)
    record("points.purchase_recorded", actor=actor, subject=user, origin=origin,
           details={"purchase_id": purchase.id, "points": points_value, "amount": str(amount_value),
                    "currency": currency_value, "reference": reference})
    return purchase


def _duplicate_reference() -> Conflict:
    text = _l("A purchase with this reference is recorded already.")
    return Conflict(text, {"reference": [str(text)]})
