"""An organiser sets a rule's level and the scoring mode on the contest form and sees them applied,
in English and Arabic, with axe clean on the form, its refusal and the contest page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from arena.contests.models import Contest
from arena.core.cli import DEMO_PASSWORD
from arena.extensions import db
from tests.e2e.conftest import audit, sign_in

pytestmark = pytest.mark.e2e
TEXT = {"en": {"rule": "Illustrated with an image", "advisory": "advisory",
               "error": "The weights must add up to exactly 100"},
        "ar": {"rule": "موضّحة بصورة", "advisory": "استرشادية",
               "error": "يجب أن يكون مجموع الأوزان 100 تمامًا"}}


@pytest.fixture
def demo_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return live_server


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_an_organiser_sets_a_rule_level_and_the_scoring_mode(browser, demo_server, lang, direction):
    base, text = demo_server.url, TEXT[lang]
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    sign_in(page, base, "organiser", DEMO_PASSWORD)
    page.goto(base + "/contests/local-history-month/edit")
    assert page.locator("html").get_attribute("dir") == direction
    assert audit(page) == []
    page.locator("#default_rules").uncheck()
    page.locator("#eligibility_rules-has_image-level").select_option("advisory")
    page.locator("#eligibility_rules-has_image-count").fill("2")
    page.locator("#scoring_mode").select_option("multi_parameter")
    page.locator("#scoring_config-parameters").fill("Prose: 60\nSources: 30")
    page.locator("#scoring_config-max_score").fill("10")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#scoring_config-parameters-error").inner_text().startswith(text["error"])
    assert audit(page) == []
    page.locator("#scoring_config-parameters").fill("Prose: 60\nSources: 40")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(base + "/contests/local-history-month")
    rule = page.locator("li", has_text=text["rule"]).first
    assert text["advisory"] in rule.inner_text()
    assert audit(page) == []
    db.session.rollback()
    contest = db.session.scalar(select(Contest).where(Contest.slug == "local-history-month"))
    assert contest.eligibility_rules["has_image"] == {"level": "advisory", "count": 2}
    assert contest.scoring_mode == "multi_parameter"
    page.goto(base + "/contests/local-history-month/edit")
    assert page.locator("#scoring_mode").input_value() == "multi_parameter"
    assert page.locator("#eligibility_rules-has_image-level").input_value() == "advisory"
    context.close()
