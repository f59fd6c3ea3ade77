"""API shapes of the notifications domain."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema, EnvelopeBase, PageArgs, PageMetaSchema
from arena.notifications.models import CHANNELS


class NotificationSchema(ApiSchema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    message = ma.fields.Function(lambda n: _render(n), metadata={"description": "in the caller's language"})
    link = ma.fields.String()
    data = ma.fields.Dict(metadata={"description": "the parameters of the kind's template"})
    read = ma.fields.Boolean()
    created_at = ma.fields.AwareDateTime()


def _render(note) -> str:
    from arena.notifications.operations import render

    return render(note)


class NotificationArgs(PageArgs):
    unread = ma.fields.Boolean()


class MarkReadSchema(ApiSchema):
    ids = ma.fields.List(ma.fields.Integer(), load_default=None,
                         metadata={"description": "omit to mark every notification read"})


class NotificationMetaSchema(PageMetaSchema):
    unread = ma.fields.Integer()


class NotificationEnvelopeSchema(EnvelopeBase):
    data = ma.fields.List(ma.fields.Nested(NotificationSchema))
    meta = ma.fields.Nested(NotificationMetaSchema)


class ChannelsSchema(ApiSchema):
    channels = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(validate=validate.OneOf(CHANNELS)),
                              required=True, metadata={"description": "kind → in_app, mail, digest or off"})
