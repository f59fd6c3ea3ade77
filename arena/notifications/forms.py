"""Forms of the notification pages (CSRF only; the channel choices are read from the request)."""

from flask_wtf import FlaskForm


class MarkReadForm(FlaskForm):
    pass


class ChannelsForm(FlaskForm):
    pass
