"""Roles and bans, decided by admins."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from arena.core import signals
from arena.core.access import ROLE_RANK
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.security import strip_html
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import audit
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import ROLES, User
from arena.identity.operations.signin import sign_out_everywhere


def change_role(target: User, role: str, *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    """Only a superadmin grants or removes admin rights; nobody changes their own role."""
    if role not in ROLES:
        raise ValidationFailed({"role": str(_l("Must be one of: %(v)s.", v=", ".join(ROLES)))})
    if role != "superadmin":
        _keep_a_superadmin(target, _l("This is the last superadmin: make another account superadmin before "
                                      "changing this one's role."))
    if target.id == actor.id:
        raise Forbidden(_l("You cannot change your own role."))
    if not actor.is_admin:
        raise Forbidden()
    if role == target.role:
        return target
    if (ROLE_RANK[role] > ROLE_RANK["user"] or ROLE_RANK[target.role] > ROLE_RANK["user"]) and not actor.is_superadmin:
        raise Forbidden(_l("Only a superadmin can grant or remove admin rights."))
    previous, target.role = target.role, role
    audit.record("role.changed", actor=actor, subject=target, origin=origin, details={"from": previous, "to": role})
    db.session.flush()
    return target


def _keep_a_superadmin(target: User, refusal) -> None:
    """Refuse (409, ``refusal``) to take the superadmin role from ``target``, or to ban them, when no
    other superadmin who is not banned would be left. The superadmins' rows are locked (PostgreSQL),
    so two superadmins demoting each other at once cannot both succeed."""
    if target.role != "superadmin" or target.is_banned:
        return
    others = db.session.scalars(select(User.id).where(User.role == "superadmin", User.is_banned.is_(False),
                                                      User.id != target.id).with_for_update()).first()
    if others is None:
        raise Conflict(refusal)


def _may_moderate(actor: User, target: User) -> None:
    if target.id == actor.id:
        raise Forbidden(_l("You cannot ban or unban yourself."))
    if not actor.is_admin or (ROLE_RANK[target.role] >= ROLE_RANK[actor.role] and not actor.is_superadmin):
        raise Forbidden(_l("Only a superadmin can ban or unban an admin."))


def ban_user(target: User, *, actor: User, reason: str = "", origin: Origin = NO_ORIGIN) -> User:
    _keep_a_superadmin(target, _l("This is the last superadmin and cannot be banned: make another account "
                                  "superadmin first."))
    _may_moderate(actor, target)
    if target.is_banned:
        return target
    target.is_banned = True
    target.banned_at = utcnow()
    target.ban_reason = strip_html(reason or "")[:255]
    sign_out_everywhere(target, reason="banned")
    audit.record("user.banned", actor=actor, subject=target, origin=origin, details={"reason": target.ban_reason})
    db.session.flush()
    signals.user_banned.send(target, actor=actor)
    return target


def unban_user(target: User, *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    _may_moderate(actor, target)
    if not target.is_banned:
        return target
    target.is_banned = False
    target.banned_at = None
    target.ban_reason = ""
    audit.record("user.unbanned", actor=actor, subject=target, origin=origin)
    db.session.flush()
    return target
