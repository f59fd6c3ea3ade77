"""Flask-WTF forms of the contests pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from arena.web.forms import ArenaForm
from wtforms import (
    BooleanField, DateTimeLocalField, DecimalField, Form, FormField, IntegerField, SelectField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from arena.contests.rules import RULES
from arena.core import signals
from arena.web.choices import choice, choices


class ContestForm(ArenaForm):
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
        choice("both", _l("New or expanded articles")), choice("new", _l("New articles only")),
        choice("expansion", _l("Expanded articles only"))])
    min_bytes = IntegerField(_l("Minimum bytes"), default=0, validators=[NumberRange(min=0)])
    min_references = IntegerField(_l("Minimum references"), default=0, validators=[NumberRange(min=0)])
    required_categories = StringField(_l("Required categories"), validators=[Length(max=2000)],
                                      description=_l("Separated by commas"))
    max_submissions_per_participant = IntegerField(_l("Maximum submissions per participant"),
                                                   validators=[Optional(), NumberRange(min=1)],
                                                   description=_l("Empty for no limit"))
    template = StringField(_l("Template to add"), validators=[Length(max=255)])
    template_target = SelectField(_l("Add the template to"), choices=[choice("talk", _l("The talk page")),
                                                                      choice("article", _l("The article"))])
    write_back_categories = StringField(_l("Categories to add"), validators=[Length(max=2000)],
                                        description=_l("Separated by commas"))
    write_back = BooleanField(_l("Write the template and categories to the wiki"))
    default_rules = BooleanField(_l("Check what the article settings above ask for (the default rules)"),
                                 description=_l("Untick to choose each rule below."))
    scoring_mode = SelectField(_l("Scoring"), choices=[])
    visibility = SelectField(_l("Visibility"), choices=[choice("public", _l("Public: listed")),
                                                        choice("unlisted", _l("Unlisted: only by its address"))])
    allow_jury_to_compete = BooleanField(_l("Jurors and organisers may also take part"))
    is_published = BooleanField(_l("Published (a draft is only visible to organisers)"))


class ContestRequestForm(ContestForm):
    message = TextAreaField(_l("Why this contest?"), validators=[Length(max=5000)])


#: a rule's level on the form; "off" leaves the rule out
RULE_LEVELS = (("off", _l("Off")), ("required", _l("Required")), ("advisory", _l("Advisory (a warning to jurors)")))
PARAM_LABELS = {"bytes": _l("Bytes (empty: the minimum bytes above)"), "count": _l("How many"),
                "percent": _l("Share of the article's text, in percent")}


def _rules_form() -> type[Form]:
    """One sub-form per registered rule: its level and its parameters."""
    fields = {}
    for name, rule in RULES.items():
        attrs = {"level": SelectField(_l("Level"), choices=choices(RULE_LEVELS), default="off")}
        for key, (_type, default) in rule.params.items():
            label = PARAM_LABELS.get(key, key)
            if key != "bytes" and default is not None:
                label = _l("%(what)s (empty: %(default)s)", what=label, default=default)
            elif default is None and key == "count":
                label = _l("How many (empty: the minimum references above)")
            attrs[key] = IntegerField(label, validators=[Optional()])
        fields[name] = FormField(type(f"Rule_{name}", (Form,), attrs), label=rule.label)
    return type("RulesForm", (Form,), fields)


def scoring_modes() -> list[dict]:
    """The scoring modes and their settings, as the scoring domain describes them."""
    return [mode for answer in signals.values_from_signal(signals.contest_scoring_modes_asked) for mode in answer]


def _setting_field(setting):
    if setting.kind == "int":
        return IntegerField(setting.label, validators=[Optional()], default=setting.default)
    if setting.kind == "number":
        return DecimalField(setting.label, validators=[Optional()], default=setting.default)
    if setting.kind == "bool":
        return BooleanField(setting.label, default=setting.default)
    if setting.kind == "choice":
        return SelectField(setting.label, choices=choices(setting.choices), default=setting.default)
    return TextAreaField(setting.label, validators=[Length(max=5000)])  # parameters, one a line


def _scoring_form(modes: list[dict]) -> type[Form]:
    """Every setting of every mode (their keys differ), grouped by mode on the page."""
    fields = {}
    for mode in modes:
        for setting in mode["settings"]:
            fields.setdefault(setting.key, _setting_field(setting))
    return type("ScoringForm", (Form,), fields)


def contest_form(base: type[ContestForm] = ContestForm, **kwargs) -> ContestForm:
    """The contest form with a sub-form for the eligibility rules and one for the scoring settings."""
    modes = scoring_modes()
    cls = type(base.__name__, (base,), {"eligibility_rules": FormField(_rules_form()),
                                        "scoring_config": FormField(_scoring_form(modes))})
    form = cls(**kwargs)
    form.scoring_mode.choices = [choice(mode["name"], mode["label"]) for mode in modes]
    shared = set.intersection(*({s.key for s in m["settings"]} for m in modes)) if modes else set()
    form.scoring_common = [s.key for s in modes[0]["settings"] if s.key in shared] if modes else []
    form.scoring_modes = [{**m, "own": [s for s in m["settings"] if s.key not in shared]} for m in modes]
    return form


class SubmitForm(ArenaForm):
    article_url = StringField(_l("Article link"), validators=[DataRequired(), Length(max=1000)],
                              description=_l("For example https://en.wikipedia.org/wiki/Example"))
    wiki_username = StringField(_l("Your wiki user name"), validators=[Optional(), Length(max=255)])


class RejectForm(ArenaForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=5000)])


class ApproveForm(ArenaForm):
    pass


class DeleteContestForm(ArenaForm):
    """The confirmation of a contest's deletion (the CSRF token is the whole form)."""


class TrustedRequestForm(ArenaForm):
    wiki_id = StringField(_l("Wiki"), default="enwiki",
                          validators=[DataRequired(), Regexp(r"^[a-z0-9_]{2,64}$")])
    wiki_username = StringField(_l("Your wiki user name"), validators=[DataRequired(), Length(max=255)])
