"""API shapes of the contests domain (input allow-lists and output)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.contests.models import (
    CONTEST_STATUSES, REQUEST_STATUSES, SCORING_MODES, SUBMISSION_STATUSES, SUBMISSION_TYPES, TEMPLATE_TARGETS,
    VISIBILITIES,
)
from arena.core.api import ApiSchema, PageArgs, UserBrief
from arena.core.security import render_markdown

names = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=255)))


class ContestIn(ApiSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=200))
    slug = ma.fields.String(validate=validate.Length(min=1, max=80))
    description = ma.fields.String(validate=validate.Length(max=50000))
    rules = ma.fields.String(validate=validate.Length(max=50000))
    wikis = ma.fields.List(ma.fields.String(validate=validate.Length(min=2, max=64)), validate=validate.Length(min=1))
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    is_published = ma.fields.Boolean()
    visibility = ma.fields.String(validate=validate.OneOf(VISIBILITIES))
    submission_type = ma.fields.String(validate=validate.OneOf(SUBMISSION_TYPES))
    min_bytes = ma.fields.Integer(validate=validate.Range(min=0))
    min_references = ma.fields.Integer(validate=validate.Range(min=0))
    required_categories = names
    template = ma.fields.String(allow_none=True, validate=validate.Length(max=255))
    template_target = ma.fields.String(validate=validate.OneOf(TEMPLATE_TARGETS))
    write_back = ma.fields.Boolean()
    write_back_categories = names
    max_submissions_per_participant = ma.fields.Integer(allow_none=True, validate=validate.Range(min=1))
    scoring_mode = ma.fields.String(validate=validate.OneOf(SCORING_MODES))
    scoring_config = ma.fields.Dict(keys=ma.fields.String())
    eligibility_rules = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Dict(), allow_none=True)
    allow_jury_to_compete = ma.fields.Boolean()
    points_per_accepted = ma.fields.Integer(strict=True, validate=validate.Range(min=0, max=1_000_000))


class ContestCreate(ContestIn):
    class Meta(ApiSchema.Meta):
        pass

    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    wikis = ma.fields.List(ma.fields.String(validate=validate.Length(min=2, max=64)), required=True,
                           validate=validate.Length(min=1))
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)


class MemberSchema(ApiSchema):
    user_id = ma.fields.Integer()
    role = ma.fields.String()
    user = ma.fields.Nested(UserBrief)


class ContestOut(ApiSchema):
    id = ma.fields.Integer()
    slug = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.String(metadata={"enum": list(CONTEST_STATUSES)})
    description = ma.fields.String()
    description_html = ma.fields.Function(lambda c: render_markdown(c.description))
    rules = ma.fields.String()
    rules_html = ma.fields.Function(lambda c: render_markdown(c.rules))
    wikis = ma.fields.List(ma.fields.String(), attribute="wiki_ids")
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    is_published = ma.fields.Boolean()
    visibility = ma.fields.String()
    submission_type = ma.fields.String()
    min_bytes = ma.fields.Integer()
    min_references = ma.fields.Integer()
    required_categories = ma.fields.List(ma.fields.String())
    template = ma.fields.String(allow_none=True)
    template_target = ma.fields.String()
    write_back = ma.fields.Boolean()
    write_back_categories = ma.fields.List(ma.fields.String())
    max_submissions_per_participant = ma.fields.Integer(allow_none=True)
    scoring_mode = ma.fields.String()
    scoring_config = ma.fields.Dict()
    eligibility_rules = ma.fields.Dict()
    allow_jury_to_compete = ma.fields.Boolean()
    points_per_accepted = ma.fields.Integer()
    organizers = ma.fields.Function(lambda c: sorted(c.member_ids("organizer")))
    jury = ma.fields.Function(lambda c: sorted(c.member_ids("jury")))
    created_at = ma.fields.AwareDateTime()


class ContestListArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(CONTEST_STATUSES))
    wiki = ma.fields.String(validate=validate.Length(max=64))
    q = ma.fields.String(validate=validate.Length(max=100))
    mine = ma.fields.Boolean(load_default=False)


class MemberIn(ApiSchema):
    user_id = ma.fields.Integer()
    username = ma.fields.String(validate=validate.Length(min=1, max=32))


class SubmissionIn(ApiSchema):
    article_url = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))
    wiki_username = ma.fields.String(validate=validate.Length(min=1, max=255))


class RuleResultOut(ApiSchema):
    rule = ma.fields.String()
    label = ma.fields.Function(lambda r: str(_rule_label(r["rule"])))
    level = ma.fields.String()
    status = ma.fields.String(metadata={"enum": ["pass", "fail", "unknown"]})
    code = ma.fields.String(allow_none=True, metadata={"description": "The verdict's code (see ``message``)"})
    params = ma.fields.Dict(metadata={"description": "The verdict's parameters"})
    message = ma.fields.Function(lambda r: _verdict_text(r),
                                 metadata={"description": "The verdict in the caller's language"})


def _verdict_text(result: dict):
    from arena.contests.verdicts import verdict_text

    return verdict_text(result)


def _rule_label(name: str):
    from arena.contests.rules import label_for

    return label_for(name)


class SubmissionOut(ApiSchema):
    id = ma.fields.Integer()
    contest_id = ma.fields.Integer()
    user_id = ma.fields.Integer(allow_none=True)
    user = ma.fields.Nested(UserBrief, allow_none=True)
    unclaimed = ma.fields.Boolean(attribute="is_unclaimed")
    source = ma.fields.String()
    wiki_id = ma.fields.String()
    title = ma.fields.String()
    page_id = ma.fields.Integer(allow_none=True)
    article_url = ma.fields.String()
    wiki_username = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"enum": list(SUBMISSION_STATUSES)})
    rule_results = ma.fields.List(ma.fields.Nested(RuleResultOut))
    snapshot = ma.fields.Dict(allow_none=True)
    facts_fetched_at = ma.fields.AwareDateTime(allow_none=True)
    check_attempts = ma.fields.Integer()
    last_check_error = ma.fields.String(allow_none=True)
    write_back_status = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class SubmissionListArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(SUBMISSION_STATUSES))
    participant = ma.fields.Integer()


class MySubmissionListArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(SUBMISSION_STATUSES))


class ContestRequestIn(ApiSchema):
    contest = ma.fields.Nested(ContestCreate, required=True)
    message = ma.fields.String(load_default="", validate=validate.Length(max=5000))


class DecidedRequestOut(ApiSchema):
    """A request that an admin grants or refuses: where it stands, the reason given, when it was decided
    (null while pending) and when it was made."""

    id = ma.fields.Integer()
    status = ma.fields.String(metadata={"enum": list(REQUEST_STATUSES)})
    reason = ma.fields.String(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class ContestRequestOut(DecidedRequestOut):
    requester_id = ma.fields.Integer()
    requester = ma.fields.Nested(UserBrief)
    name = ma.fields.String()
    settings = ma.fields.Dict()
    message = ma.fields.String()
    contest_id = ma.fields.Integer(allow_none=True)


class RequestListArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(REQUEST_STATUSES))
    all = ma.fields.Boolean(load_default=False, metadata={"description": "admins: everyone's requests"})


class RejectIn(ApiSchema):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))


class DecisionIn(ApiSchema):
    reason = ma.fields.String(load_default="", validate=validate.Length(max=5000))


class TrustedRequestIn(ApiSchema):
    wiki_id = ma.fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{2,64}$"))
    wiki_username = ma.fields.String(required=True, validate=validate.Length(min=1, max=255))


class TrustedRequestOut(DecidedRequestOut):
    user_id = ma.fields.Integer()
    user = ma.fields.Nested(UserBrief)
    wiki_id = ma.fields.String()
    wiki_username = ma.fields.String()
    edit_count = ma.fields.Integer(allow_none=True)


class WikiAccountIn(ApiSchema):
    wiki_username = ma.fields.String(required=True, validate=validate.Length(min=1, max=255))


class WikiAccountOut(ApiSchema):
    username = ma.fields.String()
    verified = ma.fields.Boolean()


class CategoryImportIn(ApiSchema):
    wiki_id = ma.fields.String(required=True, validate=validate.Length(min=2, max=64))
    category = ma.fields.String(required=True, validate=validate.Length(min=1, max=255))
    depth = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=5))
