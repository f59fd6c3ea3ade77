"""Shared bench machinery: serve an app with gunicorn, hammer a URL, print ratios."""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit

from tests.support.services import free_port, wait_for_port

SERVER_ARGS = ["--workers", "1", "--threads", "4", "--log-level", "warning"]


@contextmanager
def serve(wsgi: str, env: dict | None = None):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *SERVER_ARGS, "--bind", f"127.0.0.1:{port}", wsgi],
                            env={**os.environ, **(env or {})})
    try:
        wait_for_port(port, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def measure(url: str, requests: int = 2000, concurrency: int = 8, headers: dict | None = None) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    per_thread = requests // concurrency

    def worker(_):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        times = []
        for _i in range(per_thread):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers or {})
            resp = conn.getresponse()
            resp.read()
            if resp.status >= 400:
                raise RuntimeError(f"{url} answered {resp.status}")
            times.append(time.perf_counter() - started)
        conn.close()
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        samples = [t for chunk in pool.map(worker, range(concurrency)) for t in chunk]
    elapsed = time.perf_counter() - started
    samples.sort()
    return {"rps": len(samples) / elapsed, "p50_ms": statistics.median(samples) * 1000,
            "p95_ms": samples[int(len(samples) * 0.95) - 1] * 1000, "n": len(samples)}


def report(name: str, result: dict, baseline: dict) -> str:
    return (f"{name:<38} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.2f} ms  p95 {result['p95_ms']:6.2f} ms"
            f"  throughput ratio vs bare Flask {result['rps'] / baseline['rps']:.2f}")


def arena_env(instance: str | None = None) -> dict:
    instance = instance or tempfile.mkdtemp(prefix="arena-bench-")
    env = {"ARENA_ENV": "testing", "ARENA_INSTANCE_PATH": instance, "ARENA_SECRET_KEY": "b" * 48,
           "ARENA_RATELIMIT_ENABLED": "false",
           "ARENA_LOG_LEVEL": "WARNING"}
    if os.environ.get("ARENA_BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["ARENA_BENCH_DATABASE_URL"]
    return env


def upgrade(env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "arena", "db", "upgrade"], env={**os.environ, **env},
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
