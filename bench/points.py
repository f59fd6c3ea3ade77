"""Spends per second: ``POST /api/v1/rewards/<id>/redemptions`` of a cheap unlimited reward.

Each redemption is a real spend: it locks the member's points account (``SELECT … FOR UPDATE`` on
PostgreSQL), appends one ledger entry, updates the balance and the totals, writes the redemption and
an audit record, all in one transaction. 16 concurrent clients (one member each, with their own
bearer token) are driven by ``wrk`` (Debian package ``wrk``) for a fixed time; the same wrk settings
POST to a bare Flask endpoint under the same gunicorn settings for the baseline. Afterwards every
balance is recomputed from the ledger (``arena points-verify``) and the result printed.

    ARENA_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<empty db> \\
        .venv/bin/python -m bench.points [seconds]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile

from bench.common import arena_env, serve, upgrade

CLIENTS = 16
START_BALANCE = 1_000_000  # one credit; the reward costs 1 point, so nobody runs out

LUA = r"""
local tokens = {%(tokens)s}
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("token", tokens[(counter - 1) %% #tokens + 1])
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  wrk.method = "POST"
  wrk.body = "{}"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  io.write(string.format("RESULT requests=%%d seconds=%%.3f p50_us=%%d p99_us=%%d non2xx=%%d socket_errors=%%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def populate(env: dict) -> tuple[int, list[str]]:
    """The reward, the members with their points, and one access token per member."""
    os.environ.update(env)
    from flask_jwt_extended import create_access_token

    from arena import create_app
    from arena.extensions import db
    from arena.identity import operations as identity
    from arena.points import operations as points
    from arena.rewards import operations as rewards

    app = create_app()
    with app.app_context():
        admin = identity.create_user("benchadmin", "benchadmin@example.org", "bench-password-0123", role="admin")
        reward = rewards.create_reward(actor=admin, name="Bench sticker", points_required=1, stock=None)
        tokens = []
        for i in range(CLIENTS):
            member = identity.create_user(f"spender{i}", f"spender{i}@example.org", "bench-password-0123")
            points.adjust_points(member, amount=START_BALANCE, reason="bench starting balance", actor=admin)
            tokens.append(create_access_token(identity=str(member.id)))
        db.session.commit()
        return reward.id, tokens


def run_wrk(url: str, script: str, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t", str(CLIENTS), "-c", str(CLIENTS), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", script, url], check=True, capture_output=True, text=True).stdout
    match = re.search(r"RESULT requests=(\d+) seconds=([\d.]+) p50_us=(\d+) p99_us=(\d+) non2xx=(\d+) "
                      r"socket_errors=(\d+)", out)
    if match is None:
        raise RuntimeError(f"wrk said:\n{out}")
    requests, elapsed, p50, p99, non2xx, socket_errors = match.groups()
    return {"n": int(requests), "rps": int(requests) / float(elapsed), "p50_ms": int(p50) / 1000,
            "p99_ms": int(p99) / 1000, "non2xx": int(non2xx), "socket_errors": int(socket_errors)}


def line(name: str, result: dict, baseline: dict) -> str:
    return (f"{name:<44} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:7.2f} ms  p99 {result['p99_ms']:7.2f} ms"
            f"  non-2xx {result['non2xx']}  socket errors {result['socket_errors']}"
            f"  ratio vs bare Flask {result['rps'] / baseline['rps']:.3f}")


def verify(env: dict) -> tuple[str, int]:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "arena", "points-verify"],
                          env={**os.environ, **env}, capture_output=True, text=True)
    return done.stdout.strip() or done.stderr.strip(), done.returncode


def spent(env: dict) -> tuple[int, int, int]:
    """Redemptions written, points taken by them, and what the accounts say was spent."""
    from sqlalchemy import func, select

    from arena import create_app
    from arena.extensions import db
    from arena.points.models import PointsAccount, PointsEntry
    from arena.rewards.models import Redemption

    with create_app().app_context():
        redemptions = db.session.scalar(select(func.count(Redemption.id)))
        taken = -db.session.scalar(select(func.coalesce(func.sum(PointsEntry.amount), 0))
                                   .where(PointsEntry.kind == "redemption"))
        accounts = db.session.scalar(select(func.coalesce(func.sum(PointsAccount.spent), 0)))
        return redemptions, taken, accounts


def main(seconds: int = 20) -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    env = arena_env()
    if "DATABASE_URL" not in env:
        print("note: ARENA_BENCH_DATABASE_URL is not set; measuring on SQLite", flush=True)
    upgrade(env)
    reward_id, tokens = populate(env)
    script = os.path.join(tempfile.mkdtemp(prefix="arena-bench-"), "spend.lua")
    with open(script, "w") as f:
        f.write(LUA % {"tokens": ", ".join(f'"{t}"' for t in tokens)})
    print(f"wrk: {CLIENTS} connections, {CLIENTS} threads, {seconds}s, POST with a bearer token per client", flush=True)
    with serve("bench.bare:app") as bare:
        run_wrk(bare + "/spend", script, 2)  # warm up
        baseline = run_wrk(bare + "/spend", script, seconds)
    print(line("bare Flask POST /spend", baseline, baseline), flush=True)
    with serve("arena.wsgi:app", env) as arena:
        url = f"{arena}/api/v1/rewards/{reward_id}/redemptions"
        warm = run_wrk(url, script, 2)
        result = run_wrk(url, script, seconds)
    print(line("Arena POST /api/v1/rewards/<id>/redemptions", result, baseline))
    redemptions, taken, accounts = spent(env)
    expected = warm["n"] - warm["non2xx"] + result["n"] - result["non2xx"]
    in_flight = redemptions - expected  # requests wrk had sent but not seen answered when it stopped
    print(f"redemptions written {redemptions}: {expected} answered 2xx within wrk's runs, {in_flight} in flight "
          f"at their ends (at most {2 * CLIENTS}); points taken by the ledger {taken}; spent on the accounts {accounts}")
    report, code = verify(env)
    print(f"points-verify (exit {code}): {report}")
    print(f"spends/s ratio to bare Flask: {result['rps'] / baseline['rps']:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
