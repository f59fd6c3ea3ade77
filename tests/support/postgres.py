"""A private PostgreSQL server for fault tests: its own data folder (initdb) and port, stopped and
started again with ``pg_ctl``. Run as the current user; as root (PostgreSQL refuses to run as root)
it runs as the ``postgres`` system account."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.services import free_port, wait_for_port

BIN = Path(os.environ.get("ARENA_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PostgresServer:
    def __init__(self):
        for name in ("initdb", "pg_ctl"):
            if not (BIN / name).exists():
                raise RuntimeError(f"{BIN / name} is missing (apt-get install postgresql-15)")
        self.user = "postgres" if os.geteuid() == 0 else None
        self.folder = Path(tempfile.mkdtemp(prefix="arena-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")

    def _run(self, *args) -> None:
        done = subprocess.run([str(a) for a in args], user=self.user, capture_output=True, text=True,
                              timeout=120, cwd=self.folder)
        assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> "PostgresServer":
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
