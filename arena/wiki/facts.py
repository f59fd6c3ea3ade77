"""Facts about articles, gathered in batches.

For up to 50 titles at a time one query (plus continuations) returns page
info, redirects, the latest revision with its wikitext, outgoing links,
incoming links, images, templates and categories; the word count is read from
that wikitext.  One thing cannot be batched by MediaWiki: the first revision of
a page (``rvdir=newer`` works for a single page only).  It comes with the page's
history from one extra request the first time a page is seen, and is remembered
from then on (it never changes).
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

from .wikitext import ReferenceCount, count_references, count_wikitext_words

BATCH_SIZE = 50


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def strip_namespace(title: str, ns: int) -> str:
    return title.split(":", 1)[1] if ns != 0 and ":" in title else title


@dataclasses.dataclass(frozen=True)
class Revision:
    id: int
    timestamp: datetime
    user: str | None
    size: int | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "timestamp": iso(self.timestamp), "user": self.user, "size": self.size}


#: A page's first revision: its creator and creation time
FirstRevision = Revision


@dataclasses.dataclass
class ArticleFacts:
    """What Arena needs to know about one article.

    ``title`` is the article's own title (after normalisation and redirects);
    ``requested_title`` the title that was asked for, and ``redirected_from``
    the redirect that led to the article, if one did.  Names in
    ``images``, ``templates``, ``infoboxes`` and ``categories`` carry no
    namespace prefix.  ``links.outgoing`` lists distinct main-namespace link
    targets of the current revision (including red links and links to
    redirects, as written); ``links.incoming`` lists distinct main-namespace
    pages that link to this page directly, redirect pages excluded.
    ``categories`` excludes hidden (maintenance) categories.
    """

    title: str
    requested_title: str
    exists: bool
    redirected_from: str | None = None
    page_id: int | None = None
    creator: str | None = None
    created_at: datetime | None = None
    size: int = 0
    word_count: int = 0
    references: ReferenceCount = ReferenceCount(0, 0)
    outgoing_links: list[str] = dataclasses.field(default_factory=list)
    incoming_links: list[str] = dataclasses.field(default_factory=list)
    images: list[str] = dataclasses.field(default_factory=list)
    infoboxes: list[str] = dataclasses.field(default_factory=list)
    categories: list[str] = dataclasses.field(default_factory=list)
    hidden_categories: list[str] = dataclasses.field(default_factory=list)
    templates: list[str] = dataclasses.field(default_factory=list)
    latest_revision: Revision | None = None
    invalid: bool = False
    #: the page's whole history, oldest first, when it was read along with the facts (not stored)
    history: list[Revision] | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def links(self) -> dict[str, list[str]]:
        return {"outgoing": self.outgoing_links, "incoming": self.incoming_links}

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "requested_title": self.requested_title,
            "exists": self.exists,
            "invalid": self.invalid,
            "redirected_from": self.redirected_from,
            "page_id": self.page_id,
            "creator": self.creator,
            "created_at": iso(self.created_at),
            "size": self.size,
            "word_count": self.word_count,
            "references": self.references.to_dict(),
            "links": {
                "outgoing": list(self.outgoing_links),
                "incoming": list(self.incoming_links),
                "outgoing_count": len(self.outgoing_links),
                "incoming_count": len(self.incoming_links),
            },
            "images": list(self.images),
            "infoboxes": list(self.infoboxes),
            "categories": list(self.categories),
            "hidden_categories": list(self.hidden_categories),
            "templates": list(self.templates),
            "latest_revision": self.latest_revision.to_dict() if self.latest_revision else None,
        }


def is_infobox(template: str, prefix: str) -> bool:
    """``Infobox person`` is an infobox; the meta-template ``Infobox`` itself
    and subpages such as ``Infobox/row`` are not."""
    name = template.strip()
    if "/" in name or len(name) <= len(prefix):
        return False
    head = name[: len(prefix)]
    same = head == prefix or (head[:1].upper() + head[1:]) == (prefix[:1].upper() + prefix[1:])
    return same and name[len(prefix)] in " _-"


def core_query_params(titles: list[str]) -> dict[str, Any]:
    return {
        "titles": "|".join(titles),
        "redirects": 1,
        "prop": "info|revisions|links|linkshere|images|templates|categories",
        "rvprop": "ids|timestamp|user|size|content",
        "rvslots": "main",
        "pllimit": "max", "plnamespace": 0,
        "lhlimit": "max", "lhnamespace": 0, "lhshow": "!redirect", "lhprop": "title",
        "imlimit": "max",
        "tllimit": "max", "tlnamespace": 10,
        "cllimit": "max", "clprop": "hidden",
        "formatversion": 2,
    }


def merge_pages(into: dict[str, dict], pages: list[dict]) -> None:
    """Merge one continuation round's pages into ``into`` (keyed by title)."""
    for page in pages:
        known = into.setdefault(page["title"], {})
        for key, value in page.items():
            if isinstance(value, list) and key in known:
                known[key].extend(value)
            elif key not in known:
                known[key] = list(value) if isinstance(value, list) else value


def title_mapping(query: dict) -> dict[str, tuple[str, str | None]]:
    """input title -> (final title, redirect source or None)."""
    normalized = {n["from"]: n["to"] for n in query.get("normalized", [])}
    redirects = {r["from"]: r["to"] for r in query.get("redirects", [])}
    mapping = {}
    for source in set(normalized) | set(redirects):
        title = normalized.get(source, source)
        redirected_from = None
        seen = set()
        while title in redirects and title not in seen:
            seen.add(title)
            redirected_from = redirected_from or title
            title = redirects[title]
        mapping[source] = (title, redirected_from)
    return mapping


def build_facts(
    asked: str, final: str, redirected_from: str | None, page: dict | None, infobox_prefix: str,
) -> ArticleFacts:
    """Facts from the batched query's page entry (first revision and word
    count are filled in separately)."""
    if page is None or page.get("missing") or page.get("invalid"):
        return ArticleFacts(
            title=final, requested_title=asked, exists=False,
            redirected_from=redirected_from, invalid=bool(page and page.get("invalid")),
        )

    def names(key: str) -> list[str]:
        seen: dict[str, None] = {}
        for item in page.get(key, []):
            seen.setdefault(strip_namespace(item["title"], item.get("ns", 0)), None)
        return sorted(seen)

    revisions = page.get("revisions") or []
    latest = revisions[0] if revisions else None
    text = ""
    if latest:
        slot = (latest.get("slots") or {}).get("main") or {}
        text = slot.get("content", latest.get("content", "")) or ""
    templates = names("templates")
    categories = [c for c in page.get("categories", []) if not c.get("hidden")]
    hidden = [c for c in page.get("categories", []) if c.get("hidden")]
    return ArticleFacts(
        title=page["title"],
        requested_title=asked,
        exists=True,
        redirected_from=redirected_from,
        page_id=page.get("pageid"),
        size=int(page.get("length", latest.get("size", 0) if latest else 0)),
        word_count=count_wikitext_words(text),
        references=count_references(text),
        outgoing_links=names("links"),
        incoming_links=names("linkshere"),
        images=names("images"),
        templates=templates,
        infoboxes=[t for t in templates if is_infobox(t, infobox_prefix)],
        categories=sorted({strip_namespace(c["title"], 14) for c in categories}),
        hidden_categories=sorted({strip_namespace(c["title"], 14) for c in hidden}),
        latest_revision=Revision(
            latest["revid"], parse_timestamp(latest["timestamp"]), latest.get("user"), latest.get("size"),
        ) if latest else None,
    )


def apply_first_revision(facts: ArticleFacts, first: Revision | None) -> None:
    if first is not None:
        facts.creator, facts.created_at = first.user, first.timestamp


def revision_from(rev: dict) -> Revision:
    return Revision(rev["revid"], parse_timestamp(rev["timestamp"]), rev.get("user"), rev.get("size"))
