"""The contests domain's only door to the wikis: everything goes through ``arena.wiki.service``.

The wiki service (cached, behind a circuit breaker, wikis from configuration) raises
``WikiUnavailable`` when a wiki cannot be reached and ``WikiLinkError`` for a link it cannot
resolve. Here facts are turned into the JSON snapshot stored on a submission.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from arena.core.timeutil import isoformat, utcnow

try:  # the wiki domain provides these; until it is installed every wiki call is "unavailable"
    from arena.wiki import service as _service
    from arena.wiki.service import WikiLinkError, WikiUnavailable
except ImportError:  # pragma: no cover - exercised only on a tree without the wiki domain
    _service = None

    class WikiUnavailable(Exception):  # type: ignore[no-redef]
        """A wiki could not be reached (or the wiki service is not installed)."""

    class WikiLinkError(Exception):  # type: ignore[no-redef]
        """A link that does not name an article on a configured wiki."""

BATCH_SIZE = 50


def _svc():
    if _service is None:
        raise WikiUnavailable("The wiki service is not installed.")
    return _service


def resolve_article_url(url: str) -> tuple[str, str]:
    """``(wiki_id, title)`` of an article link; ``WikiLinkError`` with a message otherwise."""
    if _service is None:
        return _parse_wikipedia_url(url)
    return _service.resolve_article_url(url)


def _parse_wikipedia_url(url: str) -> tuple[str, str]:
    """Stand-in used only while the wiki domain is not installed: Wikipedia links, no network."""
    import re
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit((url or "").strip())
    match = re.fullmatch(r"([a-z][a-z-]{1,11})(?:\.m)?\.wikipedia\.org", parts.hostname or "")
    if parts.scheme not in ("http", "https") or not match:
        raise WikiLinkError("This is not a link to a Wikipedia article.")
    title = ""
    if parts.path.startswith("/wiki/"):
        title = unquote(parts.path[len("/wiki/"):])
    elif parts.path in ("/w/index.php", "/index.php"):
        title = (parse_qs(parts.query).get("title") or [""])[0]
    title = title.replace("_", " ").strip()
    if not title:
        raise WikiLinkError("The link does not name an article.")
    return match.group(1).replace("-", "_") + "wiki", title[:1].upper() + title[1:]


def user_info(wiki_id: str, name: str) -> dict[str, Any]:
    return _svc().user_info(wiki_id, name)


def category_members(wiki_id: str, category: str, depth: int) -> list[str]:
    return _svc().category_members(wiki_id, category, depth)


def write_back(wiki_id: str, title: str, **kwargs) -> dict[str, Any]:
    return _svc().write_back(wiki_id, title, **kwargs)


def article_facts(wiki_id: str, titles: list[str], *, refresh: bool = False) -> dict[str, Any]:
    """Facts for many titles, ``BATCH_SIZE`` titles a call."""
    out: dict[str, Any] = {}
    for start in range(0, len(titles), BATCH_SIZE):
        out.update(_svc().article_facts(wiki_id, titles[start:start + BATCH_SIZE], refresh=refresh))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return isoformat(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def build_snapshot(contest, submission, facts) -> dict[str, Any]:
    """The JSON snapshot of one article for one submission (``facts`` from :func:`article_facts`)."""
    data = facts.to_dict() if hasattr(facts, "to_dict") else dict(facts or {})
    snapshot: dict[str, Any] = _jsonable(data)
    snapshot["fetched_at"] = isoformat(utcnow())
    if not snapshot.get("exists", True):
        return snapshot
    svc = _svc()
    title = snapshot.get("title") or submission.title
    until = min(utcnow(), contest.ends_at)
    snapshot["size_at_start"] = svc.size_at(submission.wiki_id, title, contest.starts_at)
    size = snapshot.get("size") or 0
    snapshot["expansion_bytes"] = max(0, size - (snapshot["size_at_start"] or 0))
    snapshot["user_bytes_added"] = None
    if submission.wiki_username:
        window = svc.user_window(submission.wiki_id, title, submission.wiki_username, contest.starts_at, until)
        snapshot["user_bytes_added"] = window.get("user_bytes_added")
        if window.get("expansion_bytes") is not None:
            snapshot["expansion_bytes"] = window["expansion_bytes"]
        snapshot["submitter"] = {"username": submission.wiki_username,
                                 **_jsonable(svc.user_info(submission.wiki_id, submission.wiki_username))}
    return snapshot


def snapshots_for(contest, submissions: list, *, refresh: bool = False) -> dict[int, dict[str, Any]]:
    """Snapshots for several submissions of one contest, article facts fetched in batches per wiki."""
    by_wiki: dict[str, list] = {}
    for sub in submissions:
        by_wiki.setdefault(sub.wiki_id, []).append(sub)
    out: dict[int, dict[str, Any]] = {}
    for wiki_id, subs in by_wiki.items():
        facts = article_facts(wiki_id, [s.title for s in subs], refresh=refresh)
        for sub in subs:
            found = facts.get(sub.title)
            if found is None:
                found = next((f for t, f in facts.items() if _title_of(f) == sub.title), None)
            out[sub.id] = build_snapshot(contest, sub, found if found is not None else {"exists": False,
                                                                                       "title": sub.title})
    return out


def _title_of(facts) -> str | None:
    return getattr(facts, "title", None) if not isinstance(facts, dict) else facts.get("title")
