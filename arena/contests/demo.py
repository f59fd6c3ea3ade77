"""Demo data: three contests on enwiki (current, upcoming, past) with an organiser and a jury.

Idempotent (contests are found by slug); flushes only; makes no wiki call.
"""

from __future__ import annotations

from datetime import timedelta

from arena.contests import queries
from arena.contests.models import Contest, ContestMember, ContestWiki
from arena.contests.rules import default_rules
from arena.core.timeutil import utcnow
from arena.extensions import db

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
    for name in ("alice", "bob"):
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
                          scoring_mode="simple", scoring_config={}, allow_jury_to_compete=False,
                          created_by_id=organiser.id)
        contest.eligibility_rules = default_rules(contest)
        contest.wikis = [ContestWiki(wiki_id="enwiki", position=0)]
        contest.members = [ContestMember(user_id=organiser.id, role="organizer", added_by_id=organiser.id)] + [
            ContestMember(user_id=j.id, role="jury", added_by_id=organiser.id) for j in jurors]
        db.session.add(contest)
        created += 1
    db.session.flush()
    return f"{created} contests created"
