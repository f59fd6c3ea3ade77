from sqlalchemy import func, select

from arena.extensions import db
from arena.identity.models import User


def _row_counts():
    db.session.rollback()
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_create_admin_creates_a_superadmin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--username", "chief", "--email", "chief@example.org",
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    user = db.session.scalar(select(User).where(User.username == "chief"))
    assert user.role == "superadmin"


def test_create_admin_promotes_an_existing_user(app, create_user):
    create_user("someone")
    result = app.test_cli_runner().invoke(args=["create-admin", "--username", "someone", "--email", "x@example.org",
                                                "--password", "irrelevant here"])
    assert result.exit_code == 0 and "now superadmin" in result.output
    db.session.rollback()
    assert db.session.scalar(select(User.role).where(User.username == "someone")) == "superadmin"


def test_demo_data_loads_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    counts = _row_counts()
    assert counts["users"] > 0  # the demo accounts exist
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert _row_counts() == counts


def test_i18n_check_command_passes(app):
    result = app.test_cli_runner().invoke(args=["i18n", "check"])
    assert result.exit_code == 0 and "every string is marked and translated" in result.output
