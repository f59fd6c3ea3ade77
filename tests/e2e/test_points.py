"""Spending points in Chromium, in English and Arabic: a member with points redeems a reward, sees the
balance drop and the entry in the history; the points, rewards, pricing and admin pages pass the
accessibility audit (no serious or critical axe-core violation)."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit
from tests.points.conftest import give  # noqa: F401

pytestmark = pytest.mark.e2e

LABELS = {"en": ("Redeem “Tea mug”", "Redeemed “Tea mug”", "Pending"),
          "ar": ("استبدل «Tea mug»", "استُبدلت «Tea mug»", "قيد الانتظار")}


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture
def shop(app, live_server, create_user, give):
    from arena.extensions import db
    from arena.points import operations as points
    from arena.rewards import operations as rewards

    admin = create_user("shopkeeper", role="admin")
    rewards.create_reward(actor=admin, name="Tea mug", points_required=400, stock=3, description="A mug.")
    rewards.create_reward(actor=admin, name="Poster", points_required=5000)
    points.create_package(actor=admin, name="Starter", price="5.00", currency="USD", points=500, position=1)
    db.session.commit()
    return live_server


def balance(page) -> str:
    return page.locator("#points-balance").inner_text()


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_redeem_a_reward_and_see_the_balance_drop_and_the_history_entry(browser, shop, create_user, give, lang,
                                                                        direction):
    member = create_user(f"spender{lang}")
    give(member, 1000)
    redeem_label, history_text, pending_label = LABELS[lang]
    base = shop.url
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors, failures = [], {}
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    sign_in(page, base, member.username)

    page.goto(base + "/points/")
    assert page.locator("html").get_attribute("dir") == direction
    assert balance(page) == "1,000"
    failures["my points"] = audit(page)

    page.goto(base + "/rewards/")
    failures["catalogue"] = audit(page)
    assert page.get_by_role("button", name=re.sub(r"Tea mug", "Poster", redeem_label)).is_disabled()  # too dear
    page.get_by_role("button", name=redeem_label).click()
    page.wait_for_url(re.compile(r"/rewards/mine$"))
    assert balance(page) == "600"
    assert page.locator("tbody tr").first.get_by_text(pending_label).count() == 1
    failures["my redemptions"] = audit(page)

    page.goto(base + "/points/")
    assert balance(page) == "600"
    newest = page.locator("#points-history tbody tr").first
    assert history_text in newest.inner_text() and "-400" in newest.inner_text()
    page.goto(base + "/points/pricing")
    assert "Starter" in page.locator("main").inner_text()
    failures["pricing"] = audit(page)
    context.close()

    admin_context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    admin_page = admin_context.new_page()
    admin_page.on("console", lambda msg: errors.append(f"{admin_page.url}: {msg.text}") if msg.type == "error" else None)
    sign_in(admin_page, base, "shopkeeper")
    admin_page.goto(base + f"/rewards/admin/redemptions?user={member.username}")
    assert member.username in admin_page.locator("tbody").inner_text()
    failures["admin queue"] = audit(admin_page)
    for path in ("/rewards/admin", "/points/admin/packages", f"/points/admin/users/{member.id}/purchases"):
        admin_page.goto(base + path)
        failures[path] = audit(admin_page)
    admin_context.close()
    assert {k: v for k, v in failures.items() if v} == {}
    assert errors == []
