"""App-level access to wikis: the calls other domains make.

Wikis come from ``WIKIS`` (``ARENA_WIKIS``: JSON mapping a wiki id to its ``api.php`` URL or to
``{"api": ..., "language": ..., "infobox_prefix": ...}``); every Wikipedia is known without it.
Each wiki gets one :class:`WikiClient` per app, behind a circuit breaker whose state lives in Redis
when ``REDIS_URL`` is set (shared by every process) and in memory otherwise. Facts are cached in the
app cache (Redis when configured) for ``WIKI_FACTS_TTL`` seconds; ``refresh=True`` bypasses it.

Every call raises :class:`WikiUnavailable` when the wiki cannot be reached (or its breaker is open),
so callers can store work as "awaiting check" and retry; :class:`WikiLinkError` for a link that
is not an article on a known wiki.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Iterable

import pybreaker
from flask import current_app

from arena.core import signals
from arena.extensions import cache
from arena.wiki.client import WikiClient
from arena.wiki.errors import WikiLinkError, WikiUnavailable
from arena.wiki.facts import ArticleFacts, Revision
from arena.wiki.registry import WikiRegistry
from arena.wiki.site import NetworkPolicy
from arena.wiki.writeback import BotPassword, OAuth2Token

__all__ = [
    "WikiLinkError", "WikiUnavailable", "registry", "client", "resolve_article_url", "article_facts",
    "size_at", "user_window", "user_info", "users_info", "histories", "contributions", "rendered_html",
    "category_members", "write_back", "breaker_states", "quick", "wikidata_items",
]

log = logging.getLogger("arena.wiki")


def _state() -> dict:
    return current_app.extensions.setdefault("arena_wikis", {"clients": {}, "breakers": {}, "registry": None})


def registry() -> WikiRegistry:
    state = _state()
    if state["registry"] is None:
        configured = current_app.config["WIKIS"]
        if isinstance(configured, str):
            state["registry"] = WikiRegistry.from_json(configured)
        else:
            state["registry"] = WikiRegistry(configured)
    return state["registry"]


def _breaker(wiki_id: str) -> pybreaker.CircuitBreaker:
    breakers = _state()["breakers"]
    if wiki_id not in breakers:
        cfg = current_app.config
        storage = None
        if cfg.get("REDIS_URL"):
            try:
                import redis

                conn = redis.from_url(cfg["REDIS_URL"], socket_timeout=cfg["REDIS_SOCKET_TIMEOUT"],
                                      socket_connect_timeout=cfg["REDIS_SOCKET_TIMEOUT"])
                storage = pybreaker.CircuitRedisStorage(
                    pybreaker.STATE_CLOSED, conn, namespace=f"arena:breaker:{wiki_id}")
            except Exception as exc:  # Redis away at first use: this process keeps its own state
                log.warning("breaker state for %s kept in memory (Redis unavailable: %s)", wiki_id, exc)
        breakers[wiki_id] = pybreaker.CircuitBreaker(
            fail_max=cfg["WIKI_BREAKER_FAIL_MAX"],
            reset_timeout=cfg["WIKI_BREAKER_RESET_SECONDS"],
            state_storage=storage, name=wiki_id, listeners=[BreakerOpened()],
        )
    return breakers[wiki_id]


class BreakerOpened(pybreaker.CircuitBreakerListener):
    """Announces ``wiki_breaker_opened`` when a wiki's breaker opens (in the process that opened it,
    or that first noticed it open in the shared state); the receivers tell the administrators."""

    def state_change(self, cb, old_state, new_state) -> None:
        if new_state.name != pybreaker.STATE_OPEN or getattr(old_state, "name", None) == pybreaker.STATE_OPEN:
            return
        try:
            failures = cb.fail_counter
        except Exception:  # noqa: BLE001 - the shared state may be unreadable (Redis away)
            failures = 0
        try:
            signals.wiki_breaker_opened.send(cb.name, failures=int(failures or 0))
        except Exception:  # a receiver's failure must not change how the wiki call fails
            log.exception("the receivers of wiki_breaker_opened failed for %s", cb.name)


#: the moment (``time.monotonic()``) after which no wiki request is started, inside :func:`quick`
_quick_deadline: ContextVar[float | None] = ContextVar("arena_wiki_quick_deadline", default=None)


@contextmanager
def quick():
    """Ask the wikis while a person waits: inside this block every request is tried once (no retry
    ladder) with a ``WIKI_QUICK_TIMEOUT`` timeout, and once ``WIKI_QUICK_BUDGET`` seconds have passed
    no new request starts (:class:`WikiUnavailable`), so the caller answers at once and queues the rest."""
    budget = current_app.config["WIKI_QUICK_BUDGET"]
    token = _quick_deadline.set(time.monotonic() + budget)
    try:
        yield
    finally:
        _quick_deadline.reset(token)


def client(wiki_id: str) -> WikiClient:
    deadline = _quick_deadline.get()
    if deadline is not None and time.monotonic() >= deadline:
        raise WikiUnavailable(f"{wiki_id}: no time left to ask the wiki now; it is asked again in the background")
    key = wiki_id if deadline is None else (wiki_id, "quick")
    clients = _state()["clients"]
    if key not in clients:
        cfg = current_app.config
        if deadline is None:
            policy = NetworkPolicy(
                timeout=cfg["WIKI_TIMEOUT"], max_retries=cfg["WIKI_MAX_RETRIES"],
                backoff=cfg["WIKI_BACKOFF"], max_backoff=cfg["WIKI_MAX_BACKOFF"],
                maxlag=cfg["WIKI_MAXLAG"],
            )
        else:
            policy = NetworkPolicy(timeout=cfg["WIKI_QUICK_TIMEOUT"], max_retries=0,
                                   maxlag=cfg["WIKI_MAXLAG"])
        clients[key] = WikiClient.for_wiki(
            registry(), wiki_id, policy=policy, contact=cfg["WIKI_CONTACT"], breaker=_breaker(wiki_id))
    return clients[key]


def resolve_article_url(url: str) -> tuple[str, str]:
    """``(wiki_id, title)`` for any article link a person pastes; redirects are followed by the
    facts (``ArticleFacts.title``)."""
    return registry().resolve_url((url or "").strip())


def _key(kind: str, wiki_id: str, *parts: Any) -> str:
    return "wiki:" + ":".join([kind, wiki_id, *[str(p) for p in parts]])


def article_facts(wiki_id: str, titles: Iterable[str], *, refresh: bool = False,
                  remember: bool = True) -> dict[str, ArticleFacts]:
    """Facts for many titles at once (batched 50 a request), served from the cache when fresh.

    Each page's first revision (creator, creation time) is read from the wiki once and remembered
    (``wiki_pages``); ``remember=False`` neither reads nor writes what was remembered (a fresh,
    uncached fetch). Facts of pages read for the first time carry the page's ``history``.
    """
    titles = list(dict.fromkeys(titles))
    found: dict[str, ArticleFacts] = {}
    if not refresh:
        cached = cache.get_many(*[_key("article", wiki_id, t) for t in titles]) if titles else []
        found = {t: f for t, f in zip(titles, cached) if f is not None}
    missing = [t for t in titles if t not in found]
    if missing:
        from arena.wiki import pages

        known = (lambda ids: pages.known_first_revisions(wiki_id, ids)) if remember else None
        fetched = client(wiki_id).article_facts(missing, known_first=known)
        if remember:
            pages.remember_first_revisions(wiki_id, {
                f.page_id: f.history[0] for f in fetched.values() if f.history and f.page_id})
        ttl = current_app.config["WIKI_FACTS_TTL"]
        cache.set_many({_key("article", wiki_id, t): dataclasses.replace(f, history=None)
                        for t, f in fetched.items()}, timeout=ttl)
        found.update(fetched)
    return {t: found[t] for t in titles if t in found}


def histories(wiki_id: str, titles: Iterable[str]) -> dict[str, list[Revision]]:
    """Whole histories, oldest first (one request per page and per 500 revisions)."""
    return client(wiki_id).histories(titles)


def contributions(wiki_id: str, users: Iterable[str], since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Main-namespace edits of these accounts in a window, 50 accounts a request."""
    return client(wiki_id).contributions(users, since, until)


def wikidata_items(wiki_id: str, titles: Iterable[str]) -> dict[str, str | None]:
    """Wikidata items of many titles (batched, cached like the facts)."""
    titles = list(dict.fromkeys(titles))
    cached = cache.get_many(*[_key("wikidata", wiki_id, t) for t in titles]) if titles else []
    found = {t: v for t, v in zip(titles, cached) if v is not None}
    missing = [t for t in titles if t not in found]
    if missing:
        fetched = {t: (v or "") for t, v in client(wiki_id).wikidata_items(missing).items()}
        cache.set_many({_key("wikidata", wiki_id, t): v for t, v in fetched.items()},
                       timeout=current_app.config["WIKI_FACTS_TTL"])
        found.update(fetched)
    return {t: (found.get(t) or None) for t in titles}


def size_at(wiki_id: str, title: str, at: datetime) -> int:
    return client(wiki_id).size_at(title, at)


def user_window(wiki_id: str, title: str, user: str, since: datetime, until: datetime) -> dict[str, int]:
    return client(wiki_id).user_window(title, user, since, until)


def users_info(wiki_id: str, names: Iterable[str], *, refresh: bool = False) -> dict[str, dict[str, Any]]:
    """:func:`user_info` for many accounts: cached ones from the cache, the rest 50 a request."""
    names = list(dict.fromkeys(n for n in names if n))
    found: dict[str, dict[str, Any]] = {}
    if not refresh and names:
        cached = cache.get_many(*[_key("user", wiki_id, n) for n in names])
        found = {n: info for n, info in zip(names, cached) if info is not None}
    missing = [n for n in names if n not in found]
    if missing:
        fetched = client(wiki_id).users_info(missing)
        cache.set_many({_key("user", wiki_id, n): info for n, info in fetched.items()},
                       timeout=current_app.config["WIKI_FACTS_TTL"])
        found.update(fetched)
    return found


def user_info(wiki_id: str, name: str) -> dict[str, Any]:
    key = _key("user", wiki_id, name)
    info = cache.get(key)
    if info is None:
        info = client(wiki_id).user_info(name)
        cache.set(key, info, timeout=current_app.config["WIKI_FACTS_TTL"])
    return info


def rendered_html(wiki_id: str, title: str, *, refresh: bool = False) -> str:
    """The article's rendered HTML, sanitised for jurors."""
    key = _key("html", wiki_id, title)
    html = None if refresh else cache.get(key)
    if html is None:
        html = client(wiki_id).rendered_html(title)
        cache.set(key, html, timeout=current_app.config["WIKI_FACTS_TTL"])
    return html


def category_members(wiki_id: str, category: str, depth: int = 0) -> list[str]:
    return client(wiki_id).category_members(category, depth)


def _auth_for(wiki_id: str, user) -> BotPassword | OAuth2Token | None:
    if user is not None:
        from arena.wiki.accounts import editing_token

        token = editing_token(user.id)
        if token:
            return OAuth2Token(token)
    bots = current_app.config["WIKI_BOT_PASSWORDS"]
    creds = bots.get(wiki_id)
    if creds:
        return BotPassword(creds["username"], creds["password"])
    return None


def write_back(wiki_id: str, title: str, *, template: str | None = None, talk: bool = False,
               categories: Iterable[str] = (), summary: str, user=None) -> dict[str, Any]:
    """Add ``template`` (to the article or its talk page) and ``categories`` to a page.

    Uses the user's Wikimedia credentials when they signed in with Wikimedia, else the bot
    password configured for the wiki (``WIKI_BOT_PASSWORDS``). Returns one outcome per edit as
    strings (``edited``, ``skipped_already_present``, ``failed: reason``); raises
    :class:`WikiUnavailable` when the wiki cannot be reached, so the caller can retry later.
    """
    auth = _auth_for(wiki_id, user)
    if auth is None:
        return {"template": "failed: no editing credentials for this wiki" if template else None,
                "categories": "failed: no editing credentials for this wiki" if categories else None,
                "as": None}
    wiki_client = client(wiki_id)
    outcome: dict[str, Any] = {"as": "user" if isinstance(auth, OAuth2Token) else "bot",
                               "template": None, "categories": None}
    if template:
        outcome["template"] = str(wiki_client.add_template(title, template, talk=talk, summary=summary, auth=auth))
    categories = [c for c in categories if c]
    if categories:
        outcome["categories"] = str(wiki_client.add_categories(title, categories, summary=summary, auth=auth))
    return outcome


def breaker_states() -> dict[str, dict[str, Any]]:
    """Each configured (or used) wiki's breaker state, for ``/status``."""
    ids = {info.wiki_id for info in registry().configured} | set(_state()["breakers"])
    states = {}
    for wiki_id in sorted(ids):
        breaker = _breaker(wiki_id)
        try:
            states[wiki_id] = {"breaker": breaker.current_state, "failures": breaker.fail_counter}
        except Exception as exc:  # noqa: BLE001 - shared storage unreachable
            log.warning("breaker state of %s unreadable: %s", wiki_id, exc)
            states[wiki_id] = {"breaker": "unknown"}
    return states
