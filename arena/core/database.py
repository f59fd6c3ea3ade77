"""Database set-up: SQLite pragmas (WAL, busy timeout, foreign keys) and the migrations folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):  # pragma: no cover - exercised by every test
    if isinstance(dbapi_connection, sqlite3.Connection):
        busy = getattr(_sqlite_pragmas, "busy_timeout_ms", 5000)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy)}")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:  # in-memory databases have no WAL
            pass
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def init_app(app) -> None:
    _sqlite_pragmas.busy_timeout_ms = app.config["SQLITE_BUSY_TIMEOUT_MS"]


def ping(db) -> float:
    """Run ``SELECT 1``; return the latency in milliseconds (raises when unreachable)."""
    import time

    from sqlalchemy import text

    started = time.perf_counter()
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return (time.perf_counter() - started) * 1000
