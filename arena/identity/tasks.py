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


@shared_task(name="identity.rollup_api_usage")
def rollup_api_usage(day: str | None = None) -> dict:
    """Nightly: sum a day of the API-key usage log (default yesterday, UTC) into the daily summary,
    then forget raw rows past ``API_USAGE_KEEP_DAYS``. Running it again for a day redoes that day."""
    from datetime import date, timedelta

    from arena.core.timeutil import utcnow
    from arena.identity import usage

    target = date.fromisoformat(day) if day else utcnow().date() - timedelta(days=1)
    rows = usage.rollup_day(target)
    return {"day": target.isoformat(), "rows": rows, "forgotten": usage.forget_old_uses()}
