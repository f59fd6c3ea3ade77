"""Flask-WTF forms of the contests pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp


class ContestForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=80)],
                       description=_l("Lower-case letters, digits and hyphens; made from the name if empty."))
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=50000)])
    rules = TextAreaField(_l("Rules (Markdown)"), validators=[Length(max=50000)])
    wikis = StringField(_l("Wikis"), validators=[DataRequired(), Length(max=500)],
                        description=_l("Wiki ids separated by commas, for example: enwiki, arwiki"))
    starts_at = DateTimeLocalField(_l("Starts"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    ends_at = DateTimeLocalField(_l("Ends"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    submission_type = SelectField(_l("Articles accepted"), choices=[
        ("both", _l("New or expanded articles")), ("new", _l("New articles only")),
        ("expansion", _l("Expanded articles only"))])
    min_bytes = IntegerField(_l("Minimum bytes"), default=0, validators=[NumberRange(min=0)])
    min_references = IntegerField(_l("Minimum references"), default=0, validators=[NumberRange(min=0)])
    required_categories = StringField(_l("Required categories"), validators=[Length(max=2000)],
                                      description=_l("Separated by commas"))
    max_submissions_per_participant = IntegerField(_l("Maximum submissions per participant"),
                                                   validators=[Optional(), NumberRange(min=1)],
                                                   description=_l("Empty for no limit"))
    template = StringField(_l("Template to add"), validators=[Length(max=255)])
    template_target = SelectField(_l("Add the template to"), choices=[("talk", _l("The talk page")),
                                                                      ("article", _l("The article"))])
    write_back_categories = StringField(_l("Categories to add"), validators=[Length(max=2000)],
                                        description=_l("Separated by commas"))
    write_back = BooleanField(_l("Write the template and categories to the wiki"))
    scoring_mode = SelectField(_l("Scoring"), choices=[("simple", _l("Simple")),
                                                       ("multi_parameter", _l("Several criteria")),
                                                       ("automated", _l("Automated"))])
    visibility = SelectField(_l("Visibility"), choices=[("public", _l("Public: listed")),
                                                        ("unlisted", _l("Unlisted: only by its address"))])
    allow_jury_to_compete = BooleanField(_l("Jurors and organisers may also take part"))
    is_published = BooleanField(_l("Published (a draft is only visible to organisers)"))


class ContestRequestForm(ContestForm):
    message = TextAreaField(_l("Why this contest?"), validators=[Length(max=5000)])


class SubmitForm(FlaskForm):
    article_url = StringField(_l("Article link"), validators=[DataRequired(), Length(max=1000)],
                              description=_l("For example https://en.wikipedia.org/wiki/Example"))
    wiki_username = StringField(_l("Your wiki user name"), validators=[Optional(), Length(max=255)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=5000)])


class ApproveForm(FlaskForm):
    pass


class TrustedRequestForm(FlaskForm):
    wiki_id = StringField(_l("Wiki"), default="enwiki",
                          validators=[DataRequired(), Regexp(r"^[a-z0-9_]{2,64}$")])
    wiki_username = StringField(_l("Your wiki user name"), validators=[DataRequired(), Length(max=255)])
