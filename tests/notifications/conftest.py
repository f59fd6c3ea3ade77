"""Fixtures for notification tests: the identity tests' real SMTP server (aiosmtpd)."""

from tests.identity.conftest import MailSink, body_of, mail_config, smtp_server  # noqa: F401
