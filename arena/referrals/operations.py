"""Every write of the referrals domain. Credits go through the points ledger with idempotency keys
(``referral:<id>:referrer``, ``referral:<id>:referred``, ``referral-milestone:<referrer>:<n>``), so a
verifying event delivered twice pays once. Operations flush and never commit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from arena.core.errors import Conflict, NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.notifications.operations import notify
from arena.points.operations import Cause, post_entry
from arena.referrals import fraud, queries, settings
from arena.referrals.models import Referral, ReferralCode

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def code_for(user) -> ReferralCode:
    existing = db.session.scalar(select(ReferralCode).where(ReferralCode.user_id == user.id))
    if existing is not None:
        return existing
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        if db.session.scalar(select(ReferralCode.id).where(ReferralCode.code == code)) is None:
            break
    row = ReferralCode(user_id=user.id, code=code)
    db.session.add(row)
    db.session.flush()
    return row


def hash_ip(ip: str | None) -> str | None:
    if not ip:
        return None
    key = (current_app.config.get("REFERRAL_IP_HASH_KEY") or current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def record_signup(user, code: str, *, ip: str | None = None) -> Referral:
    """``user`` signed up through ``code``: a pending referral, then the fraud rules."""
    owner = db.session.scalar(select(ReferralCode).where(ReferralCode.code == (code or "").strip().upper()))
    if owner is None:
        raise NotFound(_("No such referral code."))
    if owner.user_id == user.id:
        raise ValidationFailed({"code": [_("You cannot refer yourself.")]})
    now = utcnow()
    if user.created_at < now - timedelta(hours=settings.value("claim_hours")):
        raise Conflict(_("Only a new account can be referred."))
    if db.session.scalar(select(Referral.id).where(Referral.referred_id == user.id)) is not None:
        raise Conflict(_("This account was referred already."))
    referral = Referral(referrer_id=owner.user_id, referred_id=user.id, status="pending", created_at=now,
                        expires_at=now + timedelta(days=settings.value("window_days")),
                        ip_hash=hash_ip(ip), flags=[])
    db.session.add(referral)
    _apply_rules(referral)
    return referral


def _apply_rules(referral: Referral) -> None:
    actions = fraud.run(referral)
    if not actions:
        return
    referral.flags = sorted(actions)
    if "refuse" in actions.values():
        referral.status, referral.reason = "rejected", "fraud:" + ",".join(sorted(actions))
    else:
        referral.status = "flagged"
    db.session.flush()
    for admin in queries.admins():
        notify(admin.id, "admin_alert", {"alert": "referral_flagged", "referral_id": referral.id,
                                         "referrer": referral.referrer.username, "rule": ", ".join(sorted(actions))},
               link="/admin/referrals")


def qualify(user_id: int, *, now: datetime | None = None) -> Referral | None:
    """The new user completed an attempt or had an entry accepted: verify (and credit) their pending
    referral within the window, expire it after; a flagged one records the event and waits."""
    now = now or utcnow()
    referral = db.session.scalar(select(Referral).where(Referral.referred_id == user_id).with_for_update(of=Referral))
    if referral is None or referral.status not in ("pending", "flagged"):
        return referral
    if now > referral.expires_at:
        referral.status = "expired"
        db.session.flush()
        return referral
    referral.qualified_at = referral.qualified_at or now
    if referral.status == "pending":
        _verify(referral, now)
    db.session.flush()
    return referral


def _capped(referrer_id: int, amount: int, now: datetime) -> int:
    total_left = settings.value("total_cap") - queries.referral_points(referrer_id)
    month_left = settings.value("monthly_cap") - queries.referral_points(referrer_id, since=now.replace(
        day=1, hour=0, minute=0, second=0, microsecond=0))
    return max(0, min(amount, total_left, month_left))


def _verify(referral: Referral, now: datetime) -> None:
    referral.status, referral.decided_at = "verified", now
    db.session.flush()
    name = referral.referred.username
    paid = 0
    amount = _capped(referral.referrer_id, settings.value("referrer_points"), now)
    if amount and post_entry(referral.referrer_id, amount, Cause(
            "referral", "referral.referrer", f"referral:{referral.id}:referrer", object_type="referral",
            object_id=referral.id, params={"name": name})):
        paid += amount
    referred_points = settings.value("referred_points")
    if referred_points:
        post_entry(referral.referred_id, referred_points, Cause(
            "referral", "referral.referred", f"referral:{referral.id}:referred", object_type="referral",
            object_id=referral.id))
    verified = queries.verified_count(referral.referrer_id)
    bonus = settings.milestones().get(verified)
    if bonus:
        amount = _capped(referral.referrer_id, bonus, now)
        if amount and post_entry(referral.referrer_id, amount, Cause(
                "milestone", "referral.milestone", f"referral-milestone:{referral.referrer_id}:{verified}",
                object_type="referral", object_id=referral.id, params={"count": verified})):
            paid += amount
    referral.referrer_points = paid
    notify(referral.referrer_id, "referral_verified", {"name": name, "points": paid}, link="/referrals")


def decide(referral: Referral, verdict: str, *, actor, reason: str, origin: Origin = NO_ORIGIN) -> Referral:
    """An admin verifies or rejects a flagged (or pending) referral, with a reason; audited."""
    reason = (reason or "").strip()
    if verdict not in ("verify", "reject"):
        raise ValidationFailed({"verdict": [_("Choose verify or reject.")]})
    if not reason:
        raise ValidationFailed({"reason": [_("Give a reason.")]})
    if referral.status not in ("pending", "flagged"):
        raise Conflict(_("This referral was decided already."))
    now = utcnow()
    referral.reason, referral.decided_by_id = reason[:2000], actor.id
    if verdict == "verify":
        _verify(referral, now)
    else:
        referral.status, referral.decided_at = "rejected", now
    db.session.flush()
    record(f"referral.{verdict}", actor=actor, subject=referral.referrer, origin=origin,
           details={"referral_id": referral.id, "referred_id": referral.referred_id, "reason": reason[:500]})
    return referral


def expire_overdue(now: datetime | None = None) -> int:
    now = now or utcnow()
    result = db.session.execute(update(Referral).where(Referral.status == "pending", Referral.expires_at < now)
                                .values(status="expired").execution_options(synchronize_session=False))
    return result.rowcount or 0


def purge_ip_hashes(now: datetime | None = None) -> int:
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["REFERRAL_IP_RETENTION_DAYS"])
    result = db.session.execute(update(Referral).where(Referral.ip_hash.is_not(None), Referral.created_at < cutoff)
                                .values(ip_hash=None).execution_options(synchronize_session=False))
    return result.rowcount or 0
