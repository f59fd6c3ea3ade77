"""Demo accounts and the create-admin command."""

from sqlalchemy import func, select

from arena.core.cli import DEMO_PASSWORD
from arena.extensions import db
from arena.identity.models import User
from tests.conftest import envelope_ok


def test_demo_data_creates_the_demo_accounts_once(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "identity: 8 accounts created" in first.output
    db.session.rollback()
    after_first = db.session.scalar(select(func.count(User.id)))
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0 and "identity: 0 accounts created" in second.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == after_first  # other domains' demo users too
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert {"admin", "organiser", "juror1", "juror2", "juror3", "alice", "bob", "layla"} <= set(users)
    assert users["admin"].role == "superadmin" and users["layla"].language == "ar"
    assert all(users[name].role == "user" for name in ("organiser", "juror1", "alice", "bob", "layla"))
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "layla", "password": DEMO_PASSWORD}))
    assert tokens["user"]["username"] == "layla"


def test_create_admin_enforces_the_password_policy(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "--username", "root", "--email", "root@example.org",
                               "--password", "password"])
    assert weak.exit_code != 0 and "password" in weak.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == 0
    ok = runner.invoke(args=["create-admin", "--username", "root", "--email", "root@example.org",
                             "--password", "a long admin passphrase"])
    assert ok.exit_code == 0, ok.output
    db.session.rollback()
    assert db.session.scalar(select(User.role).where(User.username == "root")) == "superadmin"
