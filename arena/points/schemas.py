"""API shapes of the points domain (input allow-lists and output)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema, PageArgs, UserBrief, UserNames
from arena.points.codes import describe
from arena.points.models import KINDS, PERIODS, REASON_MAX

# Bounds here are loose guards for the JSON types; the operations check the configured limits.
AMOUNT_BOUND = 1_000_000_000


class BalanceSchema(ApiSchema):
    user_id = ma.fields.Integer()
    balance = ma.fields.Integer()
    earned = ma.fields.Integer(metadata={"description": "Points earned by taking part (net of reversals)."})
    spent = ma.fields.Integer(metadata={"description": "Points spent on rewards (net of refunds)."})


class EntrySchema(ApiSchema):
    id = ma.fields.Integer()
    amount = ma.fields.Integer(metadata={"description": "Signed: positive credits, negative debits."})
    balance_after = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": list(KINDS)})
    object_type = ma.fields.String(allow_none=True)
    object_id = ma.fields.Integer(allow_none=True)
    code = ma.fields.String()
    params = ma.fields.Dict()
    description = ma.fields.Function(lambda e: describe(e.code, e.params), metadata={"type": "string"})
    reason = ma.fields.String()
    actor_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class EntryListArgs(PageArgs):
    kind = ma.fields.String(load_default=None, validate=validate.OneOf(KINDS))
    date_from = ma.fields.AwareDateTime(data_key="from", load_default=None)
    date_to = ma.fields.AwareDateTime(data_key="to", load_default=None)


class AdjustmentIn(ApiSchema):
    amount = ma.fields.Integer(required=True, strict=True,
                               validate=validate.Range(min=-AMOUNT_BOUND, max=AMOUNT_BOUND))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=REASON_MAX))

    @ma.validates("amount")
    def not_zero(self, value, **kwargs):
        if value == 0:
            raise ma.ValidationError("Must not be zero.")


class LeaderboardArgs(PageArgs):
    period = ma.fields.String(load_default="all", validate=validate.OneOf(PERIODS))


class PointsLeaderboardRowSchema(UserNames):
    rank = ma.fields.Integer()
    user_id = ma.fields.Integer()
    earned = ma.fields.Integer()


class PackageSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    description = ma.fields.String()
    price = ma.fields.Decimal(as_string=True)
    currency = ma.fields.String()
    points = ma.fields.Integer()
    active = ma.fields.Boolean()
    position = ma.fields.Integer()


class PackageIn(ApiSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=100))
    description = ma.fields.String(validate=validate.Length(max=2000))
    price = ma.fields.Decimal(allow_nan=False, validate=validate.Range(min=0))
    currency = ma.fields.String(validate=validate.Length(equal=3))
    points = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=AMOUNT_BOUND))
    active = ma.fields.Boolean()
    position = ma.fields.Integer(strict=True, validate=validate.Range(min=0, max=10_000))


class PackageCreate(PackageIn):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    price = ma.fields.Decimal(required=True, allow_nan=False, validate=validate.Range(min=0))
    currency = ma.fields.String(required=True, validate=validate.Length(equal=3))
    points = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=AMOUNT_BOUND))


class PurchaseSchema(ApiSchema):
    id = ma.fields.Integer()
    user = ma.fields.Nested(UserBrief)
    package_id = ma.fields.Integer(allow_none=True)
    points = ma.fields.Integer()
    amount = ma.fields.Decimal(as_string=True)
    currency = ma.fields.String()
    method = ma.fields.String()
    reference = ma.fields.String()
    note = ma.fields.String()
    recorded_by_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class PurchaseIn(ApiSchema):
    user_id = ma.fields.Integer(required=True, strict=True)
    package_id = ma.fields.Integer(load_default=None, strict=True, allow_none=True)
    points = ma.fields.Integer(load_default=None, strict=True, allow_none=True,
                               validate=validate.Range(min=1, max=AMOUNT_BOUND))
    amount = ma.fields.Decimal(load_default=None, allow_none=True, allow_nan=False, validate=validate.Range(min=0))
    currency = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(equal=3))
    method = ma.fields.String(required=True, validate=validate.Length(min=1, max=50))
    reference = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    note = ma.fields.String(load_default="", validate=validate.Length(max=1000))
