"""Purchases to record: a member reports a payment for a package on the pricing page; it waits in the
admins' queue (counted on the dashboard) until an admin records it — crediting the package's points
— or declines it."""

import re

import pytest

from arena.core.errors import Conflict
from arena.extensions import db
from arena.points import operations as points
from arena.points.models import PurchaseRequest
from arena.points.queries import account_of
from tests.conftest import sign_in_session


def csrf(html):
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


@pytest.fixture
def package(admin):
    package = points.create_package(actor=admin, name="Starter", price="5.00", currency="USD", points=500)
    db.session.commit()
    return package


def test_a_reported_payment_is_recorded_from_the_queue_and_credits_the_points(client, create_user, admin, package):
    member = create_user("member")
    sign_in_session(client, member)
    page = client.get("/points/pricing").get_data(as_text=True)
    bad = client.post("/points/pricing", data={"csrf_token": csrf(page), "package_id": package.id, "reference": ""})
    assert bad.status_code == 422 and db.session.query(PurchaseRequest).count() == 0
    done = client.post("/points/pricing", data={"csrf_token": csrf(page), "package_id": package.id,
                                                "reference": "BANK-7781", "note": "paid Tuesday"},
                       follow_redirects=True).get_data(as_text=True)
    assert "an administrator will record your payment" in done and "BANK-7781" in done

    sign_in_session(client, admin)
    assert re.search(r'Purchases to record</a></td><td>1<', client.get("/admin").get_data(as_text=True))
    queue = client.get("/points/admin/purchase-requests").get_data(as_text=True)
    assert "BANK-7781" in queue and "paid Tuesday" in queue
    req = db.session.query(PurchaseRequest).one()
    client.post(f"/points/admin/purchase-requests/{req.id}/record", data={"csrf_token": csrf(queue),
                                                                          "method": "bank transfer"})
    assert account_of(member.id)["balance"] == 500
    db.session.expire_all()
    assert req.status == "recorded" and req.purchase_id is not None
    assert re.search(r'Purchases to record</a></td><td>0<', client.get("/admin").get_data(as_text=True))
    again = client.post(f"/points/admin/purchase-requests/{req.id}/record", data={"csrf_token": csrf(queue)},
                        follow_redirects=True).get_data(as_text=True)
    assert "handled already" in again and account_of(member.id)["balance"] == 500


def test_a_declined_payment_credits_nothing_and_a_member_cannot_flood_the_queue(client, create_user, admin, package):
    member = create_user("member")
    for n in range(points.requests.MAX_PENDING):
        points.request_purchase(member, package, reference=f"REF-{n}")
    db.session.commit()
    with pytest.raises(Conflict, match="waiting to be recorded"):
        points.request_purchase(member, package, reference="REF-extra")
    db.session.rollback()
    sign_in_session(client, admin)
    queue = client.get("/points/admin/purchase-requests").get_data(as_text=True)
    first = db.session.query(PurchaseRequest).order_by(PurchaseRequest.id).first()
    client.post(f"/points/admin/purchase-requests/{first.id}/decline", data={"csrf_token": csrf(queue)})
    db.session.expire_all()
    assert first.status == "declined" and account_of(member.id)["balance"] == 0
    assert "REF-0" not in client.get("/points/admin/purchase-requests").get_data(as_text=True)
    plain = create_user("plain")
    sign_in_session(client, plain)
    assert client.get("/points/admin/purchase-requests").status_code == 403
