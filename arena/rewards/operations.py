"""Writes on rewards and redemptions: ``verb_noun(..., *, actor)``; validate, flush, never commit.

- Redeeming takes the points at once (one ledger entry), so two pending requests cannot spend the
  same points, and reserves one unit of stock with a guarded ``UPDATE … WHERE stock > 0`` so stock
  never goes below zero however many people redeem at once.
- ``pending`` → ``approved`` → ``delivered``; ``pending``/``approved`` → ``rejected`` by an admin, or
  ``pending`` → ``cancelled`` by its owner: both refund the points (one ledger entry) and restore
  the stock. Every step is audited and the user is notified.
- Lock order is always the user's points account, then the reward's stock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed, reject_unknown_fields
from arena.core.security import strip_html
from arena.core.timeutil import ensure_utc, utcnow
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.points import operations as points
from arena.rewards import images
from arena.rewards.models import DESCRIPTION_MAX, NAME_MAX, OPEN_STATUSES, Redemption, Reward

REWARD_FIELDS = ("name", "description", "points_required", "stock", "available_from", "available_until", "active")


def _clean_reward(values: dict[str, Any], current: Reward | None = None) -> dict[str, Any]:
    reject_unknown_fields(values, REWARD_FIELDS)
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = " ".join(str(values["name"] or "").split())
        if not 1 <= len(clean["name"]) <= NAME_MAX:
            errors["name"] = _l("Give a name of 1 to %(max)s characters.", max=NAME_MAX)
    if "description" in values:
        clean["description"] = strip_html(values["description"] or "")
        if len(clean["description"]) > DESCRIPTION_MAX:
            errors["description"] = _l("Keep the description to %(max)s characters.", max=DESCRIPTION_MAX)
    if "points_required" in values:
        try:
            clean["points_required"] = points.ledger.check_amount(values["points_required"])
        except ValueError:
            errors["points_required"] = _l("Give a whole number of points, 1 or more.")
    if "stock" in values:
        stock = values["stock"]
        if stock is not None and (not isinstance(stock, int) or isinstance(stock, bool) or not 0 <= stock <= 10**9):
            errors["stock"] = _l("Give the number in stock (0 or more), or leave it empty for unlimited.")
        clean["stock"] = stock
    for field in ("available_from", "available_until"):
        if field in values:
            clean[field] = ensure_utc(values[field]) if isinstance(values[field], datetime) else None
    start = clean.get("available_from", current.available_from if current else None)
    end = clean.get("available_until", current.available_until if current else None)
    if start and end and end <= start:
        errors["available_until"] = _l("The end must be after the start.")
    if "active" in values:
        clean["active"] = bool(values["active"])
    if errors:
        raise ValidationFailed(errors)
    return clean


def create_reward(*, actor, name: str, points_required: int, description: str = "", stock: int | None = None,
                  available_from=None, available_until=None, active: bool = True) -> Reward:
    clean = _clean_reward({"name": name, "description": description, "points_required": points_required,
                           "stock": stock, "available_from": available_from, "available_until": available_until,
                           "active": active})
    reward = Reward(**clean)
    db.session.add(reward)
    db.session.flush()
    return reward


def update_reward(reward: Reward, changes: dict[str, Any], *, actor) -> Reward:
    for field, value in _clean_reward(changes, reward).items():
        setattr(reward, field, value)
    db.session.flush()
    return reward


def set_reward_image(reward: Reward, data: bytes, *, actor) -> Reward:
    old, reward.image = reward.image, images.store(data)
    db.session.flush()
    images.remove(old)
    return reward


def _not_available() -> Conflict:
    text = _l("This reward is not available at the moment.")
    return Conflict(text, {"reward": [str(text)]})


def redeem_reward(reward: Reward, *, actor, origin: Origin = NO_ORIGIN, now: datetime | None = None) -> Redemption:
    """Take the points and reserve one unit of stock; 409 when the balance or the stock is short."""
    now = now or utcnow()
    if not reward.is_available(now):
        raise _not_available()
    account = points.lock_account(actor.id)
    if account.balance < reward.points_required:
        raise points.InsufficientPoints(account.balance, reward.points_required)
    if reward.stock is not None:
        taken = db.session.execute(update(Reward).where(Reward.id == reward.id, Reward.stock > 0)
                                   .values(stock=Reward.stock - 1).execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            raise _not_available()
        db.session.refresh(reward, ["stock"])
    redemption = Redemption(user_id=actor.id, reward_id=reward.id, points=reward.points_required, status="pending")
    db.session.add(redemption)
    db.session.flush()
    points.post_entry(actor.id, -reward.points_required,
                      points.Cause("redemption", "redemption.spent", f"redemption:{redemption.id}:spend",
                                   object_type="redemption", object_id=redemption.id,
                                   params={"reward": reward.name}),
                      actor=actor, origin=origin)
    record("reward.redeemed", actor=actor, subject=actor, origin=origin,
           details={"redemption_id": redemption.id, "reward_id": reward.id, "points": redemption.points})
    signals.redemption_status_changed.send(redemption, previous=None, actor=actor)
    return redemption


def _refund(redemption: Redemption, status: str, *, actor, origin: Origin) -> None:
    points.post_entry(redemption.user_id, redemption.points,
                      points.Cause("refund", f"redemption.{status}", f"redemption:{redemption.id}:refund",
                                   object_type="redemption", object_id=redemption.id,
                                   params={"reward": redemption.reward.name}),
                      actor=actor, origin=origin)
    db.session.execute(update(Reward).where(Reward.id == redemption.reward_id, Reward.stock.is_not(None))
                       .values(stock=Reward.stock + 1).execution_options(synchronize_session=False))
    db.session.expire(redemption.reward, ["stock"])


TRANSITIONS = {
    "approved": ("pending",),
    "delivered": ("approved",),
    "rejected": OPEN_STATUSES,
    "cancelled": ("pending",),
}


def _move(redemption: Redemption, status: str, *, actor, origin: Origin, note: str = "") -> Redemption:
    points.lock_account(redemption.user_id)  # serialises moves of this user's requests
    db.session.refresh(redemption, ["status"])
    if redemption.status not in TRANSITIONS[status]:
        text = _l("This request cannot be changed any more.")
        raise Conflict(text, {"status": [str(text)]})
    note = strip_html(note or "")
    if len(note) > 1000:
        raise ValidationFailed({"note": _l("Keep the note to %(max)s characters.", max=1000)})
    previous = redemption.status
    if status in ("rejected", "cancelled"):
        _refund(redemption, status, actor=actor, origin=origin)
    redemption.status = status
    redemption.note = note or redemption.note
    redemption.decided_by_id = actor.id
    redemption.decided_at = utcnow()
    db.session.flush()
    record(f"redemption.{status}", actor=actor, subject=redemption.user, origin=origin,
           details={"redemption_id": redemption.id, "reward_id": redemption.reward_id, "previous": previous})
    _notify(redemption)
    signals.redemption_status_changed.send(redemption, previous=previous, actor=actor)
    return redemption


def _notify(redemption: Redemption) -> None:
    from arena.notifications.operations import notify

    notify(redemption.user_id, "redemption", {"redemption_id": redemption.id, "status": redemption.status,
                                              "reward": redemption.reward.name}, link="/rewards/mine")


def approve_redemption(redemption: Redemption, *, actor, origin: Origin = NO_ORIGIN, note: str = "") -> Redemption:
    return _move(redemption, "approved", actor=actor, origin=origin, note=note)


def deliver_redemption(redemption: Redemption, *, actor, origin: Origin = NO_ORIGIN, note: str = "") -> Redemption:
    return _move(redemption, "delivered", actor=actor, origin=origin, note=note)


def reject_redemption(redemption: Redemption, *, actor, origin: Origin = NO_ORIGIN, note: str = "") -> Redemption:
    return _move(redemption, "rejected", actor=actor, origin=origin, note=note)


def cancel_redemption(redemption: Redemption, *, actor, origin: Origin = NO_ORIGIN) -> Redemption:
    """The owner withdraws a pending request."""
    return _move(redemption, "cancelled", actor=actor, origin=origin)
