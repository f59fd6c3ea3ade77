"""Run Arena's own processes (web server, Celery worker) as real subprocesses for tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from tests.support.services import free_port, wait_for_port


def app_env(config: dict) -> dict:
    """Environment that makes ``create_app()`` in a child process match ``config``."""
    env = dict(os.environ)
    for key, value in config.items():
        if key == "INSTANCE_PATH":
            env["ARENA_INSTANCE_PATH"] = str(value)
            continue
        env[f"ARENA_{key}"] = value if isinstance(value, str) else json.dumps(value)
    env["ARENA_ENV"] = "testing"
    return env


class ArenaWorker:
    """A Celery worker process (one task at a time); with ``beat``, it also runs the scheduler (the
    sweeps), keeping its schedule in ``beat`` (a file path)."""

    def __init__(self, config: dict, *, beat: str | None = None):
        self.config = config
        self.beat = beat
        self.proc: subprocess.Popen | None = None
        self.log = None
        self._last_output = ""

    def __enter__(self) -> "ArenaWorker":
        cfg = {**self.config, "CELERY_TASK_ALWAYS_EAGER": False}
        scheduler = ["--beat", "--schedule", self.beat] if self.beat else []
        # output goes to a file: a pipe nobody reads fills up and stops the process mid-write
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "arena.celery_app", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", *scheduler],
            env=app_env(cfg), stdout=self.log, stderr=subprocess.STDOUT,
        )
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._close_log()

    def output(self) -> str:
        return _tail(self.log) or self._last_output

    def _close_log(self) -> None:
        if self.log is not None and not self.log.closed:
            self._last_output = _tail(self.log)
            self.log.close()


class ArenaServer:
    """``gunicorn arena.wsgi:app`` on a free port with the test configuration."""

    def __init__(self, config: dict, workers: int = 1):
        self.config = config
        self.workers = workers
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = None
        self._last_output = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ArenaServer":
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe would block the server
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "arena.wsgi:app"],
            env=app_env(self.config), stdout=subprocess.DEVNULL, stderr=self.log,
        )
        try:
            wait_for_port(self.port, timeout=30)
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        self._close_log()

    def output(self) -> str:
        return _tail(self.log) or self._last_output

    _close_log = ArenaWorker._close_log


def _tail(log, size: int = 3000) -> str:
    """The end of what a process wrote to its log file."""
    if log is None or log.closed:
        return ""
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-size:]


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
