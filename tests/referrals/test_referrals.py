"""Referral rules with controlled time: verification window, credits once, milestones, caps, fraud
rules at their edges, the admin queue, IP hashes and their purge."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine

from tests.conftest import envelope_ok

START = "2026-03-02 10:00Z"


@pytest.fixture
def refer(app, create_user):
    """``refer(referrer, "name", ip=...)`` → a committed referral of a new account."""
    from arena.extensions import db
    from arena.referrals import operations

    def make(referrer, username, *, ip="203.0.113.7"):
        user = create_user(username)
        referral = operations.record_signup(user, operations.code_for(referrer).code, ip=ip)
        db.session.commit()
        return referral

    return make


def attempt_scored(user_id: int, attempt_id: int = 1):
    """What the competitions domain sends when an attempt is closed and scored."""
    from arena.core import signals
    from arena.extensions import db

    signals.competition_attempt_scored.send(SimpleNamespace(id=attempt_id), user_id=user_id, competition_id=1,
                                            points=0)
    db.session.commit()


def balance(user) -> int:
    from arena.points.queries import account_of

    return account_of(user.id)["balance"]


def status(referral) -> str:
    from arena.extensions import db
    from arena.referrals.models import Referral

    db.session.expire_all()
    return db.session.get(Referral, referral.id).status


def test_verified_on_day_6_credits_both_once(app, create_user, refer):
    from arena.notifications.queries import unread_count

    with time_machine.travel(START, tick=False) as traveller:
        amira = create_user("amira")
        referral = refer(amira, "omar")
        assert status(referral) == "pending"
        traveller.shift(6 * 24 * 3600)
        attempt_scored(referral.referred_id)
        assert status(referral) == "verified"
        assert balance(amira) == 5 and balance(referral.referred) == 2
        assert unread_count(amira.id) == 1
        attempt_scored(referral.referred_id)  # the event delivered again
        attempt_scored(referral.referred_id, attempt_id=2)  # and a second attempt
        assert balance(amira) == 5 and balance(referral.referred) == 2


def test_expired_on_day_8_pays_nothing(app, create_user, refer):
    from arena.extensions import db
    from arena.referrals.tasks import expire

    with time_machine.travel(START, tick=False) as traveller:
        amira = create_user("amira")
        late, swept = refer(amira, "omar"), refer(amira, "zaid", ip="198.51.100.1")
        traveller.shift(8 * 24 * 3600)
        attempt_scored(late.referred_id)
        assert status(late) == "expired" and balance(amira) == 0 and balance(late.referred) == 0
        assert expire.delay().get() == 1
        db.session.expire_all()
        assert status(swept) == "expired"


def test_accepted_submission_verifies_but_a_rejected_one_does_not(app, create_user, refer):
    from arena.extensions import db
    from arena.referrals.receivers import on_result_changed

    amira = create_user("amira")
    referral = refer(amira, "omar")
    for result in ("rejected", "accepted"):  # the receiver of ``submission_result_changed``
        on_result_changed(SimpleNamespace(id=9, status=result, user_id=referral.referred_id), previous="pending")
        db.session.commit()
        assert status(referral) == ("pending" if result == "rejected" else "verified")


def test_refusals_self_existing_account_and_twice(app, create_user, client, auth_headers):
    from arena.extensions import db
    from arena.referrals import operations

    with time_machine.travel(START, tick=False) as traveller:
        amira = create_user("amira")
        old = create_user("old")
        code = operations.code_for(amira).code
        db.session.commit()
        own = client.post("/api/v1/referrals/claim", json={"code": code}, headers=auth_headers(amira))
        assert own.status_code == 422
        traveller.shift(2 * 24 * 3600)
        late = client.post("/api/v1/referrals/claim", json={"code": code}, headers=auth_headers(old))
        assert late.status_code == 409
        fresh = create_user("fresh")
        envelope_ok(client.post("/api/v1/referrals/claim", json={"code": code.lower()},
                                headers=auth_headers(fresh)), 201)
        again = client.post("/api/v1/referrals/claim", json={"code": code}, headers=auth_headers(fresh))
        assert again.status_code == 409
        unknown = client.post("/api/v1/referrals/claim", json={"code": "NOPE2345"}, headers=auth_headers(fresh))
        assert unknown.status_code == 404
        mine = envelope_ok(client.get("/api/v1/referrals", headers=auth_headers(amira)))
        assert mine["code"] == code and mine["link"].endswith(f"/r/{code}")
        assert [r["status"] for r in mine["referrals"]] == ["pending"]
        assert mine["next_milestone"] == {"at": 5, "bonus": 10, "remaining": 5}


def _verify_many(refer, referrer, n, start=0):
    out = []
    for i in range(start, start + n):
        # spaced out so no fraud rule fires (distinct IPs, two hours apart)
        with time_machine.travel(f"2026-03-{2 + i // 10:02d} {(i % 10) * 2:02d}:00Z", tick=False):
            referral = refer(referrer, f"friend{i}", ip=f"192.0.2.{i}")
            attempt_scored(referral.referred_id, attempt_id=100 + i)
            out.append(referral)
    return out


def test_milestones_at_5_and_10(app, create_user, refer):
    amira = create_user("amira")
    _verify_many(refer, amira, 4)
    assert balance(amira) == 20
    _verify_many(refer, amira, 1, start=4)
    assert balance(amira) == 25 + 10
    _verify_many(refer, amira, 5, start=5)
    assert balance(amira) == 50 + 10 + 20


def test_monthly_and_total_caps(app, config, create_user, refer):
    app.config.update(REFERRAL_MONTHLY_CAP=12, REFERRAL_TOTAL_CAP=20)
    amira = create_user("amira")
    _verify_many(refer, amira, 3)
    assert balance(amira) == 12  # 5 + 5 + 2: the month is full
    with time_machine.travel("2026-04-03 10:00Z", tick=False):
        referral = refer(amira, "april1", ip="192.0.2.201")
        attempt_scored(referral.referred_id, attempt_id=501)
        referral = refer(amira, "april2", ip="192.0.2.202")
        attempt_scored(referral.referred_id, attempt_id=502)
    assert balance(amira) == 20  # 5 more in April, then the total cap leaves 3
    assert balance(referral.referred) == 2  # the new user's points are not capped


def test_ip_rule_flags_above_3_and_refuses_at_6(app, create_user, refer):
    from arena.notifications.queries import unread_count

    admin = create_user("root", role="admin")
    referrers = [create_user(f"ref{i}") for i in range(6)]
    with time_machine.travel(START, tick=False) as traveller:
        made = []
        for i, referrer in enumerate(referrers):
            made.append(refer(referrer, f"new{i}", ip="203.0.113.50"))
            traveller.shift(600)
        assert [status(r) for r in made] == ["pending"] * 3 + ["flagged", "flagged", "rejected"]
        assert unread_count(admin.id) == 3
        # 24 hours after the first, that IP starts afresh
        traveller.shift(24 * 3600)
        assert status(refer(create_user("later"), "new7", ip="203.0.113.50")) == "pending"
        # a flagged referral's verifying event waits for the admin: no credit
        attempt_scored(made[3].referred_id)
        assert status(made[3]) == "flagged" and balance(referrers[3]) == 0


def test_burst_rule_at_5_within_an_hour(app, create_user, refer):
    amira = create_user("amira")
    with time_machine.travel(START, tick=False) as traveller:
        made = []
        for i in range(5):
            made.append(refer(amira, f"newbie{i}", ip=f"198.51.100.{i}"))
            traveller.shift(14 * 60)
        assert [status(r) for r in made] == ["pending"] * 4 + ["flagged"]
    bob = create_user("bob")
    with time_machine.travel(START, tick=False) as traveller:
        spaced = []
        for i in range(5):
            spaced.append(refer(bob, f"bobfriend{i}", ip=f"198.51.101.{i}"))
            traveller.shift(16 * 60)  # the 5th comes 64 minutes after the first
        assert [status(r) for r in spaced] == ["pending"] * 5


def test_admin_queue_verify_and_reject_with_reason_audited(app, create_user, refer, client, auth_headers):
    from sqlalchemy import select

    from arena.extensions import db
    from arena.identity.models import AuditEvent

    admin = create_user("root", role="admin")
    amira = create_user("amira")
    with time_machine.travel(START, tick=False) as traveller:
        made = []
        for i in range(5):
            made.append(refer(amira, f"newbie{i}", ip=f"198.51.100.{i}"))
            traveller.shift(60)
    flagged = made[-1]
    queue = envelope_ok(client.get("/api/v1/referrals/queue", headers=auth_headers(admin)))
    assert [r["id"] for r in queue] == [flagged.id] and queue[0]["flags"] == ["referrer_burst"]
    assert client.get("/api/v1/referrals/queue", headers=auth_headers(amira)).status_code == 403
    no_reason = client.post(f"/api/v1/referrals/{flagged.id}/verify", json={"reason": " "}, headers=auth_headers(admin))
    assert no_reason.status_code == 422 and status(flagged) == "flagged"
    done = envelope_ok(client.post(f"/api/v1/referrals/{flagged.id}/verify", json={"reason": "Known classroom"},
                                   headers=auth_headers(admin)))
    assert done["status"] == "verified" and balance(amira) == 5
    twice = client.post(f"/api/v1/referrals/{flagged.id}/reject", json={"reason": "x"}, headers=auth_headers(admin))
    assert twice.status_code == 409
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.event_type == "referral.verify")).all()
    assert len(events) == 1 and events[0].details["reason"] == "Known classroom"


def test_ips_are_stored_hashed_and_purged_after_90_days(app, create_user, refer):
    from arena.extensions import db
    from arena.referrals.models import Referral
    from arena.referrals.tasks import purge_ip_hashes

    with time_machine.travel(START, tick=False) as traveller:
        referral = refer(create_user("amira"), "omar", ip="203.0.113.7")
        stored = db.session.get(Referral, referral.id).ip_hash
        assert stored and "203.0.113.7" not in stored and len(stored) == 64
        traveller.shift(89 * 24 * 3600)
        assert purge_ip_hashes.delay().get() == 0
        traveller.shift(2 * 24 * 3600)
        assert purge_ip_hashes.delay().get() == 1
        db.session.expire_all()
        assert db.session.get(Referral, referral.id).ip_hash is None


def test_referral_link_leads_to_registration_and_is_recorded(client, create_user, app):
    from arena.extensions import db
    from arena.referrals import operations
    from arena.referrals.models import Referral

    amira = create_user("amira")
    code = operations.code_for(amira).code
    db.session.commit()
    followed = client.get(f"/r/{code}")
    assert followed.status_code == 302 and "/register" in followed.headers["Location"]
    from arena.identity import operations as identity

    with app.test_request_context("/register", headers={"Cookie": f"arena_ref={code}"},
                                  environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        user = identity.create_user("newbie", "newbie@example.org", "correct horse battery staple")
        db.session.commit()
    referral = db.session.query(Referral).filter_by(referred_id=user.id).one()
    assert referral.referrer_id == amira.id and referral.status == "pending"


def test_pages_mine_in_arabic_and_admin_queue(client, create_user, refer):
    from tests.conftest import sign_in_session

    admin = create_user("root", role="admin")
    amira = create_user("amira", language="ar")
    with time_machine.travel(START, tick=False) as traveller:
        for i in range(5):
            refer(amira, f"newbie{i}", ip=f"198.51.100.{i}")
            traveller.shift(60)
    sign_in_session(client, amira)
    page = client.get("/referrals").get_data(as_text=True)
    assert 'dir="rtl"' in page and "إحالاتي" in page and "قيد المراجعة" in page and "قيد الانتظار" in page
    assert client.get("/admin/referrals").status_code == 403
    admin_client = client.application.test_client()
    sign_in_session(admin_client, admin)
    queue = admin_client.get("/admin/referrals").get_data(as_text=True)
    assert "newbie4" in queue and "referrer_burst" in queue
    import re

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', queue).group(1)
    ref_id = re.search(r'name="id" value="(\d+)"', queue).group(1)
    refused = admin_client.post("/admin/referrals", data={"csrf_token": token, "id": ref_id, "verdict": "reject",
                                                          "reason": ""})
    assert refused.status_code == 422
    done = admin_client.post("/admin/referrals", data={"csrf_token": token, "id": ref_id, "verdict": "reject",
                                                       "reason": "Same classroom, one person"})
    assert done.status_code == 303 and "newbie4" not in admin_client.get("/admin/referrals").get_data(as_text=True)
