"""The contests domain's only door to the wikis: everything goes through ``arena.wiki.service``.

The wiki service (wikis from configuration, cached, batched, behind a circuit breaker) raises
``WikiUnavailable`` when a wiki cannot be reached and ``WikiLinkError`` for a link that is not an
article on a known wiki. Here its facts are turned into the JSON snapshot stored on a submission.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from arena.core.timeutil import ensure_utc, isoformat, utcnow
from arena.wiki import service, windows
from arena.wiki.errors import WikiLinkError, WikiUnavailable
from arena.wiki.facts import BATCH_SIZE, ArticleFacts, parse_timestamp

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


def article_facts(wiki_id: str, titles: list[str], *, refresh: bool = False,
                  remember: bool = True) -> dict[str, ArticleFacts]:
    """Facts keyed by the titles asked for (the service batches them 50 a request and caches them)."""
    return service.article_facts(wiki_id, titles, refresh=refresh, remember=remember)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return isoformat(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def _window_key(contest, submission) -> dict[str, Any]:
    return {"start": isoformat(contest.starts_at), "end": isoformat(contest.ends_at),
            "user": submission.wiki_username}


def _carried(contest, submission, found: ArticleFacts) -> dict[str, Any] | None:
    """The submission's last snapshot when its window can be carried forward: same page, same
    contest dates and account, taken after the contest started."""
    previous = submission.snapshot or {}
    window = previous.get("window")
    if not (previous.get("exists") and window and previous.get("latest_revision") and found.latest_revision):
        return None
    if {k: window.get(k) for k in ("start", "end", "user")} != _window_key(contest, submission):
        return None
    fetched_at = previous.get("fetched_at")
    if previous.get("page_id") != found.page_id or not fetched_at or ensure_utc(datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))) < contest.starts_at:
        return None
    return previous


def _plan(contest, submission, found: ArticleFacts, until: datetime, incremental: bool) -> tuple[str, Any]:
    """How to get one entry's window: ``history`` (read it), ``same`` (nothing changed), ``newer``
    (add the account's edits since the last revision seen, listed for many pages at once)."""
    previous = _carried(contest, submission, found) if incremental else None
    if previous is None:
        return "history", None
    last = previous["latest_revision"]
    if last["id"] == found.latest_revision.id or parse_timestamp(last["timestamp"]) > until:
        return "same", previous
    if found.latest_revision.timestamp > until:
        return "history", None  # edited across the end of the contest: the size at the end is read once
    return "newer", previous


def build_snapshot(contest, submission, facts: ArticleFacts, window: dict[str, Any] | None = None,
                   submitter: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON snapshot of one article for one submission.

    Besides the article's facts: its size when the contest started (``size_at_start``), the bytes it
    grew during the contest (``expansion_bytes``), the bytes the submitter's wiki account added in
    that window (``user_bytes_added``, ``user_edits``) and that account (``submitter``). ``window``
    (sizes and the account's edits, from :mod:`arena.wiki.windows`) and ``submitter`` are read
    from the wiki when not given.
    """
    snapshot: dict[str, Any] = facts.to_dict()
    snapshot["fetched_at"] = isoformat(utcnow())
    if not facts.exists:
        return snapshot
    title = facts.title
    snapshot["namespace"] = 0 if in_main_namespace(submission.wiki_id, title) else title.split(":", 1)[0]
    if window is None:
        history = facts.history or service.histories(submission.wiki_id, [title])[title]
        window = _window_from_history(contest, submission, history)
    snapshot["size_at_start"] = window["size_at_start"]
    snapshot["expansion_bytes"] = max(0, facts.size - snapshot["size_at_start"])
    snapshot["user_bytes_added"] = snapshot["user_edits"] = None
    snapshot["window"] = {**_window_key(contest, submission), "start_size": window["start_size"],
                          "until_size": window["until_size"]}
    if submission.wiki_username:
        snapshot["user_bytes_added"] = window["user_bytes_added"]
        snapshot["user_edits"] = window["user_edits"]
        snapshot["expansion_bytes"] = window["expansion_bytes"]
        if submitter is None:
            submitter = service.users_info(submission.wiki_id, [submission.wiki_username])[submission.wiki_username]
        snapshot["submitter"] = {"username": submission.wiki_username, **_jsonable(submitter)}
    return snapshot


def _window_from_history(contest, submission, history) -> dict[str, Any]:
    until = min(utcnow(), contest.ends_at)
    window = windows.user_window(history, submission.wiki_username or "", contest.starts_at, until)
    return {**window, "size_at_start": windows.size_at(history, contest.starts_at)}


def _carried_window(previous: dict[str, Any]) -> dict[str, Any]:
    return {"size_at_start": previous["size_at_start"], "start_size": previous["window"]["start_size"],
            "until_size": previous["window"]["until_size"], "user_bytes_added": previous.get("user_bytes_added") or 0,
            "user_edits": previous.get("user_edits") or 0,
            "expansion_bytes": previous["window"]["until_size"] - previous["window"]["start_size"]}


def _wiki_windows(contest, wiki_id: str, subs: list, found: dict[int, ArticleFacts],
                  incremental: bool) -> dict[int, dict[str, Any]]:
    """Windows of one wiki's entries: carried forward, brought up to date with one batched list of
    the submitters' edits, or read from histories (pages seen for the first time)."""
    until = min(utcnow(), contest.ends_at)
    plans = {s.id: _plan(contest, s, found[s.id], until, incremental) for s in subs if found[s.id].exists}
    unread = [found[i].title for i, (how, _) in plans.items() if how == "history" and found[i].history is None]
    histories = service.histories(wiki_id, unread) if unread else {}
    newer = [s for s in subs if plans.get(s.id, ("",))[0] == "newer" and s.wiki_username]
    contributions: list[dict[str, Any]] = []
    if newer:
        since = max(contest.starts_at, min(parse_timestamp(plans[s.id][1]["latest_revision"]["timestamp"])
                                           for s in newer))
        contributions = service.contributions(wiki_id, [s.wiki_username for s in newer], since, until)
    out: dict[int, dict[str, Any]] = {}
    for sub in subs:
        if sub.id not in plans:
            continue
        how, previous = plans[sub.id]
        item = found[sub.id]
        if how == "history":
            out[sub.id] = _window_from_history(contest, sub, item.history or histories[item.title])
            continue
        window = _carried_window(previous)
        if how == "newer":
            who = windows.canonical_user(sub.wiki_username)
            mine = [c for c in contributions if c.get("pageid") == item.page_id and windows.canonical_user(c["user"]) == who]
            window = {**window, **windows.add_contributions(
                window, mine, after_revision=previous["latest_revision"]["id"], since=contest.starts_at,
                until=until, until_size=item.latest_revision.size or 0)}
        out[sub.id] = window
    return out


def snapshots_for(contest, submissions: list, *, refresh: bool = False,
                  known: dict[int, ArticleFacts] | None = None, incremental: bool = True) -> dict[int, dict[str, Any]]:
    """Snapshots for several submissions of one contest, everything asked of each wiki in batches:
    article facts 50 a request, the submitters' accounts 50 a request, and for pages that changed
    since the last snapshot the submitters' newer edits 50 accounts a request. A page is read one
    request at a time only the first time Arena sees it (its creator and history).

    ``known`` gives facts already fetched for some submissions (by submission id);
    ``incremental=False`` uses nothing remembered (a fresh fetch, for checking the incremental one).
    """
    known = known or {}
    by_wiki: dict[str, list] = {}
    for sub in submissions:
        by_wiki.setdefault(sub.wiki_id, []).append(sub)
    out: dict[int, dict[str, Any]] = {}
    for wiki_id, subs in by_wiki.items():
        need = [s.title for s in subs if s.id not in known]
        fetched = article_facts(wiki_id, need, refresh=refresh, remember=incremental) if need else {}
        found = {s.id: known.get(s.id) or fetched.get(s.title)
                 or ArticleFacts(title=s.title, requested_title=s.title, exists=False) for s in subs}
        found_windows = _wiki_windows(contest, wiki_id, subs, found, incremental)
        names = [s.wiki_username for s in subs if s.wiki_username and found[s.id].exists]
        accounts = service.users_info(wiki_id, names, refresh=refresh) if names else {}
        for sub in subs:
            out[sub.id] = build_snapshot(contest, sub, found[sub.id], found_windows.get(sub.id),
                                         accounts.get(sub.wiki_username))
    return out
