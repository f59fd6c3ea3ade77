"""Competition leaderboards in the page cache: renewed when an attempt is scored or re-scored and
when a competition's own row changes (published, unpublished, deleted)."""

from __future__ import annotations

from arena.core import pagecache, signals
from arena.extensions import db


def board_scope(competition_id: int | None) -> str:
    return f"competition:{competition_id}"


def _attempt_scored(_attempt, *, competition_id: int, **_kwargs) -> None:
    pagecache.mark_changed(db.session, board_scope(competition_id))


def _attempts_rescored(competition, **_kwargs) -> None:
    pagecache.mark_changed(db.session, board_scope(competition.id))


def connect() -> None:
    from arena.competitions.models import Competition

    signals.competition_attempt_scored.connect(_attempt_scored, weak=False)
    signals.competition_attempts_rescored.connect(_attempts_rescored, weak=False)
    pagecache.watch_rows((Competition,), lambda competition: (board_scope(competition.id),))
