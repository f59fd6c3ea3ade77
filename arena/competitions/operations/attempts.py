"""Attempts: start, save answers, submit, close at the deadline, score, keep the standings.

The deadline lives on the server: start + time limit, capped by the competition's end (the end
alone when untimed). Answers and submits are accepted until the deadline plus a small grace
(``COMPETITION_ANSWER_GRACE_SECONDS``) for network delay; after it they are refused with
:class:`TimeUp`, and the attempt is closed and scored with what was saved. Closing is a conditional
``UPDATE … WHERE status = 'open'``, so however many requests race to close an attempt, one wins:
the attempt is scored once and ``competition_attempt_scored`` is sent once.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from arena.competitions import queries, scoring
from arena.competitions.kinds import InvalidResponse, kind_of
from arena.competitions.models import Answer, Attempt, Competition, Standing
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db


class TimeUp(Conflict):
    """Refused because the attempt's time is over; the attempt has been closed and scored, and
    that closing must be kept although the request is refused."""

    default_message = _l("Time is up: this attempt was closed and scored with the answers saved before the deadline.")


def grace() -> timedelta:
    return timedelta(seconds=current_app.config["COMPETITION_ANSWER_GRACE_SECONDS"])


def _deadline(competition: Competition, started: datetime) -> datetime:
    if competition.time_limit_seconds:
        return min(started + timedelta(seconds=competition.time_limit_seconds), competition.ends_at)
    return competition.ends_at


def start_attempt(competition: Competition, *, actor, now: datetime | None = None) -> tuple[Attempt, bool]:
    """The participant's open attempt (resumed), or a new one. Returns ``(attempt, created)``."""
    now = now or utcnow()
    if not competition.may_take_part(actor):
        raise Forbidden(_("Organisers do not take part in their own competition."))
    current = queries.open_attempt(competition.id, actor.id)
    if current is not None and not close_if_expired(current, now=now):
        return current, False
    if competition.status_at(now) != "current":
        raise Conflict(_("This competition is not open for attempts."))
    used = queries.attempts_used(competition.id, actor.id)
    if used >= competition.attempts_allowed:
        raise Conflict(_("You have used all %(n)s of your attempts.", n=competition.attempts_allowed))
    questions = list(competition.questions)
    if not questions:
        raise Conflict(_("This competition has no questions yet."))
    seed = random.SystemRandom().randrange(1, 2**31 - 1)
    rng = random.Random(seed)
    order = [q.id for q in questions]
    if competition.shuffle_questions:
        rng.shuffle(order)
    option_orders = {}
    for question in questions:
        ids = [o["id"] for o in question.options]
        if competition.shuffle_options:
            rng.shuffle(ids)
        option_orders[str(question.id)] = ids
    attempt = Attempt(competition_id=competition.id, user_id=actor.id, number=used + 1, status="open",
                      started_at=now, deadline_at=_deadline(competition, now), seed=seed,
                      question_order=order, option_orders=option_orders)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # the same participant started one concurrently
        raise Conflict(_("You already have an attempt in progress.")) from None
    signals.competition_attempt_started.send(attempt, user_id=actor.id, competition_id=competition.id)
    return attempt, True


def _check_owner(attempt: Attempt, actor) -> None:
    if actor is None or attempt.user_id != actor.id:
        raise NotFound(_("No such attempt."))


def _refuse_if_late(attempt: Attempt, now: datetime) -> None:
    if now > attempt.deadline_at + grace():
        close_attempt(attempt, now=now)
        raise TimeUp()


def save_answer(attempt: Attempt, question_id: int, value, *, actor, now: datetime | None = None) -> Answer | None:
    """Save (or, with ``None``, clear) the answer to one question of an open attempt."""
    now = now or utcnow()
    _check_owner(attempt, actor)
    if not attempt.is_open:
        raise Conflict(_("This attempt is finished."))
    _refuse_if_late(attempt, now)
    if question_id not in attempt.question_order:
        raise NotFound(_("No such question in this attempt."))
    question = queries.get_question(attempt.competition_id, question_id)
    if question is None:
        raise NotFound(_("No such question in this attempt."))
    existing = next((a for a in attempt.answers if a.question_id == question_id), None)
    if value is None:
        if existing is not None:
            attempt.answers.remove(existing)
            db.session.flush()
        return None
    kind = kind_of(question.kind)
    try:
        cleaned = kind.read_response(question, value)
    except InvalidResponse as exc:
        raise ValidationFailed({"value": str(exc)}) from None
    if not kind.accepts_from(cleaned, actor):
        raise ValidationFailed({"value": _("You cannot give that answer.")})
    if existing is None:
        existing = Answer(question_id=question_id, value=cleaned, saved_at=now)
        attempt.answers.append(existing)
    else:
        existing.value, existing.saved_at = cleaned, now
    db.session.flush()
    return existing


def submit_attempt(attempt: Attempt, *, actor, now: datetime | None = None) -> Attempt:
    """End the attempt and score it. Submitting an attempt already closed returns it unchanged."""
    now = now or utcnow()
    _check_owner(attempt, actor)
    if attempt.is_open:
        _refuse_if_late(attempt, now)
        close_attempt(attempt, now=now, status="submitted")
    return attempt


def close_attempt(attempt: Attempt, *, now: datetime | None = None, status: str | None = None) -> bool:
    """Close an open attempt (submitted, or expired at its deadline) and score it, exactly once.
    Returns False when another request or the sweep closed it first."""
    now = now or utcnow()
    expired = status is None or now > attempt.deadline_at + grace()
    finished = min(now, attempt.deadline_at) if expired else now
    duration = max(0, int((min(finished, attempt.deadline_at) - attempt.started_at).total_seconds()))
    result = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == "open")
        .values(status="expired" if expired else status, finished_at=finished, duration_seconds=duration)
        .execution_options(synchronize_session=False))
    db.session.refresh(attempt)
    if result.rowcount != 1:
        return False
    score_attempt(attempt, now=now)
    signals.competition_attempt_scored.send(attempt, user_id=attempt.user_id, competition_id=attempt.competition_id,
                                            points=int(attempt.points_earned))
    return True


def score_attempt(attempt: Attempt, *, now: datetime | None = None) -> scoring.Breakdown:
    """(Re)compute every scoring term of a closed attempt and bring its participant's standing in line."""
    competition = db.session.get(Competition, attempt.competition_id)
    answers = {a.question_id: a for a in attempt.answers}
    marks = []
    for question in competition.questions:
        answer = answers.get(question.id)
        credit = None
        if answer is not None:
            credit = kind_of(question.kind).grade(question, answer.value)
            answer.credit, answer.points = credit, scoring.money(question.points * credit)
        marks.append((question.points, credit))
    rules = scoring.Rules(wrong_penalty=competition.wrong_penalty, all_correct_bonus=competition.all_correct_bonus,
                          time_bonus_percent=competition.time_bonus_percent,
                          time_limit_seconds=competition.time_limit_seconds,
                          competition_points=competition.competition_points, reward_tiers=competition.reward_tiers)
    result = scoring.score(marks, rules, attempt.duration_seconds or 0)
    for name, value in vars(result).items():
        setattr(attempt, name, value)
    attempt.scored_at = now or utcnow()
    db.session.flush()
    refresh_standing(competition, attempt.user_id)
    return result


def _better(a: Attempt, b: Attempt) -> bool:
    return (-a.total, a.duration_seconds or 0, a.finished_at) < (-b.total, b.duration_seconds or 0, b.finished_at)


def refresh_standing(competition: Competition, user_id: int) -> Standing | None:
    """Set the participant's leaderboard row from their closed attempts (best or latest, as the
    competition counts). Only this participant's few attempts are read; the row is locked."""
    closed = [a for a in queries.user_attempts(competition.id, user_id) if not a.is_open]
    # no joined user here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    stmt = (select(Standing).options(lazyload(Standing.user))
            .where(Standing.competition_id == competition.id, Standing.user_id == user_id)
            .with_for_update(of=Standing))
    row = db.session.scalar(stmt)
    if not closed:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if competition.counted_attempt == "latest":
        counted = max(closed, key=lambda a: (a.finished_at, a.number))
    else:
        counted = closed[0]
        for attempt in closed[1:]:
            if _better(attempt, counted):
                counted = attempt
    if row is None:
        row = Standing(competition_id=competition.id, user_id=user_id)
        db.session.add(row)
    row.attempt_id, row.total = counted.id, counted.total
    row.duration_seconds, row.finished_at = counted.duration_seconds or 0, counted.finished_at
    db.session.flush()
    return row


def close_if_expired(attempt: Attempt, *, now: datetime | None = None) -> bool:
    """Close an open attempt whose deadline and grace have passed; True when this call closed it."""
    now = now or utcnow()
    if not attempt.is_open or now <= attempt.deadline_at + grace():
        return False
    return close_attempt(attempt, now=now)


def expire_attempt(attempt_id: int, *, now: datetime | None = None) -> bool:
    """For the sweep: close one attempt whose deadline and grace have passed."""
    attempt = db.session.get(Attempt, attempt_id)
    return attempt is not None and close_if_expired(attempt, now=now)
