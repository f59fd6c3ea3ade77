"""Rewards and redemptions: points taken at once, stock reserved, refunds on cancel and reject."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from PIL import Image

from arena.extensions import db
from arena.identity.models import AuditEvent
from arena.rewards import operations
from tests.conftest import envelope_ok
from tests.rewards.conftest import balance_of, ledger_sum


@pytest.fixture
def reward(app, admin):
    reward = operations.create_reward(actor=admin, name="Mug", points_required=100, stock=2)
    db.session.commit()
    return reward


def test_redeeming_takes_the_points_and_reserves_stock(client, member, headers, reward, give):
    give(member, 250)
    data = envelope_ok(client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers), 201)
    assert data["status"] == "pending" and data["points"] == 100
    assert balance_of(member.id) == 150 == ledger_sum(member.id)
    assert envelope_ok(client.get(f"/api/v1/rewards/{reward.id}"))["stock"] == 1
    mine = envelope_ok(client.get("/api/v1/me/redemptions", headers=headers))
    assert [r["id"] for r in mine] == [data["id"]]
    assert envelope_ok(client.get("/api/v1/me/points", headers=headers))["spent"] == 100


def test_a_redemption_that_does_not_fit_is_409_and_changes_nothing(client, member, headers, reward, give):
    give(member, 99)
    resp = client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers)
    assert resp.status_code == 409 and "99" in resp.get_json()["message"]
    assert balance_of(member.id) == 99
    assert envelope_ok(client.get(f"/api/v1/rewards/{reward.id}"))["stock"] == 2


def test_out_of_stock_and_outside_the_window_are_refused(client, member, headers, admin, give):
    give(member, 1000)
    empty = operations.create_reward(actor=admin, name="Gone", points_required=10, stock=0)
    later = operations.create_reward(actor=admin, name="Later", points_required=10,
                                     available_from=datetime.now(timezone.utc) + timedelta(minutes=5))
    db.session.commit()
    for reward in (empty, later):
        assert client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers).status_code == 409
    assert balance_of(member.id) == 1000
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=10)):
        envelope_ok(client.post(f"/api/v1/rewards/{later.id}/redemptions", headers=headers), 201)
    assert balance_of(member.id) == 990


def test_cancel_refunds_and_restores_stock(client, member, headers, reward, give):
    give(member, 100)
    rid = envelope_ok(client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers), 201)["id"]
    data = envelope_ok(client.post(f"/api/v1/redemptions/{rid}/cancel", headers=headers))
    assert data["status"] == "cancelled"
    assert balance_of(member.id) == 100 == ledger_sum(member.id)
    assert envelope_ok(client.get(f"/api/v1/rewards/{reward.id}"))["stock"] == 2
    assert client.post(f"/api/v1/redemptions/{rid}/cancel", headers=headers).status_code == 409
    assert balance_of(member.id) == 100
    kinds = [e["kind"] for e in envelope_ok(client.get("/api/v1/me/points/entries", headers=headers))]
    assert kinds == ["refund", "redemption", "competition"]


def test_admin_flow_approve_deliver_and_reject_refunds(client, member, headers, admin_headers, reward, give):
    give(member, 200)
    first = envelope_ok(client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers), 201)["id"]
    second = envelope_ok(client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers), 201)["id"]
    assert balance_of(member.id) == 0
    assert client.post(f"/api/v1/redemptions/{first}/approve", json={}, headers=headers).status_code == 403
    envelope_ok(client.post(f"/api/v1/redemptions/{first}/approve", json={}, headers=admin_headers))
    done = envelope_ok(client.post(f"/api/v1/redemptions/{first}/deliver", json={"note": "Posted"},
                                   headers=admin_headers))
    assert done["status"] == "delivered" and done["note"] == "Posted"
    assert client.post(f"/api/v1/redemptions/{first}/reject", json={}, headers=admin_headers).status_code == 409
    envelope_ok(client.post(f"/api/v1/redemptions/{second}/approve", json={}, headers=admin_headers))
    envelope_ok(client.post(f"/api/v1/redemptions/{second}/reject", json={"note": "Sorry"}, headers=admin_headers))
    assert balance_of(member.id) == 100 == ledger_sum(member.id)
    queue = envelope_ok(client.get("/api/v1/redemptions?status=rejected", headers=admin_headers))
    assert [r["id"] for r in queue] == [second]
    types = {e.event_type for e in db.session.query(AuditEvent)}
    assert {"reward.redeemed", "redemption.approved", "redemption.delivered", "redemption.rejected"} <= types


def test_other_peoples_redemptions_are_404(client, member, headers, reward, give, create_user, auth_headers):
    give(member, 100)
    rid = envelope_ok(client.post(f"/api/v1/rewards/{reward.id}/redemptions", headers=headers), 201)["id"]
    stranger = auth_headers(create_user("stranger"))
    assert client.get(f"/api/v1/redemptions/{rid}", headers=stranger).status_code == 404
    assert client.post(f"/api/v1/redemptions/{rid}/cancel", headers=stranger).status_code == 404
    assert client.get("/api/v1/redemptions", headers=stranger).status_code == 403
    assert balance_of(member.id) == 0


@pytest.mark.parametrize("body", [
    {"name": "X", "points_required": 0}, {"name": "X", "points_required": -3}, {"name": "X", "points_required": 2.5},
    {"name": "", "points_required": 5}, {"name": "X", "points_required": 5, "stock": -1},
    {"name": "X", "points_required": 5, "owner": 1},
])
def test_bad_rewards_are_422(client, admin_headers, body):
    assert client.post("/api/v1/rewards", json=body, headers=admin_headers).status_code == 422
    assert envelope_ok(client.get("/api/v1/rewards?all=true", headers=admin_headers)) == []


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_reward_images_are_checked_by_content(client, admin_headers, reward, app):
    url = f"/api/v1/rewards/{reward.id}/image"
    fake = client.put(url, data={"image": (io.BytesIO(b"<script>alert(1)</script>"), "x.png")},
                      headers=admin_headers, content_type="multipart/form-data")
    assert fake.status_code == 422
    app.config["REWARD_IMAGE_MAX_BYTES"] = 10
    assert client.put(url, data={"image": (io.BytesIO(_png()), "x.png")}, headers=admin_headers,
                      content_type="multipart/form-data").status_code == 413
    app.config["REWARD_IMAGE_MAX_BYTES"] = 2 * 1024 * 1024
    data = envelope_ok(client.put(url, data={"image": (io.BytesIO(_png()), "renamed.gif")}, headers=admin_headers,
                                  content_type="multipart/form-data"))
    assert data["image_url"].endswith(".png")
    served = client.get(data["image_url"])
    assert served.status_code == 200 and served.data.startswith(b"\x89PNG")
