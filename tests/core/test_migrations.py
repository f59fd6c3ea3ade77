"""Alembic migrations are the only source of schema: models and migrations must not drift."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from arena.extensions import db


def _diff(app, metadata):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(ctx, metadata)


def test_models_match_migrations(app):
    assert _diff(app, db.metadata) == []


def test_a_model_change_without_a_migration_is_detected(app):
    """The check above can fail: a column added to a model but not migrated shows up."""
    changed = sa.MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["users"].append_column(sa.Column("nickname", sa.String(40)))
    diff = _diff(app, changed)
    assert any(op[0] == "add_column" and op[3].name == "nickname" for op in diff)


def test_sqlite_pragmas_are_on(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas apply to the embedded database only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
