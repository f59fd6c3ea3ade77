"""API shapes of the referrals domain."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema


class ReferralSchema(ApiSchema):
    id = ma.fields.Integer()
    referred = ma.fields.Function(lambda r: r.referred.username)
    status = ma.fields.String()
    flags = ma.fields.List(ma.fields.String())
    created_at = ma.fields.AwareDateTime()
    expires_at = ma.fields.AwareDateTime()
    referrer_points = ma.fields.Integer()


class AdminReferralSchema(ReferralSchema):
    referrer = ma.fields.Function(lambda r: r.referrer.username)
    reason = ma.fields.String()


class MyReferralsSchema(ApiSchema):
    code = ma.fields.String()
    link = ma.fields.String()
    verified = ma.fields.Integer()
    points_earned = ma.fields.Integer()
    next_milestone = ma.fields.Dict(allow_none=True)
    referrals = ma.fields.List(ma.fields.Nested(ReferralSchema))


class ClaimSchema(ApiSchema):
    code = ma.fields.String(required=True, validate=validate.Length(min=1, max=16))


class DecisionSchema(ApiSchema):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
