"""``/api/v1/admin/settings``: read and change run-time settings."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.admin import operations, present
from arena.admin.schemas import SettingSchema, SettingsPatchArgs
from arena.core import access
from arena.core.api import Blueprint, envelope, ok
from arena.identity import auth, reauth

blp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin", description="Administration: run-time settings")


@blp.route("/settings")
class Settings(MethodView):
    @access.role("admin")
    @blp.response(200, envelope(SettingSchema, many=True))
    def get(self):
        """Every run-time setting: value in force, default, bounds and meaning."""
        return ok(present.settings_view())

    @access.role("admin")
    @reauth.fresh_password
    @blp.arguments(SettingsPatchArgs)
    @blp.response(200, envelope(SettingSchema, many=True))
    def patch(self, args):
        """Change run-time settings (a password confirmed in the last 10 minutes is needed). One
        invalid value refuses the whole change with 422 naming the setting; ``null`` restores the
        default. Every process uses the new values from its next request."""
        done = operations.change_settings(args["values"], actor=access.current_user_or_none(),
                                          origin=auth.request_origin())
        return ok(present.settings_view(), _("%(n)s settings changed.", n=len(done)))
