"""Forms of the admin pages."""

from __future__ import annotations
from arena.web.forms import ArenaForm



class SettingsForm(ArenaForm):
    """The settings page's CSRF token; the inputs, one per declared setting, are read by name."""
