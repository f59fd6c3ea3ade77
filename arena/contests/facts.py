"""The contests domain's only door to the wikis: everything goes through ``arena.wiki.service``.

The wiki service (wikis from configuration, cached, batched, behind a circuit breaker) raises
``WikiUnavailable`` when a wiki cannot be reached and ``WikiLinkError`` for a link that is not an
article on a known wiki. Here its facts are turned into the JSON snapshot stored on a submission.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from arena.core.timeutil import isoformat, utcnow
from arena.wiki import service
from arena.wiki.errors import WikiLinkError, WikiUnavailable
from arena.wiki.facts import BATCH_SIZE, ArticleFacts

__all__ = ["BATCH_SIZE", "ArticleFacts", "WikiLinkError", "WikiUnavailable", "article_facts", "build_snapshot",
           "category_members", "in_main_namespace", "example_article_url", "is_known_wiki", "quick", "resolve_article_url", "snapshots_for", "user_info",
           "wikidata_items", "write_back"]


def quick():
    """A block in which the wikis are asked once, briefly, while a person waits (``service.quick``)."""
    return service.quick()


def example_article_url(wiki_id: str) -> str:
    """A link of the shape the wiki's articles have, to show as an example."""
    return f"{service.registry().get(wiki_id).base_url}/wiki/Example"


def resolve_article_url(url: str) -> tuple[str, str]:
    """``(wiki_id, title)`` of an article link; ``WikiLinkError`` with a message otherwise."""
    return service.resolve_article_url(url)


def wikidata_items(wiki_id: str, titles: list[str]) -> dict[str, str | None]:
    """The Wikidata item of each title (None where the wiki has no sitelink for it)."""
    return service.wikidata_items(wiki_id, titles)


def is_known_wiki(wiki_id: str) -> bool:
    """A wiki configured in ``WIKIS`` or any Wikipedia (``enwiki``, ``arwiki`` …)."""
    return wiki_id in service.registry()


def in_main_namespace(wiki_id: str, title: str) -> bool:
    """Whether ``title`` (for example where a redirect leads) is an article, not Help:, Talk: …"""
    try:
        service.registry().check_article_title(wiki_id, title)
    except WikiLinkError:
        return False
    return True


def user_info(wiki_id: str, name: str) -> dict[str, Any]:
    return service.user_info(wiki_id, name)


def category_members(wiki_id: str, category: str, depth: int) -> list[str]:
    return service.category_members(wiki_id, category, depth)


def write_back(wiki_id: str, title: str, **kwargs) -> dict[str, Any]:
    return service.write_back(wiki_id, title, **kwargs)


def article_facts(wiki_id: str, titles: list[str], *, refresh: bool = False) -> dict[str, ArticleFacts]:
    """Facts keyed by the titles asked for (the service batches them 50 a request and caches them)."""
    return service.article_facts(wiki_id, titles, refresh=refresh)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return isoformat(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def build_snapshot(contest, submission, facts: ArticleFacts) -> dict[str, Any]:
    """The JSON snapshot of one article for one submission.

    Besides the article's facts: its size when the contest started (``size_at_start``), the bytes it
    grew during the contest (``expansion_bytes``), the bytes the submitter's wiki account added in
    that window (``user_bytes_added``, ``user_edits``) and that account (``submitter``).
    """
    snapshot: dict[str, Any] = facts.to_dict()
    snapshot["fetched_at"] = isoformat(utcnow())
    if not facts.exists:
        return snapshot
    title = facts.title
    snapshot["namespace"] = 0 if in_main_namespace(submission.wiki_id, title) else title.split(":", 1)[0]
    until = min(utcnow(), contest.ends_at)
    snapshot["size_at_start"] = service.size_at(submission.wiki_id, title, contest.starts_at)
    snapshot["expansion_bytes"] = max(0, facts.size - snapshot["size_at_start"])
    snapshot["user_bytes_added"] = snapshot["user_edits"] = None
    if submission.wiki_username:
        window = service.user_window(submission.wiki_id, title, submission.wiki_username, contest.starts_at, until)
        snapshot["user_bytes_added"] = window["user_bytes_added"]
        snapshot["user_edits"] = window["user_edits"]
        snapshot["expansion_bytes"] = window["expansion_bytes"]
        snapshot["submitter"] = {"username": submission.wiki_username,
                                 **_jsonable(service.user_info(submission.wiki_id, submission.wiki_username))}
    return snapshot


def snapshots_for(contest, submissions: list, *, refresh: bool = False,
                  known: dict[int, ArticleFacts] | None = None) -> dict[int, dict[str, Any]]:
    """Snapshots for several submissions of one contest, article facts fetched in batches per wiki.

    ``known`` gives facts already fetched for some submissions (by submission id).
    """
    known = known or {}
    by_wiki: dict[str, list] = {}
    for sub in submissions:
        if sub.id not in known:
            by_wiki.setdefault(sub.wiki_id, []).append(sub)
    found: dict[int, ArticleFacts] = dict(known)
    for wiki_id, subs in by_wiki.items():
        fetched = article_facts(wiki_id, [s.title for s in subs], refresh=refresh)
        for sub in subs:
            found[sub.id] = fetched.get(sub.title) or ArticleFacts(title=sub.title, requested_title=sub.title,
                                                                   exists=False)
    return {sub.id: build_snapshot(contest, sub, found[sub.id]) for sub in submissions}
