"""The first page of a contest leaderboard with 100,000 submissions against one with 100.

Generates both contests with bulk inserts (users, submissions, their outcomes, and the leaderboard
rows and totals that the signal receivers keep in production), checks the kept rows of the small
contest against a recount, then serves Arena and bare Flask with the same gunicorn settings and
prints the time of ``GET /api/v1/contests/<id>/leaderboard`` for both contests and their ratio.

    .venv/bin/python -m bench.leaderboard            # ARENA_BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

from bench.common import arena_env, measure, report, serve, upgrade

BIG, SMALL = 100_000, 100
BIG_PARTICIPANTS, SMALL_PARTICIPANTS = 2_000, 20
STATUSES = ("accepted", "accepted", "rejected", "pending")


def populate(env: dict) -> tuple[int, int]:
    os.environ.update(env)
    from sqlalchemy import insert, select

    from arena import create_app
    from arena.contests.models import Contest, Submission
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.identity.models import User
    from arena.reviews.models import LeaderboardEntry, LeaderboardTotals, SubmissionOutcome
    from arena.reviews.operations import leaderboard

    app = create_app()
    rng = random.Random(7)
    with app.app_context():
        now = utcnow()
        ids = []
        for name, participants, count in (("big", BIG_PARTICIPANTS, BIG), ("small", SMALL_PARTICIPANTS, SMALL)):
            started = time.perf_counter()
            contest = Contest(slug=f"bench-{name}", name=f"Bench {name}", starts_at=now - timedelta(days=30),
                              ends_at=now + timedelta(days=30), is_published=True, scoring_mode="simple",
                              scoring_config={"marks_accepted": 10})
            db.session.add(contest)
            db.session.flush()
            db.session.execute(insert(User), [
                {"username": f"{name}{i}", "username_lower": f"{name}{i}", "email": f"{name}{i}@example.org",
                 "email_lower": f"{name}{i}@example.org", "display_name": "", "bio": "", "role": "user",
                 "is_banned": False, "density": 3, "contrast": "normal", "reduced_motion": False,
                 "reading_level": 3} for i in range(participants)])
            users = list(db.session.scalars(select(User.id).where(User.username_lower.like(f"{name}%"))
                                            .order_by(User.id)))
            rows = []
            for i in range(count):
                rows.append({"contest_id": contest.id, "user_id": users[i % len(users)], "source": "submitted",
                             "wiki_id": "enwiki", "title": f"Article {i}", "title_key": f"Article {i}",
                             "article_url": "", "status": rng.choice(STATUSES), "snapshot": {"size": 1000 + i},
                             "rule_results": [], "check_attempts": 1})
            for start in range(0, len(rows), 10_000):
                db.session.execute(insert(Submission), rows[start:start + 10_000])
            subs = db.session.execute(select(Submission.id, Submission.user_id, Submission.status)
                                      .where(Submission.contest_id == contest.id)).all()
            outcomes = []
            for sid, uid, status in subs:
                decided = status in ("accepted", "rejected")
                score = Decimal(rng.randint(0, 10)) if status == "accepted" else Decimal(0)
                bucket = status if decided else "pending"
                outcomes.append({"submission_id": sid, "contest_id": contest.id, "user_id": uid,
                                 "state": "decided" if decided else "open",
                                 "decision": {"accepted": "accept", "rejected": "reject"}.get(status),
                                 "score": score if decided else None, "breakdown": {}, "review_count": 1 if decided else 0,
                                 "rule_failures": 0, "flags": [], "counted_bucket": bucket,
                                 "counted_score": score if decided else Decimal(0)})
            for start in range(0, len(outcomes), 10_000):
                db.session.execute(insert(SubmissionOutcome), outcomes[start:start + 10_000])
            fresh = leaderboard.recount(contest.id)
            db.session.execute(insert(LeaderboardEntry), [{"contest_id": contest.id, "user_id": uid, **row}
                                                          for uid, row in fresh.items()])
            db.session.add(LeaderboardTotals(
                scope=f"contest:{contest.id}", contest_id=contest.id, participants=len(fresh),
                total_score=sum((r["total_score"] for r in fresh.values()), Decimal(0)),
                submissions=sum(r["submissions"] for r in fresh.values()),
                accepted=sum(r["accepted"] for r in fresh.values()), rejected=sum(r["rejected"] for r in fresh.values()),
                pending=sum(r["pending"] for r in fresh.values())))
            db.session.commit()
            assert leaderboard.differences(contest.id) == {}
            print(f"generated contest {contest.id} ({name}): {count} submissions by {participants} participants "
                  f"in {time.perf_counter() - started:.1f}s", flush=True)
            ids.append(contest.id)
        return ids[0], ids[1]


def main(requests: int = 1000) -> None:
    env = arena_env()
    env["ARENA_LOG_LEVEL"] = "WARNING"
    upgrade(env)
    big, small = populate(env)
    with serve("bench.bare:app") as bare:
        baseline = measure(bare + "/status", requests)
    print(report("bare Flask GET /status", baseline, baseline))
    results = {}
    with serve("arena.wsgi:app", env) as arena:
        for label, contest_id in (("100 submissions", small), ("100,000 submissions", big)):
            url = f"{arena}/api/v1/contests/{contest_id}/leaderboard?per_page=20"
            measure(url, 80)  # warm up
            results[label] = measure(url, requests)
            print(report(f"leaderboard page 1, {label}", results[label], baseline))
    small_r, big_r = results["100 submissions"], results["100,000 submissions"]
    print(f"first-page time ratio (100,000 / 100): p50 {big_r['p50_ms'] / small_r['p50_ms']:.2f}, "
          f"throughput {small_r['rps'] / big_r['rps']:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
