"""Page forms of the identity domain (Flask-WTF, CSRF-protected)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, EmailField, HiddenField, IntegerField, PasswordField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField, widgets)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from arena.web.choices import choices
from arena.identity.models import ROLES
from arena.identity.preferences import SIGN_LANGUAGES
from arena.web.forms import ArenaForm


class LoginForm(ArenaForm):
    login = StringField(_l("Username or email"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class RegisterForm(ArenaForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)],
                           description=_l("3 to 32 characters: letters (a–z), digits, underscore or hyphen."),
                           render_kw={"autocomplete": "username"})
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    display_name = StringField(_l("Display name (optional)"), validators=[Optional(), Length(max=100)],
                               render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             description=_l("At least 12 characters; not a common password, your username "
                                            "or your email address. A few unrelated words make a good one."),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class ForgotPasswordForm(ArenaForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(ArenaForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class ProfileForm(ArenaForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=100)])
    bio = TextAreaField(_l("About you"), validators=[Optional(), Length(max=2000)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    current_password = PasswordField(_l("Current password (needed to change the email address)"),
                                     validators=[Optional(), Length(max=1024)],
                                     render_kw={"autocomplete": "current-password"})


class PasswordForm(ArenaForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1024)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(),
                                        EqualTo("new_password", message=_l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


class PreferencesForm(ArenaForm):
    language = SelectField(_l("Language"), choices=choices([("en", "English"), ("ar", "العربية")]))
    density = SelectField(_l("Visual density"), coerce=int, choices=choices([
        (1, _l("1 — most spacious")), (2, "2"), (3, _l("3 — standard")), (4, "4"), (5, _l("5 — most compact"))]))
    contrast = RadioField(_l("Colour contrast"), choices=choices([("normal", _l("Normal")), ("high", _l("High"))]))
    reduced_motion = BooleanField(_l("Reduce motion"))
    reading_level = SelectField(_l("Reading level"), coerce=int, choices=choices([
        (1, _l("1 — simplest wording")), (2, "2"), (3, _l("3 — standard")), (4, "4"), (5, _l("5 — most detailed"))]))
    sign_language = SelectField(_l("Preferred sign language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sign_language.choices = choices([("", _l("None"))] + sorted(
            ((code, f"{name} ({code})") for code, name in SIGN_LANGUAGES.items()), key=lambda c: str(c[1])))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ApiKeyForm(ArenaForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What the key is for, e.g. “leaderboard script”."))
    scopes = MultiCheckboxField(_l("Scopes"), choices=choices([("read", _l("read")), ("write", _l("write")),
                                                       ("admin", _l("admin"))]), default=["read"],
                                validators=[DataRequired(message=_l("Choose at least one scope."))])
    expires_in_days = IntegerField(_l("Valid for (days)"), default=365,
                                   validators=[InputRequired(), NumberRange(min=1, max=3650)])


class ConfirmForm(ArenaForm):
    """A button that changes something (sign out, revoke, unban): CSRF only."""


ROLE_LABELS = {"user": _l("User"), "admin": _l("Admin"), "superadmin": _l("Superadmin")}


class RoleForm(ArenaForm):
    role = SelectField(_l("Role"), choices=choices([(r, ROLE_LABELS[r]) for r in ROLES]))


class BanForm(ArenaForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=255)])
