"""Pages: sign in, register, sign out, forgotten password and reset, and the account page
(profile, preferences, password, API keys, security events)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core import access, boundary, signals
from arena.core.errors import NotFound, RateLimited, Unauthorized, ValidationFailed
from arena.extensions import limiter
from arena.identity import apikeys, audit, auth, operations, queries, tokens
from arena.identity.forms import (ROLE_LABELS, ApiKeyForm, ConfirmForm, ForgotPasswordForm, LoginForm, PasswordForm,
                                  PreferencesForm, ProfileForm, RegisterForm, ResetPasswordForm)
from arena.identity.preferences import SIGN_LANGUAGES
from arena.web.form_operations import run_form_operation

bp = Blueprint("identity", __name__, template_folder="templates")


def auth_limit():
    return limiter.shared_limit(lambda: current_app.config["AUTH_RATE_LIMIT"], scope="auth", methods=["POST"])


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if not target:
        return url_for("identity.account")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("identity.account")
    return target


def account_context():
    return {"sign_language_names": SIGN_LANGUAGES, "audit_labels": audit.EVENT_TYPES, "event_label": audit.event_label,
            "detail_label": audit.detail_label, "detail_value": audit.detail_value,
            "logout_form": ConfirmForm, "role_labels": ROLE_LABELS}


def private_pages(response):
    """Pages of a signed-in person are theirs alone: never stored by shared caches."""
    if response.mimetype == "text/html" and g.get("arena_caller") is not None:
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
        response.vary.add("Authorization")
    return response


# sign in / out, register

@bp.route("/login", methods=["GET", "POST"])
@access.public
@auth_limit()
def login():
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        origin = auth.request_origin()
        boundary.keep_changes_on_error()  # failed attempts count towards the lockout
        try:
            user = operations.authenticate(form.login.data, form.password.data, origin=origin)
        except (Unauthorized, RateLimited) as exc:
            g.form_error = exc.message
            status = exc.status
            headers = exc.headers
            return render_template("identity/login.html", form=form), status, headers
        session = operations.sign_in(user, kind="web", origin=origin)
        auth.begin_web_session(user, session)
        flash(_("Welcome, %(name)s.", name=user.name), "success")
        return redirect(safe_next(form.next.data))
    if form.errors:
        status = 422
    return render_template("identity/login.html", form=form), status


@bp.post("/logout")
@access.signed_in()
def logout():
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"csrf_token": _("The form expired; please try again.")})
    caller = access.current_caller()
    if caller.via == "session":
        operations.sign_out(caller.user, auth.current_auth_session(), origin=auth.request_origin())
        auth.end_web_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("web.home"))


@bp.route("/register", methods=["GET", "POST"])
@access.public
@auth_limit()
def register():
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.register_account, form.username.data, form.email.data,
                                     form.password.data, display_name=form.display_name.data or "",
                                     origin=auth.request_origin(),
                                     **auth.registration_links())
        if not outcome.ok:
            return render_template("identity/register.html", form=form), outcome.status
        flash(str(operations.REGISTERED_MESSAGE), "success")
        return redirect(url_for("identity.login"))
    if form.errors:
        status = 422
        if not form.csrf_token.errors:  # tell every problem at once, not only the form's own checks
            problems = operations.registration_problems(form.username.data or "", form.email.data or "",
                                                        form.password.data or "")
            for name, messages in problems.items():
                field = getattr(form, name)
                field.errors = list(field.errors or []) + [m for m in messages if m not in field.errors]
    return render_template("identity/register.html", form=form), status


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@access.public
@auth_limit()
def welcome_sign_in(token: str):
    """The one-time link of a new account's welcome mail. Opening it shows a button (a mail scanner
    that fetches links does not use it up); pressing it signs the person in and opens their account."""
    user = tokens.user_for_sign_in_token(token)
    if user is None:
        return render_template("identity/welcome_invalid.html"), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        session = operations.sign_in(user, kind="web", origin=auth.request_origin(), method="sign-in-link")
        auth.begin_web_session(user, session)
        flash(_("Welcome to Arena, %(name)s: you are signed in. Choose your language and display "
                "preferences here, then find a contest to join.", name=user.name), "success")
        return redirect(url_for("identity.account"))
    return render_template("identity/welcome.html", form=form, user=user), (422 if form.errors else 200)


# forgotten password

@bp.route("/password/forgot", methods=["GET", "POST"])
@access.public
@auth_limit()
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(
            form.email.data, origin=auth.request_origin(),
            link_for=lambda token: url_for("identity.reset_password", token=token, _external=True))
        flash(_("If that address belongs to an account, a reset link is on its way. It works once, "
                "within 30 minutes."), "success")
        return redirect(url_for("identity.login"))
    return render_template("identity/forgot.html", form=form), (422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@access.public
@auth_limit()
def reset_password(token: str):
    if tokens.user_for_reset_token(token) is None:
        return render_template("identity/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.reset_password, token, form.password.data,
                                     origin=auth.request_origin())
        if not outcome.ok:
            return render_template("identity/reset.html", form=form, token=token), outcome.status
        auth.end_web_session()
        flash(_("Your password has been reset. Please sign in with the new one."), "success")
        return redirect(url_for("identity.login"))
    return render_template("identity/reset.html", form=form, token=token), (422 if form.errors else 200)


# the account page

def _account_forms(me):
    return {
        "profile_form": ProfileForm(obj=me, prefix="profile"),
        "prefs_form": PreferencesForm(prefix="prefs", data={
            "language": me.language or "en", "density": me.density, "contrast": me.contrast,
            "reduced_motion": me.reduced_motion, "reading_level": me.reading_level,
            "sign_language": me.sign_language or ""}),
        "password_form": PasswordForm(prefix="password"),
        "key_form": ApiKeyForm(prefix="key"),
    }


def _render_account(me, status=200, **overrides):
    forms = _account_forms(me)
    forms.update(overrides)
    keys = list(_db().session.scalars(queries.api_keys_stmt(me.id).limit(50)))
    events = list(_db().session.scalars(audit.events_stmt(involving=me.id).limit(20)))
    forms["key_form"].scopes.choices = [c for c in forms["key_form"].scopes.choices
                                        if c.value in apikeys.allowed_scopes(me)]
    video_panels = signals.values_from_signal(signals.video_panel_asked, "profile", object_id=me.id, user=me,
                                              next=url_for("identity.account", _anchor="introduction"))
    return render_template("identity/account.html", me=me, keys=keys, events=events, confirm_form=ConfirmForm(),
                           video_panels=video_panels, **forms), status


def _db():
    from arena.extensions import db

    return db


@bp.get("/account")
@access.signed_in()
def account():
    return _render_account(access.current_user_or_none())


@bp.post("/account/profile")
@access.signed_in()
def account_profile():
    me = access.current_user_or_none()
    form = ProfileForm(prefix="profile")
    if form.validate_on_submit():
        changes = {"username": form.username.data, "display_name": form.display_name.data or "",
                   "bio": form.bio.data or "", "email": form.email.data,
                   "current_password": form.current_password.data or ""}
        outcome = run_form_operation(form, operations.update_profile, me, changes, actor=me,
                                     origin=auth.request_origin())
        if not outcome.ok:
            return _render_account(me, outcome.status, profile_form=form)
        flash(_("Profile saved."), "success")
        return redirect(url_for("identity.account"))
    return _render_account(me, 422, profile_form=form)


@bp.post("/account/preferences")
@access.signed_in()
def account_preferences():
    me = access.current_user_or_none()
    form = PreferencesForm(prefix="prefs")
    if form.validate_on_submit():
        changes = {"language": form.language.data, "density": form.density.data, "contrast": form.contrast.data,
                   "reduced_motion": bool(form.reduced_motion.data), "reading_level": form.reading_level.data,
                   "sign_language": form.sign_language.data or None}
        operations.update_preferences(me, changes, actor=me)
        flash(_("Preferences saved."), "success")
        resp = redirect(url_for("identity.account") + "#preferences")
        # the chosen language stays after signing out on this browser (as the language switch does)
        resp.set_cookie("lang", changes["language"], max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
        return resp
    return _render_account(me, 422, prefs_form=form)


@bp.post("/account/password")
@access.signed_in()
def account_password():
    me = access.current_user_or_none()
    form = PasswordForm(prefix="password")
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.change_password, me, form.current_password.data,
                                     form.new_password.data, keep=auth.current_auth_session(),
                                     origin=auth.request_origin())
        if not outcome.ok:
            return _render_account(me, outcome.status, password_form=form)
        auth.refresh_web_session(me)
        flash(_("Password changed. Your other sessions and tokens were signed out."), "success")
        return redirect(url_for("identity.account"))
    return _render_account(me, 422, password_form=form)


@bp.post("/account/api-keys")
@access.signed_in()
def account_create_key():
    me = access.current_user_or_none()
    form = ApiKeyForm(prefix="key")
    form.scopes.choices = [c for c in form.scopes.choices if c.value in apikeys.allowed_scopes(me)]
    if form.validate_on_submit():
        outcome = run_form_operation(form, apikeys.create_api_key, me, name=form.name.data, scopes=form.scopes.data,
                                     expires_in_days=form.expires_in_days.data, actor=me,
                                     origin=auth.request_origin())
        if not outcome.ok:
            return _render_account(me, outcome.status, key_form=form)
        key, secret = outcome.value
        return render_template("identity/api_key_created.html", key=key, secret=secret), 201
    return _render_account(me, 422, key_form=form)


@bp.post("/account/api-keys/<int:key_id>/revoke")
@access.signed_in()
def account_revoke_key(key_id: int):
    me = access.current_user_or_none()
    key = queries.get_api_key(key_id)
    if key is None or not key.can_view(me):
        raise NotFound(_("No such API key."))
    if not ConfirmForm().validate_on_submit():
        raise ValidationFailed({"csrf_token": _("The form expired; please try again.")})
    apikeys.revoke_api_key(key, actor=me, origin=auth.request_origin())
    flash(_("API key “%(name)s” revoked.", name=key.name), "success")
    return redirect(url_for("identity.account") + "#api-keys")
