"""Reads of the contests domain (``select()`` only; no writes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, false, func, or_, select

from arena.contests.models import (
    Contest, ContestMember, ContestRequest, ContestWiki, Submission, TrustedMemberRequest, WikiAccount,
)
from arena.contests.models.accounts import normalise_wiki_username
from arena.core.limits import DB_INT_MAX
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import User


# --- contests ---------------------------------------------------------------------------------
def get_contest(ref: str | int) -> Contest | None:
    """By id (digits) or slug; soft-deleted contests are not found."""
    ref = str(ref)
    if ref.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        if int(ref) > DB_INT_MAX:  # no row has such an id
            return None
        cond = Contest.id == int(ref)
    else:
        cond = Contest.slug == ref.lower()
    return db.session.scalar(select(Contest).where(cond, Contest.deleted_at.is_(None)))


def slug_taken(slug: str, *, except_id: int | None = None) -> bool:
    stmt = select(Contest.id).where(Contest.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Contest.id != except_id)
    return db.session.scalar(stmt) is not None


def unique_slug(base: str, *, except_id: int | None = None) -> str:
    """``base`` if no other contest uses it, else the first free ``base-2``, ``base-3`` …

    Soft-deleted contests keep their address, so they count as taken too.
    """
    if not slug_taken(base, except_id=except_id):
        return base
    base = base[:70].rstrip("-")  # a suffix keeps the slug within its 80 characters
    stmt = select(Contest.slug).where(Contest.slug.like(f"{base}-%"))
    if except_id is not None:
        stmt = stmt.where(Contest.id != except_id)
    taken = set(db.session.scalars(stmt))
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def contests_stmt(viewer, *, status: str | None = None, wiki: str | None = None, q: str | None = None,
                  mine: bool = False):
    """Contests a viewer may list: published public ones, plus drafts they organise (all for admins).

    Unlisted contests are never listed (except to their organisers asking for ``mine``).
    """
    now = utcnow()
    stmt = select(Contest).where(Contest.deleted_at.is_(None))
    organises = exists().where(ContestMember.contest_id == Contest.id, ContestMember.role == "organizer",
                               ContestMember.user_id == (viewer.id if viewer else -1))
    if mine:
        stmt = stmt.where(organises if viewer else false())
    else:
        public = and_(Contest.is_published.is_(True), Contest.visibility == "public")
        if viewer is not None and viewer.is_admin:
            stmt = stmt.where(or_(public, Contest.is_published.is_(False)))
        elif viewer is not None:
            stmt = stmt.where(or_(public, and_(Contest.is_published.is_(False), organises)))
        else:
            stmt = stmt.where(public)
    if status:
        stmt = stmt.where(Contest.status_condition(status, now))
    if wiki:
        stmt = stmt.where(exists().where(ContestWiki.contest_id == Contest.id, ContestWiki.wiki_id == wiki))
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Contest.name).like(like), func.lower(Contest.description).like(like)))
    order = Contest.ends_at.desc() if status == "past" else Contest.starts_at.asc()
    return stmt.order_by(order, Contest.id)


def next_status_change(now: datetime) -> datetime | None:
    """The first start or end of a contest after ``now``: when a contest list may change by itself."""
    starts = select(func.min(Contest.starts_at)).where(Contest.deleted_at.is_(None), Contest.starts_at > now)
    ends = select(func.min(Contest.ends_at)).where(Contest.deleted_at.is_(None), Contest.ends_at > now)
    times = [t for t in (db.session.scalar(starts), db.session.scalar(ends)) if t is not None]
    return min(times) if times else None


def contest_has_submissions(contest_id: int) -> bool:
    return db.session.scalar(select(Submission.id).where(Submission.contest_id == contest_id).limit(1)) is not None


def members(contest_id: int, role: str) -> list[ContestMember]:
    stmt = (select(ContestMember).where(ContestMember.contest_id == contest_id, ContestMember.role == role)
            .order_by(ContestMember.id))
    return list(db.session.scalars(stmt))


def contests_to_refresh(now: datetime, after_end: datetime) -> list[Contest]:
    """Published contests running now or ended since ``after_end`` (the nightly refresh)."""
    stmt = select(Contest).where(Contest.deleted_at.is_(None), Contest.is_published.is_(True),
                                 Contest.starts_at <= now, Contest.ends_at >= after_end)
    return list(db.session.scalars(stmt))


# --- people -----------------------------------------------------------------------------------
def find_user(user_id: int | None = None, username: str | None = None) -> User | None:
    if user_id is not None:
        return db.session.get(User, user_id)
    if username:
        return db.session.scalar(select(User).where(User.username_lower == username.strip().lower()))
    return None


def is_trusted(user) -> bool:
    if user is None:
        return False
    if user.is_admin:
        return True
    stmt = select(TrustedMemberRequest.id).where(TrustedMemberRequest.user_id == user.id,
                                                 TrustedMemberRequest.status == "approved").limit(1)
    return db.session.scalar(stmt) is not None


def wiki_account(user_id: int) -> WikiAccount | None:
    return db.session.scalar(select(WikiAccount).where(WikiAccount.user_id == user_id))


def user_ids_for_wiki_usernames(names: list[str]) -> dict[str, int]:
    keys = {normalise_wiki_username(n) for n in names if n}
    if not keys:
        return {}
    rows = db.session.execute(select(WikiAccount.username, WikiAccount.user_id)
                              .where(WikiAccount.username.in_(keys)))
    return {name: uid for name, uid in rows}


# --- requests ---------------------------------------------------------------------------------
def _requests_stmt(model, asker, viewer, status: str | None, everyone: bool):
    """Newest first: the viewer's own requests (``asker`` is the column naming who asked), or
    everybody's when an administrator asks for ``everyone``; optionally only those in ``status``."""
    stmt = select(model)
    if not (everyone and viewer.is_admin):
        stmt = stmt.where(asker == viewer.id)
    if status:
        stmt = stmt.where(model.status == status)
    return stmt.order_by(model.id.desc())


def contest_requests_stmt(viewer, *, status: str | None = None, everyone: bool = False):
    return _requests_stmt(ContestRequest, ContestRequest.requester_id, viewer, status, everyone)


def trusted_requests_stmt(viewer, *, status: str | None = None, everyone: bool = False):
    return _requests_stmt(TrustedMemberRequest, TrustedMemberRequest.user_id, viewer, status, everyone)


def pending_stmt(kind: str):
    """Requests waiting for an administrator: ``kind`` is ``"contest"`` or ``"trusted"``."""
    model = ContestRequest if kind == "contest" else TrustedMemberRequest
    return select(model.id).where(model.status == "pending")


def open_trusted_request(user_id: int) -> TrustedMemberRequest | None:
    return db.session.scalar(select(TrustedMemberRequest).where(
        TrustedMemberRequest.user_id == user_id, TrustedMemberRequest.status.in_(("pending", "approved"))))


# --- submissions ------------------------------------------------------------------------------
def get_submission(submission_id: int) -> Submission | None:
    return db.session.get(Submission, submission_id)


def submissions_stmt(contest: Contest | None = None, *, user_id: int | None = None, status: str | None = None):
    stmt = select(Submission)
    if contest is not None:
        stmt = stmt.where(Submission.contest_id == contest.id)
    else:  # a person's own list: never from deleted contests
        stmt = stmt.where(exists().where(Contest.id == Submission.contest_id, Contest.deleted_at.is_(None)))
    if user_id is not None:
        stmt = stmt.where(Submission.user_id == user_id)
    if status:
        stmt = stmt.where(Submission.status == status)
    return stmt.order_by(Submission.id.desc())


def find_duplicate(contest_id: int, wiki_id: str, title_key: str, page_id: int | None = None, *,
                   exclude_id: int | None = None) -> Submission | None:
    """An entry of the contest for the same article: the same title or the same page id."""
    cond = Submission.title_key == title_key
    if page_id is not None:
        cond = or_(cond, Submission.page_id == page_id)
    stmt = select(Submission).where(Submission.contest_id == contest_id, Submission.wiki_id == wiki_id, cond)
    if exclude_id is not None:
        stmt = stmt.where(Submission.id != exclude_id)
    return db.session.scalar(stmt.order_by(Submission.id).limit(1))


def count_user_submissions(contest_id: int, user_id: int) -> int:
    return db.session.scalar(select(func.count(Submission.id)).where(
        Submission.contest_id == contest_id, Submission.user_id == user_id)) or 0


def submissions_of(contest_id: int) -> list[Submission]:
    return list(db.session.scalars(select(Submission).where(Submission.contest_id == contest_id)
                                   .order_by(Submission.id)))


def awaiting_check(limit: int = 200) -> list[int]:
    stmt = (select(Submission.id).join(Contest, Contest.id == Submission.contest_id)
            .where(Submission.status == "awaiting_check", Contest.deleted_at.is_(None))
            .order_by(Submission.updated_at).limit(limit))
    return list(db.session.scalars(stmt))


def unclaimed_for(wiki_username: str) -> list[Submission]:
    return list(db.session.scalars(select(Submission).where(
        Submission.user_id.is_(None), Submission.wiki_username == normalise_wiki_username(wiki_username))))


def contests_by_status() -> list[tuple[str, int]]:
    """Contests (not deleted) that are drafts, upcoming, running and ended now (overview figure)."""
    from arena.core.dashboard import by_schedule

    return by_schedule(Contest.is_published, Contest.starts_at, Contest.ends_at, where=[Contest.deleted_at.is_(None)])


def submissions_per_day() -> list[tuple[str, int]]:
    """Submissions made on each of the last 14 days (overview figure)."""
    from arena.core.dashboard import daily

    return daily(Submission.created_at)
