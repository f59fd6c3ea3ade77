"""The combined leaderboard of an umbrella contest: every participant's total across the children,
an article entered in two children counted once.

An article is the same when it is the same page (wiki and normalised title, redirects resolved when
the entry was checked) or, on wikis linked to Wikidata, when the pages share a Wikidata item (read
through the wiki service, batched). Of the entries of one article only one counts, by the
umbrella's rule: ``higher_score`` (ties: the one decided first) or ``first_accepted`` (the accepted
entry decided first; when none was accepted, the higher score). Only decided entries (accepted or
rejected) score, as on the children's own leaderboards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from arena.contests import facts
from arena.contests.models import Submission
from arena.contests.operations.umbrella import children_of, umbrella_of
from arena.extensions import db
from arena.reviews import present, scoring
from arena.reviews.operations import leaderboard
from arena.reviews.models import LeaderboardTotals, SubmissionOutcome

SCORED = ("accepted", "rejected")
FAR = 10 ** 12


def _article_keys(entries: list[tuple[Submission, SubmissionOutcome]]) -> dict[int, tuple]:
    titles: dict[str, list[str]] = {}
    for sub, _o in entries:
        titles.setdefault(sub.wiki_id, []).append(sub.title)
    items: dict[tuple[str, str], str | None] = {}
    with facts.quick():  # a person waits for this page: ask once, briefly, never the retry ladder
        for wiki_id, names in titles.items():
            try:
                found = facts.wikidata_items(wiki_id, names)
            except facts.WikiUnavailable:
                found = {}  # counted by page until the wiki answers again
            items.update({(wiki_id, t): q for t, q in found.items()})
    return {sub.id: (("wikidata", q) if (q := items.get((sub.wiki_id, sub.title))) else ("page", sub.wiki_id, sub.title))
            for sub, _o in entries}


def _order(rule: str):
    def key(item):
        sub, outcome = item
        when = outcome.decided_at.timestamp() if outcome.decided_at else FAR
        score = Decimal(outcome.score or 0)
        if rule == "first_accepted":
            return (0 if sub.status == "accepted" else 1, when if sub.status == "accepted" else -score, sub.id)
        return (-score, when, sub.id)
    return key


def combined_board(contest) -> dict[str, Any] | None:
    """None when ``contest`` is not an umbrella."""
    umbrella = umbrella_of(contest.id)
    if umbrella is None:
        return None
    children = children_of(contest.id)
    ids = [c.id for c in children]
    stmt = (select(Submission, SubmissionOutcome).join(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
            .where(Submission.contest_id.in_(ids or [-1]), Submission.status.in_(SCORED),
                   Submission.user_id.is_not(None)).order_by(Submission.id))
    entries = [(s, o) for s, o in db.session.execute(stmt)]
    keys = _article_keys(entries)
    groups: dict[tuple, list] = {}
    for item in entries:
        groups.setdefault(keys[item[0].id], []).append(item)
    rows: dict[int, dict[str, Any]] = {}
    duplicates = []
    for group in groups.values():
        kept, *dropped = sorted(group, key=_order(umbrella.dedup_rule))
        sub, outcome = kept
        row = rows.setdefault(sub.user_id, {"user": sub.user, "total_score": Decimal(0), "articles": 0,
                                            "accepted": 0, "duplicates": 0})
        row["total_score"] += Decimal(outcome.score or 0)
        row["articles"] += 1
        row["accepted"] += sub.status == "accepted"
        for other, other_outcome in dropped:
            rows.setdefault(other.user_id, {"user": other.user, "total_score": Decimal(0), "articles": 0,
                                            "accepted": 0, "duplicates": 0})["duplicates"] += 1
            duplicates.append({"submission_id": other.id, "contest_id": other.contest_id, "title": other.title,
                               "wiki_id": other.wiki_id, "score": scoring.money(Decimal(other_outcome.score or 0)),
                               "counted_submission_id": sub.id})
    ranked = sorted(rows.values(), key=lambda r: (-r["total_score"], r["user"].id))
    board, rank, previous = [], 0, None
    for position, row in enumerate(ranked, start=1):
        if row["total_score"] != previous:
            rank, previous = position, row["total_score"]
        board.append({"rank": rank, "participant": present.person(row["user"]),
                      "total_score": scoring.money(row["total_score"]), "articles": row["articles"],
                      "accepted": row["accepted"], "duplicates": row["duplicates"]})
    leaderboard.write_totals()  # this unit of work's own changes count
    kept_totals = {t.contest_id: t for t in db.session.scalars(
        select(LeaderboardTotals).where(LeaderboardTotals.contest_id.in_(ids or [-1]),
                                        LeaderboardTotals.scope.like("contest:%")))}
    child_rows = []
    for child in children:
        totals = present.totals(kept_totals.get(child.id))
        child_rows.append({"id": child.id, "name": child.name, "slug": child.slug, "status": child.status,
                           "wikis": child.wiki_ids, "participants": totals["participants"],
                           "submissions": totals["submissions"], "total_score": totals["total_score"]})
    return {"dedup_rule": umbrella.dedup_rule, "children": child_rows, "leaderboard": board,
            "duplicates": duplicates,
            "total_score": scoring.money(sum((r["total_score"] for r in ranked), Decimal(0)))}
