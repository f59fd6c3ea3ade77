"""Admin pages: find accounts, change roles, ban and unban, read the audit log."""

from __future__ import annotations

from datetime import datetime, time, timezone

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import paginate
from arena.core.errors import Forbidden, NotFound, ValidationFailed
from arena.core.limits import DB_INT_MAX
from arena.identity import audit, auth, operations, queries, reauth
from arena.identity.forms import BanForm, ConfirmForm, RoleForm

bp = Blueprint("identity_admin", __name__, url_prefix="/admin", template_folder="templates")

PER_PAGE = 25


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def _user_or_404(user_id: int):
    user = queries.get_user(user_id)
    if user is None:
        raise NotFound(_("No such user."))
    return user


@bp.get("/users")
@access.role("admin")
def users():
    q = (request.args.get("q") or "").strip()[:100]
    page = paginate(queries.users_stmt(q), _page(), PER_PAGE)
    return render_template("identity/admin_users.html", page=page, q=q)


@bp.get("/users/<int:user_id>")
@access.role("admin")
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    from arena.extensions import db

    events = list(db.session.scalars(audit.events_stmt(involving=user.id).limit(20)))
    return render_template("identity/admin_user.html", user=user, events=events,
                           role_form=RoleForm(role=user.role), ban_form=BanForm(), confirm_form=ConfirmForm())


def _checked(form) -> None:
    if not form.validate_on_submit():
        raise ValidationFailed({name: msgs for name, msgs in form.errors.items()} or
                               {"csrf_token": _("The form expired; please try again.")})


def _act_on(user, run, done: str):
    """Run an admin action on ``user`` and go back to their page, flashing the refusal or ``done``."""
    back = url_for("identity_admin.user_detail", user_id=user.id)
    try:
        run(access.current_user_or_none(), auth.request_origin())
    except Forbidden as exc:
        flash(exc.message, "error")
        return redirect(back), 303
    flash(done, "success")
    return redirect(back)


@bp.post("/users/<int:user_id>/role")
@access.role("admin")
@reauth.fresh_password
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    _checked(form)
    return _act_on(user, lambda actor, origin: operations.change_role(user, form.role.data, actor=actor, origin=origin),
                   _("Role changed."))


@bp.post("/users/<int:user_id>/ban")
@access.role("admin")
@reauth.fresh_password
def ban(user_id: int):
    user = _user_or_404(user_id)
    form = BanForm()
    _checked(form)
    return _act_on(user, lambda actor, origin: operations.ban_user(user, actor=actor, reason=form.reason.data or "",
                                                                   origin=origin),
                   _("Account banned."))


@bp.post("/users/<int:user_id>/unban")
@access.role("admin")
@reauth.fresh_password
def unban(user_id: int):
    user = _user_or_404(user_id)
    _checked(ConfirmForm())
    return _act_on(user, lambda actor, origin: operations.unban_user(user, actor=actor, origin=origin),
                   _("Ban lifted."))


def _date(name: str, *, end: bool = False) -> datetime | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationFailed({name: _("Use a date like 2025-01-31.")}) from None
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=timezone.utc)
    return moment


def _user_filter(name: str) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    user = queries.find_user_by_login(raw)
    if user is None and raw.isdecimal() and int(raw) <= DB_INT_MAX:
        user = queries.get_user(int(raw))
    return user.id if user else -1


@bp.get("/audit")
@access.role("admin")
def audit_log():
    event_type = request.args.get("event_type") or None
    if event_type and event_type not in audit.EVENT_TYPES:
        raise ValidationFailed({"event_type": _("Unknown event type.")})
    stmt = audit.events_stmt(event_type=event_type, actor_id=_user_filter("actor"),
                             subject_id=_user_filter("subject"), since=_date("since"),
                             until=_date("until", end=True))
    page = paginate(stmt, _page(), PER_PAGE)
    return render_template("identity/admin_audit.html", page=page, args=request.args)
