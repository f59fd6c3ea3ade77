"""The benchmark runner: generate data, serve Arena and bare Flask alike, drive both with wrk.

    .venv/bin/python -m bench.run                       # SQLite, full scale (100,000 users, 1,000,000 submissions)
    .venv/bin/python -m bench.run --scale 0.01          # a quick run
    .venv/bin/python -m bench.run --database-url postgresql+psycopg://postgres@127.0.0.1:5432/<empty db> \\
        --redis-url redis://127.0.0.1:6379/2           # PostgreSQL + Redis
    .venv/bin/python -m bench.run --guard --scale 0.002 --seconds 2 --rounds 2   # the CI guard

Both apps run under the same gunicorn settings (``-w 2`` sync workers, as the issue measured);
the load comes from ``wrk -t1 -c16`` outside the measured interpreters (installed with apt-get when
missing). Each endpoint is measured in several rounds, alternating the baseline (a bare Flask app
answering a static 20-row leaderboard-shaped JSON page) and Arena; the table gives medians of
req/s, p50, p99, non-2xx answers and the ratio. ``--guard`` exits 1 when an endpoint's ratio falls
below half its goal in its best round (it measures only the endpoints it holds).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import requests

from bench.common import arena_env, upgrade
from tests.support.services import free_port, wait_for_port

GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]
BATCH = 20_000
REVIEWS_PER_RUN = 4_000  # open submissions for one juror-review run (more than 16 clients review in its seconds)
# endpoints the guard holds to half their goal (the cached pages); the others are reported only
GUARDED = {"contest board JSON, 100 subs", "contest board JSON, big contest", "global board JSON",
           "points board JSON"}

LUA = r"""
local token = "%(token)s"
local method = "%(method)s"
local body = [[%(body)s]]
local paths = {%(paths)s}
local sessions_from = %(sessions_from)d  -- a learner's sessions never overlap: each POST a minute of its own
local cookie = "%(cookie)s"
local conditional = %(conditional)s  -- a poller: send back every ETag seen (one per worker on the embedded cache)
local sent = 0
local tags, seen = {}, {}
function init(args)
  wrk.method = method
  if #body > 0 then wrk.body = body; wrk.headers["Content-Type"] = "application/json" end
  if #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end
  if #cookie > 0 then wrk.headers["Cookie"] = cookie end
end
if conditional then
  request = function()
    if #tags > 0 then wrk.headers["If-None-Match"] = table.concat(tags, ", ") end
    return wrk.format()
  end
  response = function(status, headers, body)
    local tag = headers["ETag"] or headers["Etag"]
    if tag and not seen[tag] then seen[tag] = true; table.insert(tags, tag) end
  end
elseif sessions_from > 0 then
  request = function()
    sent = sent + 1
    local start = sessions_from + sent * 120
    return wrk.format(nil, nil, nil, string.format(body, os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ", start),
      os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ", start + 60)))
  end
elseif #paths > 0 then  -- a write that must not repeat (a juror reviews each submission once): one path each
  request = function()
    sent = sent + 1
    return wrk.format(nil, paths[((sent - 1) %% #paths) + 1])
  end
end
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%%d seconds=%%.3f p50_us=%%d p99_us=%%d non2xx=%%d errors=%%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


# --- data -------------------------------------------------------------------------------------
def generate(env: dict, scale: float, rounds: int = 3) -> dict:
    """Users, contests with submissions and their kept leaderboards, study sessions and points, in
    bulk inserts of ``BATCH`` rows (psycopg pipelines executemany on PostgreSQL)."""
    os.environ.update(env)
    from flask_jwt_extended import create_access_token
    from sqlalchemy import insert, select

    from arena import create_app
    from arena.contests.models import Contest, Submission
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.identity.models import User
    from arena.reviews.models import LeaderboardEntry, LeaderboardTotals, SubmissionOutcome
    from arena.reviews.operations import leaderboard
    from arena.study.models import StudySession, Subject

    users_n, subs_n, sessions_n = max(50, int(100_000 * scale)), max(200, int(1_000_000 * scale)), \
        max(20, int(20_000 * scale))
    big_n = max(100, subs_n // 10)
    rng = random.Random(7)
    started = time.perf_counter()
    app = create_app()
    with app.app_context():
        now = utcnow()
        for start in range(0, users_n, BATCH):
            db.session.execute(insert(User), [
                {"username": f"u{i}", "username_lower": f"u{i}", "email": f"u{i}@example.org",
                 "email_lower": f"u{i}@example.org", "display_name": "", "bio": "", "role": "user", "is_banned": False,
                 "density": 3, "contrast": "normal", "reduced_motion": False, "reading_level": 3}
                for i in range(start, min(users_n, start + BATCH))])
        users = list(db.session.scalars(select(User.id).order_by(User.id)))
        # a small contest (100 submissions), a big one, and the rest spread over ten more
        plan = [("small", 100), ("big", big_n)] + [(f"c{k}", (subs_n - big_n - 100) // 10) for k in range(10)]
        ids = {}
        for name, count in plan:
            contest = Contest(slug=f"bench-{name}", name=f"Bench {name}", starts_at=now - timedelta(days=30),
                              ends_at=now + timedelta(days=30), is_published=True, scoring_mode="simple",
                              scoring_config={"marks_accepted": 10})
            db.session.add(contest)
            db.session.flush()
            ids[name] = contest.id
            participants = users[:20] if name == "small" else users
            for start in range(0, count, BATCH):
                db.session.execute(insert(Submission), [
                    {"contest_id": contest.id, "user_id": participants[i % len(participants)], "source": "submitted",
                     "wiki_id": "enwiki", "title": f"Article {i}", "title_key": f"Article {i}", "article_url": "",
                     "status": rng.choice(("accepted", "accepted", "rejected", "pending")), "snapshot": {"size": i},
                     "rule_results": [], "check_attempts": 1} for i in range(start, min(count, start + BATCH))])
            subs = db.session.execute(select(Submission.id, Submission.user_id, Submission.status)
                                      .where(Submission.contest_id == contest.id)).all()
            outcomes = []
            for sid, uid, status in subs:
                decided = status != "pending"
                score = Decimal(rng.randint(0, 10)) if status == "accepted" else Decimal(0)
                outcomes.append({"submission_id": sid, "contest_id": contest.id, "user_id": uid,
                                 "state": "decided" if decided else "open",
                                 "decision": {"accepted": "accept", "rejected": "reject"}.get(status),
                                 "score": score if decided else None, "breakdown": {},
                                 "review_count": int(decided), "rule_failures": 0, "flags": [],
                                 "counted_bucket": status, "counted_score": score})
            for start in range(0, len(outcomes), BATCH):
                db.session.execute(insert(SubmissionOutcome), outcomes[start:start + BATCH])
            fresh = leaderboard.recount(contest.id)
            rows = [{"contest_id": contest.id, "user_id": uid, **row} for uid, row in fresh.items()]
            for start in range(0, len(rows), BATCH):
                db.session.execute(insert(LeaderboardEntry), rows[start:start + BATCH])
            db.session.add(LeaderboardTotals(
                scope=f"contest:{contest.id}", contest_id=contest.id, participants=len(fresh),
                total_score=sum((r["total_score"] for r in fresh.values()), Decimal(0)),
                submissions=sum(r["submissions"] for r in fresh.values()),
                accepted=sum(r["accepted"] for r in fresh.values()), rejected=sum(r["rejected"] for r in fresh.values()),
                pending=sum(r["pending"] for r in fresh.values())))
            db.session.commit()
        leaderboard.rebuild_global()
        juror_id, open_ids = _jury_contest(db, now, users, REVIEWS_PER_RUN * rounds)
        learner = db.session.get(User, users[0])
        subject = Subject(user_id=learner.id, name="Bench", name_lower="bench")
        db.session.add(subject)
        db.session.flush()
        learner_sessions = [{"user_id": learner.id, "subject_id": subject.id,
                             "started_at": now - timedelta(hours=i + 2), "ended_at": now - timedelta(hours=i + 1),
                             "duration_minutes": 60, "notes": ""} for i in range(sessions_n)]
        for start in range(0, len(learner_sessions), BATCH):
            db.session.execute(insert(StudySession), learner_sessions[start:start + BATCH])
        db.session.commit()
        room_id, cookie = _poller(app, db, learner)
        token = create_access_token(identity=str(learner.id), expires_delta=timedelta(hours=6))
        juror_token = create_access_token(identity=str(juror_id), expires_delta=timedelta(hours=6))
        print(f"generated {users_n} users, {subs_n} submissions in {len(plan)} contests, "
              f"{len(learner_sessions)} study sessions for the learner in {time.perf_counter() - started:.0f}s",
              file=sys.stderr, flush=True)
        return {"small": ids["small"], "big": ids["big"], "token": token, "subject": subject.id,
                "juror_token": juror_token, "open_submissions": open_ids, "room": room_id, "cookie": cookie}


def _poller(app, db, user) -> tuple[int, str]:
    """A chat room with ``user`` in it and a message, and ``user``'s signed-in session cookie (as the
    sign-in page makes it): what a page that polls its room and its bell sends."""
    from arena.chat.models import Message, Room, RoomMember
    from arena.identity import operations

    room = Room(kind="public", name="Bench room", created_by_id=user.id)
    db.session.add(room)
    db.session.flush()
    message = Message(room_id=room.id, user_id=user.id, body="hello")
    db.session.add_all([RoomMember(room_id=room.id, user_id=user.id, role="owner"), message])
    db.session.flush()
    room.last_message_id = message.id
    auth_session = operations.sign_in(user, kind="web")
    db.session.commit()
    with app.test_request_context():
        value = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": str(user.id), "_fresh": True, "fam": auth_session.family, "sv": user.session_version})
    return room.id, f"{app.config['SESSION_COOKIE_NAME']}={value}"


def _jury_contest(db, now, users: list[int], count: int) -> tuple[int, list[int]]:
    """A contest whose ``count`` submissions all wait for review, and a juror on its jury (who wrote
    none of them): the juror-review write benchmark reviews each once."""
    from sqlalchemy import insert, select

    from arena.contests.models import Contest, ContestMember, Submission
    from arena.identity.models import User
    from arena.reviews.models import SubmissionOutcome

    juror = User(username="juror", username_lower="juror", email="juror@example.org", email_lower="juror@example.org",
                 display_name="", bio="", role="user")
    contest = Contest(slug="bench-jury", name="Bench jury", starts_at=now - timedelta(days=30),
                      ends_at=now + timedelta(days=30), is_published=True, scoring_mode="simple",
                      scoring_config={"marks_accepted": 10})
    db.session.add_all([juror, contest])
    db.session.flush()
    db.session.add(ContestMember(contest_id=contest.id, user_id=juror.id, role="jury"))
    for start in range(0, count, BATCH):
        db.session.execute(insert(Submission), [
            {"contest_id": contest.id, "user_id": users[i % len(users)], "source": "submitted", "wiki_id": "enwiki",
             "title": f"Open {i}", "title_key": f"Open {i}", "article_url": "", "status": "pending",
             "snapshot": {"size": i}, "rule_results": [], "check_attempts": 1}
            for i in range(start, min(count, start + BATCH))])
    subs = db.session.execute(select(Submission.id, Submission.user_id).where(Submission.contest_id == contest.id)
                              .order_by(Submission.id)).all()
    for start in range(0, len(subs), BATCH):
        db.session.execute(insert(SubmissionOutcome), [
            {"submission_id": sid, "contest_id": contest.id, "user_id": uid, "state": "open", "decision": None,
             "score": None, "breakdown": {}, "review_count": 0, "rule_failures": 0, "flags": [],
             "counted_bucket": "pending", "counted_score": Decimal(0)} for sid, uid in subs[start:start + BATCH]])
    db.session.commit()
    return juror.id, [sid for sid, _uid in subs]


# --- serving and load ---------------------------------------------------------------------------
@contextmanager
def serve(wsgi: str, env: dict):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{port}", wsgi],
                            env={**os.environ, **env})
    try:
        wait_for_port(port, timeout=60)
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):  # the workers import the app after the port opens
            try:
                if requests.get(url + "/status", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        wrk(url + "/status", 1)  # both workers up and warm
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk(url: str, seconds: float, *, token: str = "", method: str = "GET", body: str = "",
        connections: int = 16, paths: list[str] | None = None, sessions_from: int = 0, cookie: str = "",
        conditional: bool = False) -> dict:
    script = os.path.join(tempfile.mkdtemp(prefix="arena-bench-"), "load.lua")
    with open(script, "w") as f:
        f.write(LUA % {"token": token, "method": method, "body": body,
                       "paths": ", ".join(f'"{p}"' for p in paths or ()), "sessions_from": sessions_from,
                       "cookie": cookie, "conditional": "true" if conditional else "false"})
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--timeout", "10s",
                          "-s", script, url], check=True, capture_output=True, text=True).stdout
    m = re.search(r"RESULT requests=(\d+) seconds=([\d.]+) p50_us=(\d+) p99_us=(\d+) non2xx=(\d+) errors=(\d+)", out)
    if m is None:
        raise RuntimeError(f"wrk said:\n{out}")
    n, secs, p50, p99, bad, errors = m.groups()
    return {"rps": int(n) / float(secs), "p50": int(p50) / 1000, "p99": int(p99) / 1000,
            "non2xx": int(bad) + int(errors)}


def endpoints(data: dict) -> list[tuple[str, str, dict, float]]:
    """(label, path, wrk options, goal as a ratio to the baseline)."""
    small, big, token = data["small"], data["big"], data["token"]
    return [
        ("contest board JSON, 100 subs", f"/api/v1/contests/{small}/leaderboard?per_page=20", {}, 0.70),
        ("contest board JSON, big contest", f"/api/v1/contests/{big}/leaderboard?per_page=20", {}, 0.70),
        ("global board JSON", "/api/v1/leaderboard?per_page=20", {}, 0.70),
        ("points board JSON", "/api/v1/points/leaderboard?per_page=20", {}, 0.70),
        ("board HTML, big contest", f"/leaderboards/{big}", {}, 0.35),
        ("contest page HTML", f"/contests/bench-big", {}, 0.35),
        ("contest list JSON, anonymous", "/api/v1/contests", {}, 0.50),
        ("contest list JSON, bearer token", "/api/v1/contests", {"token": token}, 0.50),
        ("study sessions JSON, bearer token", "/api/v1/study-sessions", {"token": token}, 0.50),
        ("/status", "/status", {}, 0.90),
        # idle polls (HTMX every few seconds, If-None-Match → 304 from the cache without SQL); their
        # ratio to /status is printed below the table, also to /status loaded by the same poller script
        # (the cookie, and wrk reading every answer's headers for its ETag)
        ("/status, polled like a room", "/status", {"cookie": data["cookie"], "conditional": True}, 0.90),
        ("chat room poll, unchanged (304)", f"/chat/rooms/{data['room']}/messages?lang=en",
         {"cookie": data["cookie"], "conditional": True}, 0.80),
        ("notification bell poll, unchanged (304)", "/notifications/bell?lang=en",
         {"cookie": data["cookie"], "conditional": True}, 0.80),
    ]


def writes(data: dict) -> list[tuple[str, str, dict, float]]:
    body = '{"subject_id": %d, "started_at": "%%s", "ended_at": "%%s"}' % data["subject"]
    return [("POST study session, 16 clients", "/api/v1/study-sessions",
             {"token": data["token"], "method": "POST", "body": body, "sessions": True}, 0.25),
            ("POST juror review, 16 clients", "/api/v1/submissions/<id>/reviews",
             {"token": data["juror_token"], "method": "POST", "body": '{"decision": "accept", "marks": 8}', "reviews": True}, 0.25)]


def print_locust_env(env: dict, data: dict) -> None:
    """Shell ``export`` lines: the server's settings (same database, cache and secret key as the data
    was made with) and the Locust scenario's tokens, subject, contests and open submissions."""
    ids = data["open_submissions"]
    values = {**env, "ARENA_BENCH_TOKEN": data["token"], "ARENA_BENCH_SUBJECT": data["subject"],
              "ARENA_BENCH_CONTESTS": f"{data['small']},{data['big']}", "ARENA_BENCH_JUROR_TOKEN": data["juror_token"],
              "ARENA_BENCH_OPEN_SUBMISSIONS": f"{ids[0]}-{ids[-1]}"}
    for name, value in values.items():
        print(f"export {name}='{value}'")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (1.0 = 1,000,000 "
                        "submissions)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database-url", default=os.environ.get("ARENA_BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("ARENA_BENCH_REDIS_URL"))
    parser.add_argument("--guard", action="store_true", help="exit 1 when a ratio falls below half its goal")
    parser.add_argument("--only", default="", help="comma-separated parts of endpoint labels to measure (with "
                        "/status, the reference of the poll ratios), e.g. --only poll")
    parser.add_argument("--prepare", action="store_true", help="only generate the data and print the environment "
                        "for `arena serve` and the Locust scenario (bench/README.md)")
    args = parser.parse_args(argv)
    ensure_wrk()
    env = arena_env()
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        env["ARENA_RATELIMIT_ENABLED"] = "true"  # counted on Redis, as deployed; limits high enough that the
        env["ARENA_STUDY_READ_LIMIT"] = env["ARENA_STUDY_WRITE_LIMIT"] = "1000000/minute"  # load is served
    upgrade(env)
    data = generate(env, args.scale, args.rounds)
    if args.prepare:
        print_locust_env(env, data)
        return 0
    measured = endpoints(data) + (writes(data) if args.database_url else [])
    if args.guard:  # only what the guard holds: a short run
        measured = [m for m in measured if m[0] in GUARDED]
    if args.only:
        parts = [p.strip() for p in args.only.split(",") if p.strip()]
        measured = [m for m in measured if m[0].startswith("/status") or any(p in m[0] for p in parts)]
    results: dict[str, list[tuple[dict, dict]]] = {label: [] for label, *_ in measured}
    bare_env: dict = {}
    for _round in range(args.rounds):  # alternate: baseline, then Arena, every round
        with serve("bench.bare:app", bare_env) as bare:
            base_get = wrk(bare + "/leaderboard", args.seconds)
            base_post = wrk(bare + "/spend", args.seconds, method="POST", body="{}")
        with serve("arena.wsgi:app", env) as arena:
            for label, path, opts, _goal in measured:
                opts = dict(opts)
                if opts.pop("sessions", False):  # a fresh stretch of past days every round
                    opts["sessions_from"] = 946_684_800 + _round * 20_000_000
                if opts.pop("reviews", False):  # each submission reviewed once: a fresh slice every round
                    ids = data["open_submissions"][_round * REVIEWS_PER_RUN:(_round + 1) * REVIEWS_PER_RUN]
                    opts["paths"] = [f"/api/v1/submissions/{i}/reviews" for i in ids]
                    path = opts["paths"][0]
                if opts.get("method", "GET") == "GET":  # writes are measured cold: each must be new
                    wrk(arena + path, 1 if args.guard else 2, **opts)  # warm the caches and the connections
                base = base_post if opts.get("method") == "POST" else base_get
                results[label].append((base, wrk(arena + path, args.seconds, **opts)))
    backend = "PostgreSQL + Redis" if args.database_url else "SQLite, in-process cache"
    print(f"\n{backend}; scale {args.scale}; gunicorn {' '.join(GUNICORN[:4])}; wrk -t1 -c16 -d{args.seconds:g}s; "
          f"medians of {args.rounds} rounds")
    print(f"| endpoint | req/s | p50 ms | p99 ms | non-2xx | baseline req/s | ratio | goal |\n|---|---|---|---|---|---|---|---|")
    failed = []
    for label, _path, _opts, goal in measured:
        runs = results[label]
        med = lambda key, i=1: statistics.median(r[i][key] for r in runs)  # noqa: E731
        ratio = statistics.median(r[1]["rps"] / r[0]["rps"] for r in runs)
        bad = sum(r[1]["non2xx"] for r in runs)
        print(f"| {label} | {med('rps'):.0f} | {med('p50'):.2f} | {med('p99'):.2f} | {bad} | {med('rps', 0):.0f} "
              f"| {ratio:.2f} | ≥ {goal:.2f} |")
        # the guard holds the best round to half the goal: a regression is slow in every round, while
        # a neighbour stealing the CPU for a moment slows one round only
        best = max(r[1]["rps"] / r[0]["rps"] for r in runs)
        if label in GUARDED and (best < goal / 2 or bad):
            failed.append(label)
    if "contest board JSON, big contest" in results and "contest board JSON, 100 subs" in results:
        small = statistics.median(r[1]["p50"] for r in results["contest board JSON, 100 subs"])
        big = statistics.median(r[1]["p50"] for r in results["contest board JSON, big contest"])
        print(f"\nbig / small contest board p50: {big / max(small, 1e-3):.2f} (goal ≤ 1.30)")
    for label in (m[0] for m in measured if "(304)" in m[0] and "/status" in results):
        for reference in ("/status", "/status, polled like a room"):
            ratio = statistics.median(poll[1]["rps"] / status[1]["rps"]
                                      for poll, status in zip(results[label], results[reference]))
            print(f"{label} / {reference} req/s: {ratio:.2f} (goal: about 1)")
    if "contest list JSON, anonymous" in results:
        anon = statistics.median(r[1]["p50"] for r in results["contest list JSON, anonymous"])
        tok = statistics.median(r[1]["p50"] for r in results["contest list JSON, bearer token"])
        print(f"token / anonymous contest list p50: {tok / max(anon, 1e-3):.2f} (goal ≤ 1.15)")
    if args.guard and failed:
        print("below half the goal or with errors: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
