from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField

from arena.web.choices import choices


class DisplayForm(FlaskForm):
    """Display preferences for visitors (signed-in users keep theirs on their account)."""

    density = SelectField(_l("Visual density"), coerce=int, choices=choices([
        (1, _l("1 — most spacious")), (2, "2"), (3, _l("3 — standard")), (4, "4"), (5, _l("5 — most compact"))]))
    contrast = RadioField(_l("Colour contrast"), choices=choices([("normal", _l("Normal")), ("high", _l("High"))]))
    reduced_motion = BooleanField(_l("Reduce motion"))
