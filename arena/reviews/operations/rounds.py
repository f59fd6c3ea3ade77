"""Judging rounds: a contest may be judged in 1–3 rounds, each with its own scoring mode, quorum,
jury and dates. Round 1 opens when it is defined; an organiser closes a round with an advance rule
and the kept entries move on to the next round, which opens then. A contest without rounds is judged
exactly as before, in one implicit round with its own settings.

What counts: an entry's result is the result of the last round that decided it. Entries not advanced
keep that result (their score from the round they left in); rejected entries never advance.

Advance rules (see :func:`select_advancing`): ``all`` (every accepted entry), ``top_n``,
``top_percent`` (``ceil(value% of the accepted entries)``) and ``min_score`` (score at least X).
Ties at the cut-off are never broken arbitrarily: every entry scoring the same as the last kept one
is kept too, so a rule may keep more entries than asked; the preview says how many and why.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_datetime, gettext as _
from sqlalchemy import func, select

from arena.contests.models import ContestMember, Submission
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.reviews import permissions, scoring
from arena.reviews.models import JudgingRound, ResultOverride, Review, RoundResult

MAX_ROUNDS = 3
ADVANCE_RULES = ("all", "top_n", "top_percent", "min_score")


# --- reads ------------------------------------------------------------------------------------
def rounds_of(contest_id: int) -> list[JudgingRound]:
    return list(db.session.scalars(select(JudgingRound).where(JudgingRound.contest_id == contest_id)
                                   .order_by(JudgingRound.position)))


def has_rounds(contest_id: int) -> bool:
    return db.session.scalar(select(JudgingRound.id).where(JudgingRound.contest_id == contest_id).limit(1)) is not None


def get_round(contest_id: int, position: int) -> JudgingRound | None:
    return db.session.scalar(select(JudgingRound).where(JudgingRound.contest_id == contest_id,
                                                        JudgingRound.position == position))


def round_config(rnd: JudgingRound) -> dict[str, Any]:
    return scoring.validate_config(rnd.scoring_mode, rnd.scoring_config or {}, in_round=True)


def contest_jurors(contest_id: int) -> list[int]:
    return list(db.session.scalars(select(ContestMember.user_id).where(
        ContestMember.contest_id == contest_id, ContestMember.role == "jury").order_by(ContestMember.user_id)))


def round_jurors(rnd: JudgingRound) -> list[int]:
    """The round's jurors: its chosen subset that still sits on the contest's jury (or the whole jury)."""
    jury = contest_jurors(rnd.contest_id)
    return jury if rnd.jury_ids is None else [j for j in jury if j in set(rnd.jury_ids)]


def entry_of(submission: Submission, *, create: bool = True) -> RoundResult | None:
    """The entry's row in the latest round it reached. A checked, pending submission enters round 1
    while round 1 is not closed."""
    entry = db.session.scalar(select(RoundResult).where(RoundResult.submission_id == submission.id)
                              .order_by(RoundResult.position.desc()).limit(1))
    if entry is not None or not create or submission.status != "pending":
        return entry
    first = get_round(submission.contest_id, 1)
    if first is None or first.state == "closed":
        return None
    entry = RoundResult(round_id=first.id, contest_id=submission.contest_id, submission_id=submission.id,
                        position=1, state="open", breakdown={}, review_count=0)
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_of(rnd: JudgingRound) -> list[tuple[RoundResult, Submission]]:
    """The round's entries, best score first (open entries last)."""
    stmt = (select(RoundResult, Submission).join(Submission, Submission.id == RoundResult.submission_id)
            .where(RoundResult.round_id == rnd.id)
            .order_by(RoundResult.score.is_(None), RoundResult.score.desc(), Submission.id))
    return [(r, s) for r, s in db.session.execute(stmt)]


def scores_by_round(contest_id: int) -> dict[int, dict[int, RoundResult]]:
    """``{submission_id: {position: RoundResult}}`` for a contest's reports (one query)."""
    out: dict[int, dict[int, RoundResult]] = {}
    for row in db.session.scalars(select(RoundResult).where(RoundResult.contest_id == contest_id)):
        out.setdefault(row.submission_id, {})[row.position] = row
    return out


# --- checks used by reviews -------------------------------------------------------------------
def judging_of(submission: Submission) -> tuple[str, dict[str, Any], int, bool]:
    """``(scoring mode, settings, round number, open for review)`` of a submission now: its round's
    with judging rounds, the contest's own (round 1) without."""
    from arena.reviews.queries import get_outcome

    contest = submission.contest
    if not has_rounds(contest.id):
        outcome = get_outcome(submission.id)
        is_open = submission.status == "pending" and (outcome is None or outcome.state == "open")
        return contest.scoring_mode, scoring.contest_config(contest), 1, is_open
    entry = entry_of(submission, create=False)
    rnd = db.session.get(JudgingRound, entry.round_id) if entry is not None else None
    if rnd is None:
        return contest.scoring_mode, scoring.contest_config(contest), 1, False
    return rnd.scoring_mode, round_config(rnd), rnd.position, rnd.state == "open" and entry.state == "open"



def reviewable_entry(submission: Submission, actor) -> tuple[JudgingRound, RoundResult]:
    """The open round and entry a juror may review now, or the refusal."""
    entry = entry_of(submission)
    rnd = db.session.get(JudgingRound, entry.round_id) if entry is not None else None
    if rnd is None or rnd.state != "open":
        raise Conflict(_("This submission is not open for review."))
    if entry.state != "open":
        raise Conflict(_("The result of this submission is already decided."))
    if actor.id not in round_jurors(rnd):
        raise Forbidden(_("You are not on this round's jury."))
    check_round_dates(rnd)
    return rnd, entry


def check_round_dates(rnd: JudgingRound) -> None:
    """Refuses reviews before a round's start or after its end, when the round has dates."""
    now = utcnow()
    if rnd.starts_at is not None and now < rnd.starts_at:
        raise Conflict(_("Round %(number)s opens for reviews on %(date)s.", number=rnd.position,
                         date=format_datetime(rnd.starts_at)))
    if rnd.ends_at is not None and now >= rnd.ends_at:
        raise Conflict(_("Round %(number)s closed for reviews on %(date)s.", number=rnd.position,
                         date=format_datetime(rnd.ends_at)))


# --- deciding -----------------------------------------------------------------------------------
def decide_entry(submission: Submission, entry: RoundResult) -> None:
    """Work out one entry's result in its round from that round's reviews (or an override)."""
    rnd = db.session.get(JudgingRound, entry.round_id)
    mode, config = scoring.mode_for(rnd.scoring_mode), round_config(rnd)
    reviews = list(db.session.scalars(select(Review).where(Review.submission_id == submission.id,
                                                           Review.round_number == entry.position)
                                      .order_by(Review.id)))
    entry.review_count = len(reviews)
    override = db.session.scalar(select(ResultOverride).where(ResultOverride.submission_id == submission.id,
                                                              ResultOverride.round_number == entry.position)
                                 .order_by(ResultOverride.id.desc()).limit(1))
    if override is not None:
        entry.state, entry.decision = "overridden", "accept" if override.status == "accepted" else "reject"
        entry.score = scoring.money(override.score)
        entry.breakdown = {"mode": mode.name, "decision": entry.decision, "score": str(entry.score),
                           "override": {"reason": override.reason}}
        return
    if len(reviews) < config["quorum"]:
        entry.state, entry.decision, entry.score, entry.breakdown = "open", None, None, {}
        return
    accepts = sum(1 for r in reviews if r.decision == "accept")
    rejects = len(reviews) - accepts
    if accepts == rejects:
        entry.state, entry.decision, entry.score = "tie", None, None
        entry.breakdown = {"tie": True, "accept": accepts, "reject": rejects}
        return
    decision = "accept" if accepts > rejects else "reject"
    score, breakdown = mode.result_score(config, decision, reviews, submission)
    entry.state, entry.decision, entry.score = "decided", decision, scoring.money(score)
    entry.breakdown = {**breakdown, "round": entry.position, "votes": {"accept": accepts, "reject": rejects}}


def latest_decided(submission_id: int) -> RoundResult | None:
    return db.session.scalar(select(RoundResult).where(RoundResult.submission_id == submission_id,
                                                       RoundResult.state.in_(("decided", "overridden")))
                             .order_by(RoundResult.position.desc()).limit(1))


def current_position(submission: Submission) -> int | None:
    entry = entry_of(submission, create=False)
    return entry.position if entry is not None else None


# --- organisers' writes -------------------------------------------------------------------------
def _int_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)


def add_round(contest, *, actor, scoring_mode: str, scoring_config: dict | None = None,
              jury_ids: list[int] | None = None, starts_at=None, ends_at=None) -> JudgingRound:
    """Add the next round (at most three; only until the first round closes). Round 1 opens at once."""
    from arena.identity import audit

    if not permissions.can_override(contest, actor):
        raise Forbidden(_("Only the contest's organisers manage judging rounds."))
    rounds = rounds_of(contest.id)
    if len(rounds) >= MAX_ROUNDS:
        raise Conflict(_("A contest has at most %(count)s judging rounds.", count=MAX_ROUNDS))
    if rounds and rounds[0].state == "closed":
        raise Conflict(_("Rounds can be added only until the first round closes."))
    if not rounds and db.session.scalar(select(Review.id).where(Review.contest_id == contest.id).limit(1)):
        raise Conflict(_("Define judging rounds before the jury starts reviewing."))
    errors: dict[str, Any] = {}
    try:
        config = scoring.validate_config(scoring_mode, scoring_config or {}, in_round=True)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        config = {}
    if jury_ids is not None:
        jury = set(contest_jurors(contest.id))
        if not _int_list(jury_ids) or not jury_ids or not set(jury_ids) <= jury:
            errors["jury_ids"] = [_("Choose jurors from the contest's jury.")]
        elif config and len(set(jury_ids)) < config.get("quorum", 1):
            errors["jury_ids"] = [_("The round needs at least as many jurors as its quorum.")]
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("Must be after the start.")]
    if errors:
        raise ValidationFailed(errors)
    rnd = JudgingRound(contest_id=contest.id, position=len(rounds) + 1, scoring_mode=scoring_mode,
                       scoring_config=config, jury_ids=sorted(set(jury_ids)) if jury_ids is not None else None,
                       starts_at=starts_at, ends_at=ends_at, state="waiting", advance_rule={})
    db.session.add(rnd)
    db.session.flush()
    audit.record("contest.round_added", actor=actor,
                 details={"contest_id": contest.id, "round": rnd.position, "scoring_mode": scoring_mode})
    if rnd.position == 1:
        _open(contest, rnd, actor=actor)
    return rnd


def _open(contest, rnd: JudgingRound, *, actor) -> None:
    from arena.reviews.operations.assignments import assign_round
    from arena.notifications.operations import notify

    rnd.state = "open"
    if rnd.position == 1:
        pending = db.session.scalars(select(Submission).where(Submission.contest_id == contest.id,
                                                              Submission.status == "pending")
                                     .order_by(Submission.id))
        for submission in pending:
            entry_of(submission)
    db.session.flush()
    assign_round(contest, rnd)
    for juror_id in round_jurors(rnd):
        notify(juror_id, "round_opened", {"contest_id": contest.id, "round": rnd.position},
               link=f"/jury/contests/{contest.id}")


def parse_rule(rule: Any) -> dict[str, Any]:
    """``{"rule": "top_n"|"top_percent"|"min_score"|"all", "value": ...}`` cleaned, or ValidationFailed."""
    if not isinstance(rule, dict) or rule.get("rule") not in ADVANCE_RULES:
        raise ValidationFailed({"rule": _("Must be one of: %(choices)s.", choices=", ".join(ADVANCE_RULES))})
    kind, value = rule["rule"], rule.get("value")
    if kind == "all":
        return {"rule": kind}
    if kind == "top_n":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100000:
            raise ValidationFailed({"value": _("Give how many entries to keep (1 or more).")})
        return {"rule": kind, "value": value}
    if kind == "top_percent":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 100:
            raise ValidationFailed({"value": _("Give a percentage above 0 and at most 100.")})
        return {"rule": kind, "value": value}
    try:
        number = Decimal(str(value)) if value is not None and not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationFailed({"value": _("Give the lowest score an entry needs.")})
    return {"rule": kind, "value": str(number)}


def select_advancing(scored: list[tuple[int, Decimal]], rule: dict[str, Any]) -> dict[str, Any]:
    """Which of the accepted entries ``(submission_id, score)`` a rule keeps. Ties at the cut-off
    are all kept: ``extra_for_ties`` counts the entries kept beyond the number asked."""
    ordered = sorted(scored, key=lambda item: (-Decimal(item[1]), item[0]))
    kind, asked = rule["rule"], None
    if kind == "all":
        kept = ordered
    elif kind == "min_score":
        kept = [item for item in ordered if Decimal(item[1]) >= Decimal(rule["value"])]
    else:
        asked = rule["value"] if kind == "top_n" else math.ceil(len(ordered) * Decimal(str(rule["value"])) / 100)
        if asked >= len(ordered):
            kept = ordered
        else:
            cutoff = Decimal(ordered[asked - 1][1])
            kept = [item for item in ordered if Decimal(item[1]) >= cutoff]
    cutoff_score = Decimal(kept[-1][1]) if kept else None
    return {"rule": rule, "candidates": len(ordered), "asked": asked, "kept": len(kept),
            "extra_for_ties": max(0, len(kept) - asked) if asked is not None else 0,
            "cutoff_score": str(scoring.money(cutoff_score)) if cutoff_score is not None else None,
            "tied_at_cutoff": sum(1 for item in kept if Decimal(item[1]) == cutoff_score) if kept else 0,
            "kept_ids": [item[0] for item in kept]}


def _candidates(rnd: JudgingRound) -> list[tuple[int, Decimal]]:
    return [(r.submission_id, Decimal(r.score)) for r, _s in entries_of(rnd)
            if r.state in ("decided", "overridden") and r.decision == "accept"]


def _undecided(rnd: JudgingRound) -> int:
    return db.session.scalar(select(func.count(RoundResult.id)).where(
        RoundResult.round_id == rnd.id, RoundResult.state.in_(("open", "tie")))) or 0


def preview_close(contest, rnd: JudgingRound, rule: Any, *, actor) -> dict[str, Any]:
    """What closing the round with ``rule`` would keep (changes nothing)."""
    if not permissions.can_override(contest, actor):
        raise Forbidden(_("Only the contest's organisers manage judging rounds."))
    nxt = get_round(contest.id, rnd.position + 1)
    clean = parse_rule(rule) if nxt is not None else {"rule": "all"}
    result = select_advancing(_candidates(rnd), clean)
    result["undecided"] = _undecided(rnd)
    result["final"] = nxt is None
    if nxt is None:
        result["kept"], result["kept_ids"] = 0, []
    return result


def close_round(contest, rnd: JudgingRound, rule: Any, *, actor) -> dict[str, Any]:
    """Close an open round: every entry must be decided (settle ties with an override first). With a
    next round, the rule's entries move on to it and it opens; closing the last round ends judging."""
    from arena.identity import audit

    preview = preview_close(contest, rnd, rule, actor=actor)
    if rnd.state != "open":
        raise Conflict(_("Only an open round can be closed."))
    if preview["undecided"]:
        raise Conflict(_("%(count)s entries of this round are not decided yet.", count=preview["undecided"]),
                       {"undecided": [str(preview["undecided"])]})
    kept = set(preview["kept_ids"])
    nxt = get_round(contest.id, rnd.position + 1)
    for entry, _submission in entries_of(rnd):
        entry.advanced = entry.submission_id in kept
        if entry.advanced and nxt is not None:
            db.session.add(RoundResult(round_id=nxt.id, contest_id=contest.id, submission_id=entry.submission_id,
                                       position=nxt.position, state="open", breakdown={}, review_count=0))
    rnd.state, rnd.closed_at = "closed", utcnow()
    rnd.advance_rule = {**preview["rule"], "kept": preview["kept"], "extra_for_ties": preview["extra_for_ties"]}
    db.session.flush()
    audit.record("contest.round_closed", actor=actor,
                 details={"contest_id": contest.id, "round": rnd.position, "rule": preview["rule"],
                          "kept": preview["kept"], "candidates": preview["candidates"]})
    if nxt is not None:
        _open(contest, nxt, actor=actor)
    return preview


def submit_ranking(contest, rnd: JudgingRound, *, actor, order: Any) -> list[Review]:
    """A juror's ranking of every open entry of a ranking round, best first (once each)."""
    from arena.core import signals
    from arena.reviews.operations.results import decide

    if not permissions.can_review(contest, actor) or actor.id not in round_jurors(rnd):
        raise Forbidden(_("You are not on this round's jury."))
    if rnd.state != "open" or rnd.scoring_mode != "ranking":
        raise Conflict(_("This round is not open for ranking."))
    check_round_dates(rnd)
    entries = {s.id: (r, s) for r, s in entries_of(rnd) if s.user_id != actor.id}
    if not _int_list(order) or len(set(order)) != len(order) or set(order) != set(entries):
        raise ValidationFailed({"order": _("Rank every entry of the round exactly once (%(count)s entries).",
                                           count=len(entries))})
    if db.session.scalar(select(Review.id).where(Review.juror_id == actor.id, Review.round_number == rnd.position,
                                                 Review.submission_id.in_(list(entries) or [-1])).limit(1)):
        raise Conflict(_("You have already ranked this round's entries."))
    if any(r.state != "open" for r, _s in entries.values()):
        raise Conflict(_("The result of this submission is already decided."))
    mode, config = scoring.mode_for(rnd.scoring_mode), round_config(rnd)
    reviews = []
    for rank, submission_id in enumerate(order, start=1):
        submission = entries[submission_id][1]
        score, breakdown = mode.review_score(config, "accept", {"rank": rank, "ranked": len(order)}, submission)
        review = Review(submission_id=submission_id, contest_id=contest.id, juror_id=actor.id,
                        round_number=rnd.position, decision="accept", marks=rank, parameter_scores={},
                        score=scoring.money(score), breakdown=breakdown, comment="", private_note="", flags=[])
        db.session.add(review)
        reviews.append(review)
    db.session.flush()
    for review in reviews:
        submission = entries[review.submission_id][1]
        signals.submission_reviewed.send(submission, review=review, actor=actor, edited=False)
        decide(submission, actor=actor)
    return reviews
