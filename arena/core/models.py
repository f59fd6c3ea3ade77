"""Model base shared by every domain: typed declarative base, UTC timestamps, naming convention."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, MetaData, Select, TypeDecorator, and_, or_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from arena.core.timeutil import ensure_utc, utcnow

# Stable constraint names so Alembic can alter tables on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite stores it naive, we restore UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError("UTCDateTime needs a datetime")
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Arena stores timezone-aware UTC only")
        value = ensure_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return ensure_utc(value)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class Model(Base):
    """Abstract base of every Arena table: integer id and UTC created/updated times."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{type(self).__name__} {self.id}>"


def catalogue_stmt(model, *order_by, include_inactive: bool = False) -> Select:
    """The rows of a catalogue whose entries an administrator may withdraw (its ``active`` column):
    what is on offer, or every entry for the administrators' own list; in ``order_by``."""
    stmt = select(model)
    if not include_inactive:
        stmt = stmt.where(model.active.is_(True))
    return stmt.order_by(*order_by)


class Scheduled:
    """A thing that opens at ``starts_at`` and closes at ``ends_at`` once published: its status
    is derived from the clock (draft, upcoming, current, past), never stored."""

    def status_at(self, now: datetime) -> str:
        if not self.is_published:
            return "draft"
        if now < self.starts_at:
            return "upcoming"
        if now < self.ends_at:
            return "current"
        return "past"

    @property
    def status(self) -> str:
        return self.status_at(utcnow())

    @classmethod
    def status_condition(cls, status: str, now: datetime):
        """The SQL condition for rows whose ``status_at(now)`` is ``status``."""
        published = cls.is_published.is_(True)
        return {
            "draft": cls.is_published.is_(False),
            "upcoming": and_(published, cls.starts_at > now),
            "current": and_(published, cls.starts_at <= now, cls.ends_at > now),
            "past": and_(published, cls.ends_at <= now),
        }[status]

    @classmethod
    def phase_change_condition(cls, since: datetime, until: datetime):
        """The SQL condition for published rows that started or ended in ``(since, until]``."""
        return and_(cls.is_published.is_(True), or_(and_(cls.starts_at > since, cls.starts_at <= until),
                                                   and_(cls.ends_at > since, cls.ends_at <= until)))

    def phases_between(self, since: datetime, until: datetime) -> list[tuple[str, datetime]]:
        """``("started", starts_at)`` and/or ``("ended", ends_at)`` when they fall in ``(since, until]``."""
        return [(phase, at) for phase, at in (("started", self.starts_at), ("ended", self.ends_at))
                if since < at <= until]
