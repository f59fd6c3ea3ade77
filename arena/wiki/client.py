"""Reading from one wiki through mwclient.

``WikiClient`` is cheap to create; the underlying ``mwclient.Site`` is made
on first use, so creating a client never touches the network.  Every
network failure surfaces as :class:`~arena.wiki.errors.WikiUnavailable`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pybreaker

from . import facts as _facts
from .errors import WikiApiError
from .facts import ArticleFacts, Revision, iso, parse_timestamp
from .html import sanitize_html
from .registry import WikiInfo, WikiRegistry
from .site import ArenaSite, NetworkPolicy, user_agent
from .writeback import EditOutcome, WikiAuth, add_categories, add_template

_GET_LIMIT = 3000  # longer query strings go by POST


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _canonical_user(name: str) -> str:
    name = name.replace("_", " ").strip()
    return name[:1].upper() + name[1:]


def _user_entry(user: dict, name: str) -> dict[str, Any]:
    if user.get("missing") or user.get("invalid"):
        return {"exists": False, "name": user.get("name", name), "edit_count": 0, "registered_at": None}
    return {
        "exists": True,
        "name": user["name"],
        "edit_count": int(user.get("editcount", 0)),
        "registered_at": parse_timestamp(user.get("registration")),
    }


class WikiClient:
    """Read (and write back to) one wiki.

    :param wiki: a :class:`WikiInfo` or an API URL.
    :param policy: timeouts/retries (:class:`NetworkPolicy`).
    :param contact: contact put in the User-Agent (URL or e-mail).
    :param breaker: optional ``pybreaker.CircuitBreaker`` shared by all
        requests to this wiki; when open, calls fail at once with
        ``WikiUnavailable``.
    :param revisions_per_request: ``rvlimit`` used when listing histories.
    """

    def __init__(
        self,
        wiki: WikiInfo | str,
        *,
        policy: NetworkPolicy | None = None,
        contact: str | None = None,
        breaker: pybreaker.CircuitBreaker | None = None,
        revisions_per_request: int = 500,
    ):
        self.wiki = wiki if isinstance(wiki, WikiInfo) else WikiInfo("wiki", wiki)
        self.policy = policy or NetworkPolicy()
        self.user_agent = user_agent(contact)
        self.breaker = breaker
        self.revisions_per_request = revisions_per_request
        self.request_count = 0
        self.request_listeners: list[Callable[[str, dict], None]] = []
        self._site: ArenaSite | None = None
        self._siteinfo: dict | None = None

    @classmethod
    def for_wiki(cls, registry: WikiRegistry, wiki_id: str, **kwargs) -> "WikiClient":
        return cls(registry.get(wiki_id), **kwargs)

    # Plumbing ---------------------------------------------------------------
    def _observe(self, method: str, data: dict) -> None:
        self.request_count += 1
        for listener in self.request_listeners:
            listener(method, data)

    def make_site(self, headers: dict[str, str] | None = None) -> ArenaSite:
        """A fresh mwclient site with this client's policy (own cookies/session)."""
        return ArenaSite(
            self.wiki.api_url, policy=self.policy, agent=self.user_agent,
            breaker=self.breaker, on_request=self._observe, headers=headers,
        )

    @property
    def site(self) -> ArenaSite:
        if self._site is None:
            self._site = self.make_site()
        return self._site

    def query(self, site: ArenaSite | None = None, **params: Any) -> dict:
        """One ``action=query`` request; returns the whole response."""
        site = site or self.site
        params.setdefault("formatversion", 2)
        if len(urlencode(params)) > _GET_LIMIT:
            return site.post("query", **params)
        return site.get("query", **params)

    def query_all(self, **params: Any) -> tuple[dict, dict[str, dict]]:
        """Follow continuation; returns (first response's query, pages by title)."""
        pages: dict[str, dict] = {}
        first: dict | None = None
        cont: dict = {}
        while True:
            response = self.query(**params, **cont)
            query = response.get("query", {})
            if first is None:
                first = query
            _facts.merge_pages(pages, query.get("pages", []))
            if "continue" not in response:
                return first or {}, pages
            cont = dict(response["continue"])

    def siteinfo(self) -> dict:
        if self._siteinfo is None:
            response = self.query(meta="siteinfo", siprop="general|namespaces|namespacealiases")
            self._siteinfo = response["query"]
        return self._siteinfo

    @property
    def language(self) -> str:
        return self.wiki.language or self.siteinfo()["general"].get("lang", "en")

    @property
    def infobox_prefix(self) -> str:
        if self.wiki.infobox_prefix or self.wiki.language:
            return self.wiki.infobox_prefix_for()
        return self.wiki.infobox_prefix_for(self.language)

    def namespace_names(self, ns: int | None = None) -> list[str]:
        """Local, canonical and alias names of namespace ``ns`` (all but 0 if None)."""
        info = self.siteinfo()
        names: list[str] = []
        for entry in info["namespaces"].values():
            if entry["id"] != 0 and (ns is None or entry["id"] == ns):
                names += [entry.get("name", ""), entry.get("canonical", "")]
        names += [a["alias"] for a in info.get("namespacealiases", []) if a["id"] != 0 and (ns is None or a["id"] == ns)]
        return [n for n in dict.fromkeys(names) if n]

    # Articles ---------------------------------------------------------------
    def article_facts(
        self, titles: Iterable[str], *,
        known_first: Callable[[list[int]], dict[int, Revision]] | None = None,
    ) -> dict[str, ArticleFacts]:
        """Facts for each title, keyed by the title as given.

        Titles are queried 50 at a time; the word count comes from the wikitext in that answer.
        The creator and creation time come from ``known_first`` (page id -> first revision, what
        was remembered) or else from the page's history, read with one request per page (plus
        continuations) and left on ``ArticleFacts.history``.
        """
        asked = list(dict.fromkeys(t for t in titles if t and t.strip()))
        result: dict[str, ArticleFacts] = {}
        prefix = self.infobox_prefix
        for start in range(0, len(asked), _facts.BATCH_SIZE):
            batch = asked[start:start + _facts.BATCH_SIZE]
            query, pages = self.query_all(**_facts.core_query_params(batch))
            mapping = _facts.title_mapping(query)
            for title in batch:
                final, redirected_from = mapping.get(title, (title, None))
                result[title] = _facts.build_facts(title, final, redirected_from, pages.get(final), prefix)
        existing = {item.page_id: item for item in result.values() if item.exists and item.page_id}
        first = known_first(list(existing)) if known_first and existing else {}
        histories = {page_id: self.history(item.title) for page_id, item in existing.items() if page_id not in first}
        for item in result.values():
            if not item.exists or not item.page_id:
                continue
            history = histories.get(item.page_id)
            if history is not None:
                item.history = history
            _facts.apply_first_revision(item, history[0] if history else first.get(item.page_id))
        return result

    def history(self, title: str) -> list[Revision]:
        """Every revision of ``title``, oldest first: one request per 500 revisions."""
        return self.revisions(title)

    def histories(self, titles: Iterable[str]) -> dict[str, list[Revision]]:
        """Histories of several pages (MediaWiki lists one page's revisions a request)."""
        return {title: self.history(title) for title in dict.fromkeys(titles)}

    def contributions(self, users: Iterable[str], since: datetime, until: datetime) -> list[dict[str, Any]]:
        """Main-namespace edits of ``users`` in ``[since, until]``, 50 users a request (plus
        continuations): ``user``, ``pageid``, ``revid``, ``timestamp``, ``size``, ``sizediff``."""
        names = sorted({_canonical_user(u) for u in users if u and u.strip()})
        out: list[dict[str, Any]] = []
        for start in range(0, len(names), _facts.BATCH_SIZE):
            params = {"list": "usercontribs", "ucuser": "|".join(names[start:start + _facts.BATCH_SIZE]),
                      "ucnamespace": 0, "ucdir": "newer", "ucstart": iso(_utc(since)), "ucend": iso(_utc(until)),
                      "uclimit": "max", "ucprop": "ids|title|timestamp|size|sizediff"}
            cont: dict = {}
            while True:
                response = self.query(**params, **cont)
                for row in response.get("query", {}).get("usercontribs", []):
                    out.append({**row, "timestamp": parse_timestamp(row["timestamp"])})
                if "continue" not in response:
                    break
                cont = dict(response["continue"])
        return out

    def users_info(self, names: Iterable[str]) -> dict[str, dict[str, Any]]:
        """:meth:`user_info` for many accounts, 50 a request, keyed by the names as given."""
        asked = list(dict.fromkeys(n for n in names if n and n.strip()))
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(asked), _facts.BATCH_SIZE):
            batch = asked[start:start + _facts.BATCH_SIZE]
            response = self.query(list="users", ususers="|".join(batch), usprop="editcount|registration")
            by_name = {u.get("name"): u for u in response["query"]["users"]}
            for name in batch:
                out[name] = _user_entry(by_name.get(_canonical_user(name)) or {"name": name, "missing": True}, name)
        return out

    def wikidata_items(self, titles: Iterable[str]) -> dict[str, str | None]:
        """The Wikidata item (``Q…``) each title's page is linked to through its sitelink, or None
        (a wiki without Wikibase answers None for every title). 50 titles a request; redirects followed."""
        asked = list(dict.fromkeys(t for t in titles if t and t.strip()))
        result: dict[str, str | None] = {}
        for start in range(0, len(asked), _facts.BATCH_SIZE):
            batch = asked[start:start + _facts.BATCH_SIZE]
            query, pages = self.query_all(titles="|".join(batch), prop="pageprops", ppprop="wikibase_item",
                                          redirects=1)
            mapping = _facts.title_mapping(query)
            for title in batch:
                final = mapping.get(title, (title, None))[0]
                result[title] = ((pages.get(final) or {}).get("pageprops") or {}).get("wikibase_item")
        return result


    def title_for_page_id(self, page_id: int) -> str | None:
        """Title of the page with this id (for ``?curid=`` links), None if missing."""
        page = self.query(pageids=page_id)["query"]["pages"][0]
        return None if page.get("missing") else page["title"]

    # History ------------------------------------------------------------------
    def revisions(self, title: str, since: datetime | None = None, until: datetime | None = None) -> list[Revision]:
        """Revisions of ``title`` with ``since <= timestamp <= until``, oldest first."""
        params: dict[str, Any] = {
            "titles": title, "prop": "revisions", "rvdir": "newer",
            "rvprop": "ids|timestamp|user|size", "rvlimit": self.revisions_per_request,
        }
        if since is not None:
            params["rvstart"] = iso(_utc(since))
        if until is not None:
            params["rvend"] = iso(_utc(until))
        out: list[Revision] = []
        cont: dict = {}
        while True:
            response = self.query(**params, **cont)
            for page in response["query"]["pages"]:
                for rev in page.get("revisions", []):
                    out.append(Revision(rev["revid"], parse_timestamp(rev["timestamp"]), rev.get("user"), rev.get("size")))
            if "continue" not in response:
                return out
            cont = dict(response["continue"])

    def size_at(self, title: str, at: datetime) -> int:
        """Size in bytes of the latest revision at or before ``at`` (0 if none)."""
        response = self.query(
            titles=title, prop="revisions", rvdir="older", rvlimit=1,
            rvstart=iso(_utc(at)), rvprop="size|timestamp",
        )
        page = response["query"]["pages"][0]
        revisions = page.get("revisions") or []
        return int(revisions[0].get("size", 0)) if revisions else 0

    def user_window(self, title: str, user: str, since: datetime, until: datetime) -> dict[str, int]:
        """Bytes ``user`` added to ``title`` in ``[since, until]``.

        ``user_bytes_added``: sum of the positive size changes of that user's
        revisions in the window (each compared with the revision before it);
        ``expansion_bytes``: size at ``until`` minus size just before ``since``.
        """
        since, until = _utc(since), _utc(until)
        start_size = self.size_at(title, since - timedelta(seconds=1))
        previous = start_size
        added = edits = 0
        who = _canonical_user(user)
        for rev in self.revisions(title, since, until):
            size = rev.size or 0
            if rev.user and _canonical_user(rev.user) == who:
                edits += 1
                added += max(0, size - previous)
            previous = size
        return {"user_bytes_added": added, "expansion_bytes": previous - start_size, "user_edits": edits}

    # Users --------------------------------------------------------------------
    def user_info(self, name: str) -> dict[str, Any]:
        """``{exists, name, edit_count, registered_at}`` for an account."""
        response = self.query(list="users", ususers=name, usprop="editcount|registration")
        return _user_entry(response["query"]["users"][0], name)

    # Content --------------------------------------------------------------------
    def rendered_html(self, title: str) -> str:
        """The article's current HTML, sanitised for display inside Arena."""
        try:
            response = self.site.get(
                "parse", page=title, prop="text", redirects=1, disableeditsection=1,
                disablelimitreport=1, disabletoc=1, formatversion=2,
            )
        except WikiApiError as exc:
            if exc.code == "missingtitle":
                return ""
            raise
        return sanitize_html(response["parse"]["text"], base_url=self.wiki.base_url)

    def category_members(self, category: str, depth: int = 0) -> list[str]:
        """Main-namespace pages in ``category`` and, up to ``depth`` levels
        down, its subcategories.  Category loops are visited once."""
        local = self.namespace_names(14)
        name = category.strip().replace("_", " ")
        if ":" in name and name.split(":", 1)[0].strip().casefold() in {n.casefold() for n in local}:
            name = name.split(":", 1)[1].strip()
        start = f"{local[0]}:{name[:1].upper()}{name[1:]}"
        seen = {start}
        level = [start]
        pages: dict[str, None] = {}
        for current_depth in range(depth + 1):
            following: list[str] = []
            for cat in level:
                params = {
                    "list": "categorymembers", "cmtitle": cat, "cmlimit": "max",
                    "cmtype": "page|subcat", "cmnamespace": "0|14", "cmprop": "title|ns",
                }
                cont: dict = {}
                while True:
                    response = self.query(**params, **cont)
                    for member in response["query"]["categorymembers"]:
                        if member["ns"] == 0:
                            pages.setdefault(member["title"], None)
                        elif member["ns"] == 14 and member["title"] not in seen:
                            seen.add(member["title"])
                            following.append(member["title"])
                    if "continue" not in response:
                        break
                    cont = dict(response["continue"])
            if current_depth == depth:
                break
            level = following
        return sorted(pages)

    # Write-back ---------------------------------------------------------------
    def add_template(self, title: str, template_wikitext: str, *, talk: bool = False,
                     summary: str, auth: WikiAuth) -> EditOutcome:
        """Put ``template_wikitext`` at the top of the article (or its talk page)."""
        return add_template(self, title, template_wikitext, talk=talk, summary=summary, auth=auth)

    def add_categories(self, title: str, categories: list[str], *, summary: str,
                       auth: WikiAuth) -> EditOutcome:
        """Add the categories the article is not in yet."""
        return add_categories(self, title, categories, summary=summary, auth=auth)
