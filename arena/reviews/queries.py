"""Reads of the reviews domain (``select()`` only; no writes)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, cast, exists, func, or_, select
from sqlalchemy.orm import lazyload

from arena.contests.models import Contest, ContestMember, Submission
from arena.extensions import db
from arena.reviews import scoring
from arena.reviews.models import (
    Assignment, DiscussionMessage, GlobalLeaderboardEntry, LeaderboardEntry, LeaderboardTotals,
    ResultOverride, Review, SubmissionOutcome,
)


def has_reviews(contest_id: int) -> bool:
    """True once any submission of the contest has a review (the contests settings ask this)."""
    return db.session.scalar(select(Review.id).where(Review.contest_id == contest_id).limit(1)) is not None


def get_contest(contest_id: int, *, alone: bool = False) -> Contest | None:
    """The contest; ``alone``: without loading its wikis and members up front (one statement instead
    of three, for a page that shows a public contest's name beside its board; they load if asked for)."""
    stmt = select(Contest).where(Contest.id == contest_id, Contest.deleted_at.is_(None))
    if alone:
        stmt = stmt.options(lazyload(Contest.wikis), lazyload(Contest.members))
    return db.session.scalar(stmt)


def get_submission(submission_id: int) -> Submission | None:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.contest is None or submission.contest.deleted_at is not None:
        return None
    return submission


def get_outcome(submission_id: int) -> SubmissionOutcome | None:
    return db.session.scalar(select(SubmissionOutcome).where(SubmissionOutcome.submission_id == submission_id))


def get_review(submission_id: int, review_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.id == review_id, Review.submission_id == submission_id))


def reviews_of(submission_id: int) -> list[Review]:
    return list(db.session.scalars(select(Review).where(Review.submission_id == submission_id).order_by(Review.id)))


def thread_of(submission_id: int) -> list[DiscussionMessage]:
    return list(db.session.scalars(select(DiscussionMessage).where(DiscussionMessage.submission_id == submission_id)
                                   .order_by(DiscussionMessage.id)))


def overrides_of(submission_id: int) -> list[ResultOverride]:
    return list(db.session.scalars(select(ResultOverride).where(ResultOverride.submission_id == submission_id)
                                   .order_by(ResultOverride.id)))


# --- the jury's queue -----------------------------------------------------------------------
QUEUE_STATUSES = ("awaiting_check", "pending", "accepted", "rejected", "ineligible", "tie", "open")


def queue_stmt(contest: Contest, viewer, *, status: str | None = None, juror: int | None = None,
               assigned_to: int | None = None, flag: str | None = None, rule_failures: bool | None = None,
               todo: bool = False):
    """Submissions of a contest with their outcome, oldest first (rows: ``(Submission, outcome)``)."""
    stmt = (select(Submission, SubmissionOutcome)
            .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .where(Submission.contest_id == contest.id))
    state = func.coalesce(SubmissionOutcome.state, "open")
    if status == "tie":
        stmt = stmt.where(state == "tie")
    elif status == "open":
        stmt = stmt.where(Submission.status == "pending", state == "open")
    elif status:
        stmt = stmt.where(Submission.status == status)
    if juror is not None:
        stmt = stmt.where(exists().where(Review.submission_id == Submission.id, Review.juror_id == juror))
    if assigned_to is not None:
        stmt = stmt.where(exists().where(Assignment.submission_id == Submission.id, Assignment.juror_id == assigned_to))
    if flag:
        stmt = stmt.where(exists().where(Review.submission_id == Submission.id,
                                         cast(Review.flags, Text).like(f'%"{flag}"%')))
    if rule_failures is not None:
        failing = func.coalesce(SubmissionOutcome.rule_failures, 0) > 0
        stmt = stmt.where(failing if rule_failures else ~failing)
    if todo and viewer is not None:
        # entries still awaiting their check are listed too: they come to the juror once checked
        stmt = stmt.where(Submission.status.in_(("pending", "awaiting_check")), state == "open",
                          ~exists().where(Review.submission_id == Submission.id, Review.juror_id == viewer.id),
                          or_(Submission.user_id.is_(None), Submission.user_id != viewer.id))
        if scoring.contest_config(contest)["distribution"] == "assigned":
            stmt = stmt.where(exists().where(Assignment.submission_id == Submission.id,
                                             Assignment.juror_id == viewer.id))
    return stmt.order_by(Submission.created_at, Submission.id)


def my_reviews_for(submission_ids: list[int], user_id: int) -> dict[int, Review]:
    if not submission_ids:
        return {}
    rows = db.session.scalars(select(Review).where(Review.submission_id.in_(submission_ids), Review.juror_id == user_id))
    return {r.submission_id: r for r in rows}


def jury_contests(user) -> list[tuple[Contest, str]]:
    """Contests the user judges or organises, with the role (``jury`` first)."""
    stmt = (select(Contest, ContestMember.role).join(ContestMember, ContestMember.contest_id == Contest.id)
            .where(ContestMember.user_id == user.id, Contest.deleted_at.is_(None))
            .order_by(Contest.ends_at.desc(), Contest.id))
    return [(c, role) for c, role in db.session.execute(stmt)]


def judges_or_organises(user) -> bool:
    """Whether the user is a juror or organiser of any contest (one small query)."""
    stmt = (select(ContestMember.id).join(Contest, Contest.id == ContestMember.contest_id)
            .where(ContestMember.user_id == user.id, Contest.deleted_at.is_(None)).limit(1))
    return db.session.scalar(stmt) is not None


def todo_counts(contest_ids: list[int], user) -> dict[int, int]:
    """Open submissions per contest the user has not reviewed yet (one query)."""
    if not contest_ids:
        return {}
    state = func.coalesce(SubmissionOutcome.state, "open")
    stmt = (select(Submission.contest_id, func.count(Submission.id))
            .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .where(Submission.contest_id.in_(contest_ids), Submission.status == "pending", state == "open",
                   ~exists().where(Review.submission_id == Submission.id, Review.juror_id == user.id))
            .group_by(Submission.contest_id))
    return dict(db.session.execute(stmt).all())


# --- leaderboards ----------------------------------------------------------------------------
@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.per_page else 0


def totals(contest_id: int | None) -> LeaderboardTotals | None:
    from arena.reviews.operations.leaderboard import write_totals

    write_totals()  # this unit of work's own changes count
    scope = "global" if contest_id is None else f"contest:{contest_id}"
    return db.session.scalar(select(LeaderboardTotals).where(LeaderboardTotals.scope == scope))


def leaderboard_page(contest_id: int | None, *, filter: str = "all", min_score: Decimal | None = None,
                     sort_by: str = "score", page: int = 1, per_page: int = 20) -> tuple[Page, LeaderboardTotals | None]:
    """One page of a leaderboard with competition ranks (1, 2, 2, 4) — three queries whatever the
    contest's size: the totals row, the page (read off the (contest, score) index), and the count
    of rows strictly ahead of the page's first row."""
    model = GlobalLeaderboardEntry if contest_id is None else LeaderboardEntry
    conds = [model.submissions > 0]
    if contest_id is not None:
        conds.append(model.contest_id == contest_id)
    if filter == "reviewed":
        conds.append(model.accepted + model.rejected > 0)
    elif filter == "pending":
        conds.append(model.pending > 0)
    if min_score is not None:
        conds.append(model.total_score >= min_score)
    key = model.total_score if sort_by == "score" else model.submissions
    summary = totals(contest_id)
    if filter == "all" and min_score is None:
        total = summary.participants if summary is not None else 0
    else:
        total = db.session.scalar(select(func.count()).select_from(model).where(*conds)) or 0
    rows = list(db.session.scalars(select(model).where(*conds).order_by(key.desc(), model.user_id)
                                   .offset((page - 1) * per_page).limit(per_page)))
    items = []
    if rows:
        first_key = getattr(rows[0], key.key)
        ahead = db.session.scalar(select(func.count()).select_from(model).where(*conds, key > first_key)) or 0
        rank, previous = ahead + 1, first_key
        for position, row in enumerate(rows):
            value = getattr(row, key.key)
            if value != previous:
                rank, previous = (page - 1) * per_page + position + 1, value
            items.append({"rank": rank, "entry": row})
    return Page(items, page, per_page, total), summary


# --- participants ----------------------------------------------------------------------------
def my_submissions_stmt(user, *, contest_id: int | None = None, status: str | None = None):
    stmt = (select(Submission, SubmissionOutcome)
            .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .join(Contest, Contest.id == Submission.contest_id)
            .where(Submission.user_id == user.id, Contest.deleted_at.is_(None)))
    if contest_id is not None:
        stmt = stmt.where(Submission.contest_id == contest_id)
    if status:
        stmt = stmt.where(Submission.status == status)
    return stmt.order_by(Submission.created_at.desc(), Submission.id.desc())


def public_comments_for(submission_ids: list[int]) -> dict[int, list[str]]:
    """Jurors' comments meant for participants (never the private notes), one query."""
    if not submission_ids:
        return {}
    out: dict[int, list[str]] = {}
    stmt = (select(Review.submission_id, Review.comment).where(Review.submission_id.in_(submission_ids),
                                                               Review.comment != "")
            .order_by(Review.submission_id, Review.id))
    for sid, comment in db.session.execute(stmt):
        out.setdefault(sid, []).append(comment)
    return out


# --- reports -----------------------------------------------------------------------------------
def contest_submissions(contest_id: int) -> list[tuple[Submission, SubmissionOutcome | None]]:
    stmt = (select(Submission, SubmissionOutcome)
            .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .where(Submission.contest_id == contest_id).order_by(Submission.created_at, Submission.id))
    return [(s, o) for s, o in db.session.execute(stmt)]


def contest_reviews(contest_id: int) -> dict[int, list[Review]]:
    out: dict[int, list[Review]] = {}
    for review in db.session.scalars(select(Review).where(Review.contest_id == contest_id).order_by(Review.id)):
        out.setdefault(review.submission_id, []).append(review)
    return out


def full_leaderboard(contest_id: int) -> list[dict]:
    page, _totals = leaderboard_page(contest_id, page=1, per_page=10**9)
    return page.items


def submissions_per_day(contest_id: int) -> list[tuple[str, int]]:
    day = func.date(Submission.created_at)
    stmt = (select(day, func.count(Submission.id)).where(Submission.contest_id == contest_id)
            .group_by(day).order_by(day))
    return [(str(d), n) for d, n in db.session.execute(stmt)]


def page_rows(stmt, page: int, per_page: int) -> Page:
    """A page of multi-entity rows (``db.paginate`` keeps only the first entity): two queries."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = [tuple(r) for r in db.session.execute(stmt.offset((page - 1) * per_page).limit(per_page))]
    return Page(rows, page, per_page, total)


def reviews_per_day() -> list[tuple[str, int]]:
    """Jury reviews given on each of the last 14 days (overview figure)."""
    from arena.core.dashboard import daily

    return daily(Review.created_at)
