"""API shapes for contest templates, copies and umbrella contests (inputs are allow-lists)."""

import marshmallow as ma
from marshmallow import validate

from arena.contests.models import DEDUP_RULES
from arena.contests.schemas import ContestIn
from arena.core.api import ApiSchema


class TemplateIn(ApiSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    is_public = ma.fields.Boolean(load_default=False,
                                  metadata={"description": "shown in every trusted member's gallery"})


class TemplateOut(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    summary = ma.fields.String()
    is_public = ma.fields.Boolean()
    owner_id = ma.fields.Integer(allow_none=True)
    source_contest_id = ma.fields.Integer(allow_none=True)
    settings = ma.fields.Dict()
    extras = ma.fields.Dict()
    created_at = ma.fields.AwareDateTime()


class NewFromIn(ApiSchema):
    """What a contest from a template or a copy gets anew."""

    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    slug = ma.fields.String(validate=validate.Length(min=1, max=80))
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    is_published = ma.fields.Boolean(load_default=False)


class TemplateRequestIn(ApiSchema):
    contest = ma.fields.Nested(ContestIn, required=True,
                               metadata={"description": "name, dates and any setting to change from the template"})
    message = ma.fields.String(load_default="", validate=validate.Length(max=5000))


class UmbrellaIn(ApiSchema):
    dedup_rule = ma.fields.String(load_default="higher_score", validate=validate.OneOf(DEDUP_RULES),
                                  metadata={"description": "how an article entered in two children counts once"})


class UmbrellaOut(ApiSchema):
    contest_id = ma.fields.Integer()
    dedup_rule = ma.fields.String()
    children = ma.fields.List(ma.fields.Integer())


class ChildIn(ApiSchema):
    child_id = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
