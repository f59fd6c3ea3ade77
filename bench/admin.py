"""The admin dashboard on 100,000 users and 1,000,000 points ledger entries.

    .venv/bin/python -m bench.admin                      # SQLite, full scale
    .venv/bin/python -m bench.admin --scale 0.01         # a quick run
    .venv/bin/python -m bench.admin --database-url postgresql+psycopg://postgres@127.0.0.1:5432/<empty db> \\
        --redis-url redis://127.0.0.1:6379/<db>         # PostgreSQL + Redis

Generates users registered and signed in over the last 12 weeks, ledger entries (credits and
spends) over the same weeks and some failed jobs, then reports:

- the **cold** dashboard: every registered queue count and overview figure computed in-process with
  the cache empty (what one request a minute pays), its time and its number of SQL statements;
- the **served** dashboard: ``GET /admin`` for an admin under gunicorn (``-w 2`` sync workers),
  driven by ``wrk -t1 -c16`` alternately with the bare Flask baseline page (``bench/bare.py``),
  as medians of req/s, p50 and p99 and the throughput ratio (figures cached a minute, queue counts
  live).

Not a test: it asserts nothing about time; write the figures, with the command, into your notes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from bench.common import arena_env, upgrade
from bench.run import BATCH, GUNICORN, ensure_wrk, serve, wrk


def generate(env: dict, scale: float) -> str:
    """Users, ledger entries and failed jobs in bulk inserts; returns an admin's bearer token."""
    os.environ.update(env)
    from flask_jwt_extended import create_access_token
    from sqlalchemy import insert, select

    from arena import create_app
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.identity import operations as identity
    from arena.identity.models import User
    from arena.jobs.models import Job
    from arena.points.models import PointsEntry

    users_n, entries_n = max(100, int(100_000 * scale)), max(1000, int(1_000_000 * scale))
    rng = random.Random(17)
    started = time.perf_counter()
    app = create_app()
    with app.app_context():
        now = utcnow()
        admin = identity.create_user("benchadmin", "benchadmin@example.org", "bench-password-0123", role="admin")
        db.session.commit()
        for start in range(0, users_n, BATCH):
            rows = []
            for i in range(start, min(users_n, start + BATCH)):
                joined = now - timedelta(minutes=rng.randint(0, 12 * 7 * 24 * 60))
                rows.append({"username": f"u{i}", "username_lower": f"u{i}", "email": f"u{i}@example.org",
                             "email_lower": f"u{i}@example.org", "display_name": "", "bio": "", "role": "user",
                             "is_banned": False, "density": 3, "contrast": "normal", "reduced_motion": False,
                             "reading_level": 3, "created_at": joined, "updated_at": joined,
                             "last_login_at": joined + (now - joined) * rng.random()})
            db.session.execute(insert(User), rows)
        db.session.commit()
        users = list(db.session.scalars(select(User.id).where(User.role == "user").order_by(User.id)))
        for start in range(0, entries_n, BATCH):
            rows = []
            for i in range(start, min(entries_n, start + BATCH)):
                spend = i % 4 == 3
                at = now - timedelta(minutes=rng.randint(0, 12 * 7 * 24 * 60))
                rows.append({"user_id": users[i % len(users)], "amount": -5 if spend else 10, "balance_after": 100,
                             "kind": "spend" if spend else "earn", "code": "bench", "params": {}, "reason": "",
                             "ip": "", "user_agent": "", "idempotency_key": f"bench:{i}",
                             "created_at": at, "updated_at": at})
            db.session.execute(insert(PointsEntry), rows)
            db.session.commit()
        db.session.execute(insert(Job), [{"kind": "worker_check", "status": rng.choice(("failed", "succeeded")),
                                          "progress": 0, "message": "", "params": {}, "attempts": 1}
                                         for _ in range(200)])
        db.session.commit()
        print(f"generated {users_n} users and {entries_n} ledger entries in {time.perf_counter() - started:.0f}s",
              flush=True)
        return create_access_token(identity=str(admin.id), expires_delta=timedelta(hours=6))


def cold(env: dict) -> tuple[float, int]:
    """Every queue count and overview figure with an empty cache: seconds and SQL statements."""
    os.environ.update(env)
    from sqlalchemy import event

    from arena import create_app
    from arena.admin import present
    from arena.core.dashboard import queues
    from arena.extensions import cache, db

    app = create_app()
    with app.test_request_context("/admin"):
        cache.clear()
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        started = time.perf_counter()
        for queue in queues(app):
            queue.count()
        present.overview(app, "en")
        return time.perf_counter() - started, len(statements)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 users / 1,000,000 entries")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database-url", default=os.environ.get("ARENA_BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("ARENA_BENCH_REDIS_URL"))
    args = parser.parse_args(argv)
    ensure_wrk()
    env = arena_env()
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    upgrade(env)
    token = generate(env, args.scale)
    seconds, statements = min(cold(env) for _ in range(3))
    runs = []
    for _round in range(args.rounds):
        with serve("bench.bare:app", {}) as bare:
            base = wrk(bare + "/leaderboard", args.seconds)
        with serve("arena.wsgi:app", env) as arena:
            wrk(arena + "/admin", 15, token=token)  # each worker counts the ended days once (its own cache on SQLite)
            runs.append((base, wrk(arena + "/admin", args.seconds, token=token)))
    med = lambda key, i=1: statistics.median(r[i][key] for r in runs)  # noqa: E731
    ratio = statistics.median(r[1]["rps"] / r[0]["rps"] for r in runs)
    backend = "PostgreSQL + Redis" if args.database_url else "SQLite, in-process cache"
    print(f"\n{backend}; scale {args.scale}; gunicorn {' '.join(GUNICORN[:4])}; wrk -t1 -c16 -d{args.seconds:g}s; "
          f"medians of {args.rounds} rounds")
    print(f"cold dashboard (every queue and figure, empty cache): {seconds * 1000:.0f} ms, {statements} statements")
    print("| endpoint | req/s | p50 ms | p99 ms | non-2xx | baseline req/s | ratio |\n|---|---|---|---|---|---|---|")
    print(f"| GET /admin (admin, bearer token) | {med('rps'):.0f} | {med('p50'):.2f} | {med('p99'):.2f} "
          f"| {sum(r[1]['non2xx'] for r in runs)} | {med('rps', 0):.0f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
