"""Celery tasks of the identity domain."""

from __future__ import annotations

from celery import shared_task

from arena.identity import tokens


@shared_task(name="identity.purge_expired_tokens")
def purge_expired_tokens() -> int:
    """Forget revocations and refresh-token records of tokens that have expired anyway."""
    return tokens.purge_expired()
