from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model


class WikimediaAccount(Model):
    """A Wikimedia (SUL) account linked to an Arena account; tokens for editing kept encrypted."""

    __tablename__ = "wikimedia_accounts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    central_id: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(255), index=True)
    access_token_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    refresh_token_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(nullable=True)


class WikiPage(Model):
    """What never changes about a page on a wiki: who created it, when, and its first revision.

    Keyed by wiki and page id (a page deleted and created again gets a new id), written the first
    time Arena reads the page's history and never asked of the wiki again.
    """

    __tablename__ = "wiki_pages"
    __table_args__ = (UniqueConstraint("wiki_id", "page_id"),)

    wiki_id: Mapped[str] = mapped_column(String(64))
    page_id: Mapped[int] = mapped_column(Integer)
    creator: Mapped[str | None] = mapped_column(String(255), nullable=True)
    page_created_at: Mapped[datetime | None] = mapped_column(nullable=True)
    first_revision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
