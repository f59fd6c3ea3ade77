"""``/api/v1/chat/rooms`` and ``/api/v1/chat/direct``: rooms, members and roles, messages (history
paged backwards by id), direct messages and blocks; reporting a message
(``/api/v1/chat/messages/<id>/report``) and the admin queue of reports (``/api/v1/admin/chat-reports``)."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_babel import gettext as _

from arena.chat import limits, operations, queries
from arena.chat.schemas import (ChatAdminReportSchema, ChatDirectInSchema, HistoryArgs, ChatHistoryEnvelopeSchema,
                                ChatMemberSchema, ChatMessageInSchema, ChatMessageSchema, ChatMuteSchema,
                                ChatReportInSchema, ChatReportSchema, ChatResolveSchema, ChatRoleSchema,
                                ChatRoomInSchema, ChatRoomSchema, ChatUserRefSchema)
from arena.core import access
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import NotFound
from arena.identity.audit import Origin

blp = Blueprint("chat_api", __name__, url_prefix="/api/v1/chat",
                description="Chat rooms, messages, direct messages and blocks")
admin_blp = Blueprint("chat_admin_api", __name__, url_prefix="/api/v1/admin/chat-reports",
                      description="Administration: reported chat messages")


_me = access.current_user_or_none  # the caller, or None


def _room(room_id):
    room = queries.visible_room(room_id, _me())
    if room is None:
        raise NotFound(_("No such room."))
    return room


def _user(username):
    user = queries.user_by_username(username)
    if user is None:
        raise NotFound(_("No such person."))
    return user


def _member(room, user_id):
    member = queries.membership(room.id, user_id)
    if member is None:
        raise NotFound(_("No such member."))
    return member


def _with_unread(pairs):
    out = []
    for room, unread in pairs:
        room.unread = unread
        out.append(room)
    return out


@blp.route("/rooms")
class Rooms(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChatRoomSchema, many=True))
    def get(self):
        """My rooms (direct ones excluded) with unread counts from my last-read message."""
        return ok(_with_unread(queries.rooms_of(_me(), kind="rooms")))

    @access.signed_in()
    @blp.arguments(ChatRoomInSchema)
    @blp.response(201, envelope(ChatRoomSchema))
    def post(self, args):
        """Create a public or private room; I am its owner."""
        return ok(operations.create_room(actor=_me(), **args), _("Created"))


@blp.route("/rooms/<int:room_id>")
class RoomItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChatRoomSchema))
    def get(self, room_id):
        """A room I may read (404 for private rooms I am not in)."""
        return ok(_room(room_id))


@blp.route("/rooms/<int:room_id>/join")
class Join(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChatMemberSchema))
    def post(self, room_id):
        """Join a public room."""
        return ok(operations.join(_room(room_id), actor=_me()))


@blp.route("/rooms/<int:room_id>/leave")
class Leave(MethodView):
    @access.signed_in()
    @blp.response(200, envelope())
    def post(self, room_id):
        """Leave a room."""
        operations.leave(_room(room_id), actor=_me())
        return ok(None)


@blp.route("/rooms/<int:room_id>/members")
class Members(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChatMemberSchema, many=True))
    def get(self, room_id):
        """The room's members and their roles."""
        return ok(queries.members(_room(room_id).id))

    @access.signed_in()
    @blp.arguments(ChatUserRefSchema)
    @blp.response(201, envelope(ChatMemberSchema))
    def post(self, args, room_id):
        """Invite someone (owner and moderators)."""
        return ok(operations.invite(_room(room_id), _user(args["username"]), actor=_me()), _("Created"))


@blp.route("/rooms/<int:room_id>/members/<int:user_id>/role")
class MemberRole(MethodView):
    @access.signed_in()
    @blp.arguments(ChatRoleSchema)
    @blp.response(200, envelope(ChatMemberSchema))
    def put(self, args, room_id, user_id):
        """Make a member moderator or member, or ban them from the room."""
        room = _room(room_id)
        return ok(operations.set_role(room, _member(room, user_id), args["role"], actor=_me()))


@blp.route("/rooms/<int:room_id>/members/<int:user_id>/mute")
class MemberMute(MethodView):
    @access.signed_in()
    @blp.arguments(ChatMuteSchema)
    @blp.response(200, envelope(ChatMemberSchema))
    def post(self, args, room_id, user_id):
        """Mute a member for some minutes (owner and moderators)."""
        room = _room(room_id)
        return ok(operations.mute(room, _member(room, user_id), args["minutes"], actor=_me()))


@blp.route("/rooms/<int:room_id>/messages")
class Messages(MethodView):
    @access.signed_in()
    @blp.arguments(HistoryArgs, location="query")
    @blp.response(200, ChatHistoryEnvelopeSchema)
    def get(self, args, room_id):
        """History, oldest first, ``limit`` messages before ``before`` (keyset paging backwards);
        ``meta.before`` is the cursor of the next older page, null at the beginning."""
        room = _room(room_id)
        rows = queries.messages_before(room.id, before=args.get("before"), limit=args["limit"])
        if args.get("before") is None:
            operations.mark_read(room, actor=_me())
        return ok(rows, meta={"before": rows[0].id if len(rows) == args["limit"] else None})

    @access.signed_in()
    @limits.post
    @blp.arguments(ChatMessageInSchema)
    @blp.response(201, envelope(ChatMessageSchema))
    def post(self, args, room_id):
        """Post a message (plain text; ``@username`` mentions notify; links are made safe)."""
        return ok(operations.post_message(_room(room_id), args["body"], actor=_me()), _("Created"))


def _message(room_id, message_id):
    room = _room(room_id)
    message = queries.get_message(message_id)
    if message is None or message.room_id != room.id:
        raise NotFound(_("No such message."))
    return message


@blp.route("/rooms/<int:room_id>/messages/<int:message_id>")
class MessageItem(MethodView):
    @access.signed_in()
    @blp.arguments(ChatMessageInSchema)
    @blp.response(200, envelope(ChatMessageSchema))
    def patch(self, args, room_id, message_id):
        """Edit my own message within ``CHAT_EDIT_MINUTES`` of posting."""
        return ok(operations.edit_message(_message(room_id, message_id), args["body"], actor=_me()))

    @access.signed_in()
    @blp.response(200, envelope(ChatMessageSchema))
    def delete(self, room_id, message_id):
        """Delete my own message (within the edit window) or, as moderator, anyone's."""
        return ok(operations.delete_message(_message(room_id, message_id), actor=_me()))


@blp.route("/direct")
class Direct(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ChatRoomSchema, many=True))
    def get(self):
        """My direct conversations with unread counts."""
        return ok(_with_unread(queries.rooms_of(_me(), kind="direct")))

    @access.signed_in()
    @limits.post
    @blp.arguments(ChatDirectInSchema)
    @blp.response(201, envelope(ChatRoomSchema))
    def post(self, args):
        """Open (or find) my conversation with ``username``, posting ``body`` when given; refused
        with 403 when either of us blocked the other."""
        room = operations.open_direct(_user(args["username"]), actor=_me())
        if args.get("body"):
            operations.post_message(room, args["body"], actor=_me())
        return ok(room, _("Created"))


@blp.route("/blocks")
class Blocks(MethodView):
    @access.signed_in()
    @blp.arguments(ChatUserRefSchema)
    @blp.response(200, envelope())
    def post(self, args):
        """Block someone: neither of us can message the other."""
        operations.block(_user(args["username"]), actor=_me())
        return ok(None)

    @access.signed_in()
    @blp.arguments(ChatUserRefSchema)
    @blp.response(200, envelope())
    def delete(self, args):
        """Unblock someone."""
        operations.unblock(_user(args["username"]), actor=_me())
        return ok(None)


def readable_message(message_id):
    """The message when I may read its room (else 404, as for the room itself)."""
    message = queries.get_message(message_id)
    if message is None or queries.visible_room(message.room_id, _me()) is None:
        raise NotFound(_("No such message."))
    return message


@blp.route("/messages/<int:message_id>/report")
class ReportMessage(MethodView):
    @access.signed_in()
    @blp.arguments(ChatReportInSchema)
    @blp.response(201, envelope(ChatReportSchema))
    def post(self, args, message_id):
        """Report a message of a room I can read (not my own) to the administrators, with an optional
        reason; once per message (409 the second time)."""
        return ok(operations.report_message(readable_message(message_id), actor=_me(), reason=args["reason"]),
                  _("Created"))


@admin_blp.route("")
class ReportQueue(MethodView):
    @access.role("admin")
    @paged(admin_blp, ChatAdminReportSchema)
    def get(self, args):
        """Reported messages waiting for an administrator, oldest first."""
        return queries.report_queue_stmt()


@admin_blp.route("/<int:report_id>/resolve")
class ResolveReport(MethodView):
    @access.role("admin")
    @admin_blp.arguments(ChatResolveSchema)
    @admin_blp.response(200, envelope(ChatAdminReportSchema))
    def post(self, args, report_id):
        """Delete the reported message or dismiss the report, with a reason (audited); every pending
        report of the same message is resolved with it."""
        report = queries.get_report(report_id)
        if report is None:
            raise NotFound(_("No such report."))
        origin = Origin(ip=request.remote_addr or "", user_agent=request.user_agent.string or "")
        return ok(operations.resolve_report(report, args["action"], actor=_me(), reason=args["reason"],
                                            origin=origin))
