"""Page forms (Flask-WTF: CSRF on every write). Business rules stay in ``operations``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from arena.web.choices import choice
from arena.web.forms import ArenaForm


class UploadForm(ArenaForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    visibility = SelectField(_l("Who may watch"), choices=[
        choice("private", _l("Only people who may see what it is attached to")), choice("public", _l("Everybody"))])
    file = FileField(_l("Video file"), validators=[FileRequired(_l("Choose a video file."))])
    #: what the video goes on (an attach kind and its object) and the page to come back to
    attached_kind = HiddenField(validators=[Optional(), Length(max=32)])
    attached_id = IntegerField(validators=[Optional()])
    next = HiddenField(validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Upload"))


class CaptionForm(ArenaForm):
    language = StringField(_l("Language code (for example ar or en)"),
                           validators=[DataRequired(_l("Give a language code.")), Length(max=16)])
    label = StringField(_l("Label shown in the player"), validators=[Optional(), Length(max=64)])
    file = FileField(_l("WebVTT file"), validators=[FileRequired(_l("Choose a WebVTT file."))])
    submit = SubmitField(_l("Add captions"))


class ActionForm(ArenaForm):
    submit = SubmitField(_l("Try again"))
