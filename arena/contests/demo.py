"""Demo data: three contests on enwiki (current, upcoming, past) with an organiser and a jury, and
entries in the current and the past contest by several demo participants.

The entries are imported through :func:`operations.import_article` and carry recorded article facts
(``snapshot["demo"]`` is true), applied through :func:`operations.apply_snapshot`, so the rules run
as for a checked article and nothing needs a wiki. One entry stays awaiting its check. The jury's
reviews and results are added by the reviews domain's demo loader (``arena.reviews.demo``).
The demo organiser is a trusted member (granted by the demo admin), so they may create contests.

Idempotent (contests are found by slug, entries by title); flushes only; makes no wiki call.
"""

from __future__ import annotations

from datetime import timedelta

from arena.contests import operations, queries
from arena.contests.models import Contest, ContestMember, ContestWiki, TrustedMemberRequest
from arena.contests.models.submission import title_key
from arena.contests.rules import default_rules
from arena.core import signals
from arena.core.timeutil import isoformat, utcnow
from arena.extensions import db
from arena.wiki.facts import ArticleFacts
from arena.wiki.wikitext import ReferenceCount

DEMO_CONTESTS = (
    ("women-in-science-2025", "Women in Science", -10, 20,
     "Write or expand articles about women scientists.",
     "- Articles must be created or expanded by at least 3,000 bytes during the contest.\n"
     "- At least three reliable references."),
    ("local-history-month", "Local History Month", 15, 45,
     "A month of articles about the history of towns and villages.",
     "- New articles only.\n- At least 2,000 bytes."),
    ("spring-cleanup", "Spring Clean-up", -60, -30,
     "Expand short articles (stubs) in any field.",
     "- Expansions of at least 2,000 bytes."),
)


def _user(username: str, role: str = "user"):
    from arena.core.cli import DEMO_PASSWORD
    from arena.identity import operations

    user = queries.find_user(username=username)
    if user is None:
        user = operations.create_user(username, f"{username}@example.org", DEMO_PASSWORD, role=role)
    return user


def load() -> str:
    organiser = _user("organiser")
    jurors = [_user(f"juror{i}") for i in (1, 2, 3)]
    for name in PARTICIPANTS:
        _user(name)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    created = 0
    for slug, name, start_days, end_days, description, rules_text in DEMO_CONTESTS:
        if queries.slug_taken(slug):
            continue
        contest = Contest(slug=slug, name=name, description=description, rules=rules_text,
                          starts_at=now + timedelta(days=start_days), ends_at=now + timedelta(days=end_days),
                          is_published=True, visibility="public",
                          submission_type={"local-history-month": "new", "spring-cleanup": "expansion"}.get(
                              slug, "both"),
                          min_bytes=3000 if slug == "women-in-science-2025" else 2000,
                          min_references=3 if slug == "women-in-science-2025" else 0,
                          required_categories=[], write_back_categories=[], template=None,
                          template_target="talk", write_back=False, max_submissions_per_participant=None,
                          scoring_mode="simple",
                          scoring_config={"quorum": 2} if slug == CURRENT else {}, allow_jury_to_compete=False,
                          created_by_id=organiser.id)
        contest.eligibility_rules = default_rules(contest)
        contest.wikis = [ContestWiki(wiki_id="enwiki", position=0)]
        contest.members = [ContestMember(user_id=organiser.id, role="organizer", added_by_id=organiser.id)] + [
            ContestMember(user_id=j.id, role="jury", added_by_id=organiser.id) for j in jurors]
        db.session.add(contest)
        db.session.flush()
        signals.contest_created.send(contest, actor=organiser)  # e.g. chat makes the contest's room
        created += 1
    trusted = _trust(organiser)
    entries = sum(_entries(queries.get_contest(slug), plan, now) for slug, plan in ENTRIES.items()
                  if queries.get_contest(slug) is not None)
    return f"{created} contests created, {entries} entries added" + (", organiser trusted" if trusted else "")


def _trust(organiser) -> bool:
    """The demo organiser is a trusted member (decided by the demo admin), so they create contests."""
    if queries.is_trusted(organiser):
        return False
    admin = queries.find_user(username="admin")
    if admin is None or not admin.is_admin:
        return False
    req = queries.open_trusted_request(organiser.id)
    if req is None:
        req = TrustedMemberRequest(user_id=organiser.id, wiki_id="enwiki", wiki_username="Olivia Organiser",
                                   status="pending", reason="Demo organiser.")
        db.session.add(req)
        db.session.flush()
    operations.decide_trusted_request(req, True, "Demo organiser.", actor=admin)
    return True


def demo_snapshot(contest, title: str, wiki_username: str, *, created_days: int | None, size: int,
                  added: int, refs: int) -> dict:
    """Recorded facts of a demo article, marked ``demo`` (no wiki was asked).

    ``created_days``: days after the contest's start the article was created (``None``: long before);
    ``added``: bytes the participant added during the contest.
    """
    created = contest.starts_at + timedelta(days=created_days, hours=3) if created_days is not None else (
        contest.starts_at - timedelta(days=900))
    facts = ArticleFacts(title=title, requested_title=title, exists=True, creator=wiki_username if created_days
                         is not None else "Earlier Editor", created_at=created, size=size,
                         word_count=size // 6, references=ReferenceCount(refs, refs // 4),
                         categories=["Demo articles"])
    snapshot = facts.to_dict()
    snapshot.update(namespace=0, size_at_start=0 if created_days is not None else size - added,
                    expansion_bytes=added, user_bytes_added=added, user_edits=max(1, added // 1500),
                    submitter={"username": wiki_username, "exists": True,
                               "registered_at": isoformat(contest.starts_at - timedelta(days=400))},
                    fetched_at=isoformat(utcnow()), demo=True,
                    note="Demo data: recorded facts, not read from a wiki.")
    return snapshot


def _entries(contest, plan, now) -> int:
    """Import the demo entries of ``contest`` that are not there yet and record their facts."""
    added = 0
    for username, title, facts_ in plan:
        if queries.find_duplicate(contest.id, "enwiki", title_key(title), None) is not None:
            continue
        user = _user(username)
        wiki_name = f"{username.capitalize()} (demo)"
        if queries.wiki_account(user.id) is None:
            operations.link_wiki_account(user, wiki_name, actor=user)
        submission = operations.import_article(contest, "enwiki", title, queries.wiki_account(user.id).username,
                                               actor=user)
        submission.article_url = f"https://en.wikipedia.org/wiki/{title.replace(' ', '_')}"
        if facts_ is None:
            operations.mark_unavailable(submission, "Demo entry: it is checked when a wiki can be reached.")
        else:
            operations.apply_snapshot(submission, demo_snapshot(contest, title, submission.wiki_username,
                                                                **facts_))
        added += 1
    return added


CURRENT = "women-in-science-2025"
PAST = "spring-cleanup"
PARTICIPANTS = ("alice", "bob", "layla", "samir", "mei")


def _new(days: int, size: int, refs: int) -> dict:
    return {"created_days": days, "size": size, "added": size, "refs": refs}


def _grown(size: int, added: int, refs: int) -> dict:
    return {"created_days": None, "size": size, "added": added, "refs": refs}


#: slug → (participant, article title, recorded facts or None for "awaiting its check")
ENTRIES = {
    CURRENT: (
        ("alice", "Ada Lovelace", _new(1, 8200, 14)),
        ("alice", "Lise Meitner", _grown(21400, 5400, 22)),
        ("alice", "Mary Anning", _new(3, 4100, 6)),
        ("bob", "Rosalind Franklin", _grown(30100, 3900, 31)),
        ("bob", "Chien-Shiung Wu", _new(2, 3300, 4)),
        ("bob", "Barbara McClintock", _grown(18800, 3600, 12)),
        ("layla", "Maryam Mirzakhani", _new(4, 9600, 18)),
        ("layla", "Sameera Moussa", _new(5, 5200, 7)),
        ("layla", "Hypatia", None),
        ("samir", "Katherine Johnson", _grown(15200, 900, 1)),
        ("samir", "Tu Youyou", _new(6, 6100, 9)),
        ("mei", "Emmy Noether", _grown(26400, 7300, 25)),
        ("mei", "Dorothy Hodgkin", _new(7, 4500, 5)),
    ),
    PAST: (
        ("alice", "Tide pool", _grown(6100, 3200, 8)),
        ("bob", "Hedgerow", _grown(5400, 2600, 5)),
        ("samir", "Water mill", _grown(4800, 2300, 4)),
        ("mei", "Dry stone wall", _grown(4300, 2100, 2)),
    ),
}
