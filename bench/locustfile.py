"""Locust scenario: participants browsing boards and contests, learners timing study sessions.

Run headless and bounded against ``arena serve`` on PostgreSQL + Redis (see bench/README.md)::

    .venv/bin/pip install -e '.[load]'
    ARENA_BENCH_TOKEN=<a member's access token> ARENA_BENCH_SUBJECT=<their subject id> \\
        .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:5000

Without ``ARENA_BENCH_TOKEN`` only the anonymous readers run; jurors run with
``ARENA_BENCH_JUROR_TOKEN`` and ``ARENA_BENCH_OPEN_SUBMISSIONS`` (``first-last`` ids of submissions
waiting in the juror's contest). ``python -m bench.run --prepare`` makes the data and prints them all.
"""

from __future__ import annotations

import itertools
import os
import random
from datetime import datetime, timedelta, timezone

from locust import HttpUser, between, task

TOKEN = os.environ.get("ARENA_BENCH_TOKEN", "")
SUBJECT = int(os.environ.get("ARENA_BENCH_SUBJECT", "0") or 0)
CONTESTS = [int(c) for c in os.environ.get("ARENA_BENCH_CONTESTS", "1,2").split(",") if c]
JUROR_TOKEN = os.environ.get("ARENA_BENCH_JUROR_TOKEN", "")
_first, _, _last = os.environ.get("ARENA_BENCH_OPEN_SUBMISSIONS", "").partition("-")
OPEN_SUBMISSIONS = itertools.count(int(_first)) if _first else None  # shared by the jurors: each reviewed once
LAST_OPEN = int(_last) if _last else 0
SESSION_SLOTS = itertools.count(1)  # the learners share one account, whose sessions never overlap


class Participant(HttpUser):
    """Refreshes leaderboards and contest pages, as everybody does during a contest."""

    weight = 4
    wait_time = between(0.5, 2)

    @task(5)
    def contest_board(self):
        self.client.get(f"/api/v1/contests/{random.choice(CONTESTS)}/leaderboard?per_page=20",
                        name="/api/v1/contests/[id]/leaderboard")

    @task(2)
    def global_board(self):
        self.client.get("/api/v1/leaderboard")

    @task(2)
    def board_page(self):
        self.client.get(f"/leaderboards/{random.choice(CONTESTS)}", name="/leaderboards/[id]")

    @task(1)
    def contests(self):
        self.client.get("/api/v1/contests")


class Learner(HttpUser):
    """Lists and times study sessions with a bearer token."""

    weight = 1 if TOKEN and SUBJECT else 0
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"

    @task(3)
    def sessions(self):
        self.client.get("/api/v1/study-sessions")

    @task(1)
    def time_a_session(self):
        start = datetime(2001, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=2 * next(SESSION_SLOTS))
        self.client.post("/api/v1/study-sessions", json={
            "subject_id": SUBJECT, "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=1)).isoformat()}, name="/api/v1/study-sessions")


class Juror(HttpUser):
    """Reviews the submissions waiting in their contest, each once, and looks at the board."""

    weight = 1 if JUROR_TOKEN and OPEN_SUBMISSIONS is not None else 0
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {JUROR_TOKEN}"

    @task(3)
    def review(self):
        submission = next(OPEN_SUBMISSIONS)
        if submission > LAST_OPEN:
            return
        self.client.post(f"/api/v1/submissions/{submission}/reviews", json={"decision": "accept", "marks": 8},
                         name="/api/v1/submissions/[id]/reviews")

    @task(1)
    def board(self):
        self.client.get(f"/api/v1/contests/{random.choice(CONTESTS)}/leaderboard?per_page=20",
                        name="/api/v1/contests/[id]/leaderboard")
