"""Real services for tests: which database and Redis to use, and throw-away Redis servers.

The suite runs on SQLite by default. ``ARENA_TEST_DATABASE_URL`` (a throw-away PostgreSQL
database) and ``ARENA_TEST_REDIS_URL`` switch it to the scaled services; ``.ci/run`` sets both for
its second pass. A service that is asked for and missing is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import closing


def database_url() -> str | None:
    return os.environ.get("ARENA_TEST_DATABASE_URL") or None


def redis_url() -> str | None:
    return os.environ.get("ARENA_TEST_REDIS_URL") or None


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered on {host}:{port} within {timeout}s")


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again. With
    ``persist``, what it holds is written to disk at every write and read back when it starts again
    (an outage after which Redis returns with its old data)."""

    def __init__(self, workdir: str, *, persist: bool = False):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.persist = persist
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.persist else "no", "--appendfsync", "always", "--dir", self.workdir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None
