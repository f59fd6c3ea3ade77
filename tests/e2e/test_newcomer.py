"""A newcomer's first hour on the demo data, in Chromium with axe: a signed-out visitor follows a
link to the jury page, signs in and lands there; a juror reviews a demo entry from the queue; a
signed-in user switches languages both ways; the demo leaderboard shows the ranks the results give."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from arena.contests.models import Contest, Submission
from arena.core.cli import DEMO_PASSWORD
from arena.extensions import db
from arena.reviews.models import SubmissionOutcome
from tests.e2e.conftest import audit

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return live_server


def fill_sign_in(page, username):
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


def expected_ranks(slug):
    db.session.rollback()
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug))
    totals: dict[str, Decimal] = {}
    rows = db.session.execute(select(Submission, SubmissionOutcome).join(
        SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id).where(
        Submission.contest_id == contest.id, Submission.status.in_(("accepted", "rejected"))))
    for s, o in rows:
        totals[s.user.name] = totals.get(s.user.name, Decimal(0)) + Decimal(o.score)
    return contest.id, sorted(totals, key=lambda name: -totals[name]), totals


def test_a_visitor_signs_in_on_the_way_to_the_jury_and_reviews_a_demo_entry(page, demo_server):
    base = demo_server.url
    page.goto(base + "/contests/women-in-science-2025")
    assert audit(page) == []
    page.goto(base + "/jury")
    assert page.url == base + "/login?next=/jury"
    assert audit(page) == []
    fill_sign_in(page, "juror3")
    assert page.url == base + "/jury"
    assert page.get_by_role("link", name="Jury").count() >= 1
    page.goto(base + "/contests/women-in-science-2025")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Mary Anning").click()
    assert audit(page) == []
    page.get_by_role("radio", name="Accept").check()
    page.get_by_label("Marks (when accepting)").fill("8")
    page.get_by_label("Comment for the participant").fill("Well sourced; accepted.")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_load_state()
    assert page.locator("main").get_by_text("Accepted").count() >= 1
    db.session.rollback()
    mary = db.session.scalar(select(Submission).where(Submission.title == "Mary Anning"))
    assert mary.status == "accepted"


def test_the_demo_leaderboard_and_switching_languages_while_signed_in(browser, demo_server):
    base = demo_server.url
    contest_id, ranked, totals = expected_ranks("women-in-science-2025")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/leaderboards/{contest_id}")
    cells = page.locator("main table tbody tr").all()
    shown = [(row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text()) for row in cells]
    assert [name for _rank, name in shown][:len(ranked)] == ranked
    assert shown[0][0] == "1"
    assert audit(page) == []
    page.goto(base + "/login")
    fill_sign_in(page, "layla")  # her account keeps Arabic
    page.goto(base + "/account")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("link", name="Jury").count() == 0  # she neither judges nor organises
    page.locator(".lang-switch a[hreflang=en]").click()
    assert page.locator("html").get_attribute("lang") == "en" and page.url.endswith("/account")
    page.goto(base + "/study/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert audit(page) == []
    page.locator(".lang-switch a[hreflang=ar]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(base + "/account")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert audit(page) == []
    context.close()


def test_a_learner_watches_the_running_timer_move(browser, demo_server):
    import time

    from playwright.sync_api import expect

    base = demo_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.clock.install(time=time.time())
    page.goto(base + "/login")
    fill_sign_in(page, "layla")
    page.goto(base + "/study/")
    page.locator("#timer-subject").select_option(label="Linear algebra")
    page.locator("form[action$='/timer/start'] button[type=submit], form.study-actions button").first.click()
    elapsed = page.locator(".study-elapsed")
    assert elapsed.get_attribute("data-minutes") == "0"
    assert page.get_by_text("0 min").count() >= 1 or "0" in elapsed.inner_text()
    before = elapsed.inner_text()
    # The timer counts from its start minute (the server keeps whole minutes): go to 3 min 10 s past it
    since = datetime.fromisoformat(elapsed.get_attribute("data-since"))
    page.clock.pause_at(since + timedelta(minutes=3, seconds=10))  # three minutes pass, no reload
    expect(elapsed).to_have_attribute("data-minutes", "3")  # no script evaluated: the page's CSP forbids eval
    assert elapsed.inner_text() != before and "3" in elapsed.inner_text()
    page.clock.fast_forward("01:02:00")
    expect(elapsed).to_have_attribute("data-minutes", "65")
    assert re.search(r"1\D+05", elapsed.inner_text())
    page.clock.resume()  # axe waits on timers, which a paused clock never fires
    assert audit(page) == []
    context.close()
