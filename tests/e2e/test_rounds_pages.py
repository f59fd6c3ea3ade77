"""The judging rounds page (with a previewed advance rule and a ranking form) and an umbrella page,
in English and Arabic: right direction, no console error, and no serious or critical axe-core
violation."""

from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit

pytestmark = pytest.mark.e2e


@pytest.fixture
def judged(app, create_user, monkeypatch):
    """A contest in its ranking round (one entry each from two participants) and an umbrella over it."""
    from arena.contests import facts, operations
    from arena.contests.operations import umbrella
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.reviews.operations import create_review, rounds

    monkeypatch.setattr(facts, "article_facts", lambda wiki_id, titles, refresh=False: {
        t: facts.ArticleFacts(title=t, requested_title=t, exists=True) for t in titles})
    monkeypatch.setattr(facts, "snapshots_for", lambda contest, subs, refresh=False, known=None: {
        s.id: {"size": 3000, "references": 4} for s in subs})
    org, juror = create_user("organiser2"), create_user("juror2")
    people = [create_user("part1"), create_user("part2")]
    now = utcnow()

    def contest(name, jurors=()):
        made = operations.build_contest({"name": name, "wikis": ["enwiki"], "is_published": True,
                                         "starts_at": now - timedelta(days=3), "ends_at": now + timedelta(days=9),
                                         "scoring_mode": "simple", "scoring_config": {"marks_accepted": 10},
                                         "eligibility_rules": {}}, owner=org, actor=org)
        for user in jurors:
            operations.add_member(made, "jury", user_id=user.id, actor=org)
        return made

    rounds_contest = contest("Rounds on show", [juror])
    top = contest("Umbrella on show")
    db.session.commit()
    rounds.add_round(rounds_contest, actor=org, scoring_mode="yes_no")
    rounds.add_round(rounds_contest, actor=org, scoring_mode="ranking")
    subs = [operations.submit_article(rounds_contest, f"https://en.wikipedia.org/wiki/Entry_{i}", actor=user)
            for i, user in enumerate(people)]
    for sub in subs:
        create_review(sub, actor=juror, decision="accept")
    rounds.close_round(rounds_contest, rounds.get_round(rounds_contest.id, 1), {"rule": "all"}, actor=org)
    umbrella.set_umbrella(top, actor=org)
    umbrella.add_child(top, contest("Child on show"), actor=org)
    db.session.commit()
    return {"rounds": rounds_contest.id, "umbrella": top.id}


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_rounds_and_umbrella_pages_pass_the_audit(browser, judged, live_server, lang, direction):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    failures = {}
    paths = [(None, f"/contests/{judged['umbrella']}/umbrella"),
             ("organiser2", f"/jury/contests/{judged['rounds']}/rounds?rule=top_n&value=1"),
             ("juror2", f"/jury/contests/{judged['rounds']}/rounds")]
    for username, path in paths:
        if username:
            page.context.clear_cookies()
            sign_in(page, live_server.url, username)
        response = page.goto(live_server.url + path)
        assert response.status == 200, (path, response.status)
        assert page.locator("html").get_attribute("dir") == direction, path
        if username == "juror2":
            assert page.locator("input[name^=rank_]").count() == 2
        violations = audit(page)
        if violations:
            failures[path] = violations
    context.close()
    assert failures == {}
    assert errors == []
