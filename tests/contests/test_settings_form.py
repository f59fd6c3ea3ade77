"""The contest form sets every eligibility rule and every scoring setting, checked as the API checks."""

import re

from sqlalchemy import func, select

from arena.contests.models import Contest
from arena.extensions import db
from tests.conftest import sign_in_session


def _token(client, url):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _form(token, **extra):
    return {"csrf_token": token, "name": "Bridges", "wikis": "enwiki", "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-02-01T10:00", "submission_type": "new", "min_bytes": "0", "min_references": "0",
            "template_target": "talk", "scoring_mode": "simple", "visibility": "public", **extra}


def _organiser(client, create_user, make_trusted):
    sign_in_session(client, make_trusted(create_user("tina")))
    return _token(client, "/contests/new")


def test_the_form_offers_every_rule_and_every_scoring_setting(client, create_user, make_trusted):
    from arena.contests.rules import RULES
    from arena.reviews.scoring import REGISTRY

    _organiser(client, create_user, make_trusted)
    html = client.get("/contests/new").get_data(as_text=True)
    assert "through the API" not in html
    for name in RULES:
        assert f'name="eligibility_rules-{name}-level"' in html
    for mode in REGISTRY.values():
        assert f'value="{mode.name}"' in html
        for setting in mode.settings:
            assert f'name="scoring_config-{setting.key}"' in html
    assert 'name="eligibility_rules-main_contributor-percent"' in html
    assert re.search(r'id="default_rules"[^>]*checked|checked[^>]*id="default_rules"', html)


def test_rules_and_scoring_chosen_on_the_form_are_applied(client, create_user, make_trusted):
    token = _organiser(client, create_user, make_trusted)
    resp = client.post("/contests/new", data=_form(
        token, **{"eligibility_rules-min_links-level": "advisory", "eligibility_rules-min_links-count": "5",
                  "eligibility_rules-main_namespace-level": "required", "eligibility_rules-has_image-level": "off",
                  "scoring_mode": "multi_parameter", "scoring_config-quorum": "2",
                  "scoring_config-parameters": "Prose: 60\nSources: 40", "scoring_config-max_score": "20",
                  "scoring_config-marks_accepted": "99"}))  # another mode's setting is not sent
    assert resp.status_code == 302
    db.session.remove()
    contest = db.session.scalar(select(Contest))
    assert contest.eligibility_rules == {"min_links": {"level": "advisory", "count": 5},
                                         "main_namespace": {"level": "required"}}
    assert contest.scoring_mode == "multi_parameter"
    assert contest.scoring_config["parameters"] == [{"name": "Prose", "weight": 60}, {"name": "Sources", "weight": 40}]
    assert contest.scoring_config["quorum"] == 2 and contest.scoring_config["max_score"] == 20
    assert "marks_accepted" not in contest.scoring_config
    page = client.get("/contests/bridges").get_data(as_text=True)
    assert "Minimum number of links to other articles" in page and "advisory" in page.lower()
    edit = client.get("/contests/bridges/edit").get_data(as_text=True)
    assert "Prose: 60" in edit and 'name="eligibility_rules-min_links-count" type="number" value="5"' in edit
    assert not re.search(r'id="default_rules"[^>]*checked', edit)


def test_the_default_rules_follow_the_article_settings(client, create_user, make_trusted):
    token = _organiser(client, create_user, make_trusted)
    client.post("/contests/new", data=_form(token, default_rules="y", min_bytes="3000",
                                            **{"eligibility_rules-has_image-level": "required"}))
    db.session.remove()
    rules = db.session.scalar(select(Contest)).eligibility_rules
    assert set(rules) == {"created_in_window", "main_namespace", "min_size"}


def test_scoring_errors_are_shown_next_to_their_fields_and_nothing_is_saved(client, create_user, make_trusted):
    token = _organiser(client, create_user, make_trusted)
    resp = client.post("/contests/new", data=_form(
        token, **{"scoring_mode": "multi_parameter", "scoring_config-parameters": "Prose: 60\nSources: 30",
                  "scoring_config-max_score": "20", "scoring_config-min_score": "30",
                  "eligibility_rules-main_contributor-level": "required",
                  "eligibility_rules-main_contributor-percent": "150"}))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(r'id="scoring_config-parameters-error">The weights must add up to exactly 100 '
                     r'\(they add up to 90\)', html)
    assert 'id="scoring_config-min_score-error">Must be below max_score.' in html
    assert 'id="eligibility_rules-main_contributor-level-error">percent must be at most 100.' in html
    assert db.session.scalar(select(func.count(Contest.id))) == 0


def test_the_form_in_arabic(client, create_user, make_trusted):
    _organiser(client, create_user, make_trusted)
    html = client.get("/contests/new", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "قواعد الأهلية" in html
