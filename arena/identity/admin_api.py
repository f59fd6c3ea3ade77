"""``/api/v1/api-keys`` (your own keys), ``/api/v1/users`` and ``/api/v1/audit-events`` (admins)."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import Forbidden, NotFound, or_404
from arena.identity import apikeys, audit, auth, operations, queries, reauth
from arena.identity.schemas import (AdminUserSchema, ApiKeyArgs, ApiKeySchema, AuditEventSchema, AuditFilterArgs,
                                    BanArgs, NewApiKeySchema, RoleArgs, UserSearchArgs)

keys_blp = Blueprint("api_keys", __name__, url_prefix="/api/v1/api-keys",
                     description="Your API keys (send one in the X-API-Key header)")
users_blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Accounts (admins)")
audit_blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events", description="Audit log (admins)")


_me = access.current_user_or_none  # the caller, or None


def _key_managers_only() -> None:
    caller = access.current_caller()
    if caller is not None and caller.via == "api-key":
        raise Forbidden(_("API keys are managed with a signed-in session or token, not with an API key."))


class _NewKey:
    """A key as stored, plus its secret for this one answer."""

    def __init__(self, key, secret: str):
        self._key, self.key = key, secret

    def __getattr__(self, name):
        return getattr(self._key, name)


@keys_blp.route("")
class ApiKeys(MethodView):
    @access.signed_in()
    @paged(keys_blp, ApiKeySchema)
    def get(self, args):
        """Your API keys (active, revoked and expired); secrets are never shown again."""
        _key_managers_only()
        return queries.api_keys_stmt(_me().id)

    @access.signed_in()
    @keys_blp.arguments(ApiKeyArgs)
    @keys_blp.response(201, envelope(NewApiKeySchema))
    def post(self, args):
        """Create a key with some of your rights (``read``, ``write``; ``admin`` for admins). At most
        five active keys; default lifetime 365 days. The ``key`` is shown only in this answer."""
        _key_managers_only()
        me = _me()
        key, secret = apikeys.create_api_key(me, name=args["name"], scopes=args["scopes"],
                                             expires_in_days=args.get("expires_in_days"), actor=me,
                                             origin=auth.request_origin())
        return ok(_NewKey(key, secret), _("API key created. Copy it now: it will not be shown again."))


@keys_blp.route("/<int:key_id>")
class ApiKeyItem(MethodView):
    @access.signed_in()
    @keys_blp.response(200, envelope(ApiKeySchema))
    def delete(self, key_id):
        """Revoke one of your keys (it stops working at once)."""
        _key_managers_only()
        key = queries.get_api_key(key_id)
        if key is None or not key.can_view(_me()):
            raise NotFound(_("No such API key."))
        return ok(apikeys.revoke_api_key(key, actor=_me(), origin=auth.request_origin()), _("API key revoked."))


def _user_or_404(user_id: int):
    return or_404(queries.get_user(user_id), _("No such user."))


@users_blp.route("")
class Users(MethodView):
    @access.role("admin")
    @paged(users_blp, AdminUserSchema, args=UserSearchArgs)
    def get(self, args):
        """Search accounts by username, email or display name (``q``), role and ban state."""
        return queries.users_stmt(args.get("q"), role=args.get("role"), banned=args.get("banned"))


@users_blp.route("/<int:user_id>")
class UserItem(MethodView):
    @access.role("admin")
    @users_blp.response(200, envelope(AdminUserSchema))
    def get(self, user_id):
        """One account."""
        return ok(_user_or_404(user_id))


@users_blp.route("/<int:user_id>/role")
class UserRole(MethodView):
    @access.role("admin")
    @reauth.fresh_password
    @users_blp.arguments(RoleArgs)
    @users_blp.response(200, envelope(AdminUserSchema))
    def put(self, args, user_id):
        """Change a role. Only a superadmin grants or removes admin rights; nobody changes their own."""
        user = operations.change_role(_user_or_404(user_id), args["role"], actor=_me(), origin=auth.request_origin())
        return ok(user, _("Role changed."))


@users_blp.route("/<int:user_id>/ban")
class UserBan(MethodView):
    @access.role("admin")
    @reauth.fresh_password
    @users_blp.arguments(BanArgs)
    @users_blp.response(200, envelope(AdminUserSchema))
    def post(self, args, user_id):
        """Ban an account: it cannot sign in and its sessions, tokens and keys stop working."""
        user = operations.ban_user(_user_or_404(user_id), actor=_me(), reason=args["reason"],
                                   origin=auth.request_origin())
        return ok(user, _("Account banned."))


@users_blp.route("/<int:user_id>/unban")
class UserUnban(MethodView):
    @access.role("admin")
    @reauth.fresh_password
    @users_blp.response(200, envelope(AdminUserSchema))
    def post(self, user_id):
        """Lift a ban."""
        user = operations.unban_user(_user_or_404(user_id), actor=_me(), origin=auth.request_origin())
        return ok(user, _("Ban lifted."))


@audit_blp.route("")
class AuditEvents(MethodView):
    @access.role("admin")
    @paged(audit_blp, AuditEventSchema, args=AuditFilterArgs)
    def get(self, args):
        """Security events, newest first; filter by type, actor, subject and time range."""
        return audit.events_stmt(event_type=args.get("event_type"), actor_id=args.get("actor_id"),
                                 subject_id=args.get("subject_id"), since=args.get("since"),
                                 until=args.get("until"))
