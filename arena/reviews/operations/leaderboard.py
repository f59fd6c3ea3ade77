"""The leaderboard kept incrementally: each submission remembers what it adds to its participant's
entry (``SubmissionOutcome.counted_*``), and every change is applied as a difference, in the same
transaction as the change. :func:`recount` exists only to verify or repair (``arena leaderboard-rebuild``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from arena.contests.models import Contest, Submission
from arena.extensions import db
from arena.reviews.models import GlobalLeaderboardEntry, LeaderboardEntry, LeaderboardTotals, SubmissionOutcome

ZERO = Decimal("0.00")
BUCKET_OF_STATUS = {"accepted": "accepted", "rejected": "rejected", "pending": "pending",
                    "awaiting_check": "pending", "ineligible": "other"}
SCORED = ("accepted", "rejected")


@dataclass(frozen=True)
class Contribution:
    """What one submission adds to a leaderboard row."""

    user_id: int | None
    bucket: str | None
    score: Decimal

    @property
    def counts(self) -> bool:
        return self.user_id is not None and self.bucket is not None


def contribution_of(submission: Submission, outcome: SubmissionOutcome) -> Contribution:
    bucket = BUCKET_OF_STATUS.get(submission.status, "other")
    score = Decimal(outcome.score) if bucket in SCORED and outcome.score is not None else ZERO
    return Contribution(submission.user_id, bucket, score)


def counted(outcome: SubmissionOutcome) -> Contribution:
    return Contribution(outcome.user_id, outcome.counted_bucket, Decimal(outcome.counted_score or 0))


def apply(outcome: SubmissionOutcome, submission: Submission) -> bool:
    """Bring the leaderboards in line with ``submission`` (idempotent). True when something moved."""
    old, new = counted(outcome), contribution_of(submission, outcome)
    if old == new:
        return False
    if old.counts:
        _add(outcome.contest_id, old, -1)
    if new.counts:
        _add(outcome.contest_id, new, +1)
    outcome.user_id = new.user_id
    outcome.counted_bucket = new.bucket if new.user_id is not None else None
    outcome.counted_score = new.score
    db.session.flush()
    return True


def remove(outcome: SubmissionOutcome) -> None:
    """Take a submission out of the leaderboards (before it is deleted)."""
    old = counted(outcome)
    if old.counts:
        _add(outcome.contest_id, old, -1)
    outcome.counted_bucket, outcome.counted_score = None, ZERO
    db.session.flush()


def counts_globally(contest_id: int) -> bool:
    """Only published, public, live contests feed the cross-contest leaderboard."""
    contest = db.session.get(Contest, contest_id)
    return contest is not None and contest.is_listed_publicly


def _add(contest_id: int, part: Contribution, sign: int) -> None:
    entry = _locked_entry(LeaderboardEntry, contest_id=contest_id, user_id=part.user_id)
    rows = [(entry, f"contest:{contest_id}", contest_id)]
    if counts_globally(contest_id):
        rows.append((_locked_entry(GlobalLeaderboardEntry, user_id=part.user_id), "global", None))
    for row, scope, cid in rows:
        was_counted = row.submissions > 0
        _bump(row, part, sign)
        _defer_totals(scope, cid, part, sign, (row.submissions > 0) - was_counted)


def _bump(row, part: Contribution, sign: int) -> None:
    row.submissions += sign
    row.total_score = Decimal(row.total_score or 0) + sign * part.score
    if part.bucket in ("accepted", "rejected", "pending"):
        setattr(row, part.bucket, getattr(row, part.bucket) + sign)


def _locked_entry(model, **key):
    # no joined user here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    stmt = select(model).options(lazyload(model.user)).filter_by(**key).with_for_update(of=model)
    row = db.session.scalar(stmt)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            db.session.add(model(**key, total_score=ZERO, submissions=0, accepted=0, rejected=0, pending=0))
    except IntegrityError:  # created by a concurrent transaction meanwhile
        pass
    return db.session.scalar(stmt)


# --- totals: one hot row per contest, written last ----------------------------------------------
# Every change of a contest's board also changes its totals row (and the global one): locking that
# row where the change happens would make every concurrent reviewer of the contest wait for each
# other's whole request. The differences are therefore collected in the unit of work and written by
# one relative ``UPDATE`` per row just before the commit, so the row is held only for the commit.
# A savepoint rolled back takes its differences with it; readers of the totals write them first.
_TOTALS = "arena_leaderboard_totals_pending"
_FIELDS = ("participants", "total_score", "submissions", "accepted", "rejected", "pending")


def _defer_totals(scope: str, contest_id: int | None, part: Contribution, sign: int, participants: int) -> None:
    change = dict.fromkeys(_FIELDS, 0)
    change.update(participants=participants, submissions=sign, total_score=sign * part.score)
    if part.bucket in ("accepted", "rejected", "pending"):
        change[part.bucket] = sign
    session = db.session()
    innermost = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_TOTALS, []).append([innermost, scope, contest_id, change])


def write_totals(session=None) -> None:
    """Write the totals' collected differences (before a commit, and before the totals are read)."""
    session = session or db.session
    pending = session.info.pop(_TOTALS, None)
    if not pending:
        return
    summed: dict[str, tuple[int | None, dict]] = {}
    for _transaction, scope, contest_id, change in pending:
        total = summed.setdefault(scope, (contest_id, dict.fromkeys(_FIELDS, 0)))[1]
        for name in _FIELDS:
            total[name] += change[name]
    for scope in sorted(summed):  # one order of rows for every writer: no deadlock between them
        contest_id, total = summed[scope]
        if not any(total.values()):
            continue
        stmt = (update(LeaderboardTotals).where(LeaderboardTotals.scope == scope)
                .values({getattr(LeaderboardTotals, n): getattr(LeaderboardTotals, n) + total[n] for n in _FIELDS})
                .execution_options(synchronize_session="fetch"))
        if session.execute(stmt).rowcount:
            continue
        try:
            with session.begin_nested():
                session.add(LeaderboardTotals(scope=scope, contest_id=contest_id, participants=0, total_score=ZERO,
                                              submissions=0, accepted=0, rejected=0, pending=0))
        except IntegrityError:  # created by a concurrent transaction meanwhile
            pass
        session.execute(stmt)


@event.listens_for(Session, "before_commit")
def _write_before_commit(session) -> None:
    if not session.in_nested_transaction() and session.info.get(_TOTALS):
        write_totals(session)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session) -> None:
    if _TOTALS not in session.info:
        return
    if not session.in_nested_transaction():
        session.info.pop(_TOTALS, None)
        return
    undone = session.get_nested_transaction()
    session.info[_TOTALS] = [p for p in session.info[_TOTALS] if p[0] is not undone]


@event.listens_for(Session, "after_transaction_end")
def _keep_released(session, transaction) -> None:
    """A savepoint released: its differences now belong to the transaction around it."""
    if transaction.nested and session.info.get(_TOTALS):
        for p in session.info[_TOTALS]:
            if p[0] is transaction:
                p[0] = transaction.parent


# --- verification and repair ----------------------------------------------------------------
def recount(contest_id: int) -> dict[int, dict]:
    """The contest's rows computed from scratch: ``{user_id: {total_score, submissions, ...}}``."""
    bucket = case(*[(Submission.status == s, b) for s, b in BUCKET_OF_STATUS.items()], else_="other")
    scored = Submission.status.in_(SCORED)
    stmt = (select(Submission.user_id,
                   func.count(Submission.id),
                   func.sum(case((bucket == "accepted", 1), else_=0)),
                   func.sum(case((bucket == "rejected", 1), else_=0)),
                   func.sum(case((bucket == "pending", 1), else_=0)),
                   func.coalesce(func.sum(case((scored, func.coalesce(SubmissionOutcome.score, 0)), else_=0)), 0))
            .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .where(Submission.contest_id == contest_id, Submission.user_id.is_not(None))
            .group_by(Submission.user_id))
    return {uid: {"total_score": Decimal(str(total)).quantize(Decimal("0.01")), "submissions": n,
                  "accepted": int(acc or 0), "rejected": int(rej or 0), "pending": int(pen or 0)}
            for uid, n, acc, rej, pen, total in db.session.execute(stmt)}


def stored(contest_id: int) -> dict[int, dict]:
    rows = db.session.scalars(select(LeaderboardEntry).where(LeaderboardEntry.contest_id == contest_id,
                                                             LeaderboardEntry.submissions > 0))
    return {r.user_id: {"total_score": Decimal(r.total_score).quantize(Decimal("0.01")), "submissions": r.submissions,
                        "accepted": r.accepted, "rejected": r.rejected, "pending": r.pending} for r in rows}


def differences(contest_id: int) -> dict[int, tuple]:
    fresh, kept = recount(contest_id), stored(contest_id)
    return {uid: (kept.get(uid), fresh.get(uid)) for uid in set(fresh) | set(kept) if kept.get(uid) != fresh.get(uid)}


def rebuild(contest_id: int) -> int:
    """Re-apply every submission of a contest from zero; returns the number of submissions."""
    from arena.reviews.operations.results import outcome_for

    write_totals()
    outcomes = db.session.scalars(select(SubmissionOutcome).where(SubmissionOutcome.contest_id == contest_id))
    for outcome in outcomes:
        outcome.counted_bucket, outcome.counted_score, outcome.user_id = None, ZERO, None
    for model in (LeaderboardEntry,):
        for row in db.session.scalars(select(model).where(model.contest_id == contest_id)):
            db.session.delete(row)
    totals = db.session.scalar(select(LeaderboardTotals).where(LeaderboardTotals.scope == f"contest:{contest_id}"))
    if totals is not None:
        db.session.delete(totals)
    db.session.flush()
    count = 0
    for submission in db.session.scalars(select(Submission).where(Submission.contest_id == contest_id)
                                         .order_by(Submission.id)):
        apply(outcome_for(submission), submission)
        count += 1
    return count


def rebuild_global() -> None:
    """Recompute the cross-contest rows and totals from the contest rows."""
    write_totals()
    for row in db.session.scalars(select(GlobalLeaderboardEntry)):
        db.session.delete(row)
    totals = db.session.scalar(select(LeaderboardTotals).where(LeaderboardTotals.scope == "global"))
    if totals is not None:
        db.session.delete(totals)
    db.session.flush()
    stmt = (select(LeaderboardEntry.user_id, func.sum(LeaderboardEntry.total_score),
                   func.sum(LeaderboardEntry.submissions), func.sum(LeaderboardEntry.accepted),
                   func.sum(LeaderboardEntry.rejected), func.sum(LeaderboardEntry.pending))
            .join(Contest, Contest.id == LeaderboardEntry.contest_id)
            .where(Contest.is_published.is_(True), Contest.visibility == "public", Contest.deleted_at.is_(None))
            .group_by(LeaderboardEntry.user_id))
    glob = LeaderboardTotals(scope="global", participants=0, total_score=ZERO, submissions=0, accepted=0,
                             rejected=0, pending=0)
    db.session.add(glob)
    for uid, total, n, acc, rej, pen in db.session.execute(stmt):
        db.session.add(GlobalLeaderboardEntry(user_id=uid, total_score=total or ZERO, submissions=n or 0,
                                              accepted=acc or 0, rejected=rej or 0, pending=pen or 0))
        glob.total_score += Decimal(total or 0)
        glob.submissions += n or 0
        glob.accepted += acc or 0
        glob.rejected += rej or 0
        glob.pending += pen or 0
        glob.participants += 1 if (n or 0) > 0 else 0
    db.session.flush()
