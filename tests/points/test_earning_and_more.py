"""Contest-submission credits and their reversal, purchases, packages, the points leaderboard, the
pages, and a property test of random earn/spend/refund sequences."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena.core.errors import Conflict
from arena.extensions import db
from arena.points import operations
from tests.conftest import envelope_ok, sign_in_session
from tests.points.conftest import balance_of, ledger_sum
from tests.reviews.conftest import jury_contest, people, submit  # noqa: F401


def test_an_accepted_submission_pays_and_a_later_rejection_takes_it_back(app, people, jury_contest, submit):
    from arena.reviews.operations import override_result

    contest = jury_contest("simple", {})
    contest.points_per_accepted = 25
    db.session.commit()
    alice, org = people["alice"], people["org"]
    sub = submit(contest, alice, "Sahara")
    override_result(sub, actor=org, status="accepted", reason="Good", score=1)
    db.session.commit()
    assert balance_of(alice.id) == 25
    override_result(sub, actor=org, status="accepted", reason="Still good", score=2)
    db.session.commit()
    assert balance_of(alice.id) == 25  # a re-score pays nothing more
    override_result(sub, actor=org, status="rejected", reason="Copyvio", score=0)
    db.session.commit()
    assert balance_of(alice.id) == 0 == ledger_sum(alice.id)
    override_result(sub, actor=org, status="accepted", reason="Cleared", score=1)
    db.session.commit()
    assert balance_of(alice.id) == 25
    assert operations.verify_balances() == []


def test_contests_without_points_pay_nothing(app, people, jury_contest, submit):
    from arena.reviews.operations import override_result

    contest = jury_contest("simple", {})
    sub = submit(contest, people["bob"], "Nile")
    override_result(sub, actor=people["org"], status="accepted", reason="Good", score=1)
    db.session.commit()
    assert balance_of(people["bob"].id) == 0


def test_purchases_credit_once_per_reference(client, member, headers, admin_headers):
    pkg = envelope_ok(client.post("/api/v1/points/packages", json={"name": "Small", "price": "4.99",
                                                                   "currency": "sar", "points": 400},
                                  headers=admin_headers), 201)
    assert pkg["price"] == "4.99" and pkg["currency"] == "SAR"
    body = {"user_id": member.id, "package_id": pkg["id"], "method": "bank transfer", "reference": "TX-1"}
    envelope_ok(client.post("/api/v1/purchases", json=body, headers=admin_headers), 201)
    resp = client.post("/api/v1/purchases", json=body, headers=admin_headers)
    assert resp.status_code == 409 and "reference" in resp.get_json()["errors"]
    assert balance_of(member.id) == 400
    assert [p["reference"] for p in envelope_ok(client.get("/api/v1/me/purchases", headers=headers))] == ["TX-1"]
    assert client.get("/api/v1/purchases", headers=headers).status_code == 403
    csv = client.get("/api/v1/purchases.csv", headers=admin_headers)
    assert csv.status_code == 200 and "TX-1" in csv.get_data(as_text=True)


@pytest.mark.parametrize("body", [
    {"name": "X", "price": "-1", "currency": "USD", "points": 5},
    {"name": "X", "price": "1.234", "currency": "USD", "points": 5},
    {"name": "X", "price": "1", "currency": "XYZ", "points": 5},
    {"name": "X", "price": "1", "currency": "USD", "points": 0},
    {"name": "X", "price": "1", "currency": "USD", "points": 5, "secret": True},
])
def test_bad_packages_are_422(client, admin_headers, body):
    assert client.post("/api/v1/points/packages", json=body, headers=admin_headers).status_code == 422
    assert envelope_ok(client.get("/api/v1/points/packages")) == []


def test_a_csv_cell_cannot_start_a_formula(client, member, admin_headers):
    body = {"user_id": member.id, "points": 5, "amount": "1", "currency": "USD", "method": "=HYPERLINK(1)",
            "reference": "R-2"}
    envelope_ok(client.post("/api/v1/purchases", json=body, headers=admin_headers), 201)
    text = client.get("/api/v1/purchases.csv", headers=admin_headers).get_data(as_text=True)
    assert ",=HYPERLINK" not in text and "'=HYPERLINK" in text


def test_leaderboard_ranks_earnings_with_shared_ranks_and_periods(client, create_user, give, admin):
    a, b, c, d = (create_user(n) for n in ("ana", "ben", "cem", "dan"))
    banned = create_user("bad", is_banned=True)
    with time_machine.travel(datetime(2025, 1, 6, 12, tzinfo=timezone.utc)):
        give(d, 500)
    for user, pts in ((a, 30), (b, 20), (c, 20), (d, 10), (banned, 999), (admin, 999)):
        give(user, pts)
    operations.post_entry(a.id, -30, operations.Cause("redemption", "redemption.spent", "spend:a",
                                                      params={"reward": "x"}))
    db.session.commit()
    rows = envelope_ok(client.get("/api/v1/points/leaderboard?period=week"))
    assert [(r["username"], r["rank"]) for r in rows] == [("ana", 1), ("ben", 2), ("cem", 2), ("dan", 4)]
    alltime = envelope_ok(client.get("/api/v1/points/leaderboard"))
    assert alltime[0]["username"] == "dan" and alltime[0]["earned"] == 510
    assert client.get("/api/v1/points/leaderboard?period=year").status_code == 422


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_show_balance_history_and_chart(client, member, give, lang):
    give(member, 1234)
    sign_in_session(client, member)
    page = client.get("/points/", headers={"Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and 'id="points-history"' in html
    assert "1,234" in html  # grouped for the locale (Babel: Arabic uses Latin digits by default)
    assert client.get("/points/pricing", headers={"Accept-Language": lang}).status_code == 200
    assert client.get("/rewards/", headers={"Accept-Language": lang}).status_code == 200
    assert client.get("/points/admin/purchases").status_code == 403


ops = st.lists(st.tuples(st.sampled_from(["earn", "spend", "refund"]), st.integers(min_value=1, max_value=500)),
               max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops)
def test_random_sequences_keep_balance_equal_to_the_ledger(app, create_user, steps):
    from arena.identity.models import User

    user = db.session.query(User).filter_by(username_lower="prop").one_or_none() or create_user("prop")
    spends = []
    for n, (op, amount) in enumerate(steps):
        key = f"prop:{user.id}:{n}:{len(steps)}:{id(steps)}"
        try:
            if op == "earn":
                operations.post_entry(user.id, amount, operations.Cause("milestone", "milestone.welcome", key))
            elif op == "spend":
                operations.post_entry(user.id, -amount, operations.Cause("redemption", "redemption.spent", key))
                spends.append((key, amount))
            elif spends:
                spent_key, spent = spends.pop()
                operations.post_entry(user.id, spent, operations.Cause("refund", "redemption.cancelled",
                                                                       spent_key + ":refund"))
        except Conflict:
            pass
        db.session.flush()
        assert balance_of(user.id) == ledger_sum(user.id) >= 0
    assert operations.verify_balances() == []
    db.session.rollback()
