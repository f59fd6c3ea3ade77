"""Arena started the way its README starts it: ``arena db upgrade``, ``arena demo-data``, then
``arena serve`` (gunicorn with threads and a Celery worker with beat) — on the embedded defaults
unless the test names services. The test talks HTTP to it, as a user's browser would.

Only the instance folder and what the test passes are set; every other ``ARENA_*`` variable of the
test run is removed, so the server sees the untouched default configuration.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.services import free_port, wait_for_port

ARENA = str(Path(sys.executable).with_name("arena"))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def clean_env(instance: Path, settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ARENA_") and k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
                                                        "CELERY_RESULT_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    env["ARENA_INSTANCE_PATH"] = str(instance)
    env.update(settings)
    return env


class ServedArena:
    def __init__(self, instance: Path, settings: dict[str, str] | None = None, *, demo: bool = True):
        self.instance = instance
        self.env = clean_env(instance, settings or {})
        self.port = free_port()
        self.demo = demo
        self.proc: subprocess.Popen | None = None
        self.log = instance / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *args: str) -> str:
        done = subprocess.run([ARENA, *args], env=self.env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, f"arena {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def __enter__(self) -> "ServedArena":
        self.instance.mkdir(parents=True, exist_ok=True)
        self.run("db", "upgrade")
        if self.demo:
            self.run("demo-data")
        self.start()
        return self

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([ARENA, "serve", "--port", str(self.port)], env=self.env,
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(self.port, timeout=60)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"arena serve did not answer:\n{self.output()}") from None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # arena serve stops its gunicorn and worker
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        if self.proc:
            try:  # anything left of the process group (a worker thread pool that did not stop)
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None

    def __exit__(self, *exc) -> None:
        self.stop()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""

    # --- a browser's view ------------------------------------------------------------------
    def browser(self) -> requests.Session:
        session = requests.Session()
        session.headers["Accept-Language"] = "en"
        return session

    def form_post(self, session: requests.Session, path: str, data: dict, **kwargs) -> requests.Response:
        """Open the page, take its CSRF token, and submit the form as a browser does. The answer's
        ``elapsed_submit`` is how long the submission itself took (redirects followed)."""
        page = session.get(self.url + path, timeout=30)
        assert page.status_code == 200, (path, page.status_code)
        match = CSRF.search(page.text)
        assert match, f"no CSRF token on {path}"
        started = time.monotonic()
        resp = session.post(self.url + path, data={"csrf_token": match.group(1), **data}, timeout=30, **kwargs)
        resp.elapsed_submit = time.monotonic() - started
        return resp

    def sign_in(self, username: str, password: str) -> requests.Session:
        session = self.browser()
        resp = self.form_post(session, "/login", {"login": username, "password": password})
        assert resp.status_code == 200 and "session" in session.cookies, resp.status_code
        return session
