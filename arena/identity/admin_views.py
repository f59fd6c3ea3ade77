"""Admin pages: find accounts, change roles, ban and unban, read the audit log."""

from __future__ import annotations

from datetime import datetime, time, timezone

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from arena.core import access
from arena.core.api import paginate
from arena.core.dashboard import user_panels
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.core.errors import NotFound, ValidationFailed, or_404
from arena.core.limits import DB_INT_MAX
from arena.identity import apikeys, audit, auth, operations, queries, reauth
from arena.identity.models import ROLES, AuthSession
from arena.identity.forms import BanForm, ConfirmForm, RoleForm
from arena.web.form_operations import run_form_operation

bp = Blueprint("identity_admin", __name__, url_prefix="/admin", template_folder="templates")

PER_PAGE = 25


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def _user_or_404(user_id: int):
    return or_404(queries.get_user(user_id), _("No such user."))


@bp.get("/users")
@access.role("admin")
def users():
    q = (request.args.get("q") or "").strip()[:100]
    role = request.args.get("role") or ""
    if role and role not in ROLES:
        raise ValidationFailed({"role": _("Must be one of: %(choices)s.", choices=", ".join(ROLES))})
    state = request.args.get("banned") or ""
    if state not in ("", "yes", "no"):
        raise ValidationFailed({"banned": _("Must be one of: %(choices)s.", choices="yes, no")})
    banned = {"yes": True, "no": False}.get(state)
    page = paginate(queries.users_stmt(q, role=role or None, banned=banned), _page(), PER_PAGE)
    return render_template("identity/admin_users.html", page=page, q=q, role=role, banned=state, roles=ROLES,
                           args={k: v for k, v in (("q", q), ("role", role), ("banned", state)) if v})


@bp.get("/users/<int:user_id>")
@access.role("admin")
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    events = list(db.session.scalars(audit.events_stmt(involving=user.id).limit(20)))
    panels = [Markup(render_template(panel.template, **panel.context(user.id))) for panel in user_panels(current_app)]
    return render_template("identity/admin_user.html", user=user, events=events,
                           sessions=queries.active_sessions(user.id),
                           api_keys=list(db.session.scalars(queries.api_keys_stmt(user.id).limit(50))),
                           panels=panels, now=utcnow(),
                           role_form=RoleForm(role=user.role), ban_form=BanForm(), confirm_form=ConfirmForm())


@bp.post("/users/<int:user_id>/sessions/<int:session_id>/end")
@access.role("admin")
def end_session(user_id: int, session_id: int):
    user = _user_or_404(user_id)
    _checked(ConfirmForm())
    session = or_404(db.session.get(AuthSession, session_id), _("No such sign-in."))
    operations.end_session(user, session, actor=access.current_user_or_none(), origin=auth.request_origin())
    flash(_("Sign-in ended."), "success")
    return redirect(url_for("identity_admin.user_detail", user_id=user.id) + "#sessions-heading", 303)


@bp.post("/users/<int:user_id>/api-keys/<int:key_id>/revoke")
@access.role("admin")
def revoke_key(user_id: int, key_id: int):
    user = _user_or_404(user_id)
    _checked(ConfirmForm())
    key = queries.get_api_key(key_id)
    if key is None or key.user_id != user.id:
        raise NotFound(_("No such API key."))
    apikeys.revoke_api_key(key, actor=access.current_user_or_none(), origin=auth.request_origin())
    flash(_("API key “%(name)s” revoked.", name=key.name), "success")
    return redirect(url_for("identity_admin.user_detail", user_id=user.id) + "#keys-heading", 303)


def _checked(form) -> None:
    if not form.validate_on_submit():
        raise ValidationFailed({name: msgs for name, msgs in form.errors.items()} or
                               {"csrf_token": _("The form expired; please try again.")})


def _act_on(user_id: int, form, run, done: str):
    """Check ``form``, run ``run(user, actor, origin)`` on the account and go back to its page,
    flashing the refusal or ``done``."""
    user = _user_or_404(user_id)
    _checked(form)
    back = url_for("identity_admin.user_detail", user_id=user.id)
    outcome = run_form_operation(None, run, user, access.current_user_or_none(), auth.request_origin())
    if not outcome.ok:  # flashed; shown on their page
        return redirect(back), 303
    flash(done, "success")
    return redirect(back)


def _account_action(action: str):
    """A change to an account from its admin page: a POST by an admin who confirmed their password."""

    def decorator(view):
        return bp.post(f"/users/<int:user_id>/{action}")(access.role("admin")(reauth.fresh_password(view)))

    return decorator


@_account_action("role")
def change_role(user_id: int):
    form = RoleForm()
    return _act_on(user_id, form, lambda user, actor, origin: operations.change_role(
        user, form.role.data, actor=actor, origin=origin), _("Role changed."))


@_account_action("ban")
def ban(user_id: int):
    form = BanForm()
    return _act_on(user_id, form, lambda user, actor, origin: operations.ban_user(
        user, actor=actor, reason=form.reason.data or "", origin=origin), _("Account banned."))


@_account_action("unban")
def unban(user_id: int):
    return _act_on(user_id, ConfirmForm(), lambda user, actor, origin: operations.unban_user(
        user, actor=actor, origin=origin), _("Ban lifted."))


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


@bp.get("/api-usage")
@access.role("admin")
def api_usage():
    """API-key use per key and user per day, from the nightly summary (never the raw log)."""
    from arena.identity import usage

    user_id = _user_filter("user")
    page = paginate(usage.days_stmt(user_id=user_id), _page(), PER_PAGE)
    return render_template("identity/admin_api_usage.html", page=page, user=request.args.get("user", ""),
                           args={"user": request.args["user"]} if request.args.get("user") else {})
