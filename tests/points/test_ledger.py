"""The ledger: append-only, exactly-once credits, never below zero, verification and repair."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from arena.core import signals
from arena.core.errors import Conflict
from arena.extensions import db
from arena.points import operations
from arena.points.models import AppendOnlyError, PointsAccount, PointsEntry
from tests.conftest import envelope_ok
from tests.points.conftest import Attempt, balance_of, ledger_sum


def test_a_scored_attempt_credits_once_however_often_the_signal_arrives(app, member):
    for _ in range(3):
        signals.competition_attempt_scored.send(Attempt(7), user_id=member.id, competition_id=2, points=40)
    db.session.commit()
    assert balance_of(member.id) == 40
    entries = db.session.query(PointsEntry).filter_by(user_id=member.id).all()
    assert [(e.kind, e.idempotency_key, e.amount) for e in entries] == [("competition", "competition-attempt:7", 40)]


def test_an_attempt_worth_nothing_writes_nothing(app, member):
    signals.competition_attempt_scored.send(Attempt(8), user_id=member.id, competition_id=2, points=0)
    db.session.commit()
    assert balance_of(member.id) == 0 and ledger_sum(member.id) == 0


def test_entries_cannot_be_changed_or_deleted(app, member, give):
    give(member, 10)
    entry = db.session.query(PointsEntry).one()
    entry.amount = 1000
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.query(PointsEntry).one())
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AppendOnlyError):
        db.session.execute(delete(PointsEntry))
    db.session.rollback()
    assert ledger_sum(member.id) == 10


def test_the_database_refuses_changes_to_entries_on_postgresql(app, member, give):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    give(member, 10)
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE points_entries SET amount = 99"))
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM points_entries"))
    assert ledger_sum(member.id) == 10


def test_a_spend_larger_than_the_balance_is_refused_naming_the_balance(app, member, give):
    give(member, 30)
    cause = operations.Cause("redemption", "redemption.spent", "test:spend", params={"reward": "x"})
    with pytest.raises(Conflict) as err:
        operations.post_entry(member.id, -31, cause)
    assert "30" in err.value.message and err.value.status == 409
    db.session.rollback()
    assert balance_of(member.id) == 30


def test_points_verify_finds_and_repairs_a_tampered_balance(app, member, give):
    from arena.core.cli import main  # noqa: F401  (the command is registered on the app)

    give(member, 25)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["points-verify"]).exit_code == 0
    db.session.execute(update(PointsAccount).values(balance=999))
    db.session.commit()
    result = runner.invoke(args=["points-verify"])
    assert result.exit_code == 1 and "balance stored 999, ledger says 25" in result.output
    assert runner.invoke(args=["points-verify", "--fix"]).exit_code == 0
    db.session.expire_all()
    assert balance_of(member.id) == 25
    assert runner.invoke(args=["points-verify"]).exit_code == 0


def test_balance_and_entries_api(client, member, headers, give):
    give(member, 12)
    give(member, 8)
    data = envelope_ok(client.get("/api/v1/me/points", headers=headers))
    assert data == {"user_id": member.id, "balance": 20, "earned": 20, "spent": 0}
    resp = client.get("/api/v1/me/points/entries?per_page=1&kind=competition", headers=headers)
    body = resp.get_json()
    assert body["meta"]["total"] == 2 and body["data"][0]["amount"] == 8
    assert body["data"][0]["description"] == "Competition attempt scored"
    assert envelope_ok(client.get("/api/v1/me/points/entries?kind=purchase", headers=headers)) == []
    assert client.get("/api/v1/me/points/entries?kind=bogus", headers=headers).status_code == 422


def test_another_users_points_are_admin_only(client, member, headers, admin_headers, create_user, give):
    other = create_user("other")
    give(other, 5)
    assert client.get(f"/api/v1/users/{other.id}/points", headers=headers).status_code == 403
    assert client.get(f"/api/v1/users/{other.id}/points/entries", headers=headers).status_code == 403
    assert envelope_ok(client.get(f"/api/v1/users/{other.id}/points", headers=admin_headers))["balance"] == 5
    assert client.get("/api/v1/users/99999/points", headers=admin_headers).status_code == 404


@pytest.mark.parametrize("body", [
    {"amount": 0, "reason": "x"}, {"amount": -5}, {"amount": 1.5, "reason": "x"}, {"amount": "10", "reason": "x"},
    {"amount": 10**12, "reason": "x"}, {"amount": 5, "reason": ""}, {"amount": 5, "reason": "x", "extra": 1},
    {"amount": 2_000_000, "reason": "over the configured maximum"},
])
def test_bad_adjustments_are_422_and_write_nothing(client, member, admin_headers, body):
    resp = client.post(f"/api/v1/users/{member.id}/points/adjustments", json=body, headers=admin_headers)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["success"] is False
    assert ledger_sum(member.id) == 0


def test_adjustments_credit_debit_and_are_audited(client, member, headers, admin, admin_headers):
    from arena.identity.models import AuditEvent

    url = f"/api/v1/users/{member.id}/points/adjustments"
    entry = envelope_ok(client.post(url, json={"amount": 50, "reason": "Prize"}, headers=admin_headers), 201)
    assert entry["amount"] == 50 and entry["reason"] == "Prize" and entry["actor_id"] == admin.id
    resp = client.post(url, json={"amount": -60, "reason": "Too much"}, headers=admin_headers)
    assert resp.status_code == 409 and "50" in resp.get_json()["message"]
    envelope_ok(client.post(url, json={"amount": -20, "reason": "Correction"}, headers=admin_headers), 201)
    assert balance_of(member.id) == 30
    assert client.post(url, json={"amount": 5, "reason": "self-serve"}, headers=headers).status_code == 403
    events = db.session.query(AuditEvent).filter_by(event_type="points.adjusted").all()
    assert sorted(e.details["amount"] for e in events) == [-20, 50]
