"""Contest templates and copies: a contest created from a template equals the source's settings —
rules, scoring, judging rounds, texts, write-back — with its new name and dates; the gallery shows
public templates to everyone and private ones to their owner; a request can start from a template."""

from datetime import timedelta

from tests.conftest import envelope_ok

NOT_KEPT = ("id", "name", "slug", "starts_at", "ends_at", "is_published", "created_at", "updated_at", "status",
            "created_by_id", "jury", "organizers")  # people and identity, not settings


def trusted(user):
    from arena.contests.models import TrustedMemberRequest
    from arena.extensions import db

    db.session.add(TrustedMemberRequest(user_id=user.id, wiki_id="enwiki", wiki_username=user.username,
                                        status="approved", reason="granted"))
    db.session.commit()
    return user


def source_contest(people, api):
    from arena.contests import operations
    from arena.core.timeutil import utcnow
    from arena.extensions import db

    org = people["org"]
    now = utcnow()
    contest = operations.build_contest({
        "name": "Rivers 2025", "wikis": ["enwiki", "arwiki"], "starts_at": now - timedelta(days=400),
        "ends_at": now - timedelta(days=370), "description": "Write about rivers. اكتب عن الأنهار.",
        "rules": "New articles only.", "submission_type": "new", "min_bytes": 3000, "min_references": 2,
        "required_categories": ["Rivers"], "template": "Rivers contest", "template_target": "talk",
        "write_back": True, "write_back_categories": ["Rivers contest 2025"], "max_submissions_per_participant": 7,
        "scoring_mode": "multi_parameter", "scoring_config": {
            "parameters": [{"name": "sources", "weight": 60}, {"name": "prose", "weight": 40}], "max_score": 20,
            "quorum": 2}, "allow_jury_to_compete": False, "points_per_accepted": 5, "is_published": True},
        owner=org, actor=org)
    for juror in ("jury1", "jury2"):
        operations.add_member(contest, "jury", user_id=people[juror].id, actor=org)
    db.session.commit()
    base = f"/api/v1/contests/{contest.id}/rounds"
    envelope_ok(api(org).post(base, {"scoring_mode": "yes_no", "scoring_config": {"quorum": 2}}), 201)
    envelope_ok(api(org).post(base, {"scoring_mode": "ranking", "jury_ids": [people["jury1"].id]}), 201)
    return contest


def settings_of(api, user, contest_id):
    data = envelope_ok(api(user).get(f"/api/v1/contests/{contest_id}"))
    return {k: v for k, v in data.items() if k not in NOT_KEPT}


def rounds_of(api, user, contest_id):
    return [(r["position"], r["scoring_mode"], r["scoring_config"], r["state"])
            for r in envelope_ok(api(user).get(f"/api/v1/contests/{contest_id}/rounds"))]


def test_contest_from_a_template_equals_the_source_with_new_dates(app, people, api):
    p = people
    trusted(p["org"])
    source = source_contest(p, api)
    saved = envelope_ok(api(p["org"]).post(f"/api/v1/contests/{source.id}/templates",
                                           {"name": "Rivers", "summary": "A yearly contest", "is_public": True}), 201)
    assert saved["extras"]["rounds"][1]["scoring_mode"] == "ranking"
    assert "starts_at" not in saved["settings"] and "name" not in saved["settings"]

    made = envelope_ok(api(p["org"]).post(f"/api/v1/contest-templates/{saved['id']}/contests", {
        "name": "Rivers 2026", "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-31T00:00:00Z"}), 201)
    assert (made["name"], made["starts_at"][:10], made["ends_at"][:10]) == ("Rivers 2026", "2026-12-01", "2026-12-31")
    assert made["slug"] != source.slug and made["is_published"] is False
    assert settings_of(api, p["org"], made["id"]) == settings_of(api, p["org"], source.id)
    # the same rounds (round 1 opens); the old jurors are not carried over, so each round has the whole jury
    assert rounds_of(api, p["org"], made["id"]) == [
        (1, "yes_no", {"quorum": 2, "hidden_marks": False, "distribution": "open"}, "open"),
        (2, "ranking", {"quorum": 1, "hidden_marks": False, "distribution": "open"}, "waiting")]

    # a copy of the past contest: the same, with its own new dates
    copy = envelope_ok(api(p["org"]).post(f"/api/v1/contests/{source.id}/copies", {
        "name": "Rivers again", "starts_at": "2027-01-01T00:00:00Z", "ends_at": "2027-02-01T00:00:00Z"}), 201)
    assert settings_of(api, p["org"], copy["id"]) == settings_of(api, p["org"], source.id)
    assert len(rounds_of(api, p["org"], copy["id"])) == 2


def test_gallery_permissions_and_failures(app, people, api):
    p = people
    trusted(p["org"])
    source = source_contest(p, api)
    url = f"/api/v1/contests/{source.id}/templates"
    # only organisers save; only trusted members share publicly; a name is needed
    assert api(p["jury1"]).post(url, {"name": "Mine"}).status_code == 403
    assert api(p["org"]).post(url, {"name": ""}).status_code == 422
    private = envelope_ok(api(p["org"]).post(url, {"name": "Private one"}), 201)
    public = envelope_ok(api(p["org"]).post(url, {"name": "Public one", "is_public": True}), 201)
    assert [t["name"] for t in envelope_ok(api(p["org"]).get("/api/v1/contest-templates"))] == [
        "Private one", "Public one"]
    assert [t["name"] for t in envelope_ok(api(p["bob"]).get("/api/v1/contest-templates"))] == ["Public one"]
    assert api(p["bob"]).get(f"/api/v1/contest-templates/{private['id']}").status_code == 404
    # not trusted: no contest from a template, and nothing is created
    body = {"name": "Bob's rivers", "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-31T00:00:00Z"}
    assert api(p["bob"]).post(f"/api/v1/contest-templates/{public['id']}/contests", body).status_code == 403
    assert api(p["bob"]).post(f"/api/v1/contests/{source.id}/copies", body).status_code in (403, 404)
    assert api(p["bob"]).get("/api/v1/contests?q=Bob").get_json()["data"] == []
    # bad dates are refused by the contest's own validation
    bad = api(p["org"]).post(f"/api/v1/contest-templates/{public['id']}/contests",
                             {**body, "ends_at": "2026-11-01T00:00:00Z"})
    assert bad.status_code == 422 and "ends_at" in bad.get_json()["errors"]
    # …but anyone may ask for a contest starting from a public template
    req = envelope_ok(api(p["bob"]).post(f"/api/v1/contest-templates/{public['id']}/requests", {
        "contest": {"name": "Bob's rivers", "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-31T00:00:00Z"},
        "message": "For our school."}), 201)
    assert req["settings"]["min_bytes"] == 3000 and req["settings"]["wikis"] == ["enwiki", "arwiki"]
    assert req["settings"]["scoring_mode"] == "multi_parameter" and req["name"] == "Bob's rivers"


# --- the create page and the request page start from a template ----------------------------------
def _page_token(html):
    import re

    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def _page_form(token, **extra):
    return {"csrf_token": token, "name": "Rivers 2026", "wikis": "enwiki, arwiki", "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-02-01T10:00", "submission_type": "new", "min_bytes": "3000", "min_references": "2",
            "template_target": "talk", "scoring_mode": "simple", "visibility": "public", "default_rules": "y",
            **extra}


def _saved_templates(people, api):
    from arena.contests.models import ContestTemplate
    from arena.extensions import db

    source = source_contest(people, api)
    url = f"/api/v1/contests/{source.id}/templates"
    public = envelope_ok(api(people["org"]).post(url, {"name": "Rivers", "summary": "Every spring", "is_public": True}), 201)
    private = envelope_ok(api(people["org"]).post(url, {"name": "Org only"}), 201)
    return db.session.get(ContestTemplate, public["id"]), db.session.get(ContestTemplate, private["id"])


def test_the_create_page_offers_the_gallery_and_starts_from_a_template(app, client, people, api):
    from sqlalchemy import select

    from arena.contests.models import Contest
    from arena.extensions import db
    from tests.conftest import sign_in_session

    p = people
    trusted(p["org"])
    trusted(p["bob"])
    public, private = _saved_templates(p, api)
    sign_in_session(client, p["bob"])
    html = client.get("/contests/new").get_data(as_text=True)
    assert "Start from a template" in html and "Every spring" in html
    assert f"/contests/new?from_template={public.id}" in html and "Org only" not in html  # not bob's
    assert client.get(f"/contests/new?from_template={private.id}").status_code == 404

    html = client.get(f"/contests/new?from_template={public.id}").get_data(as_text=True)
    assert "This form starts from the template Rivers" in html
    assert f'name="from_template" value="{public.id}"' in html
    assert 'value="enwiki, arwiki"' in html and 'value="3000"' in html and "Write about rivers." in html
    assert 'value="Rivers contest"' in html  # the write-back template

    # a refused form names the field and creates nothing
    token = _page_token(html)
    bad = client.post(f"/contests/new?from_template={public.id}", data=_page_form(token, ends_at="2029-01-01T10:00"))
    assert bad.status_code == 422 and "This form starts from the template Rivers" in bad.get_data(as_text=True)
    assert db.session.scalar(select(Contest).where(Contest.name == "Rivers 2026")) is None

    resp = client.post("/contests/new", data=_page_form(token, from_template=str(public.id), min_bytes="5000"))
    assert resp.status_code == 302
    made = db.session.scalar(select(Contest).where(Contest.name == "Rivers 2026"))
    assert made.min_bytes == 5000 and made.wiki_ids == ["enwiki", "arwiki"]  # the form's values win
    assert [(r[0], r[1]) for r in rounds_of(api, p["bob"], made.id)] == [(1, "yes_no"), (2, "ranking")]


def test_the_request_page_starts_from_a_template(app, client, people, api):
    from sqlalchemy import func, select

    from arena.contests.models import ContestRequest
    from arena.extensions import db
    from tests.conftest import sign_in_session

    p = people
    trusted(p["org"])
    public, private = _saved_templates(p, api)
    sign_in_session(client, p["bob"])  # not trusted: asks instead
    assert client.get(f"/contest-requests/new?from_template={private.id}").status_code == 404
    html = client.get(f"/contest-requests/new?from_template={public.id}").get_data(as_text=True)
    assert "This form starts from the template Rivers" in html and 'value="3000"' in html
    token = _page_token(html)
    bad = client.post(f"/contest-requests/new?from_template={public.id}",
                      data=_page_form(token, starts_at="", message="For our school."))
    assert bad.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ContestRequest)) == 0
    resp = client.post(f"/contest-requests/new?from_template={public.id}",
                       data=_page_form(token, message="For our school."))
    assert resp.status_code == 302
    req = db.session.scalar(select(ContestRequest))
    assert req.requester_id == p["bob"].id and req.settings["min_bytes"] == 3000
    assert req.settings["description"].startswith("Write about rivers.")


def test_the_gallery_in_arabic(app, client, people, api):
    from tests.conftest import sign_in_session

    p = people
    trusted(p["org"])
    public, _private = _saved_templates(p, api)
    sign_in_session(client, p["org"])
    html = client.get(f"/contests/new?from_template={public.id}",
                      headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "Start from a template" not in html and "This form starts" not in html
