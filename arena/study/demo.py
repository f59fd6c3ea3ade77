"""Demo data: the demo learner ``layla`` with a few subjects and two weeks of sessions.

Idempotent: layla is created only when absent (by username), each subject only when she has none
of that name, and sessions only for a demo subject that has none yet. Flushes only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from arena.core.cli import DEMO_PASSWORD
from arena.core.timeutil import utcnow
from arena.identity import operations as identity_ops
from arena.identity import queries as identity_queries
from arena.study import operations, queries

LEARNER = "layla"
SUBJECTS = [
    {"name": "Arabic grammar", "description": "Nahw and sarf, one chapter a week.", "hours_goal": 40,
     "priority": "high"},
    {"name": "Linear algebra", "description": "Vectors, matrices and eigenvalues.", "hours_goal": 30,
     "priority": "medium"},
    {"name": "Wikipedia editing", "description": "Sourcing and citation practice.", "hours_goal": None,
     "priority": "low"},
]
#: (days ago, subject index, UTC start hour, minutes); day 0 is today, and every start is past
PLAN = [
    (13, 0, 7, 45), (12, 1, 18, 60), (11, 0, 7, 30), (11, 2, 20, 25), (10, 1, 18, 50), (9, 0, 7, 40),
    (7, 1, 17, 90), (6, 0, 7, 35), (5, 2, 19, 40), (4, 0, 7, 45), (4, 1, 18, 55), (3, 0, 7, 30),
    (2, 1, 18, 70), (1, 0, 7, 50), (1, 2, 20, 30),
]


def learner():
    user = identity_queries.find_user_by_login(LEARNER)
    if user is None:
        user = identity_ops.create_user(LEARNER, "layla@example.org", DEMO_PASSWORD)
        user.display_name = "Layla"
    return user


def load() -> str:
    user = learner()
    subjects, created_subjects, created_sessions = [], 0, 0
    for spec in SUBJECTS:
        subject = queries.subject_by_name(user.id, spec["name"])
        if subject is None:
            subject = operations.create_subject(actor=user, **spec)
            created_subjects += 1
        subjects.append(subject)
    now = utcnow()
    today = now.date()
    for index, subject in enumerate(subjects):
        if queries.attach_totals([subject])[0].session_count:
            continue  # this demo subject has its sessions already
        for days_ago, subject_index, hour, minutes in PLAN:
            if subject_index != index:
                continue
            start = datetime.combine(today - timedelta(days=days_ago), time(hour), timezone.utc)
            end = start + timedelta(minutes=minutes)
            if end > now or queries.find_overlap(user.id, start, end, now):
                continue  # today's later slots are still in the future
            operations.create_session(actor=user, subject_id=subject.id, started_at=start, ended_at=end,
                                      notes="")
            created_sessions += 1
    return f"learner {LEARNER}: {created_subjects} subjects and {created_sessions} sessions added"
