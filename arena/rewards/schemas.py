"""API shapes of the rewards domain (input allow-lists and output)."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from marshmallow import validate

from arena.core.api import ApiSchema, PageArgs
from arena.rewards.models import DESCRIPTION_MAX, NAME_MAX, REDEMPTION_STATUSES


class RewardSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    description = ma.fields.String()
    image_url = ma.fields.Function(lambda r: url_for("rewards.image", name=r.image) if r.image else None,
                                   metadata={"type": "string"}, allow_none=True)
    points_required = ma.fields.Integer()
    stock = ma.fields.Integer(allow_none=True, metadata={"description": "Units left; null for unlimited."})
    available_from = ma.fields.AwareDateTime(allow_none=True)
    available_until = ma.fields.AwareDateTime(allow_none=True)
    active = ma.fields.Boolean()
    available = ma.fields.Function(lambda r: r.is_available(), metadata={"type": "boolean"})


class RewardIn(ApiSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=NAME_MAX))
    description = ma.fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    points_required = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=1_000_000_000))
    stock = ma.fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=1_000_000_000))
    available_from = ma.fields.AwareDateTime(allow_none=True)
    available_until = ma.fields.AwareDateTime(allow_none=True)
    active = ma.fields.Boolean()


class RewardCreate(RewardIn):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    points_required = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=1_000_000_000))


class RewardListArgs(PageArgs):
    all = ma.fields.Boolean(load_default=False, metadata={"description": "Admins: include inactive rewards."})


class RewardBrief(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    points_required = ma.fields.Integer()


class RedemptionSchema(ApiSchema):
    id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    reward = ma.fields.Nested(RewardBrief)
    points = ma.fields.Integer()
    status = ma.fields.String(metadata={"enum": list(REDEMPTION_STATUSES)})
    note = ma.fields.String()
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class RedemptionListArgs(PageArgs):
    status = ma.fields.String(load_default=None, validate=validate.OneOf(REDEMPTION_STATUSES))
    reward_id = ma.fields.Integer(load_default=None)
    user_id = ma.fields.Integer(load_default=None)


class RedemptionDecisionIn(ApiSchema):
    note = ma.fields.String(load_default="", validate=validate.Length(max=1000))
