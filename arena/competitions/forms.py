"""Flask-WTF forms of the competitions pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateTimeLocalField, DecimalField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from arena.web.choices import choices
from arena.competitions.kinds import KINDS
from arena.web.forms import ArenaForm


class CompetitionForm(ArenaForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=50000)])
    starts_at = DateTimeLocalField(_l("Starts"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    ends_at = DateTimeLocalField(_l("Ends"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    time_limit_seconds = IntegerField(_l("Time limit per attempt (seconds)"),
                                      validators=[Optional(), NumberRange(min=10, max=86400)],
                                      description=_l("Empty for untimed attempts"))
    attempts_allowed = IntegerField(_l("Attempts allowed"), default=1, validators=[NumberRange(min=1, max=100)])
    layout = SelectField(_l("Questions shown"), choices=choices([("all", _l("All on one page")),
                                                         ("one", _l("One question per screen"))]))
    shuffle_questions = BooleanField(_l("Shuffle the question order for each attempt"))
    shuffle_options = BooleanField(_l("Shuffle the option order for each attempt"))
    results_shown = SelectField(_l("Correct answers shown"), choices=choices([
        ("immediately", _l("As soon as the attempt ends")), ("after_end", _l("After the competition ends"))]))
    counted_attempt = SelectField(_l("Attempt that counts"), choices=choices([("best", _l("The best")),
                                                                       ("latest", _l("The latest"))]))
    competition_points = IntegerField(_l("Competition points"), default=0,
                                      validators=[NumberRange(min=0, max=1000000)])
    wrong_penalty = DecimalField(_l("Penalty per wrong answer"), default=0, places=2,
                                 validators=[NumberRange(min=0, max=10000)])
    all_correct_bonus = DecimalField(_l("Bonus when every answer is correct"), default=0, places=2,
                                     validators=[NumberRange(min=0, max=10000)])
    time_bonus_percent = DecimalField(_l("Time bonus (% of the score, when more than half the time is left)"),
                                      default=20, places=2, validators=[NumberRange(min=0, max=100)])
    visibility = SelectField(_l("Visibility"), choices=choices([("public", _l("Public: listed")),
                                                        ("unlisted", _l("Unlisted: only by its address"))]))
    is_published = BooleanField(_l("Published"))


class QuestionForm(ArenaForm):
    kind = SelectField(_l("Kind"), choices=choices([(name, kind.label) for name, kind in KINDS.items()]))
    text = TextAreaField(_l("Question"), validators=[DataRequired(), Length(max=5000)])
    options = TextAreaField(_l("Options, one per line"), validators=[Length(max=12000)],
                            description=_l("For single and multiple choice."))
    correct = StringField(_l("Correct answer"), validators=[DataRequired(), Length(max=2000)], description=_l(
        "Choice: the numbers of the correct options, separated by commas (1, 3). True or false: true or false. "
        "Short text: the accepted answers, separated by |."))
    partial = BooleanField(_l("Partial credit (multiple choice)"))
    points = DecimalField(_l("Points"), default=1, places=2, validators=[NumberRange(min=0.01, max=10000)])
    explanation = TextAreaField(_l("Explanation shown with the results"), validators=[Length(max=5000)])
    confirm_rescore = BooleanField(_l("This competition has attempts: change it and score every attempt again"))


class ConfirmForm(ArenaForm):
    """A bare form for buttons (CSRF only)."""
