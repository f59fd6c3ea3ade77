"""Taking a timed quiz in Chromium, in English and Arabic: start, lose the page, come back to the
saved answers, finish, see the breakdown — every page passing the accessibility audit."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, sign_in

pytestmark = pytest.mark.e2e

TITLES = {"en": "General knowledge quiz", "ar": "مسابقة الثقافة العامة"}
LABELS = {"en": ("Start an attempt", "Resume your attempt", "Submit and finish", "Saved", "Score breakdown"),
          "ar": ("ابدأ محاولة", "استأنف محاولتك", "سلّم وأنهِ", "حُفظ", "تفصيل النتيجة")}


@pytest.fixture
def quiz_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return live_server


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_take_a_timed_attempt_lose_the_page_come_back_and_finish(browser, quiz_server, create_user, app, lang,
                                                                 direction):
    from arena.competitions.models import Competition
    from arena.extensions import db

    create_user(f"quizzer{lang}")
    competition_id = db.session.scalar(select(Competition.id).where(Competition.title == TITLES[lang]))
    start_label, resume_label, submit_label, saved_label, breakdown_label = LABELS[lang]
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    errors, failures = [], {}
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = quiz_server.url
    sign_in(page, base, f"quizzer{lang}", PASSWORD)

    page.goto(f"{base}/competitions/{competition_id}")
    assert page.locator("html").get_attribute("dir") == direction
    failures["competition"] = audit(page)
    page.get_by_role("button", name=start_label).click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    attempt_url = page.url
    assert re.fullmatch(r"\d+:\d\d", page.locator("#countdown").inner_text())
    assert page.locator("#countdown-announcer[aria-live=assertive]").count() == 1
    failures["attempt"] = audit(page)
    first = page.locator("fieldset.question").first
    first.locator("input[type=radio]").nth(1).check()
    page.locator(".saved-status").first.get_by_text(saved_label).wait_for()
    chosen = first.locator("input[type=radio]").nth(1).get_attribute("value")
    page.close()  # the tab is lost

    page = context.new_page()
    page.goto(f"{base}/competitions/{competition_id}")
    page.get_by_role("button", name=resume_label).click()
    page.wait_for_url(attempt_url)
    first = page.locator("fieldset.question").first
    assert first.locator(f"input[type=radio][value={chosen}]").is_checked()  # the answer was kept
    page.locator("fieldset.question input[type=text]").first.fill("Paris" if lang == "en" else "الصحراء الكبرى")
    page.get_by_role("button", name=submit_label).click()
    page.wait_for_url(re.compile(r"/result$"))
    assert page.get_by_role("table", name=breakdown_label).count() == 1
    failures["result"] = audit(page)
    context.close()
    assert {k: v for k, v in failures.items() if v} == {}
    assert errors == []
