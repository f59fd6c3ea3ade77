"""API shapes of the chat domain."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.chat.models import MAX_LENGTH, REPORT_REASON_LENGTH
from arena.core.api import ApiSchema, EnvelopeBase


class ChatRoomSchema(ApiSchema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    name = ma.fields.String()
    last_message_id = ma.fields.Integer(dump_only=True, metadata={"description": "0 when the room has no message yet"})
    unread = ma.fields.Integer()


class ChatRoomInSchema(ApiSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    kind = ma.fields.String(load_default="public", validate=validate.OneOf(["public", "private"]))


class ChatMemberSchema(ApiSchema):
    user_id = ma.fields.Integer()
    username = ma.fields.Function(lambda m: m.user.username)
    role = ma.fields.String()
    muted_until = ma.fields.AwareDateTime(allow_none=True)


class ChatMessageSchema(ApiSchema):
    id = ma.fields.Integer()
    room_id = ma.fields.Integer()
    user_id = ma.fields.Integer(allow_none=True)
    username = ma.fields.Function(lambda m: m.user.username if m.user else None)
    body = ma.fields.Function(lambda m: None if m.deleted_at else m.body,
                              metadata={"description": "plain text (null once deleted)"})
    html = ma.fields.Function(lambda m: None if m.deleted_at else str(_render(m.body)),
                              metadata={"description": "the text with safe links and mentions"})
    created_at = ma.fields.AwareDateTime()
    edited_at = ma.fields.AwareDateTime(allow_none=True)
    deleted = ma.fields.Function(lambda m: m.deleted_at is not None)


def _render(body):
    from arena.chat.text import render

    return render(body)


class ChatMessageInSchema(ApiSchema):
    body = ma.fields.String(required=True, validate=validate.Length(max=MAX_LENGTH))


class HistoryArgs(ApiSchema):
    before = ma.fields.Integer(validate=validate.Range(min=1),
                               metadata={"description": "the oldest message id already shown"})
    limit = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class ChatUserRefSchema(ApiSchema):
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=32))


class ChatDirectInSchema(ChatUserRefSchema):
    body = ma.fields.String(validate=validate.Length(max=MAX_LENGTH))


class ChatRoleSchema(ApiSchema):
    role = ma.fields.String(required=True, validate=validate.OneOf(["moderator", "member", "banned"]))


class ChatMuteSchema(ApiSchema):
    minutes = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=7 * 24 * 60))


class ChatHistoryMetaSchema(ma.Schema):
    before = ma.fields.Integer(allow_none=True, metadata={"description": "cursor of the next older page"})


class ChatHistoryEnvelopeSchema(EnvelopeBase):
    data = ma.fields.List(ma.fields.Nested(ChatMessageSchema))
    meta = ma.fields.Nested(ChatHistoryMetaSchema)


class ChatReportInSchema(ApiSchema):
    reason = ma.fields.String(load_default="", validate=validate.Length(max=REPORT_REASON_LENGTH))


class ChatReportSchema(ApiSchema):
    id = ma.fields.Integer()
    message_id = ma.fields.Integer()
    reason = ma.fields.String()
    status = ma.fields.String(metadata={"description": "pending, deleted or dismissed"})
    created_at = ma.fields.AwareDateTime()


class ChatAdminReportSchema(ChatReportSchema):
    room_id = ma.fields.Function(lambda r: r.message.room_id)
    reporter = ma.fields.Function(lambda r: r.reporter.username)
    author = ma.fields.Function(lambda r: r.message.user.username if r.message.user else None)
    body = ma.fields.Function(lambda r: r.message.body, metadata={"description": "the reported text"})
    resolution = ma.fields.String(metadata={"description": "the administrator's reason"})
    resolved_at = ma.fields.AwareDateTime(allow_none=True)


class ChatResolveSchema(ApiSchema):
    action = ma.fields.String(required=True, validate=validate.OneOf(["delete", "dismiss"]))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=REPORT_REASON_LENGTH))
