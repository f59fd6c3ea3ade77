"""Revision-window facts computed from revisions Arena already holds, with the same meaning as
:meth:`WikiClient.size_at` and :meth:`WikiClient.user_window` asked of the wiki one page at a time."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from .facts import Revision


def _second(value: datetime) -> datetime:
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.replace(microsecond=0)


def canonical_user(name: str | None) -> str:
    name = (name or "").replace("_", " ").strip()
    return name[:1].upper() + name[1:]


def size_at(history: list[Revision], at: datetime) -> int:
    """Size of the latest revision at or before ``at`` (0 if none); ``history`` oldest first."""
    at = _second(at)
    size = 0
    for rev in history:
        if rev.timestamp > at:
            break
        size = rev.size or 0
    return size


def user_window(history: list[Revision], user: str, since: datetime, until: datetime) -> dict[str, int]:
    """``user_bytes_added``, ``user_edits``, ``expansion_bytes`` and the sizes at both ends."""
    since, until = _second(since), _second(until)
    start_size = size_at(history, since - timedelta(seconds=1))
    previous, added, edits, who = start_size, 0, 0, canonical_user(user)
    for rev in history:
        if rev.timestamp < since or rev.timestamp > until:
            continue
        size = rev.size or 0
        if rev.user and canonical_user(rev.user) == who:
            edits += 1
            added += max(0, size - previous)
        previous = size
    return {"user_bytes_added": added, "expansion_bytes": previous - start_size, "user_edits": edits,
            "start_size": start_size, "until_size": previous}


def add_contributions(window: dict[str, int], contributions: Iterable[dict], *, after_revision: int,
                      since: datetime, until: datetime, until_size: int) -> dict[str, int]:
    """A window carried forward with the user's contributions newer than ``after_revision``
    (``list=usercontribs`` rows of this page: ``revid``, ``timestamp``, ``sizediff``)."""
    since, until = _second(since), _second(until)
    added, edits = window["user_bytes_added"], window["user_edits"]
    for contribution in contributions:
        when = contribution["timestamp"]
        if contribution["revid"] <= after_revision or when < since or when > until:
            continue
        edits += 1
        added += max(0, int(contribution.get("sizediff", 0)))
    return {"user_bytes_added": added, "user_edits": edits, "start_size": window["start_size"],
            "until_size": until_size, "expansion_bytes": until_size - window["start_size"]}
