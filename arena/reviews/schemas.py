"""API shapes of the reviews domain (inputs are allow-lists; outputs are dumped from dicts built by
``arena.reviews.present`` so hidden marks and private notes are left out before dumping)."""

import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema, EnvelopeBase, PageArgs, PageMetaSchema
from arena.reviews.models import DECISIONS, FLAGS
from arena.reviews.queries import QUEUE_STATUSES

#: scores are exact decimals, sent as strings with two places ("12.50") and documented as such
SCORE_DOC = {"type": "string", "format": "decimal", "pattern": r"^-?\d+\.\d{2}$", "example": "12.50"}
Score = lambda **kw: ma.fields.Decimal(places=2, as_string=True, metadata=SCORE_DOC, **kw)  # noqa: E731


class PersonSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class ReviewInSchema(ApiSchema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(DECISIONS))
    marks = ma.fields.Integer(allow_none=True, load_default=None)
    parameter_scores = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), load_default=dict)
    comment = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    private_note = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    flags = ma.fields.List(ma.fields.String(validate=validate.OneOf(FLAGS)), load_default=list)


class ReviewPatchSchema(ApiSchema):
    decision = ma.fields.String(validate=validate.OneOf(DECISIONS))
    marks = ma.fields.Integer(allow_none=True)
    parameter_scores = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    comment = ma.fields.String(validate=validate.Length(max=5000))
    private_note = ma.fields.String(validate=validate.Length(max=5000))
    flags = ma.fields.List(ma.fields.String(validate=validate.OneOf(FLAGS)))


class ReviewSchema(ApiSchema):
    id = ma.fields.Integer()
    submission_id = ma.fields.Integer()
    juror = ma.fields.Nested(PersonSchema, allow_none=True)
    mine = ma.fields.Boolean()
    hidden = ma.fields.Boolean(metadata={"description": "marks hidden until you have voted"})
    decision = ma.fields.String(allow_none=True)
    marks = ma.fields.Integer(allow_none=True)
    parameter_scores = ma.fields.Dict(allow_none=True)
    score = Score(allow_none=True)
    breakdown = ma.fields.Dict(allow_none=True)
    comment = ma.fields.String()
    private_note = ma.fields.String()
    flags = ma.fields.List(ma.fields.String())
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class OutcomeSchema(ApiSchema):
    state = ma.fields.String(metadata={"enum": ["open", "tie", "decided", "overridden"]})
    tie = ma.fields.Boolean()
    decision = ma.fields.String(allow_none=True)
    score = Score(allow_none=True)
    breakdown = ma.fields.Dict()
    review_count = ma.fields.Integer()
    quorum = ma.fields.Integer()
    flags = ma.fields.List(ma.fields.String())
    decided_at = ma.fields.AwareDateTime(allow_none=True)


class QueueItemSchema(ApiSchema):
    id = ma.fields.Integer()
    contest_id = ma.fields.Integer()
    title = ma.fields.String()
    wiki_id = ma.fields.String()
    article_url = ma.fields.String()
    participant = ma.fields.Nested(PersonSchema, allow_none=True)
    status = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    rule_failures = ma.fields.Integer()
    outcome = ma.fields.Nested(OutcomeSchema)
    reviewed_by_me = ma.fields.Boolean()


class QueueArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(QUEUE_STATUSES))
    juror = ma.fields.Integer(metadata={"description": "submissions this juror reviewed"})
    assigned_to = ma.fields.Integer()
    flag = ma.fields.String(validate=validate.OneOf(FLAGS))
    rule_failures = ma.fields.Boolean(metadata={"description": "with (true) or without (false) failed required rules"})
    todo = ma.fields.Boolean(load_default=False, metadata={"description": "only what I still have to review"})


class MessageInSchema(ApiSchema):
    body = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))


class MessageSchema(ApiSchema):
    id = ma.fields.Integer()
    author = ma.fields.Nested(PersonSchema, allow_none=True)
    body = ma.fields.String()
    created_at = ma.fields.AwareDateTime()


class OverrideInSchema(ApiSchema):
    status = ma.fields.String(required=True, validate=validate.OneOf(["accepted", "rejected"]))
    score = ma.fields.Decimal(allow_none=True, load_default=None, allow_nan=False)
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))


class OverrideSchema(ApiSchema):
    id = ma.fields.Integer()
    actor = ma.fields.Nested(PersonSchema, allow_none=True)
    previous_status = ma.fields.String()
    previous_score = Score(allow_none=True)
    status = ma.fields.String()
    score = Score()
    reason = ma.fields.String()
    created_at = ma.fields.AwareDateTime()


class LeaderboardArgs(PageArgs):
    filter = ma.fields.String(load_default="all", validate=validate.OneOf(["all", "reviewed", "pending"]))
    min_score = ma.fields.Decimal(allow_nan=False, load_default=None)
    sort_by = ma.fields.String(load_default="score", validate=validate.OneOf(["score", "submissions"]))


class RankedParticipantSchema(ApiSchema):
    """The start of a leaderboard's row: a participant, their rank and their total score."""

    rank = ma.fields.Integer()
    participant = ma.fields.Nested(PersonSchema)
    total_score = Score()


class SubmissionCountsSchema(ApiSchema):
    """How many entries were submitted, and how many of them were accepted, rejected or are pending."""

    submissions = ma.fields.Integer()
    accepted = ma.fields.Integer()
    rejected = ma.fields.Integer()
    pending = ma.fields.Integer()


class LeaderboardRowSchema(SubmissionCountsSchema, RankedParticipantSchema):
    """A participant's row: their rank and total score, then the counts of their entries."""


class MySubmissionSchema(ApiSchema):
    id = ma.fields.Integer()
    contest = ma.fields.Nested(PersonSchema)
    title = ma.fields.String()
    article_url = ma.fields.String()
    status = ma.fields.String()
    decided = ma.fields.Boolean()
    score = Score(allow_none=True)
    breakdown = ma.fields.Dict()
    comments = ma.fields.List(ma.fields.String())
    created_at = ma.fields.AwareDateTime()


class MySubmissionArgs(PageArgs):
    contest_id = ma.fields.Integer()
    status = ma.fields.String()








class ReportInSchema(ApiSchema):
    format = ma.fields.String(required=True, validate=validate.OneOf(
        ["leaderboard_csv", "submissions_csv", "pdf", "json"]))
    top = ma.fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class LeaderboardTotalsSchema(SubmissionCountsSchema):
    participants = ma.fields.Integer()
    total_score = Score()
    updated_at = ma.fields.String(allow_none=True)


class LeaderboardMetaSchema(PageMetaSchema):
    totals = ma.fields.Nested(LeaderboardTotalsSchema)


class LeaderboardEnvelopeSchema(EnvelopeBase):
    data = ma.fields.List(ma.fields.Nested(LeaderboardRowSchema))
    meta = ma.fields.Nested(LeaderboardMetaSchema)


# --- judging rounds ---------------------------------------------------------------------------
class RoundInSchema(ApiSchema):
    scoring_mode = ma.fields.String(required=True, validate=validate.Length(min=1, max=24))
    scoring_config = ma.fields.Dict(load_default=dict)
    jury_ids = ma.fields.List(ma.fields.Integer(), allow_none=True, load_default=None,
                              metadata={"description": "the round's jurors (ids of contest jurors); null: all"})
    starts_at = ma.fields.AwareDateTime(allow_none=True, load_default=None)
    ends_at = ma.fields.AwareDateTime(allow_none=True, load_default=None)


class RoundSchema(ApiSchema):
    id = ma.fields.Integer()
    position = ma.fields.Integer()
    scoring_mode = ma.fields.String()
    scoring_config = ma.fields.Dict()
    jury_ids = ma.fields.List(ma.fields.Integer(), allow_none=True)
    starts_at = ma.fields.AwareDateTime(allow_none=True)
    ends_at = ma.fields.AwareDateTime(allow_none=True)
    state = ma.fields.String(metadata={"enum": ["waiting", "open", "closed"]})
    advance_rule = ma.fields.Dict()
    closed_at = ma.fields.AwareDateTime(allow_none=True)


class AdvanceRuleSchema(ApiSchema):
    rule = ma.fields.String(load_default="all", metadata={"enum": ["all", "top_n", "top_percent", "min_score"]})
    value = ma.fields.Raw(allow_none=True, load_default=None,
                          metadata={"description": "N for top_n, a percentage for top_percent, X for min_score"})


class AdvancePreviewSchema(ApiSchema):
    rule = ma.fields.Dict()
    candidates = ma.fields.Integer(metadata={"description": "accepted entries the rule chooses from"})
    asked = ma.fields.Integer(allow_none=True)
    kept = ma.fields.Integer()
    extra_for_ties = ma.fields.Integer(metadata={"description": "entries kept beyond the number asked because "
                                                                "they tie with the last kept entry"})
    cutoff_score = ma.fields.String(allow_none=True)
    tied_at_cutoff = ma.fields.Integer()
    kept_ids = ma.fields.List(ma.fields.Integer())
    undecided = ma.fields.Integer()
    final = ma.fields.Boolean()


class RoundEntrySchema(ApiSchema):
    submission_id = ma.fields.Integer()
    title = ma.fields.String()
    participant = ma.fields.Nested(PersonSchema, allow_none=True)
    state = ma.fields.String()
    decision = ma.fields.String(allow_none=True)
    score = Score(allow_none=True)
    review_count = ma.fields.Integer()
    advanced = ma.fields.Boolean(allow_none=True)
    breakdown = ma.fields.Dict()


class RankingInSchema(ApiSchema):
    order = ma.fields.List(ma.fields.Integer(), required=True,
                           metadata={"description": "every entry's submission id, best first"})


# --- umbrella contests ------------------------------------------------------------------------
class UmbrellaChildSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    slug = ma.fields.String()
    status = ma.fields.String()
    wikis = ma.fields.List(ma.fields.String())
    participants = ma.fields.Integer()
    submissions = ma.fields.Integer()
    total_score = ma.fields.String()


class UmbrellaRowSchema(RankedParticipantSchema):
    articles = ma.fields.Integer(metadata={"description": "articles counted (each once)"})
    accepted = ma.fields.Integer()
    duplicates = ma.fields.Integer(metadata={"description": "the participant's entries not counted: the same "
                                                            "article counted in another child"})


class UmbrellaDuplicateSchema(ApiSchema):
    submission_id = ma.fields.Integer()
    contest_id = ma.fields.Integer()
    title = ma.fields.String()
    wiki_id = ma.fields.String()
    score = Score()
    counted_submission_id = ma.fields.Integer()


class UmbrellaBoardSchema(ApiSchema):
    dedup_rule = ma.fields.String(metadata={"enum": ["higher_score", "first_accepted"]})
    children = ma.fields.List(ma.fields.Nested(UmbrellaChildSchema))
    leaderboard = ma.fields.List(ma.fields.Nested(UmbrellaRowSchema))
    duplicates = ma.fields.List(ma.fields.Nested(UmbrellaDuplicateSchema))
    total_score = Score()
