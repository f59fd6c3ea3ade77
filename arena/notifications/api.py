"""``/api/v1/notifications``: my notifications, mark read, my channel per kind."""

from __future__ import annotations

from flask.views import MethodView

from arena.core import access
from arena.core.api import Blueprint, envelope, ok, ok_page, paginate
from arena.notifications import operations, queries
from arena.notifications.schemas import ChannelsSchema, MarkReadSchema, NotificationArgs, NotificationEnvelopeSchema

blp = Blueprint("notifications_api", __name__, url_prefix="/api/v1/notifications",
                description="My notifications (rendered in my language) and how I receive each kind")


_me = access.current_user_or_none  # the caller, or None


@blp.route("")
class Notifications(MethodView):
    @access.signed_in()
    @blp.arguments(NotificationArgs, location="query")
    @blp.response(200, NotificationEnvelopeSchema)
    def get(self, args):
        """My notifications, newest first; ``meta.unread`` counts the unread ones."""
        body = ok_page(paginate(queries.notifications_stmt(_me(), unread=args.get("unread")), args["page"],
                                args["per_page"]))
        body["meta"]["unread"] = queries.unread_count(_me().id)
        return body


@blp.route("/read")
class NotificationsRead(MethodView):
    @access.signed_in()
    @blp.arguments(MarkReadSchema)
    @blp.response(200, envelope())
    def post(self, args):
        """Mark notifications read (all of them when no ``ids`` are given)."""
        return ok({"marked": operations.mark_read(_me(), args.get("ids"))})


@blp.route("/settings")
class NotificationSettings(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChannelsSchema))
    def get(self):
        """How I receive each kind: ``in_app``, ``mail`` (in the app and by mail), ``digest`` (in the app
        and in one daily mail) or ``off``."""
        return ok({"channels": queries.channels_of(_me())})

    @access.signed_in()
    @blp.arguments(ChannelsSchema)
    @blp.response(200, envelope(ChannelsSchema))
    def put(self, args):
        """Choose the channel of the kinds given; the others keep theirs."""
        operations.set_channels(_me(), args["channels"])
        return ok({"channels": queries.channels_of(_me())})
