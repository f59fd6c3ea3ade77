"""Referral amounts, windows, caps and fraud thresholds are run-time settings: a change through
``PATCH /api/v1/admin/settings`` applies to the next referral without a restart; bad values are refused."""

from __future__ import annotations

import time_machine

from tests.conftest import PASSWORD, envelope_ok
from tests.referrals.test_referrals import START, attempt_scored, balance, refer, status  # noqa: F401

URL = "/api/v1/admin/settings"


def _admin_headers(client, create_user):
    create_user("root", role="superadmin")
    resp = client.post("/api/v1/auth/login", json={"login": "root", "password": PASSWORD})
    return {"Authorization": f"Bearer {envelope_ok(resp)['access_token']}"}


def test_referral_settings_are_listed_with_english_and_arabic_descriptions(client, create_user):
    headers = _admin_headers(client, create_user)
    listed = {s["name"]: s for s in envelope_ok(client.get(URL, headers=headers))}
    for name, value in (("referrals.referrer_points", 5), ("referrals.referred_points", 2),
                        ("referrals.window_days", 7), ("referrals.monthly_cap", 500), ("referrals.total_cap", 1000),
                        ("referrals.fraud_ip_flag", 3), ("referrals.fraud_ip_refuse", 6),
                        ("referrals.fraud_burst", 5), ("referrals.milestones", "5:10, 10:20")):
        assert listed[name]["value"] == value, name
    arabic = {s["name"]: s for s in envelope_ok(client.get(URL, headers={**headers, "Accept-Language": "ar"}))}
    assert arabic["referrals.referrer_points"]["description"] != listed["referrals.referrer_points"]["description"]
    refused = client.patch(URL, headers=headers, json={"values": {"referrals.referrer_points": 5000,
                                                                  "referrals.milestones": "five:ten"}})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"referrals.referrer_points", "referrals.milestones"}


def test_a_change_takes_effect_without_restart(app, client, create_user, refer):  # noqa: F811
    amira = create_user("amira")
    with time_machine.travel(START, tick=False) as traveller:
        headers = _admin_headers(client, create_user)
        first = refer(amira, "omar", ip="192.0.2.1")
        attempt_scored(first.referred_id, attempt_id=1)
        assert balance(amira) == 5 and balance(first.referred) == 2
        envelope_ok(client.patch(URL, headers=headers, json={"values": {
            "referrals.referrer_points": 9, "referrals.referred_points": 4, "referrals.milestones": "2:30",
            "referrals.fraud_burst": 3, "referrals.window_days": 2}}))
        with app.app_context():  # the next unit of work (a request or a task) in this process
            traveller.shift(3600 * 2)
            second = refer(amira, "laila", ip="192.0.2.2")
            attempt_scored(second.referred_id, attempt_id=2)
            assert balance(amira) == 5 + 9 + 30 and balance(second.referred) == 4  # new amounts and milestone
            # the burst rule now fires at the third referral within an hour
            traveller.shift(3600 * 2)
            burst = [refer(amira, f"burst{i}", ip=f"192.0.2.{10 + i}") for i in range(3)]
            assert [status(r) for r in burst] == ["pending", "pending", "flagged"]
            # and the window is two days: a verifying event on day 3 expires the referral
            traveller.shift(3 * 24 * 3600)
            attempt_scored(burst[0].referred_id, attempt_id=3)
            assert status(burst[0]) == "expired"
