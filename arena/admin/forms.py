"""Forms of the admin pages."""

from __future__ import annotations

from flask_wtf import FlaskForm


class SettingsForm(FlaskForm):
    """The settings page's CSRF token; the inputs, one per declared setting, are read by name."""
