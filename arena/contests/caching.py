"""Contest lists and the public contest page in the page cache (``arena.core.pagecache``).

Everything cached here is under one scope, renewed after the commit of any change to a contest, its
wikis or its members (``pagecache.watch_rows`` in the package's ``init_app``). Contests also move
between upcoming, current and past without a write: every key carries the next moment a contest
starts or ends, so nothing cached before that moment is used after it.
"""

from __future__ import annotations

from typing import Any, Callable

from arena.contests import queries
from arena.core import pagecache
from arena.core.timeutil import utcnow

SCOPE = "contests"


def next_change() -> float:
    """The next moment (a POSIX time) a contest starts or ends; kept in the cache itself."""
    entry = pagecache.Entry((SCOPE,), ("contests-next-change",))
    now = utcnow()
    moment = entry.get()
    if moment is None or moment <= now.timestamp():
        change = queries.next_status_change(now)
        moment = change.timestamp() if change is not None else float("inf")
        entry.set(moment)
    return moment


def json_list(parts: tuple, build: Callable[[], bytes]) -> Any:
    """A contest list everyone with the same ``parts`` shares; until the next start or end of a
    contest, a repeat is answered before the request pipeline (``arena.core.shortcuts``)."""
    moment = next_change()
    return pagecache.json_answer((SCOPE,), (*parts, f"{moment:.0f}"), build, until=moment)


def public_value(parts: tuple, build: Callable[[], Any]) -> Any:
    """A value everyone may share (``build()`` returns ``None`` when it may not be shared)."""
    return pagecache.cached_value((SCOPE,), (*parts, f"{next_change():.0f}"), build)


def watch() -> None:
    from arena.contests.models import Contest, ContestMember, ContestWiki

    pagecache.watch_rows((Contest, ContestWiki, ContestMember), (SCOPE,))
