"""Jury pages: dashboard, queue, review form (without JavaScript), discussion, override, leaderboard
with its self-refreshing fragment, reports page, my results, notifications; English and Arabic."""

import re

from tests.conftest import envelope_ok
from tests.reviews.conftest import fresh
from tests.reviews.pages_support import csrf_of, sign_in


def test_juror_reviews_from_the_page(app, client, people, jury_contest, submit):
    p = people
    contest = jury_contest("multi_parameter", {"parameters": [{"name": "Content", "weight": 60},
                                                              {"name": "Sources", "weight": 40}],
                                               "max_score": 10, "hidden_marks": True},
                           rules={"min_size": {"level": "required", "bytes": 1000}})
    sub = submit(contest, p["alice"], "Page Article")
    sign_in(client, p["jury1"])
    dash = client.get("/jury").get_data(as_text=True)
    assert contest.name in dash and 'href="/jury"' in dash.split("<main")[0]
    queue = client.get(f"/jury/contests/{contest.id}?todo=1").get_data(as_text=True)
    assert "Page Article" in queue
    page = client.get(f"/jury/submissions/{sub.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Content" in html and "Sources" in html
    assert 'href="https://en.wikipedia.org/wiki/Page_Article"' in html and "style=" not in html
    assert "<script>" not in html
    token = csrf_of(html)
    # a parameter above 10 is refused next to the field, and nothing is stored
    bad = client.post(f"/jury/submissions/{sub.id}/review", data={
        "csrf_token": token, "decision": "accept", "param_0": "12", "param_1": "5"})
    assert bad.status_code == 422 and 'class="error"' in bad.get_data(as_text=True)
    # 8×0.6 + 5×0.4 = 4.8 + 2.0 = 6.8; × 10/10 = 6.8 → 7
    done = client.post(f"/jury/submissions/{sub.id}/review", data={
        "csrf_token": token, "decision": "accept", "param_0": "8", "param_1": "5", "comment": "Nice",
        "private_note": "between us", "flags": ["special_prize"]})
    assert done.status_code == 303
    fresh()
    from arena.reviews.models import Review
    from arena.extensions import db

    review = db.session.query(Review).one()
    assert review.score == 7 and review.flags == ["special_prize"] and review.private_note == "between us"
    after = client.get(f"/jury/submissions/{sub.id}").get_data(as_text=True)
    assert "7.00" in after and "The result is decided" in after
    # the thread
    posted = client.post(f"/jury/submissions/{sub.id}/discussion", data={"csrf_token": token, "body": "Looks fine"})
    assert posted.status_code == 303
    assert "Looks fine" in client.get(f"/jury/submissions/{sub.id}").get_data(as_text=True)
    # outsiders find nothing
    sign_in(client, p["outsider"])
    assert client.get(f"/jury/submissions/{sub.id}").status_code == 404
    assert client.get(f"/jury/contests/{contest.id}").status_code == 404


def test_organiser_overrides_and_exports_from_the_pages(app, client, people, jury_contest, submit):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 10})
    sub = submit(contest, p["bob"], "Override Me")
    sign_in(client, p["org"])
    html = client.get(f"/jury/submissions/{sub.id}").get_data(as_text=True)
    token = csrf_of(html)
    missing = client.post(f"/jury/submissions/{sub.id}/override", data={"csrf_token": token, "status": "accepted"})
    assert missing.status_code == 422
    done = client.post(f"/jury/submissions/{sub.id}/override", data={
        "csrf_token": token, "status": "accepted", "score": "6.5", "reason": "Clearly fine"})
    assert done.status_code == 303
    shown = client.get(f"/jury/submissions/{sub.id}").get_data(as_text=True)
    assert "Clearly fine" in shown and "6.50" in shown
    reports = client.post(f"/jury/contests/{contest.id}/reports", data={
        "csrf_token": token, "format": "leaderboard_csv", "top": "10"})
    assert reports.status_code == 303
    listing = client.get(f"/jury/contests/{contest.id}/reports").get_data(as_text=True)
    link = re.search(r'href="(/api/v1/reports/\d+/download)"', listing).group(1)
    assert "bob" in client.get(link).get_data(as_text=True)


def test_leaderboard_page_refreshes_itself_and_reads_in_arabic(app, client, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 10})
    sub = submit(contest, p["carol"], "Board")
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": 4}), 201)
    html = client.get(f"/leaderboards/{contest.id}").get_data(as_text=True)
    assert 'hx-trigger="every 30s"' in html and f'hx-get="/leaderboards/{contest.id}/fragment' in html
    assert "كارول العربية" in html and "4.00" in html and "Last updated" in html
    fragment = client.get(f"/leaderboards/{contest.id}/fragment").get_data(as_text=True)
    assert "<html" not in fragment and "4.00" in fragment
    arabic = client.get(f"/leaderboards/{contest.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "لوحة الصدارة" in arabic
    assert "كارول العربية" in client.get("/leaderboard").get_data(as_text=True)
    # participants' own view and notifications
    sign_in(client, p["carol"])
    mine = client.get("/my-submissions").get_data(as_text=True)
    assert "Board" in mine and "4.00" in mine
    notes = client.get("/notifications").get_data(as_text=True)
    assert "Board" in notes
