"""The admin's round in Chromium, in English and Arabic: approve a redemption from the queue, adjust a
member's balance from their account page, change a run-time setting and see it take effect; the
dashboard (with its charts), queue, account, failed-jobs, API-usage and settings pages pass the
accessibility audit (no serious or critical axe-core violation)."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, sign_in
from tests.points.conftest import give  # noqa: F401

pytestmark = pytest.mark.e2e


@pytest.fixture
def waiting(app, live_server, create_user, give):
    """A member with points and a pending redemption, and a failed job."""
    from arena.extensions import db
    from arena.jobs import operations as jobs
    from arena.rewards import operations as rewards

    admin = create_user("keeper", role="admin")
    member = create_user("member")
    give(member, 1000)
    reward = rewards.create_reward(actor=admin, name="Tea mug", points_required=400, stock=3)
    rewards.redeem_reward(reward, actor=member)
    jobs.fail_job(jobs.create_job("worker_check", actor=admin), "The wiki did not answer")
    db.session.commit()
    return live_server, member


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_an_admin_approves_adjusts_and_changes_a_setting(browser, waiting, lang, direction):
    server, member = waiting
    base = server.url
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors, failures = [], {}
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    sign_in(page, base, "keeper", PASSWORD)

    page.goto(base + "/admin")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("figure.admin-figure svg").count() >= 10
    assert page.locator("figure.admin-figure table").count() == page.locator("figure.admin-figure svg").count()
    failures["dashboard"] = audit(page)

    page.locator("a[href='/rewards/admin/redemptions']").click()
    page.wait_for_url("**/rewards/admin/redemptions")
    failures["redemption queue"] = audit(page)
    page.locator("form[action*='/approve'] button").first.click()
    page.wait_for_load_state()
    assert page.locator("form[action*='/approve']").count() == 0
    assert page.locator("form[action*='/deliver']").count() == 1  # approved: next it is delivered

    page.goto(f"{base}/admin/users/{member.id}")
    assert page.locator("#points-balance").inner_text() == "600"
    failures["account"] = audit(page)
    page.locator("#points-amount").fill("-100")
    page.locator("#points-reason").fill("Duplicate credit")
    page.locator("form[action$='/adjust'] button").click()
    page.wait_for_url(f"**/admin/users/{member.id}*")
    assert page.locator("#points-balance").inner_text() == "500"
    assert "Duplicate credit" in page.locator("#user-ledger").inner_text()

    page.goto(base + "/admin/jobs/failed")
    assert "The wiki did not answer" in page.locator("main").inner_text()
    failures["failed jobs"] = audit(page)
    page.goto(base + "/admin/api-usage")
    failures["api usage"] = audit(page)

    notice = "Maintenance tonight" if lang == "en" else "صيانة الليلة"
    page.goto(base + "/admin/settings")
    failures["settings"] = audit(page)
    assert notice not in page.locator("body").inner_text()
    page.locator("#setting-site-notice").fill(notice)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/settings")
    page.goto(base + "/")
    assert notice in page.locator("body").inner_text()  # in effect at once, on every page
    context.close()
    assert {name: found for name, found in failures.items() if found} == {}
    assert errors == []
