"""Celery tasks of the identity domain."""

from __future__ import annotations

from celery import shared_task

from arena.identity import tokens
from arena.identity.operations.signin import forget_old_login_failures


@shared_task(name="identity.purge_expired_tokens")
def purge_expired_tokens() -> int:
    """Forget revocations and refresh-token records of tokens that have expired anyway, and old
    failure counters of logins without an account."""
    return tokens.purge_expired() + forget_old_login_failures()


@shared_task(name="identity.send_password_reset")
def send_password_reset(email: str, link: str, origin: dict | None = None) -> bool:
    """The password-reset mail, sent by a worker so the request takes the same time either way."""
    from arena.identity.audit import Origin
    from arena.identity.operations.passwords import send_password_reset as send

    return send(email, link, origin=Origin(**(origin or {})))
