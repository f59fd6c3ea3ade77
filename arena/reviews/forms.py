"""Forms of the jury pages (Flask-WTF: CSRF on every post)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DecimalField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms import widgets
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from arena.web.choices import choices
from arena.reviews.models import FLAGS
from arena.web.forms import ArenaForm

FLAG_LABELS = {"copyright_doubt": _l("Copyright doubt"), "special_prize": _l("Special prize"),
               "plagiarism": _l("Possible plagiarism"), "needs_discussion": _l("Needs discussion")}


class Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ReviewForm(ArenaForm):
    decision = RadioField(_l("Decision"), choices=choices([("accept", _l("Accept")), ("reject", _l("Reject"))]),
                          validators=[InputRequired()])
    comment = TextAreaField(_l("Comment for the participant"), validators=[Optional(), Length(max=5000)])
    private_note = TextAreaField(_l("Private note for the jury"), validators=[Optional(), Length(max=5000)])
    flags = Checkboxes(_l("Flags"), choices=choices([(f, FLAG_LABELS[f]) for f in FLAGS]), validators=[Optional()])


def review_form_class(mode: str, config: dict):
    """The review form of a contest: marks for simple scoring, one field per weighted parameter."""
    attrs = {}
    if mode == "simple":
        attrs["marks"] = IntegerField(_l("Marks (when accepting)"), validators=[
            Optional(), NumberRange(min=0, max=config.get("marks_accepted", 10))],
            description=_l("From 0 to %(n)s.", n=config.get("marks_accepted", 10)))
    elif mode == "multi_parameter":
        for index, param in enumerate(config.get("parameters", [])):
            attrs[f"param_{index}"] = IntegerField(
                param["name"], validators=[Optional(), NumberRange(min=0, max=10)],
                description=_l("0 to 10; weight %(w)s%%.", w=param["weight"]))
    return type("ContestReviewForm", (ReviewForm,), attrs)


class MessageForm(ArenaForm):
    body = TextAreaField(_l("Message to the jury"), validators=[DataRequired(), Length(max=5000)])


class OverrideForm(ArenaForm):
    status = RadioField(_l("Result"), choices=choices([("accepted", _l("Accepted")), ("rejected", _l("Rejected"))]),
                        validators=[InputRequired()])
    score = DecimalField(_l("Score (leave empty to use the jurors' scores)"), places=2, validators=[Optional()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


#: report formats as people read them
FORMAT_LABELS = {"leaderboard_csv": _l("Leaderboard (CSV)"), "submissions_csv": _l("All submissions with marks (CSV)"),
                 "pdf": _l("Summary (PDF)"), "json": _l("Everything (JSON)")}


class ReportForm(ArenaForm):
    format = SelectField(_l("Export"), choices=choices(list(FORMAT_LABELS.items())))
    top = IntegerField(_l("Top participants in the PDF"), default=10, validators=[NumberRange(min=1, max=100)])


class RemindForm(ArenaForm):
    pass


ADVANCE_RULE_LABELS = {"all": _l("Every accepted entry"), "top_n": _l("The best N entries"),
                       "top_percent": _l("The best N percent of the entries"),
                       "min_score": _l("Entries scoring at least N")}


class CloseRoundForm(ArenaForm):
    rule = SelectField(_l("Which entries move on"), choices=choices(ADVANCE_RULE_LABELS.items()))
    value = StringField(_l("N"), validators=[Optional(), Length(max=20)],
                        description=_l("Entries tied with the last one kept are all kept."))


class RankingForm(ArenaForm):
    """Only the CSRF token: the ranks are one ``rank_<submission id>`` field per entry."""
