"""Which wiki account an Arena user writes as (filled by the user, later by Wikimedia sign-in)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model


def normalise_wiki_username(name: str) -> str:
    """MediaWiki user names: underscores are spaces, the first letter is upper case."""
    name = " ".join((name or "").replace("_", " ").split())
    return name[:1].upper() + name[1:] if name else ""


class WikiAccount(Model):
    """One wiki (SUL) user name per Arena user; a wiki user name belongs to one Arena user."""

    __tablename__ = "contest_wiki_accounts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    verified: Mapped[bool] = mapped_column(default=False)  # True when it came from Wikimedia sign-in
