import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema, PageArgs
from arena.study.models import DESCRIPTION_MAX, GOAL_MAX_HOURS, NAME_MAX, NOTES_MAX, PRIORITIES, STATUSES
from arena.study.queries import SESSION_SORTS

# ---- subjects -------------------------------------------------------------------------------


class SubjectSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(dump_only=True)
    description = ma.fields.String(dump_only=True)
    hours_goal = ma.fields.Float(dump_only=True, allow_none=True)
    priority = ma.fields.String(dump_only=True, metadata={"enum": list(PRIORITIES)})
    status = ma.fields.String(dump_only=True, metadata={"enum": list(STATUSES)})
    completed_minutes = ma.fields.Integer(dump_only=True, metadata={
        "description": "Sum of the subject's finished sessions (derived, read-only)."})
    session_count = ma.fields.Integer(dump_only=True)
    progress_percent = ma.fields.Method("get_progress", dump_only=True, allow_none=True, metadata={
        "type": "number", "description": "completed_minutes / (hours_goal × 60) × 100; null without a goal."})
    created_at = ma.fields.AwareDateTime(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)

    def get_progress(self, subject):
        goal = subject.goal_minutes
        return round(100 * subject.completed_minutes / goal, 1) if goal else None


class SubjectCreateSchema(ApiSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    description = ma.fields.String(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    hours_goal = ma.fields.Float(load_default=None, allow_none=True, allow_nan=False,
                                 validate=validate.Range(min=0, max=GOAL_MAX_HOURS, min_inclusive=False))
    priority = ma.fields.String(load_default="medium", validate=validate.OneOf(PRIORITIES))
    status = ma.fields.String(load_default="active", validate=validate.OneOf(STATUSES))


class SubjectUpdateSchema(ApiSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=NAME_MAX))
    description = ma.fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    hours_goal = ma.fields.Float(allow_none=True, allow_nan=False,
                                 validate=validate.Range(min=0, max=GOAL_MAX_HOURS, min_inclusive=False))
    priority = ma.fields.String(validate=validate.OneOf(PRIORITIES))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))


class SubjectListArgs(PageArgs):
    status = ma.fields.String(load_default=None, validate=validate.OneOf(STATUSES))


# ---- sessions -------------------------------------------------------------------------------


class SessionSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    subject_id = ma.fields.Integer(dump_only=True)
    subject_name = ma.fields.Function(lambda s: s.subject.name, dump_only=True, metadata={"type": "string"})
    started_at = ma.fields.AwareDateTime(dump_only=True)
    ended_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    duration_minutes = ma.fields.Integer(dump_only=True, allow_none=True, metadata={
        "description": "Derived from the start and end (whole minutes); null while running."})
    running = ma.fields.Boolean(dump_only=True)
    notes = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)


class SessionCreateSchema(ApiSchema):
    subject_id = ma.fields.Integer(required=True, strict=True)
    started_at = ma.fields.AwareDateTime(required=True)
    ended_at = ma.fields.AwareDateTime(required=True)
    notes = ma.fields.String(load_default="", validate=validate.Length(max=NOTES_MAX))


class SessionUpdateSchema(ApiSchema):
    subject_id = ma.fields.Integer(strict=True)
    started_at = ma.fields.AwareDateTime()
    ended_at = ma.fields.AwareDateTime()
    notes = ma.fields.String(validate=validate.Length(max=NOTES_MAX))


class TimerStartSchema(ApiSchema):
    subject_id = ma.fields.Integer(required=True, strict=True)
    notes = ma.fields.String(load_default="", validate=validate.Length(max=NOTES_MAX))


class TimerStateSchema(ApiSchema):
    running = ma.fields.Boolean(required=True)
    session = ma.fields.Nested(SessionSchema, allow_none=True)
    elapsed_minutes = ma.fields.Integer(allow_none=True)
    outcome = ma.fields.String(allow_none=True, metadata={
        "enum": ["stopped", "capped", "discarded"], "description": "Only when stopping."})


class RangeArgs(ApiSchema):
    date_from = ma.fields.Date(data_key="from", load_default=None, metadata={"description": "First day (inclusive)."})
    date_to = ma.fields.Date(data_key="to", load_default=None, metadata={"description": "Last day (inclusive)."})
    tz = ma.fields.String(load_default="UTC", metadata={"description": "IANA time zone of the days."})

    @ma.validates_schema
    def ordered_dates(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ma.ValidationError("The start date must not be after the end date.", "from")


class SessionListArgs(PageArgs, RangeArgs):
    subject_id = ma.fields.Integer(load_default=None)
    sort = ma.fields.String(load_default="-start", validate=validate.OneOf(list(SESSION_SORTS)))


class CsvArgs(RangeArgs):
    subject_id = ma.fields.Integer(load_default=None)


# ---- stats ----------------------------------------------------------------------------------


class SubjectMinutesSchema(ApiSchema):
    subject_id = ma.fields.Integer()
    name = ma.fields.String()
    minutes = ma.fields.Integer()


class DayTotalSchema(ApiSchema):
    date = ma.fields.Date()
    minutes = ma.fields.Integer()


class WeekTotalSchema(ApiSchema):
    week_start = ma.fields.Date(metadata={"description": "Monday of the week."})
    minutes = ma.fields.Integer()
    subjects = ma.fields.List(ma.fields.Nested(SubjectMinutesSchema))


class ProgressSchema(ApiSchema):
    subject_id = ma.fields.Integer()
    name = ma.fields.String()
    completed_minutes = ma.fields.Integer()
    goal_minutes = ma.fields.Integer(allow_none=True)
    percent = ma.fields.Float(allow_none=True)


class StatsSchema(ApiSchema):
    date_from = ma.fields.Date(data_key="from")
    date_to = ma.fields.Date(data_key="to")
    tz = ma.fields.String()
    total_minutes = ma.fields.Integer()
    study_days = ma.fields.Integer()
    daily = ma.fields.List(ma.fields.Nested(DayTotalSchema))
    weekly = ma.fields.List(ma.fields.Nested(WeekTotalSchema))
    subjects = ma.fields.List(ma.fields.Nested(SubjectMinutesSchema))
    current_streak = ma.fields.Integer()
    longest_streak = ma.fields.Integer()
    progress = ma.fields.List(ma.fields.Nested(ProgressSchema))
