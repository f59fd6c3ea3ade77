"""Admin pages of the points economy: edit a reward and a package, filter the redemption queue,
read one person's purchase history; every form shows the operation's refusals next to its fields."""

import re

import pytest

from arena.extensions import db
from arena.points import operations as points
from arena.points.queries import packages_stmt
from arena.rewards import operations as rewards
from tests.conftest import sign_in_session


def csrf_of(html):
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


@pytest.fixture
def signed_admin(client, admin):
    sign_in_session(client, admin)
    return csrf_of(client.get("/rewards/admin").get_data(as_text=True))


def test_an_admin_edits_a_reward_and_bad_values_are_shown_on_the_form(client, admin, signed_admin):
    reward = rewards.create_reward(actor=admin, name="Mug", points_required=100, stock=2)
    db.session.commit()
    url = f"/rewards/admin/{reward.id}"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Mug"' in form and 'value="100"' in form
    assert url in client.get("/rewards/admin").get_data(as_text=True)

    bad = client.post(url, data={"csrf_token": signed_admin, "name": "Mug", "points_required": "100",
                                 "stock": "-3", "active": "y"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    db.session.refresh(reward)
    assert reward.stock == 2

    huge = client.post(url, data={"csrf_token": signed_admin, "name": "Mug", "points_required": "5000000",
                                  "active": "y"})
    assert huge.status_code == 422
    assert "Give a whole number of points, 1 or more." in huge.get_data(as_text=True)  # the operation's refusal
    db.session.refresh(reward)
    assert reward.points_required == 100

    saved = client.post(url, data={"csrf_token": signed_admin, "name": "Big mug", "points_required": "150",
                                   "stock": "", "description": "Ceramic"})
    assert saved.status_code == 302
    db.session.refresh(reward)
    assert (reward.name, reward.points_required, reward.stock, reward.active) == ("Big mug", 150, None, False)
    assert client.get(f"/rewards/admin/{reward.id + 99}").status_code == 404


def test_an_admin_adds_and_edits_a_package_and_refusals_stay_on_the_form(client, admin, signed_admin):
    added = client.post("/points/admin/packages", data={
        "csrf_token": signed_admin, "name": "Starter", "points": "500", "price": "4.99", "currency": "usd",
        "position": "1", "active": "y"})
    assert added.status_code == 302
    package = db.session.scalars(packages_stmt()).one()
    assert (package.name, package.points, str(package.price), package.currency) == ("Starter", 500, "4.99", "USD")
    assert "Starter" in client.get("/points/pricing").get_data(as_text=True)

    url = f"/points/admin/packages/{package.id}"
    bad = client.post(url, data={"csrf_token": signed_admin, "name": "Starter", "points": "0", "price": "4.99",
                                 "currency": "ZZZ", "active": "y"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Give an ISO 4217 currency code, such as USD or SAR." in html
    assert "Give a whole number of points from 1 to" in html

    saved = client.post(url, data={"csrf_token": signed_admin, "name": "Starter plus", "points": "600",
                                   "price": "5.50", "currency": "SAR", "position": "2"})
    assert saved.status_code == 302
    db.session.refresh(package)
    assert (package.name, package.points, str(package.price), package.currency, package.active) == (
        "Starter plus", 600, "5.50", "SAR", False)
    assert "Starter plus" not in client.get("/points/pricing").get_data(as_text=True)  # inactive now
    assert client.get(f"/points/admin/packages/{package.id + 99}").status_code == 404


def test_the_redemption_queue_filters_by_status_user_and_reward(client, admin, signed_admin, create_user, give):
    ana, ben = create_user("ana"), create_user("ben")
    mug = rewards.create_reward(actor=admin, name="Mug", points_required=10)
    pen = rewards.create_reward(actor=admin, name="Pen", points_required=10)
    db.session.commit()
    give(ana, 100)
    give(ben, 100)
    first = rewards.redeem_reward(mug, actor=ana)
    rewards.redeem_reward(pen, actor=ana)
    rewards.redeem_reward(mug, actor=ben)
    rewards.approve_redemption(first, actor=admin)
    db.session.commit()

    def rows(query):
        resp = client.get("/rewards/admin/redemptions" + query)
        body = resp.get_data(as_text=True)
        return resp.status_code, sorted(re.findall(r'aria-label="[^:"]+: (\w+) \((\w+)\)"', body)), body

    assert set(rows("")[1]) == {("Mug", "ana"), ("Pen", "ana"), ("Mug", "ben")}
    status, found, _ = rows("?status=approved")
    assert status == 200 and set(found) == {("Mug", "ana")}
    assert set(rows("?user=ben")[1]) == {("Mug", "ben")}
    assert set(rows(f"?reward={pen.id}&user=ana")[1]) == {("Pen", "ana")}
    status, found, body = rows("?user=nobody")
    assert status == 422 and found == [] and "No user with this name." in body


def test_an_admin_reads_one_persons_purchase_history(client, admin, signed_admin, create_user, member):
    other = create_user("other")
    points.record_purchase(member, actor=admin, points=300, amount="3.00", currency="USD", method="cash",
                           reference="R-1", note="at the meetup")
    points.record_purchase(other, actor=admin, points=50, amount="1.00", currency="USD", method="cash",
                           reference="R-2")
    db.session.commit()
    html = client.get(f"/points/admin/users/{member.id}/purchases").get_data(as_text=True)
    assert "R-1" in html and "at the meetup" in html and "R-2" not in html
    assert re.search(r'id="points-balance">300<', html)
    assert f"/points/admin/users/{member.id}/purchases" in client.get("/points/admin/purchases").get_data(as_text=True)
    assert client.get("/points/admin/users/999999/purchases").status_code == 404


def test_plain_users_cannot_open_the_admin_pages(client, member):
    sign_in_session(client, member)
    for url in ("/rewards/admin/1", "/points/admin/packages", "/points/admin/packages/1",
                f"/points/admin/users/{member.id}/purchases", "/rewards/admin/redemptions?user=member"):
        assert client.get(url).status_code == 403, url
