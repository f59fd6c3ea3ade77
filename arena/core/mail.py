"""Outgoing mail for every domain: ``send_mail(to, subject, text, html=None)``.

The message is handed to the Celery task ``mail.send`` (after the request's commit), which
delivers it over SMTP when ``MAIL_SERVER`` is set — retrying with exponential back-off when the
server cannot be reached or refuses temporarily — and otherwise writes it to the log and, as an
``.eml`` file, to ``MAIL_OUTBOX_DIR`` (default ``instance/outbox``).

Settings: ``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_USE_TLS``
(STARTTLS), ``MAIL_USE_SSL`` (implicit TLS), ``MAIL_DEFAULT_SENDER``, ``MAIL_TIMEOUT`` (seconds,
default 10), ``MAIL_OUTBOX_DIR``.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from celery import shared_task
from flask import current_app

from arena.core.jobs_setup import enqueue

log = logging.getLogger("arena.mail")

#: SMTP failures worth another try later (connection trouble, 4xx answers)
RETRYABLE = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
             smtplib.SMTPDataError, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, OSError)


def send_mail(to: str | list[str], subject: str, text: str, html: str | None = None) -> None:
    """Queue a message; it is sent once the current request (if any) has committed."""
    recipients = [to] if isinstance(to, str) else list(to)
    enqueue(send, recipients, subject, text, html)


def build_message(recipients: list[str], subject: str, text: str, html: str | None = None) -> EmailMessage:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    domain = sender.rsplit("@", 1)[-1].strip(">") if "@" in sender else "localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def deliver(msg: EmailMessage) -> str:
    """Send ``msg`` now: SMTP when configured, else the log and the outbox folder. Returns where it went."""
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        host, port = cfg["MAIL_SERVER"], cfg["MAIL_PORT"]
        timeout = cfg["MAIL_TIMEOUT"]
        if cfg.get("MAIL_USE_SSL"):
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if cfg.get("MAIL_USE_TLS") and not cfg.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(msg)
        log.info("mail sent to %s via %s:%s: %s", msg["To"], host, port, msg["Subject"])
        return f"smtp://{host}:{port}"
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:12]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(msg))
    os.replace(tmp, path)
    log.info("mail (no MAIL_SERVER; written to %s) to %s: %s\n%s", path, msg["To"], msg["Subject"],
             msg.get_body(("plain",)).get_content())
    return str(path)


def _permanent(exc: Exception) -> bool:
    """A 5xx answer will not change by retrying."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


@shared_task(name="mail.send", bind=True, max_retries=8)
def send(self, recipients: list[str], subject: str, text: str, html: str | None = None) -> str:
    msg = build_message(recipients, subject, text, html)
    try:
        return deliver(msg)
    except smtplib.SMTPAuthenticationError:
        log.error("mail to %s not sent: the SMTP server refused the credentials", recipients)
        raise
    except RETRYABLE as exc:
        if _permanent(exc):
            log.error("mail to %s refused permanently: %s", recipients, exc)
            raise
        if self.request.retries >= self.max_retries:
            log.error("mail to %s not sent after %d attempts: %s", recipients, self.request.retries + 1, exc)
            raise
        countdown = min(3600, 30 * 2 ** self.request.retries)
        log.warning("mail to %s not sent (%s); retrying in %ss", recipients, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown)
