"""API shapes of the competitions domain (input allow-lists and output)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from arena.competitions.kinds import KINDS


class KindName(validate.Validator):
    """One of the registered kinds, read when validating (domains may register kinds after import)."""

    def __call__(self, value):
        return validate.OneOf(list(KINDS))(value)
from arena.competitions.models import COUNTED_ATTEMPTS, LAYOUTS, RESULTS_SHOWN, STATUSES, VISIBILITIES
from arena.core.api import ApiSchema, PageArgs, UserBrief
from arena.core.security import render_markdown

money = ma.fields.Decimal(as_string=True, places=2)


class TierSchema(ApiSchema):
    min_percent = ma.fields.Float(required=True, validate=validate.Range(min=0, max=100))
    share = ma.fields.Integer(required=True, validate=validate.Range(min=0, max=100))


class Changes:
    """Mixed into an input schema: the same fields, each optional (``partial``), so a change (PATCH)
    names only what it changes and is checked by the rules that check a new one. Only the schema's
    own fields are optional: what a nested item requires it still requires."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", tuple(self._declared_fields))
        super().__init__(*args, **kwargs)


class CompetitionCreate(ApiSchema):
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = ma.fields.String(validate=validate.Length(max=50000))
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    is_published = ma.fields.Boolean()
    visibility = ma.fields.String(validate=validate.OneOf(VISIBILITIES))
    time_limit_seconds = ma.fields.Integer(allow_none=True, validate=validate.Range(min=10, max=24 * 3600))
    attempts_allowed = ma.fields.Integer(validate=validate.Range(min=1, max=100))
    shuffle_questions = ma.fields.Boolean()
    shuffle_options = ma.fields.Boolean()
    layout = ma.fields.String(validate=validate.OneOf(LAYOUTS))
    results_shown = ma.fields.String(validate=validate.OneOf(RESULTS_SHOWN))
    counted_attempt = ma.fields.String(validate=validate.OneOf(COUNTED_ATTEMPTS))
    competition_points = ma.fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    wrong_penalty = ma.fields.Decimal(validate=validate.Range(min=0, max=10000))
    all_correct_bonus = ma.fields.Decimal(validate=validate.Range(min=0, max=10000))
    time_bonus_percent = ma.fields.Decimal(validate=validate.Range(min=0, max=100))
    reward_tiers = ma.fields.List(ma.fields.Nested(TierSchema), validate=validate.Length(max=10))


class CompetitionIn(Changes, CompetitionCreate):
    """A change to a competition: any of its fields."""


class CompetitionListArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    mine = ma.fields.Boolean(load_default=False)


class CompetitionOut(ApiSchema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    description = ma.fields.String()
    description_html = ma.fields.Function(lambda c: render_markdown(c.description))
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime()
    is_published = ma.fields.Boolean()
    visibility = ma.fields.String()
    time_limit_seconds = ma.fields.Integer(allow_none=True)
    attempts_allowed = ma.fields.Integer()
    shuffle_questions = ma.fields.Boolean()
    shuffle_options = ma.fields.Boolean()
    layout = ma.fields.String()
    results_shown = ma.fields.String()
    counted_attempt = ma.fields.String()
    competition_points = ma.fields.Integer()
    wrong_penalty = money
    all_correct_bonus = money
    time_bonus_percent = money
    reward_tiers = ma.fields.List(ma.fields.Nested(TierSchema))
    question_count = ma.fields.Function(lambda c: len(c.questions))
    organiser_ids = ma.fields.Function(lambda c: sorted(c.organiser_ids()))


class OptionSchema(ApiSchema):
    id = ma.fields.String(validate=validate.Length(min=1, max=16))
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class QuestionCreate(ApiSchema):
    kind = ma.fields.String(required=True, validate=KindName())
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))
    options = ma.fields.List(ma.fields.Nested(OptionSchema))
    answer = ma.fields.Raw(required=True, metadata={"description": "single: an option id; multiple: a list of option ids; "
                                                    "true_false: a boolean; short_text: accepted texts"})
    partial = ma.fields.Boolean()
    points = ma.fields.Decimal(validate=validate.Range(min=0, min_inclusive=False, max=10000))
    explanation = ma.fields.String(validate=validate.Length(max=5000))


class QuestionIn(Changes, QuestionCreate):
    """A change to a question: any of its fields."""


class RescoreArgs(ApiSchema):
    confirm_rescore = ma.fields.Boolean(load_default=False, metadata={
        "description": "Needed once the competition has attempts: every attempt is scored again."})


class QuestionBasics(ApiSchema):
    """A question as every view of it names it: its id, its kind and its text."""

    id = ma.fields.Integer()
    kind = ma.fields.String()
    text = ma.fields.String()


class QuestionOut(QuestionBasics):
    """The organisers' view of a question, with its answer."""

    position = ma.fields.Integer()
    options = ma.fields.List(ma.fields.Nested(OptionSchema))
    answer = ma.fields.Raw()
    partial = ma.fields.Boolean()
    points = money
    explanation = ma.fields.String()


class ReorderIn(ApiSchema):
    order = ma.fields.List(ma.fields.Integer(), required=True, validate=validate.Length(min=1))


class AnswerIn(ApiSchema):
    value = ma.fields.Raw(required=True, allow_none=True, metadata={
        "description": "an option id, a list of option ids, a boolean or a text; null clears the answer"})


class AttemptQuestionOut(QuestionBasics):
    """A question as a participant sees it while taking part: no trace of the answer."""

    number = ma.fields.Integer()
    options = ma.fields.List(ma.fields.Nested(OptionSchema))
    points = money
    saved = ma.fields.Raw(allow_none=True)


class BreakdownOut(ApiSchema):
    correct = ma.fields.Integer()
    wrong = ma.fields.Integer()
    unanswered = ma.fields.Integer()
    raw_points = money
    penalties = money
    all_correct_bonus = money
    time_bonus = money
    total = money
    percent_correct = money
    reward_share = ma.fields.Integer()
    points_earned = ma.fields.Integer()


class AttemptBasics(ApiSchema):
    """What every view of an attempt says of it: which attempt, where it stands, when it ran and how long
    it took."""

    id = ma.fields.Integer()
    number = ma.fields.Integer()
    status = ma.fields.String()
    started_at = ma.fields.DateTime()
    finished_at = ma.fields.DateTime(allow_none=True)
    duration_seconds = ma.fields.Integer(allow_none=True)


class AttemptOut(AttemptBasics):
    competition_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    deadline_at = ma.fields.DateTime()
    seconds_left = ma.fields.Integer(allow_none=True)
    questions = ma.fields.List(ma.fields.Nested(AttemptQuestionOut))
    breakdown = ma.fields.Nested(BreakdownOut, allow_none=True)


class ResultQuestionOut(AttemptQuestionOut):
    credit = ma.fields.Decimal(as_string=True, allow_none=True)
    earned = money
    correct_answer = ma.fields.Raw(allow_none=True)
    explanation = ma.fields.String(allow_none=True)


class ResultOut(AttemptOut):
    results_visible = ma.fields.Boolean()
    questions = ma.fields.List(ma.fields.Nested(ResultQuestionOut))


class AttemptSummaryOut(AttemptBasics, BreakdownOut):
    user = ma.fields.Nested(UserBrief)


class AttemptListArgs(PageArgs):
    everyone = ma.fields.Boolean(load_default=False, metadata={"description": "organisers: every attempt"})


class LeaderboardRowOut(ApiSchema):
    rank = ma.fields.Integer()
    user = ma.fields.Nested(UserBrief)
    total = money
    duration_seconds = ma.fields.Integer()
    finished_at = ma.fields.DateTime()
    attempt_id = ma.fields.Integer()


class OptionCountOut(ApiSchema):
    id = ma.fields.String()
    text = ma.fields.String()
    chosen = ma.fields.Integer()
    correct = ma.fields.Boolean()


class QuestionStatsOut(QuestionBasics):
    position = ma.fields.Integer()
    answered = ma.fields.Integer()
    correct = ma.fields.Integer()
    unanswered = ma.fields.Integer()
    options = ma.fields.List(ma.fields.Nested(OptionCountOut))
    texts = ma.fields.List(ma.fields.List(ma.fields.Raw()), metadata={"description": "short text: [answer, count]"})


class StatisticsOut(ApiSchema):
    attempts = ma.fields.Integer()
    questions = ma.fields.List(ma.fields.Nested(QuestionStatsOut))
