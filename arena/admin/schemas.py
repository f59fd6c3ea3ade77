"""API shapes of the admin domain."""

from __future__ import annotations

import marshmallow as ma


class SettingSchema(ma.Schema):
    name = ma.fields.String()
    group = ma.fields.String()
    type = ma.fields.String()
    description = ma.fields.String()
    value = ma.fields.Raw(allow_none=True)
    default = ma.fields.Raw(allow_none=True)
    minimum = ma.fields.Float(allow_none=True)
    maximum = ma.fields.Float(allow_none=True)
    choices = ma.fields.List(ma.fields.Raw(), allow_none=True)
    max_length = ma.fields.Integer(allow_none=True)
    changed = ma.fields.Boolean()


class SettingsPatchArgs(ma.Schema):
    """``{"values": {"site.notice": "...", "mail.digest_hour": 7}}``; ``null`` restores the default."""

    values = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(allow_none=True), required=True,
                            validate=ma.validate.Length(min=1, max=100))
