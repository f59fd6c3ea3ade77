"""Contests through the API: create, read, change, delete; who may do what; list filters."""

from datetime import timedelta

from sqlalchemy import func, select

from arena.contests.models import Contest
from arena.core.timeutil import utcnow
from arena.extensions import db
from tests.conftest import envelope_ok


def payload(**over):
    now = utcnow()
    data = {"name": "Women in Science", "wikis": ["enwiki", "arwiki"],
            "starts_at": (now + timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=30)).isoformat(),
            "description": "Write **articles** <script>alert(1)</script>", "is_published": True}
    data.update(over)
    return data


def count_contests():
    db.session.remove()
    return db.session.scalar(select(func.count(Contest.id)))


def test_trusted_member_creates_a_contest_and_is_its_organiser(client, create_user, make_trusted, auth_headers):
    user = make_trusted(create_user("tina"))
    data = envelope_ok(client.post("/api/v1/contests", json=payload(), headers=auth_headers(user)), 201)
    assert data["slug"] == "women-in-science" and data["organizers"] == [user.id]
    assert data["status"] == "upcoming" and data["wikis"] == ["enwiki", "arwiki"]
    assert "<strong>articles</strong>" in data["description_html"] and "<script" not in data["description_html"]
    assert data["eligibility_rules"]["new_or_expanded"]["level"] == "required"
    got = envelope_ok(client.get("/api/v1/contests/women-in-science"))
    assert got["id"] == data["id"]
    assert envelope_ok(client.get(f"/api/v1/contests/{data['id']}"))["slug"] == "women-in-science"


def test_ordinary_user_cannot_create_directly(client, create_user, auth_headers):
    user = create_user("plain")
    resp = client.post("/api/v1/contests", json=payload(), headers=auth_headers(user))
    assert resp.status_code == 403 and "contest request" in resp.get_json()["message"]
    assert client.post("/api/v1/contests", json=payload()).status_code == 401
    assert count_contests() == 0


def test_invalid_settings_name_the_field_and_store_nothing(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    now = utcnow()
    cases = [
        ({"ends_at": (now - timedelta(days=5)).isoformat()}, "ends_at"),
        ({"starts_at": "2025-01-01T00:00:00"}, "starts_at"),  # no time zone
        ({"wikis": []}, "wikis"),
        ({"wikis": ["English Wikipedia"]}, "wikis"),
        ({"slug": "123"}, "slug"),
        ({"submission_type": "poems"}, "submission_type"),
        ({"min_bytes": -1}, "min_bytes"),
        ({"write_back": True}, "write_back"),
        ({"template": "{{Contest}}"}, "template"),
        ({"scoring_mode": "multi_parameter", "scoring_config": {}}, "scoring_config"),
        ({"eligibility_rules": {"no_such_rule": {"level": "required"}}}, "eligibility_rules.no_such_rule"),
        ({"eligibility_rules": {"main_contributor": {"level": "maybe"}}}, "eligibility_rules.main_contributor"),
        ({"eligibility_rules": {"main_contributor": {"level": "required", "percent": 150}}},
         "eligibility_rules.main_contributor"),
        ({"is_admin": True}, "is_admin"),
    ]
    for change, field in cases:
        resp = client.post("/api/v1/contests", json=payload(**change), headers=auth_headers(admin))
        assert resp.status_code == 422, (change, resp.get_json())
        assert field in resp.get_json()["errors"], (change, resp.get_json())
    assert count_contests() == 0


def test_a_chosen_slug_must_be_unique_a_generated_one_is_made_unique(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    envelope_ok(client.post("/api/v1/contests", json=payload(slug="wis"), headers=auth_headers(admin)), 201)
    resp = client.post("/api/v1/contests", json=payload(slug="wis"), headers=auth_headers(admin))
    assert resp.status_code == 422 and "slug" in resp.get_json()["errors"]
    assert count_contests() == 1
    made = [envelope_ok(client.post("/api/v1/contests", json=payload(), headers=auth_headers(admin)), 201)["slug"]
            for _ in range(2)]
    assert made == ["women-in-science", "women-in-science-2"] and count_contests() == 3


def test_drafts_are_visible_to_organisers_and_admins_only(client, create_user, create_contest, auth_headers):
    owner, other, admin = create_user("owner"), create_user("other"), create_user("root", role="admin")
    draft = create_contest(owner, is_published=False, slug="secret-draft")
    assert client.get("/api/v1/contests/secret-draft").status_code == 404
    assert client.get("/api/v1/contests/secret-draft", headers=auth_headers(other)).status_code == 404
    assert envelope_ok(client.get("/api/v1/contests/secret-draft", headers=auth_headers(owner)))["status"] == "draft"
    envelope_ok(client.get(f"/api/v1/contests/{draft.id}", headers=auth_headers(admin)))
    assert client.patch(f"/api/v1/contests/{draft.id}", json={"name": "x"},
                        headers=auth_headers(other)).status_code == 404
    listed = envelope_ok(client.get("/api/v1/contests?status=draft", headers=auth_headers(owner)))
    assert [c["slug"] for c in listed] == ["secret-draft"]
    assert envelope_ok(client.get("/api/v1/contests?status=draft", headers=auth_headers(other))) == []


def test_unlisted_contests_are_reachable_but_not_listed(client, create_contest):
    create_contest(slug="hidden-one", visibility="unlisted")
    create_contest(slug="shown-one")
    slugs = [c["slug"] for c in envelope_ok(client.get("/api/v1/contests"))]
    assert slugs == ["shown-one"]
    assert envelope_ok(client.get("/api/v1/contests/hidden-one"))["visibility"] == "unlisted"


def test_list_filters_status_wiki_and_search(client, create_contest):
    create_contest(slug="running-now", name="Running now")
    create_contest(slug="coming-soon", name="Coming soon", started_days_ago=-3, wikis=["arwiki"])
    create_contest(slug="long-gone", name="Long gone", started_days_ago=40, description="about rivers")
    get = lambda qs: [c["slug"] for c in envelope_ok(client.get("/api/v1/contests" + qs))]  # noqa: E731
    assert get("?status=current") == ["running-now"]
    assert get("?status=upcoming") == ["coming-soon"]
    assert get("?status=past") == ["long-gone"]
    assert get("?wiki=arwiki") == ["coming-soon"]
    assert get("?q=rivers") == ["long-gone"] and get("?q=COMING") == ["coming-soon"]
    assert client.get("/api/v1/contests?status=someday").status_code == 422


def test_organisers_edit_others_may_not(client, create_user, create_contest, auth_headers):
    owner, other = create_user("owner"), create_user("other")
    contest = create_contest(owner, slug="editable")
    resp = client.patch("/api/v1/contests/editable", json={"name": "Renamed"}, headers=auth_headers(other))
    assert resp.status_code == 403
    data = envelope_ok(client.patch("/api/v1/contests/editable", json={"name": "Renamed", "min_references": 2},
                                    headers=auth_headers(owner)))
    assert data["name"] == "Renamed" and data["eligibility_rules"]["min_references"]["level"] == "required"
    bad = client.patch("/api/v1/contests/editable", json={"ends_at": contest.starts_at.isoformat()},
                       headers=auth_headers(owner))
    assert bad.status_code == 422 and "ends_at" in bad.get_json()["errors"]
    db.session.remove()
    assert db.session.get(Contest, contest.id).ends_at > db.session.get(Contest, contest.id).starts_at


def test_organisers_manage_organisers_and_jury(client, create_user, create_contest, auth_headers):
    owner, juror, helper, outsider = (create_user(n) for n in ("owner", "jules", "helper", "outsider"))
    contest = create_contest(owner)
    base = f"/api/v1/contests/{contest.id}"
    assert client.post(f"{base}/jury", json={"username": "jules"}, headers=auth_headers(outsider)).status_code == 403
    envelope_ok(client.post(f"{base}/jury", json={"username": "JULES"}, headers=auth_headers(owner)), 201)
    assert client.post(f"{base}/jury", json={"user_id": juror.id}, headers=auth_headers(owner)).status_code == 409
    envelope_ok(client.post(f"{base}/organizers", json={"user_id": helper.id}, headers=auth_headers(owner)), 201)
    resp = client.post(f"{base}/jury", json={"username": "nobody"}, headers=auth_headers(owner))
    assert resp.status_code == 422 and "username" in resp.get_json()["errors"]
    assert [m["user"]["username"] for m in envelope_ok(client.get(f"{base}/jury"))] == ["jules"]
    # a co-organiser may now edit; the jury may not
    envelope_ok(client.patch(base, json={"name": "Co-edited"}, headers=auth_headers(helper)))
    assert client.patch(base, json={"name": "x"}, headers=auth_headers(juror)).status_code == 403
    envelope_ok(client.delete(f"{base}/organizers/{owner.id}", headers=auth_headers(helper)))
    last = client.delete(f"{base}/organizers/{helper.id}", headers=auth_headers(helper))
    assert last.status_code == 409  # a contest keeps one organiser
    assert client.delete(f"{base}/jury/{owner.id}", headers=auth_headers(helper)).status_code == 404


def test_delete_without_submissions_removes_the_contest(client, create_user, create_contest, auth_headers):
    owner = create_user("owner")
    contest = create_contest(owner)
    assert client.delete(f"/api/v1/contests/{contest.id}", headers=auth_headers(create_user("outsider"))).status_code == 403
    assert envelope_ok(client.delete(f"/api/v1/contests/{contest.id}", headers=auth_headers(owner)))["deleted"] == "hard"
    assert count_contests() == 0


def test_deleting_a_contest_needs_a_password_from_the_last_ten_minutes(client, create_user, create_contest,
                                                                       auth_headers):
    import time_machine

    from tests.conftest import PASSWORD

    owner = create_user("owner")
    contest = create_contest(owner)
    with time_machine.travel(utcnow(), tick=False) as clock:
        headers = auth_headers(owner)
        clock.shift(timedelta(minutes=10, seconds=1))
        stale = client.delete(f"/api/v1/contests/{contest.id}", headers=headers)
        assert stale.status_code == 401 and stale.get_json()["errors"]["reauthentication"] == ["required"]
        assert count_contests() == 1
        wrong = client.post("/api/v1/auth/reauthenticate", json={"password": "not it"}, headers=headers)
        assert wrong.status_code == 422 and count_contests() == 1
        envelope_ok(client.post("/api/v1/auth/reauthenticate", json={"password": PASSWORD}, headers=headers))
        assert envelope_ok(client.delete(f"/api/v1/contests/{contest.id}", headers=headers))["deleted"] == "hard"
    assert count_contests() == 0


def test_delete_with_submissions_is_soft_and_signalled(client, create_user, create_contest, auth_headers):
    from arena.contests.models import Submission
    from arena.core import signals

    owner = create_user("owner")
    contest = create_contest(owner, slug="to-delete")
    db.session.add(Submission(contest_id=contest.id, user_id=owner.id, wiki_id="enwiki", title="A", title_key="A"))
    db.session.commit()
    seen = []
    receiver = lambda sender, **kw: seen.append((sender.id, kw["soft"], kw["actor"].id))  # noqa: E731
    signals.contest_deleted.connect(receiver)
    try:
        assert envelope_ok(client.delete("/api/v1/contests/to-delete", headers=auth_headers(owner)))["deleted"] == "soft"
    finally:
        signals.contest_deleted.disconnect(receiver)
    assert seen == [(contest.id, True, owner.id)]
    assert count_contests() == 1
    assert client.get("/api/v1/contests/to-delete").status_code == 404
    assert client.get(f"/api/v1/contests/{contest.id}", headers=auth_headers(owner)).status_code == 404


def test_list_queries_are_bounded(client, create_user, create_contest, auth_headers, count_queries):
    owner = create_user("owner")
    jurors = [create_user(f"juror{i}") for i in range(3)]
    for i in range(12):
        c = create_contest(owner, slug=f"c{i}", wikis=["enwiki", "arwiki"])
        from arena.contests import operations

        for j in jurors:
            operations.add_member(c, "jury", user_id=j.id, actor=owner)
        db.session.commit()

    headers = auth_headers(owner)  # signing in writes; only the list's own statements are counted

    def statements(url):
        with count_queries() as log:
            envelope_ok(client.get(url, headers=headers))
        return len(log)

    statements("/api/v1/contests?per_page=1")  # warm up: a fresh connection runs its pragmas
    small, large = statements("/api/v1/contests?per_page=5"), statements("/api/v1/contests?per_page=100")
    assert small == large and large <= 8
