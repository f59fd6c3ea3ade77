"""Page forms (Flask-WTF: CSRF on every write). Business rules stay in ``operations``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from arena.web.forms import ArenaForm
from wtforms import DateTimeLocalField, FloatField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from arena.study.models import DESCRIPTION_MAX, GOAL_MAX_HOURS, NAME_MAX, NOTES_MAX

from arena.web.choices import choice

PRIORITY_CHOICES = [choice("low", _l("Low")), choice("medium", _l("Medium")), choice("high", _l("High"))]
STATUS_CHOICES = [choice("active", _l("Active")), choice("completed", _l("Completed")),
                  choice("archived", _l("Archived"))]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class SubjectForm(ArenaForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the subject a name.")),
                                               Length(max=NAME_MAX)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=DESCRIPTION_MAX)])
    hours_goal = FloatField(_l("Goal in hours (optional)"),
                            validators=[Optional(), NumberRange(min=0.01, max=GOAL_MAX_HOURS,
                                                                message=_l("Give a positive number of hours."))])
    priority = SelectField(_l("Priority"), choices=PRIORITY_CHOICES, default="medium")
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="active")
    submit = SubmitField(_l("Save subject"))

    def values(self) -> dict:
        return {"name": self.name.data or "", "description": self.description.data or "",
                "hours_goal": self.hours_goal.data, "priority": self.priority.data, "status": self.status.data}


class SessionForm(ArenaForm):
    subject_id = SelectField(_l("Subject"), coerce=int, validators=[InputRequired(_l("Choose a subject."))])
    started_at = DateTimeLocalField(_l("Start"), format=LOCAL_FORMAT,
                                    validators=[InputRequired(_l("Give the start time."))])
    ended_at = DateTimeLocalField(_l("End"), format=LOCAL_FORMAT,
                                  validators=[InputRequired(_l("Give the end time."))])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=NOTES_MAX)])
    submit = SubmitField(_l("Save session"))


class TimerStartForm(ArenaForm):
    subject_id = SelectField(_l("Subject"), coerce=int, validators=[InputRequired(_l("Choose a subject."))])
    submit = SubmitField(_l("Start the timer"))


class ConfirmForm(ArenaForm):
    """An empty form: its CSRF token confirms a deletion or stops the timer."""

    submit = SubmitField(_l("Confirm"))
