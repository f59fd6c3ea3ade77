"""Rule verdicts are stored as codes and read in the reader's language, on pages and in the API."""

from types import SimpleNamespace

from arena.contests import rules
from arena.contests.models import Submission
from arena.extensions import db
from tests.conftest import envelope_ok, sign_in_session

SNAPSHOT = {"exists": True, "namespace": 0, "size": 900, "references": {"new": 1, "reused": 0}}
OLD_VERDICT = {"rule": "main_namespace", "level": "required", "status": "pass", "message": "Stored long ago."}


def stored_entry(contest, user):
    c = SimpleNamespace(min_bytes=2000, min_references=3, eligibility_rules={
        "min_size": {"level": "required"}, "min_references": {"level": "advisory"}})
    results = rules.evaluate_all(SNAPSHOT, c, SimpleNamespace(wiki_username=None))
    sub = Submission(contest_id=contest.id, user_id=user.id, submitted_by_id=user.id, wiki_id="enwiki",
                     title=f"Nile {user.username}", title_key=f"nile {user.username}", article_url="https://en.wikipedia.org/wiki/Nile",
                     status="ineligible", snapshot=SNAPSHOT, rule_results=[*results, OLD_VERDICT])
    db.session.add(sub)
    db.session.commit()
    return sub


def test_verdicts_are_stored_as_codes_with_parameters(create_user, create_contest):
    sub = stored_entry(create_contest(), create_user("sami"))
    assert sub.rule_results[0] == {"rule": "min_size", "level": "required", "status": "fail",
                                   "code": "size.fail", "params": {"count": 900, "needed": 2000}}


def test_an_arabic_page_shows_an_arabic_rule_verdict(client, create_user, create_contest):
    user = create_user("sami")
    user.language = "ar"
    db.session.commit()
    contest = create_contest(slug="nile")
    stored_entry(contest, user)
    sign_in_session(client, user)
    html = client.get("/contests/nile").get_data(as_text=True)
    assert 'lang="ar"' in html
    assert "الحجم 900 بايت؛ والمطلوب 2000 على الأقل." in html
    assert "عدد المراجع 1؛ والمطلوب 3 على الأقل." in html
    assert "at least" not in html
    assert "Stored long ago." in html  # a verdict stored before codes is still shown


def test_the_same_page_in_english(client, create_user, create_contest):
    user = create_user("sami")
    contest = create_contest(slug="nile")
    stored_entry(contest, user)
    sign_in_session(client, user)
    html = client.get("/contests/nile", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "900 bytes; at least 2000 needed." in html and "بايت" not in html


def test_the_api_answers_in_the_callers_language(client, create_user, create_contest, auth_headers):
    arabic, english = create_user("sami"), create_user("emma")
    arabic.language, english.language = "ar", "en"
    db.session.commit()
    contest = create_contest()
    stored_entry(contest, arabic)
    stored_entry(contest, english)

    def messages(user, **headers):
        data = envelope_ok(client.get("/api/v1/me/submissions", headers={**auth_headers(user), **headers}))
        return [r["message"] for r in data[0]["rule_results"]]

    assert messages(arabic)[0] == "الحجم 900 بايت؛ والمطلوب 2000 على الأقل."
    # a saved preference wins over Accept-Language
    assert messages(english, **{"Accept-Language": "ar"})[0] == "900 bytes; at least 2000 needed."
    english.language = None
    db.session.commit()
    assert messages(english, **{"Accept-Language": "ar,en;q=0.5"})[0] == "الحجم 900 بايت؛ والمطلوب 2000 على الأقل."
    assert messages(english)[2] == "Stored long ago."
    rule = envelope_ok(client.get("/api/v1/me/submissions", headers=auth_headers(arabic)))[0]["rule_results"][0]
    assert rule["code"] == "size.fail" and rule["params"] == {"count": 900, "needed": 2000}
