"""The remembered part of article facts: each page's creator, creation time and first revision.

Reads with ``select()``; the one write flushes and leaves the commit to the request or task.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from arena.extensions import db
from arena.wiki.facts import FirstRevision
from arena.wiki.models import WikiPage


def known_first_revisions(wiki_id: str, page_ids: list[int]) -> dict[int, FirstRevision]:
    """First revisions already remembered for these pages, by page id."""
    if not page_ids:
        return {}
    rows = db.session.scalars(select(WikiPage).where(WikiPage.wiki_id == wiki_id, WikiPage.page_id.in_(page_ids)))
    return {row.page_id: FirstRevision(row.first_revision_id, row.page_created_at, row.creator) for row in rows}


def remember_first_revisions(wiki_id: str, found: dict[int, FirstRevision]) -> None:
    """Store first revisions read from the wiki (a page another worker stored meanwhile is kept)."""
    known = known_first_revisions(wiki_id, list(found))
    for page_id, first in found.items():
        if page_id in known:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(WikiPage(wiki_id=wiki_id, page_id=page_id, creator=first.user,
                                        page_created_at=first.timestamp, first_revision_id=first.id))
        except IntegrityError:
            continue
