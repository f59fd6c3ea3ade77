"""Assignments for contests (or judging rounds) whose ``distribution`` is ``assigned``: each open
submission goes to ``quorum`` jurors, spreading the outstanding work evenly; the spread is redone
when the jury changes.

With judging rounds, only the open round's undecided work moves: a removed juror's waiting
assignments in that round go to the remaining round jurors, least loaded first, then the loads are
evened out. Reviews already given — a removed juror's included — stay and still count towards
their entries' quorum and scores; closed rounds are never touched."""

from __future__ import annotations

from sqlalchemy import and_, delete, exists, func, or_, select

from arena.contests.models import ContestMember, Submission
from arena.extensions import db
from arena.reviews import scoring
from arena.reviews.models import Assignment, Review, RoundResult, SubmissionOutcome


def _juror_ids(contest_id: int) -> list[int]:
    stmt = select(ContestMember.user_id).where(ContestMember.contest_id == contest_id,
                                               ContestMember.role == "jury").order_by(ContestMember.user_id)
    return list(db.session.scalars(stmt))


def _open_assignment_cond(number: int | None = None):
    """An assignment still waiting: its juror has not reviewed and the result is open (with a round
    ``number``: not reviewed in that round, and the entry's result in that round is open)."""
    if number is None:
        reviewed = exists().where(Review.submission_id == Assignment.submission_id,
                                  Review.juror_id == Assignment.juror_id)
        decided = exists().where(SubmissionOutcome.submission_id == Assignment.submission_id,
                                 SubmissionOutcome.state != "open")
        return and_(~reviewed, ~decided)
    reviewed = exists().where(Review.submission_id == Assignment.submission_id, Review.juror_id == Assignment.juror_id,
                              Review.round_number == number)
    decided = exists().where(RoundResult.submission_id == Assignment.submission_id, RoundResult.position == number,
                             RoundResult.state != "open")
    return and_(Assignment.round_number == number, ~reviewed, ~decided)


def open_loads(contest_id: int, juror_ids: list[int], number: int | None = None) -> dict[int, int]:
    stmt = (select(Assignment.juror_id, func.count(Assignment.id))
            .where(Assignment.contest_id == contest_id, _open_assignment_cond(number))
            .group_by(Assignment.juror_id))
    loads = {jid: 0 for jid in juror_ids}
    for jid, n in db.session.execute(stmt):
        if jid in loads:
            loads[jid] = n
    return loads


def ensure_assigned(submission: Submission, *, jurors: list[int] | None = None,
                    loads: dict[int, int] | None = None) -> list[int]:
    """Give an open submission up to ``quorum`` jurors (least outstanding work first)."""
    from arena.reviews.operations import rounds

    contest = submission.contest
    if rounds.has_rounds(contest.id):
        entry = rounds.entry_of(submission)
        rnd = db.session.get(rounds.JudgingRound, entry.round_id) if entry is not None else None
        if rnd is None or rnd.state != "open" or entry.state != "open":
            return []
        config = rounds.round_config(rnd)
        if config["distribution"] != "assigned":
            return []
        jurors = jurors if jurors is not None else rounds.round_jurors(rnd)
        loads = loads if loads is not None else open_loads(contest.id, jurors, rnd.position)
        return _fill(submission, rnd.position, config["quorum"], jurors, loads)
    config = scoring.contest_config(contest)
    if config["distribution"] != "assigned" or submission.status != "pending":
        return []
    outcome_state = db.session.scalar(select(SubmissionOutcome.state)
                                      .where(SubmissionOutcome.submission_id == submission.id))
    if outcome_state not in (None, "open"):
        return []
    jurors = jurors if jurors is not None else _juror_ids(contest.id)
    loads = loads if loads is not None else open_loads(contest.id, jurors)
    return _fill(submission, 1, config["quorum"], jurors, loads)


def _fill(submission: Submission, number: int, quorum: int, jurors: list[int], loads: dict[int, int]) -> list[int]:
    """Assign ``submission`` in round ``number`` until ``quorum`` jurors have it or reviewed it."""
    have = set(db.session.scalars(select(Assignment.juror_id).where(Assignment.submission_id == submission.id,
                                                                    Assignment.round_number == number)))
    reviewed = set(db.session.scalars(select(Review.juror_id).where(Review.submission_id == submission.id,
                                                                    Review.round_number == number)))
    needed = quorum - len(have | reviewed)
    candidates = sorted((j for j in jurors if j not in have and j not in reviewed and j != submission.user_id),
                        key=lambda j: (loads.get(j, 0), j))
    added = []
    for juror_id in candidates[:max(0, needed)]:
        db.session.add(Assignment(contest_id=submission.contest_id, submission_id=submission.id, juror_id=juror_id,
                                  round_number=number))
        loads[juror_id] = loads.get(juror_id, 0) + 1
        added.append(juror_id)
    db.session.flush()
    return added


def rebalance(contest, *, actor=None) -> dict[str, int]:
    """After the jury changed: drop waiting assignments of people no longer jurors, fill every open
    submission up to its quorum, then move waiting work from the busiest to the idlest jurors."""
    from arena.reviews.operations import rounds

    if rounds.has_rounds(contest.id):
        current = next((r for r in rounds.rounds_of(contest.id) if r.state == "open"), None)
        return assign_round(contest, current) if current is not None else {"removed": 0, "added": 0, "moved": 0}
    config = scoring.contest_config(contest)
    if config["distribution"] != "assigned":
        return {"removed": 0, "added": 0, "moved": 0}
    jurors = _juror_ids(contest.id)
    gone = db.session.execute(
        delete(Assignment).where(Assignment.contest_id == contest.id, Assignment.juror_id.not_in(jurors or [-1]),
                                 _open_assignment_cond()).execution_options(synchronize_session=False))
    loads = open_loads(contest.id, jurors)
    added = 0
    waiting = select(Submission).outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id).where(
        Submission.contest_id == contest.id, Submission.status == "pending",
        or_(SubmissionOutcome.id.is_(None), SubmissionOutcome.state == "open")).order_by(Submission.id)
    for submission in db.session.scalars(waiting):
        added += len(ensure_assigned(submission, jurors=jurors, loads=loads))
    moved = _even_out(contest.id, jurors, loads)
    db.session.flush()
    return {"removed": gone.rowcount or 0, "added": added, "moved": moved}


def assign_round(contest, rnd) -> dict[str, int]:
    """Spread the undecided work of one open round over that round's jurors (see the module notes)."""
    from arena.reviews.operations import rounds

    config = rounds.round_config(rnd)
    if config["distribution"] != "assigned" or rnd.state != "open":
        return {"removed": 0, "added": 0, "moved": 0}
    jurors = rounds.round_jurors(rnd)
    gone = db.session.execute(
        delete(Assignment).where(Assignment.contest_id == contest.id, Assignment.juror_id.not_in(jurors or [-1]),
                                 _open_assignment_cond(rnd.position)).execution_options(synchronize_session=False))
    loads = open_loads(contest.id, jurors, rnd.position)
    added = 0
    for entry, submission in rounds.entries_of(rnd):
        if entry.state == "open":
            added += len(_fill(submission, rnd.position, config["quorum"], jurors, loads))
    moved = _even_out(contest.id, jurors, loads, rnd.position)
    db.session.flush()
    return {"removed": gone.rowcount or 0, "added": added, "moved": moved}


def _even_out(contest_id: int, jurors: list[int], loads: dict[int, int], number: int | None = None) -> int:
    moved = 0
    while jurors:
        busiest = max(jurors, key=lambda j: (loads[j], -j))
        idlest = min(jurors, key=lambda j: (loads[j], j))
        if loads[busiest] - loads[idlest] <= 1:
            break
        taken = select(Assignment.submission_id).where(Assignment.juror_id == idlest,
                                                       Assignment.round_number == (number or 1))
        own = select(Submission.id).where(Submission.user_id == idlest)
        reviewed = select(Review.submission_id).where(Review.juror_id == idlest, Review.round_number == (number or 1))
        candidate = db.session.scalar(
            select(Assignment).where(Assignment.contest_id == contest_id, Assignment.juror_id == busiest,
                                     _open_assignment_cond(number), Assignment.submission_id.not_in(taken),
                                     Assignment.submission_id.not_in(own), Assignment.submission_id.not_in(reviewed))
            .order_by(Assignment.id.desc()).limit(1))
        if candidate is None:
            break
        candidate.juror_id = idlest
        db.session.flush()
        loads[busiest] -= 1
        loads[idlest] += 1
        moved += 1
    return moved
