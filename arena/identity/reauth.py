"""Dangerous actions need a fresh password: role changes, bans, points adjustments, run-time
settings, deleting contests.

``@reauth.fresh_password`` on a view (beneath its access policy) lets the action through only when
the caller's sign-in — a web session or an API token family — proved the password within the last
:data:`FRESH_FOR`: at sign-in, or later on ``/reauthenticate`` (``POST /api/v1/auth/reauthenticate``
for the API). Otherwise a page is sent to the confirmation page (and back), and the API answers
401 with ``errors.reauthentication == ["required"]``. An API key proves no password and never
passes.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
import marshmallow as ma
from flask.views import MethodView
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from arena.core import access, boundary
from arena.core.api import Blueprint as ApiBlueprint
from arena.core.api import ok
from arena.core.errors import Unauthorized, ValidationFailed, wants_json
from arena.core.security import verify_password
from arena.core.timeutil import utcnow
from arena.extensions import db, limiter
from arena.identity import audit, auth
from arena.web.forms import ArenaForm

FRESH_FOR = timedelta(minutes=10)
REQUIRED = "required"

EVENT_TYPES = {
    "reauth.succeeded": _l("Password confirmed"),
    "reauth.failed": _l("Password confirmation failed"),
}


class ReauthenticationRequired(Unauthorized):
    default_message = _l("Confirm your password to continue: this action needs a password entered in the "
                         "last 10 minutes.")

    def __init__(self):
        super().__init__(errors={"reauthentication": [REQUIRED]})


def is_fresh(auth_session) -> bool:
    if auth_session is None or auth_session.revoked_at is not None:
        return False
    proved = auth_session.reauthenticated_at or auth_session.created_at
    return utcnow() - proved <= FRESH_FOR


def fresh_password(func):
    """Refuse the view (its unsafe methods: a page that shows a form on GET still shows it) unless
    the caller confirmed the password within :data:`FRESH_FOR`."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        if request.method in access.SAFE_METHODS or is_fresh(auth.current_auth_session()):
            return func(*args, **kwargs)
        if request.path.startswith("/api/") or wants_json():
            raise ReauthenticationRequired()
        back = request.referrer if request.method != "GET" else request.full_path.rstrip("?")
        return redirect(url_for("reauth.confirm", next=_same_site(back)), 303)

    return wrapper


def _same_site(target: str | None) -> str:
    from arena.identity.views import safe_next

    if target and target.startswith(request.host_url):
        target = "/" + target[len(request.host_url):]
    return safe_next(target)


def confirm_password(user, auth_session, password: str, *, origin: audit.Origin = audit.NO_ORIGIN) -> None:
    """Check ``password`` and mark this sign-in as freshly proved; ``ValidationFailed`` if wrong
    (the failure is audited and kept even though the request fails)."""
    if auth_session is None:
        raise Unauthorized(_l("Only a signed-in session can confirm a password; an API key cannot."))
    if not verify_password(user.password_hash, password or ""):
        boundary.keep_changes_on_error()
        audit.record("reauth.failed", actor=user, subject=user, origin=origin)
        raise ValidationFailed({"password": [_("That is not your password.")]})
    auth_session.reauthenticated_at = utcnow()
    audit.record("reauth.succeeded", actor=user, subject=user, origin=origin)
    db.session.flush()


def _limit():
    return limiter.shared_limit(lambda: current_app.config["AUTH_RATE_LIMIT"], scope="auth", methods=["POST"])


# --- page ---------------------------------------------------------------------------------------

bp = Blueprint("reauth", __name__, template_folder="templates")


class ConfirmPasswordForm(ArenaForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


@bp.route("/reauthenticate", methods=["GET", "POST"])
@access.signed_in()
@_limit()
def confirm():
    from arena.identity.views import safe_next

    form = ConfirmPasswordForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        me = access.current_user_or_none()
        try:
            confirm_password(me, auth.current_auth_session(), form.password.data, origin=auth.request_origin())
        except ValidationFailed as exc:
            form.password.errors = list(exc.errors["password"])
            return render_template("identity/reauthenticate.html", form=form), 422
        return redirect(safe_next(form.next.data), 303)
    if form.errors:
        status = 422
    return render_template("identity/reauthenticate.html", form=form), status


# --- API ----------------------------------------------------------------------------------------

blp = ApiBlueprint("reauth_api", __name__, url_prefix="/api/v1/auth/reauthenticate",
                   description="Confirm the password before a dangerous action")


class ReauthArgs(ma.Schema):
    password = ma.fields.String(required=True, validate=ma.validate.Length(max=1024))


@blp.route("")
class Reauthenticate(MethodView):
    @access.signed_in()
    @_limit()
    @blp.arguments(ReauthArgs)
    def post(self, args):
        """Confirm the password of this sign-in: dangerous actions are allowed for the next 10 minutes."""
        me = access.current_user_or_none()
        confirm_password(me, auth.current_auth_session(), args["password"], origin=auth.request_origin())
        return ok({"fresh_until": (utcnow() + FRESH_FOR).isoformat()}, _("Password confirmed."))


def init_app(app) -> None:
    audit.register_event_types(EVENT_TYPES)
    app.register_blueprint(bp)
    from arena.extensions import api

    api.register_blueprint(blp)
