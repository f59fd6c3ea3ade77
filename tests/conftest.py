"""Shared fixtures: an app on the test database (SQLite, or PostgreSQL + Redis when asked),
factories (``create_user``), authenticated clients, and isolation between tests."""

from __future__ import annotations

import contextvars
import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from tests.support import services

pytest_plugins = ["tests.support.wiki_fixtures"]

os.environ.setdefault("ARENA_ENV", "testing")

CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def test_instance(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def base_config(test_instance):
    cfg = {
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256-0123456789",
        "ARGON2_PARAMS": CHEAP_ARGON2,
        "CELERY_TASK_ALWAYS_EAGER": True,
        "CELERY_BROKER_URL": "sqla+sqlite:///" + str(test_instance / "broker.db"),
        "CELERY_RESULT_BACKEND": "db+sqlite:///" + str(test_instance / "results.db"),
        "SQLALCHEMY_DATABASE_URI": services.database_url() or "sqlite:///" + str(test_instance / "arena-test.db"),
        "INSTANCE_PATH": str(test_instance),
        "MAIL_OUTBOX_DIR": str(test_instance / "outbox"),
    }
    if services.redis_url():
        cfg["REDIS_URL"] = services.redis_url()
        cfg["CELERY_BROKER_URL"] = services.redis_url()
        cfg["CELERY_RESULT_BACKEND"] = services.redis_url()
    return cfg


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, with its own app context, ``g`` and database session,
    exactly as in production — even though the test itself holds an app context open."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(config: dict):
    from arena import create_app

    app = create_app(dict(config))
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Pages are tested with the catalogues as they are in the tree (``.mo`` files are built)."""
    from arena.core import i18n_tools

    i18n_tools.compile_all()


@pytest.fixture(scope="session")
def _schema(base_config):
    """Build the schema once, from the migrations (the only source of schema)."""
    from flask_migrate import downgrade, upgrade

    app = make_app(base_config)
    with app.app_context():
        from arena.extensions import db

        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return True


def _clean(app):
    from arena.extensions import cache, db, limiter

    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                if names:
                    conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(table.delete())
        cache.clear()
        try:
            limiter.reset()
        except Exception:
            pass
        if services.redis_url():
            import redis

            redis.from_url(services.redis_url()).flushdb()


@pytest.fixture
def config(base_config):
    """Per-test configuration; tests may change it before asking for ``app``."""
    return dict(base_config)


@pytest.fixture
def app(_schema, config):
    app = make_app(config)
    _clean(app)
    ctx = app.app_context()
    ctx.push()
    yield app
    from arena.extensions import db

    db.session.remove()
    ctx.pop()
    _clean(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_session(app):
    from arena.extensions import db

    return db.session


@pytest.fixture
def create_user(app):
    """Factory: ``create_user("alice", role="admin")`` — committed, password ``PASSWORD``."""
    from arena.extensions import db
    from arena.identity import operations

    counter = {"n": 0}

    def factory(username: str | None = None, *, email: str | None = None, password: str = PASSWORD,
                role: str = "user", **attrs):
        counter["n"] += 1
        username = username or f"user{counter['n']}"
        user = operations.create_user(username, email or f"{username}@example.org", password, role=role)
        for key, value in attrs.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def auth_headers(app):
    """``auth_headers(user)`` → ``{"Authorization": "Bearer <access JWT>"}`` of a sign-in recorded
    now (so dangerous actions, which need a password proved in the last 10 minutes, are allowed)."""
    from flask_jwt_extended import create_access_token

    def make(user, **claims):
        with app.app_context():
            if "fam" not in claims:  # a token from a sign-in just made, as the login endpoint gives
                from sqlalchemy import inspect

                from arena.extensions import db
                from arena.identity import tokens
                from arena.identity.models import User

                fresh = db.session.get(User, inspect(user).identity[0])
                claims["fam"] = tokens.open_session(fresh, kind="api").family
                db.session.commit()
            token = create_access_token(identity=str(user.id), additional_claims=claims or None)
        return {"Authorization": f"Bearer {token}"}

    return make


class QueryLog:
    """The SQL statements sent while a ``count_queries()`` block ran."""

    def __init__(self):
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    def touching(self, word: str) -> list[str]:
        """The statements that mention ``word`` (a table name, say)."""
        return [s for s in self.statements if word in s]


@pytest.fixture
def count_queries(app):
    """``with count_queries() as log: ...`` then ``len(log)`` is the number of SQL statements run
    (a cursor-level listener, so lazy loads and flushes count too)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from arena.extensions import db

    @contextmanager
    def counter():
        log = QueryLog()

        def record(_conn, _cursor, statement, *_args):
            log.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counter


def envelope_ok(resp, status=200):
    """Assert a success envelope and return its ``data``."""
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:500])
    body = resp.get_json()
    assert body["success"] is True, body
    return body["data"]


def sign_in_session(client, user) -> None:
    """Sign ``user`` in to the pages as the sign-in page does: a recorded sign-in (an identity
    ``AuthSession``) whose family and session version the Flask-Login session cookie carries."""
    from sqlalchemy import inspect

    from arena.extensions import db
    from arena.identity import operations
    from arena.identity.models import User

    user = db.session.get(User, inspect(user).identity[0])  # the test may hold a detached copy
    auth_session = operations.sign_in(user, kind="web")
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session["fam"] = auth_session.family
        session["sv"] = user.session_version
