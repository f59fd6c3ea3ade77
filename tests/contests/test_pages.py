"""Contest pages: list tabs and search, contest page, submit form (HTMX and without JS), forms, admin."""

import re

import pytest
from sqlalchemy import func, select

from arena.contests.models import Contest, ContestRequest, Submission, TrustedMemberRequest
from arena.extensions import db
from arena.identity.models import User


def sign_in(client, user):
    from tests.conftest import sign_in_session

    sign_in_session(client, user)


def csrf(client, url="/contests"):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_list_has_tabs_search_and_a_nav_link(client, create_contest):
    create_contest(name="Rivers of Europe", slug="rivers")
    create_contest(name="Future Fest", slug="future", started_days_ago=-5)
    html = client.get("/contests").get_data(as_text=True)
    assert 'href="/contests"' in html.split("<main")[0]  # main navigation
    assert "Rivers of Europe" in html and "Future Fest" not in html
    upcoming = client.get("/contests?status=upcoming").get_data(as_text=True)
    assert "Future Fest" in upcoming and "Rivers of Europe" not in upcoming
    assert "Rivers" not in client.get("/contests?q=nothing-matches").get_data(as_text=True).split("<main")[1]


def test_list_in_arabic(client, create_contest):
    create_contest(name="Rivers of Europe")
    html = client.get("/contests", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "المسابقات" in html


def test_contest_page_shows_rules_dates_and_hides_drafts(client, create_user, create_contest):
    create_contest(slug="rivers", description="All about **rivers**", rules="No <script>x</script> copying")
    create_contest(slug="secret", is_published=False)
    page = client.get("/contests/rivers")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<strong>rivers</strong>" in html and "<script>x" not in html
    assert "Sign in to submit" in html
    assert client.get("/contests/secret").status_code == 404
    assert "<html" in client.get("/contests/secret").get_data(as_text=True)
    client.set_cookie("tz", "Asia/Riyadh")
    assert client.get("/contests/rivers").status_code == 200


def test_create_form_for_trusted_members(client, create_user, make_trusted):
    plain, tina = create_user("plain"), make_trusted(create_user("tina"))
    sign_in(client, plain)
    assert client.get("/contests/new").status_code == 302  # sent to the request form
    sign_in(client, tina)
    token = csrf(client, "/contests/new")
    form = {"csrf_token": token, "name": "Bridges", "wikis": "enwiki, arwiki", "starts_at": "2030-01-01T10:00",
            "ends_at": "2029-01-01T10:00", "submission_type": "new", "min_bytes": "0", "min_references": "0",
            "template_target": "talk", "scoring_mode": "simple", "visibility": "public"}
    bad = client.post("/contests/new", data=form)
    assert bad.status_code == 422 and "The end must be after the start." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Contest.id))) == 0
    good = client.post("/contests/new", data={**form, "ends_at": "2030-02-01T10:00"})
    assert good.status_code == 302 and good.headers["Location"].endswith("/contests/bridges")
    db.session.remove()
    contest = db.session.scalar(select(Contest))
    assert contest.wiki_ids == ["enwiki", "arwiki"] and not contest.is_published
    edit = client.get("/contests/bridges/edit")
    assert edit.status_code == 200 and 'value="Bridges"' in edit.get_data(as_text=True)
    sign_in(client, plain)
    assert client.get("/contests/bridges/edit").status_code == 404


def test_request_form_and_admin_decision(client, create_user):
    plain, admin = create_user("plain"), create_user("root", role="admin")
    plain_id = plain.id
    sign_in(client, plain)
    token = csrf(client, "/contest-requests/new")
    resp = client.post("/contest-requests/new", data={
        "csrf_token": token, "name": "Poets", "wikis": "arwiki", "starts_at": "2030-01-01T10:00",
        "ends_at": "2030-02-01T10:00", "submission_type": "both", "min_bytes": "0", "min_references": "0",
        "template_target": "talk", "scoring_mode": "simple", "visibility": "public", "message": "For poets"})
    assert resp.status_code == 302
    assert "Poets" in client.get("/contest-requests").get_data(as_text=True)
    assert client.get("/admin/contest-requests").status_code == 403
    sign_in(client, admin)
    page = client.get("/admin/contest-requests").get_data(as_text=True)
    assert "Poets" in page and "For poets" in page
    req_id = db.session.scalar(select(ContestRequest.id))
    token = csrf(client, "/admin/contest-requests")
    assert client.post(f"/admin/contest-requests/{req_id}/reject", data={"csrf_token": token}).status_code == 303
    db.session.remove()
    assert db.session.get(ContestRequest, req_id).status == "pending"  # a rejection needs a reason
    client.post(f"/admin/contest-requests/{req_id}/approve", data={"csrf_token": token})
    db.session.remove()
    contest = db.session.scalar(select(Contest))
    assert contest.name == "Poets" and contest.is_organizer(db.session.get(User, plain_id))


def test_admin_trusted_member_page(client, create_user):
    admin, plain = create_user("root", role="admin"), create_user("plain")
    db.session.add(TrustedMemberRequest(user_id=plain.id, wiki_id="enwiki", wiki_username="Plain",
                                        edit_count=12, reason="12 edits"))
    db.session.commit()
    sign_in(client, admin)
    html = client.get("/admin/trusted-member-requests").get_data(as_text=True)
    assert "Plain" in html and "12" in html
    req_id = db.session.scalar(select(TrustedMemberRequest.id))
    token = csrf(client, "/admin/trusted-member-requests")
    client.post(f"/admin/trusted-member-requests/{req_id}/reject", data={"csrf_token": token, "reason": "Too new"})
    db.session.remove()
    req = db.session.get(TrustedMemberRequest, req_id)
    assert req.status == "rejected" and req.reason == "Too new"


@pytest.mark.parametrize("path", ["/contests", "/contests/rivers", "/contest-requests/new", "/contests/new",
                                  "/admin/contest-requests", "/admin/trusted-member-requests",
                                  "/trusted-member-requests/new"])
def test_pages_have_no_inline_script_or_style(client, create_user, create_contest, path):
    create_contest(slug="rivers")
    sign_in(client, create_user("root", role="admin"))
    html = client.get(path).get_data(as_text=True)
    assert "style=" not in html and "<script>" not in html
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag or 'type="checkbox"' in tag:
            continue
        found = re.search(r'id="([^"]+)"', tag)
        assert found and f'for="{found.group(1)}"' in html, tag
