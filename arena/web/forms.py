"""Page forms. Every form of every domain is an :class:`ArenaForm`: the rules that hold for all text a
page accepts live here once (as ``ApiSchema`` does for the API)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField

from arena.web.choices import choices

NUL_MESSAGE = _l("Text may not contain a NUL character.")


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


class ArenaForm(FlaskForm):
    """Base of every page form: text with a NUL character (which PostgreSQL cannot store) is refused
    with an error on the field that holds it, whatever the field's own validators say."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if _has_nul(field.data) or _has_nul(field.raw_data):
                field.errors = [*field.errors, NUL_MESSAGE]
                valid = False
        return valid


class DisplayForm(ArenaForm):
    """Display preferences for visitors (signed-in users keep theirs on their account)."""

    density = SelectField(_l("Visual density"), coerce=int, choices=choices([
        (1, _l("1 — most spacious")), (2, "2"), (3, _l("3 — standard")), (4, "4"), (5, _l("5 — most compact"))]))
    contrast = RadioField(_l("Colour contrast"), choices=choices([("normal", _l("Normal")), ("high", _l("High"))]))
    reduced_motion = BooleanField(_l("Reduce motion"))
