"""Forms of the notification pages (CSRF only; the channel choices are read from the request)."""

from arena.web.forms import ArenaForm


class MarkReadForm(ArenaForm):
    pass


class ChannelsForm(ArenaForm):
    pass
