"""``/api/v1/auth``: registration, sign-in with JWTs, refresh, sign-out, the caller's own account,
preferences and password."""

from __future__ import annotations

from flask import after_this_request, current_app, request, url_for
from flask.views import MethodView
from flask_babel import gettext as _
from flask_jwt_extended import decode_token, set_access_cookies, set_refresh_cookies, unset_jwt_cookies

from arena.core import access, boundary
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import Forbidden
from arena.extensions import limiter
from arena.identity import audit, auth, operations, tokens
from arena.identity.schemas import (AuditEventSchema, LoginArgs, PasswordChangeArgs, PasswordResetConfirmArgs,
                                    PasswordResetRequestArgs, PreferencesArgs, PreferencesSchema, ProfileArgs,
                                    RegisterArgs, TokensSchema, UserSchema)

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth",
                description="Accounts, sign-in with JSON Web Tokens, preferences and passwords")


def auth_rate_limit():
    """Authentication endpoints share one limit per client IP (``AUTH_RATE_LIMIT``, default 10/minute)."""
    return limiter.shared_limit(lambda: current_app.config["AUTH_RATE_LIMIT"], scope="auth")


def _set_token_cookies(pair: dict) -> None:
    @after_this_request
    def cookies(response):
        set_access_cookies(response, pair["access_token"])
        set_refresh_cookies(response, pair["refresh_token"])
        return response


_me = access.current_user_or_none  # the caller, or None


def _no_api_keys(what: str) -> None:
    caller = access.current_caller()
    if caller is not None and caller.via == "api-key":
        raise Forbidden(_("%(what)s needs a signed-in session or token, not an API key.", what=what))


@blp.route("/register")
class Register(MethodView):
    @access.public
    @auth_rate_limit()
    @blp.arguments(RegisterArgs)
    @blp.response(202, envelope())
    def post(self, args):
        """Create an account (username, email, password). Sign in afterwards with ``/login``.

        The answer does not say whether the email address already had an account: in that case
        no account is made and the address's owner is told by mail. A taken username (usernames
        are public) is a 409."""
        operations.register_account(args["username"], args["email"], args["password"],
                                    display_name=args.get("display_name", ""), origin=auth.request_origin(),
                                    **auth.registration_links())
        return ok(None, str(operations.REGISTERED_MESSAGE))


@blp.route("/login")
class Login(MethodView):
    @access.public
    @auth_rate_limit()
    @blp.arguments(LoginArgs)
    @blp.response(200, envelope(TokensSchema))
    def post(self, args):
        """Sign in with username or email and password: an access token (30 minutes) and a refresh
        token (7 days), in the body and as HttpOnly cookies with double-submit CSRF cookies."""
        origin = auth.request_origin()
        boundary.keep_changes_on_error()  # failed attempts count towards the lockout
        user = operations.authenticate(args["login"], args["password"], origin=origin)
        session = operations.sign_in(user, kind="api", origin=origin)
        pair = tokens.issue_tokens(user, session)
        _set_token_cookies(pair)
        return ok({**pair, "user": user}, _("Signed in."))


@blp.route("/refresh")
class Refresh(MethodView):
    @access.public
    @auth_rate_limit()
    @blp.response(200, envelope(TokensSchema))
    def post(self):
        """Exchange a refresh token (``Authorization: Bearer`` or the refresh cookie with
        ``X-CSRF-TOKEN``) for a new pair. Each refresh token works once; using one again revokes
        the whole sign-in."""
        claims = auth.verify_token(refresh=True)
        boundary.keep_changes_on_error()  # a detected reuse revokes the family even though we answer 401
        user, pair = tokens.rotate_refresh(claims, origin=auth.request_origin())
        _set_token_cookies(pair)
        return ok({**pair, "user": user}, _("Tokens renewed."))


@blp.route("/logout")
class Logout(MethodView):
    @access.signed_in()
    @blp.response(200, envelope())
    def post(self):
        """Sign out: the access token presented and its sign-in's refresh tokens stop working."""
        caller = access.current_caller()
        _no_api_keys(_("Signing out"))
        user, origin = caller.user, auth.request_origin()
        session = auth.current_auth_session()
        if caller.via == "session":
            operations.sign_out(user, session, origin=origin)
            auth.end_web_session()
        else:
            tokens.revoke_jwt(caller.extra["claims"])
            refresh_cookie = request.cookies.get(current_app.config["JWT_REFRESH_COOKIE_NAME"])
            if refresh_cookie:
                try:
                    tokens.revoke_jwt(decode_token(refresh_cookie))
                except Exception:  # noqa: BLE001 - an invalid refresh cookie is no use to anyone
                    pass
            operations.sign_out(user, session, origin=origin)

        @after_this_request
        def clear(response):
            unset_jwt_cookies(response)
            return response

        return ok(None, _("Signed out."))


@blp.route("/me")
class Me(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(UserSchema))
    def get(self):
        """Your account."""
        return ok(_me())

    @access.signed_in()
    @blp.arguments(ProfileArgs)
    @blp.response(200, envelope(UserSchema))
    def patch(self, args):
        """Change your username, display name or bio; a new email address needs ``current_password``."""
        me = _me()
        user = operations.update_profile(me, args, actor=me, origin=auth.request_origin())
        return ok(user, _("Profile saved."))


@blp.route("/me/preferences")
class MyPreferences(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(PreferencesSchema))
    def get(self):
        """Language, visual density, contrast, reduced motion, reading level, sign language."""
        return ok(_me())

    @access.signed_in()
    @blp.arguments(PreferencesArgs)
    @blp.response(200, envelope(PreferencesSchema))
    def patch(self, args):
        """Change some preferences; pages follow them at once."""
        me = _me()
        return ok(operations.update_preferences(me, args, actor=me), _("Preferences saved."))


@blp.route("/me/audit-events")
class MyAuditEvents(MethodView):
    @access.signed_in()
    @paged(blp, AuditEventSchema)
    def get(self, args):
        """Security events of your account (sign-ins, password changes, API keys...)."""
        return audit.events_stmt(involving=_me().id)


@blp.route("/password")
class Password(MethodView):
    @access.signed_in()
    @blp.arguments(PasswordChangeArgs)
    @blp.response(200, envelope(TokensSchema))
    def post(self, args):
        """Change your password. Every other session and token of yours is signed out; a token
        caller gets a new pair (the one used here stops working)."""
        _no_api_keys(_("Changing the password"))
        caller, origin = access.current_caller(), auth.request_origin()
        session = auth.current_auth_session()
        operations.change_password(caller.user, args["current_password"], args["new_password"],
                                   keep=session, origin=origin)
        if caller.via == "session":
            auth.refresh_web_session(caller.user)
            return ok({"user": caller.user}, _("Password changed. Other sessions were signed out."))
        session = session or operations.sign_in(caller.user, kind="api", origin=origin)
        pair = tokens.issue_tokens(caller.user, session)
        if caller.via == "jwt-cookie":
            _set_token_cookies(pair)
        return ok({**pair, "user": caller.user}, _("Password changed. Other sessions were signed out."))


@blp.route("/password-reset")
class PasswordReset(MethodView):
    @access.public
    @auth_rate_limit()
    @blp.arguments(PasswordResetRequestArgs)
    @blp.response(202, envelope())
    def post(self, args):
        """Ask for a password-reset link by mail. The answer is the same whether or not the address
        belongs to an account."""
        operations.request_password_reset(
            args["email"], origin=auth.request_origin(),
            link_for=lambda token: url_for("identity.reset_password", token=token, _external=True))
        return ok(None, _("If that address belongs to an account, a reset link is on its way. "
                          "It works once, within 30 minutes."))


@blp.route("/password-reset/confirm")
class PasswordResetConfirm(MethodView):
    @access.public
    @auth_rate_limit()
    @blp.arguments(PasswordResetConfirmArgs)
    @blp.response(200, envelope())
    def post(self, args):
        """Set a new password with the token from the reset mail (single use, 30 minutes). Every
        session and token of the account is signed out."""
        operations.reset_password(args["token"], args["password"], origin=auth.request_origin())
        return ok(None, _("Your password has been reset. Please sign in."))
