"""Contests end to end against the real test MediaWiki (see tests/fixtures/wiki/README.md).

Ada Lovelace: created 2026-03-05 10:00 by Alice (225 bytes), expanded 2026-04-10 by Bob (1151),
copy-edited 2026-04-20 by Alice (1199). Contests in March and April 2026 are entered while Arena's
clock is set inside them (the wiki itself keeps real time).
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone

import pytest
import time_machine
from sqlalchemy import select

from arena.contests.models import Submission, TrustedMemberRequest
from arena.extensions import db
from tests.conftest import envelope_ok
from tests.support.wiki_fixtures import TEST_WIKI_ID, wiki_settings


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


MARCH = {"starts_at": utc(2026, 3, 1), "ends_at": utc(2026, 3, 31)}
APRIL = {"starts_at": utc(2026, 4, 1), "ends_at": utc(2026, 4, 30)}


@pytest.fixture
def config(config, wiki):
    config.update(wiki_settings(wiki))
    config["WIKI_BOT_PASSWORDS"] = {TEST_WIKI_ID: {"username": wiki.bot.login_name, "password": wiki.bot.password}}
    return config


@pytest.fixture
def contest_in(create_contest):
    def make(window, **settings):
        return create_contest(wikis=[TEST_WIKI_ID], **window, **settings)

    return make


def at(moment):
    return time_machine.travel(moment, tick=True)


def submit(client, headers, contest, url, **extra):
    return client.post(f"/api/v1/contests/{contest.id}/submissions", json={"article_url": url, **extra},
                       headers=headers)


def rules_of(data):
    return {r["rule"]: (r["level"], r["status"], r["message"]) for r in data["rule_results"]}


def reload(submission_id):
    db.session.remove()
    return db.session.get(Submission, submission_id)


def history(wiki_client, title):
    response = wiki_client.query(titles=title, prop="revisions", rvprop="user|comment|content|ids",
                                 rvslots="main", rvlimit=50)
    return [{"user": r["user"], "comment": r["comment"], "text": r["slots"]["main"]["content"]}
            for r in response["query"]["pages"][0].get("revisions", [])]


def bot_edit(wiki_client, bot_auth, title, text):
    """Create or replace a page as the fixture bot (pages made here are used by nothing else)."""
    site = wiki_client.make_site()
    site.login(bot_auth.username, bot_auth.password)
    token = site.get("query", meta="tokens", type="csrf", formatversion=2)["query"]["tokens"]["csrftoken"]
    result = site.post("edit", title=title, text=text, summary="test setup", token=token, bot=1, formatversion=2)
    assert result["edit"]["result"] == "Success"


ALL_RULES = {
    "created_in_window": {"level": "required"}, "submitter_is_creator": {"level": "required"},
    "min_size": {"level": "required", "bytes": 1199}, "min_references": {"level": "required", "count": 6},
    "min_links": {"level": "required", "count": 5}, "not_orphan": {"level": "required", "count": 2},
    "has_image": {"level": "required", "count": 2}, "has_infobox": {"level": "required"},
    "main_namespace": {"level": "required"}, "account_registered_before": {"level": "required"},
    "main_contributor": {"level": "advisory", "percent": 50},
}


def test_new_article_in_the_window_passes_every_rule_with_the_wikis_facts(client, create_user, contest_in,
                                                                          auth_headers, wiki, wiki_client):
    real = wiki_client.article_facts(["Ada Lovelace"])["Ada Lovelace"]
    contest = contest_in(MARCH, eligibility_rules=ALL_RULES)
    with at(utc(2026, 3, 20, 12)):
        alice = create_user("alice")
        data = envelope_ok(submit(client, auth_headers(alice), contest, wiki.article_url("Ada_Lovelace"),
                                  wiki_username="Alice"), 201)
    snap = data["snapshot"]
    assert data["status"] == "pending" and data["page_id"] == real.page_id and data["title"] == "Ada Lovelace"
    assert snap["creator"] == "Alice" and snap["created_at"] == "2026-03-05T10:00:00Z"
    assert snap["size"] == 1199 and snap["size_at_start"] == 0
    # in the window so far (1 to 20 March) Alice wrote the first 225 bytes in one edit
    assert (snap["user_bytes_added"], snap["user_edits"], snap["expansion_bytes"]) == (225, 1, 225)
    assert snap["references"] == {"new": 3, "reused": 3}
    assert snap["links"]["outgoing"] == real.outgoing_links and snap["links"]["outgoing_count"] == 5
    assert snap["links"]["incoming"] == ["Analytical Engine", "Charles Babbage"]
    assert snap["images"] == ["Ada Lovelace portrait.jpg", "Note G diagram.png"]
    assert snap["infoboxes"] == ["Infobox person"] and snap["namespace"] == 0
    assert snap["submitter"]["name"] == "Alice" and snap["submitter"]["registered_at"] == "2025-01-05T09:30:00Z"
    results = rules_of(data)
    assert {name for name, (_, status, _) in results.items() if status == "pass"} == set(ALL_RULES) - {
        "main_contributor"}
    assert results["min_size"][2] == "1199 bytes (at least 1199)."
    assert results["has_infobox"][2] == "Infobox: Infobox person."
    # advisory: shown to jurors, does not make the entry ineligible
    assert results["main_contributor"] == ("advisory", "fail",
                                           "The submitter added 19% of the article; 50% needed.")


def test_the_same_article_fails_each_rule_in_a_window_that_misses_its_creation(
        client, create_user, contest_in, auth_headers, wiki):
    strict = {**ALL_RULES, "min_size": {"level": "required", "bytes": 1200},
              "min_references": {"level": "required", "count": 7}, "min_links": {"level": "required", "count": 6},
              "not_orphan": {"level": "required", "count": 3}, "has_image": {"level": "required", "count": 3}}
    contest = contest_in({"starts_at": utc(2026, 3, 6), "ends_at": utc(2026, 3, 31)}, eligibility_rules=strict)
    with at(utc(2026, 3, 20, 12)):
        bob = create_user("bob")
        data = envelope_ok(submit(client, auth_headers(bob), contest, wiki.article_url("Ada Lovelace"),
                                  wiki_username="Bob"), 201)
    assert data["status"] == "ineligible"
    results = rules_of(data)
    assert results["created_in_window"] == ("required", "fail", "Created 2026-03-05 10:00 UTC, outside the contest.")
    assert results["submitter_is_creator"] == ("required", "fail", "The article was created by Alice.")
    assert results["min_size"][1:] == ("fail", "1199 bytes; at least 1200 needed.")
    assert results["min_references"][1:] == ("fail", "6 references; at least 7 needed.")
    assert results["min_links"][1:] == ("fail", "5 links to other articles; at least 6 needed.")
    assert results["not_orphan"][1:] == ("fail", "2 articles link to it; at least 3 needed.")
    assert results["has_image"][1:] == ("fail", "2 images; at least 3 needed.")
    assert results["main_contributor"][1:] == ("fail", "The submitter added 0% of the article; 50% needed.")
    assert data["snapshot"]["size_at_start"] == 225 and data["snapshot"]["user_bytes_added"] == 0
    # an article without infobox, image or links to it
    dalia = None
    with at(utc(2026, 3, 20, 12)):
        dalia = create_user("dalia")
        turing = envelope_ok(submit(client, auth_headers(dalia), contest, wiki.article_url("Alan Turing"),
                                    wiki_username="Dalia"), 201)
    results = rules_of(turing)
    assert turing["snapshot"]["infoboxes"] == [] and turing["snapshot"]["images"] == []
    assert results["has_infobox"][1:] == ("fail", "The article has no infobox.")
    assert results["created_in_window"][1] == "pass" and results["submitter_is_creator"][1] == "pass"
    assert results["account_registered_before"][1] == "pass"


@pytest.mark.parametrize("needed, status", [(900, "pass"), (1000, "fail")])
def test_expansion_contest_counts_the_bytes_added_in_april(client, create_user, contest_in, auth_headers, wiki,
                                                           needed, status):
    contest = contest_in(APRIL, submission_type="expansion",
                         eligibility_rules={"expansion_bytes": {"level": "required", "bytes": needed},
                                            "main_contributor": {"level": "advisory", "percent": 70}})
    with at(utc(2026, 4, 29, 12)):
        bob = create_user("bob")
        data = envelope_ok(submit(client, auth_headers(bob), contest, wiki.article_url("Ada Lovelace"),
                                  wiki_username="Bob"), 201)
    snap = data["snapshot"]
    assert snap["size_at_start"] == 225
    assert snap["user_bytes_added"] == 1151 - 225 and snap["user_edits"] == 1
    assert snap["expansion_bytes"] == 1199 - 225  # Alice's copy-edit on 20 April counts for the article
    results = rules_of(data)
    message = (f"Expanded by 974 bytes during the contest." if status == "pass"
               else "Expanded by 974 bytes during the contest; 1000 needed.")
    assert results["expansion_bytes"] == ("required", status, message)
    assert results["main_contributor"][1:] == ("pass", "The submitter added 77% of the article.")
    assert data["status"] == ("pending" if status == "pass" else "ineligible")


def test_a_redirect_is_the_same_article(client, create_user, contest_in, auth_headers, wiki):
    contest = contest_in(MARCH)
    with at(utc(2026, 3, 20, 12)):
        alice, bob = create_user("alice"), create_user("bob")
        first = envelope_ok(submit(client, auth_headers(alice), contest, wiki.article_url("Lovelace")), 201)
        assert first["title"] == "Ada Lovelace" and first["snapshot"]["redirected_from"] == "Lovelace"
        for link in (wiki.article_url("Ada Lovelace"), wiki.article_url("ada_Lovelace"), wiki.article_url("Lovelace")):
            again = submit(client, auth_headers(bob), contest, link)
            assert again.status_code == 409, link
    db.session.remove()
    rows = db.session.scalars(select(Submission)).all()
    assert [(s.title, s.page_id, s.user_id) for s in rows] == [("Ada Lovelace", first["page_id"], alice.id)]


@pytest.mark.parametrize("offset, status", [(0, "approved"), (1, "pending")])
def test_trusted_member_threshold_reads_the_wiki_edit_count(client, app, create_user, auth_headers, wiki_client,
                                                            offset, status):
    edits = wiki_client.user_info("Alice")["edit_count"]
    assert edits > 0
    app.config["TRUSTED_MEMBER_MIN_EDITS"] = edits + offset
    alice = create_user("alice")
    data = envelope_ok(client.post("/api/v1/trusted-member-requests", headers=auth_headers(alice),
                                   json={"wiki_id": TEST_WIKI_ID, "wiki_username": "alice"}), 201)
    assert data["status"] == status and data["edit_count"] == edits and data["wiki_username"] == "Alice"
    can_create = client.post("/api/v1/contests", headers=auth_headers(alice), json={
        "name": "Pioneers", "wikis": [TEST_WIKI_ID], "starts_at": "2030-01-01T00:00:00Z",
        "ends_at": "2030-02-01T00:00:00Z"})
    assert can_create.status_code == (201 if status == "approved" else 403)


def test_trusted_member_request_for_an_unknown_account_or_wiki_is_refused(client, create_user, auth_headers):
    alice = create_user("alice")
    for body, field in (({"wiki_id": TEST_WIKI_ID, "wiki_username": "Nobody Here 2026"}, "wiki_username"),
                        ({"wiki_id": "nosuchwiki", "wiki_username": "Alice"}, "wiki_id")):
        resp = client.post("/api/v1/trusted-member-requests", headers=auth_headers(alice), json=body)
        assert resp.status_code == 422 and field in resp.get_json()["errors"]
    db.session.remove()
    assert db.session.scalars(select(TrustedMemberRequest)).all() == []


def _import(client, headers, contest, depth):
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/imports", headers=headers,
                                  json={"wiki_id": TEST_WIKI_ID, "category": "Category:Computing_pioneers",
                                        "depth": depth}), 202)
    return envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))


def test_category_import_depth_and_credit_to_linked_accounts(client, create_user, contest_in, auth_headers):
    from arena.wiki.accounts import sign_in_with_wikimedia

    owner, alice, carol = create_user("owner", role="admin"), create_user("alice"), create_user("carol")
    alice_id, carol_id = alice.id, carol.id
    envelope_ok(client.put("/api/v1/me/wiki-account", json={"wiki_username": "Alice"}, headers=auth_headers(alice)))
    shallow, deep = contest_in(MARCH), contest_in(MARCH)

    job = _import(client, auth_headers(owner), shallow, 0)
    assert job["status"] == "succeeded" and job["progress"] == 100
    assert job["result"] == {"found": 1, "created": 1, "skipped": 0, "unclaimed": 1}
    job = _import(client, auth_headers(owner), deep, 2)
    assert job["result"] == {"found": 4, "created": 4, "skipped": 0, "unclaimed": 3}
    again = _import(client, auth_headers(owner), deep, 2)
    assert again["result"] == {"found": 4, "created": 0, "skipped": 4, "unclaimed": 0}

    db.session.remove()
    entries = {s.title: s for s in db.session.scalars(select(Submission).where(Submission.contest_id == deep.id))}
    assert {t: (s.wiki_username, s.user_id) for t, s in entries.items()} == {
        "Ada Lovelace": ("Alice", alice_id), "Alan Turing": ("Dalia", None),
        "Charles Babbage": ("Carol", None), "Joseph Clement": ("Carol", None)}
    assert all(s.source == "imported" and s.snapshot and s.page_id for s in entries.values())
    assert entries["Alan Turing"].snapshot["created_at"] == "2026-03-10T10:10:00Z"
    assert entries["Alan Turing"].status == "pending"  # created in March, the contest's window
    shallow_titles = db.session.scalars(select(Submission.title).where(Submission.contest_id == shallow.id)).all()
    assert shallow_titles == ["Alan Turing"]

    # Carol signs in with Wikimedia: her articles become hers, in every contest
    carol = db.session.get(type(carol), carol_id)
    sign_in_with_wikimedia({"sub": "4242", "username": "Carol"}, {"access_token": "t", "expires_in": 3600},
                           current_user=carol)
    db.session.commit()
    db.session.remove()
    owners = dict(db.session.execute(select(Submission.title, Submission.user_id)
                                     .where(Submission.contest_id == deep.id)).all())
    assert owners == {"Ada Lovelace": alice_id, "Alan Turing": None, "Charles Babbage": carol_id,
                      "Joseph Clement": carol_id}
    mine = envelope_ok(client.get("/api/v1/me/submissions", headers=auth_headers(db.session.get(type(carol),
                                                                                              carol_id))))
    assert sorted(s["title"] for s in mine) == ["Charles Babbage", "Joseph Clement"]


def test_refresh_job_updates_snapshots(client, create_user, create_contest, auth_headers, wiki, wiki_client,
                                       bot_auth):
    title = f"Refresh probe {uuid.uuid4().hex[:8]}"
    bot_edit(wiki_client, bot_auth, title, f"'''{title}''' links to [[Red link one]] and [[Red link two]].")
    owner, alice = create_user("owner", role="admin"), create_user("alice")
    contest = create_contest(owner, wikis=[TEST_WIKI_ID],
                             eligibility_rules={"min_links": {"level": "required", "count": 3}})
    data = envelope_ok(submit(client, auth_headers(alice), contest, wiki.article_url(title)), 201)
    assert data["status"] == "ineligible" and data["snapshot"]["links"]["outgoing_count"] == 2
    old_size = data["snapshot"]["size"]

    bot_edit(wiki_client, bot_auth, title,
             f"'''{title}''' links to [[Red link one]], [[Red link two]] and [[Red link three]].")
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/refresh", headers=auth_headers(owner)), 202)
    assert job["status"] == "queued"
    job = envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=auth_headers(owner)))
    assert job["status"] == "succeeded" and job["progress"] == 100
    assert job["result"] == {"submissions": 1, "unreachable": 0}
    assert job["message"] == "Refreshed 1 of 1 submissions"
    entry = reload(data["id"])
    assert entry.snapshot["links"]["outgoing"] == ["Red link one", "Red link three", "Red link two"]
    assert entry.snapshot["size"] > old_size and entry.status == "pending"
    assert entry.rule_results[0]["code"] == "links.pass" and entry.rule_results[0]["params"] == {"count": 3, "needed": 3}
    assert client.post(f"/api/v1/contests/{contest.id}/refresh", headers=auth_headers(alice)).status_code == 403


def test_write_back_template_on_the_talk_page_and_category_on_the_article(
        client, create_user, create_contest, auth_headers, wiki, wiki_client, bot_auth):
    title = f"Write-back probe {uuid.uuid4().hex[:8]}"
    bot_edit(wiki_client, bot_auth, title, f"'''{title}''' is an article.")
    settings = {"wikis": [TEST_WIKI_ID], "eligibility_rules": {"main_namespace": {"level": "required"}},
                "write_back": True, "template": "Arena contest entry", "template_target": "talk",
                "write_back_categories": ["Arena contest entries"]}
    contest = create_contest(name="Spring pioneers", **settings)
    data = envelope_ok(submit(client, auth_headers(create_user("alice")), contest, wiki.article_url(title)), 201)
    assert data["status"] == "pending"
    assert reload(data["id"]).write_back_status == "edited"
    summary = "Article submitted to the contest “Spring pioneers”"
    talk = history(wiki_client, f"Talk:{title}")
    assert talk == [{"user": "ArenaBot", "comment": summary, "text": "{{Arena contest entry}}"}]
    article = history(wiki_client, title)
    assert article[0]["user"] == "ArenaBot" and article[0]["comment"] == summary
    assert article[0]["text"].endswith("[[Category:Arena contest entries]]") and len(article) == 2

    # entered again in another contest with the same write-back: nothing to add, no edit made
    other = create_contest(name="Autumn pioneers", **settings)
    again = envelope_ok(submit(client, auth_headers(create_user("bob")), other, wiki.article_url(title)), 201)
    assert reload(again["id"]).write_back_status == "skipped"
    assert len(history(wiki_client, f"Talk:{title}")) == 1 and len(history(wiki_client, title)) == 2


def test_nothing_is_lost_while_the_wiki_is_down(client, create_user, contest_in, auth_headers, wiki):
    from arena.contests import tasks

    contest = contest_in(MARCH, slug="pioneers", eligibility_rules={"created_in_window": {"level": "required"}})
    with at(utc(2026, 3, 20, 12)):
        alice, bob = create_user("alice"), create_user("bob")
        wiki.stop()
        try:
            first = envelope_ok(submit(client, auth_headers(alice), contest, wiki.article_url("Lovelace"),
                                       wiki_username="Alice"), 201)
            second = envelope_ok(submit(client, auth_headers(bob), contest, wiki.article_url("Ada Lovelace")), 201)
            for data in (first, second):
                assert data["status"] == "awaiting_check" and data["snapshot"] is None
                assert rules_of(data)["created_in_window"][1] == "unknown"
            mine = envelope_ok(client.get("/api/v1/me/submissions", headers=auth_headers(alice)))
            assert [(s["title"], s["status"]) for s in mine] == [("Lovelace", "awaiting_check")]
            entry = reload(first["id"])
            assert entry.check_attempts >= 1 and entry.last_check_error
            from tests.conftest import sign_in_session

            sign_in_session(client, alice)
            page = client.get("/contests/pioneers").get_data(as_text=True)
            assert "Awaiting check" in page and "the article will be checked automatically" in page
        finally:
            wiki.start()
        time.sleep(1.2)  # the breaker lets a trial call through after its reset timeout
        assert tasks.sweep_awaiting_checks.apply().get() == 2
    first, second = reload(first["id"]), reload(second["id"])
    checked = sorted([first, second], key=lambda s: s.snapshot.get("duplicate_of") is not None)
    original, duplicate = checked
    assert original.status == "pending" and original.title == "Ada Lovelace" and original.page_id
    assert original.snapshot["creator"] == "Alice" and original.last_check_error is None
    assert duplicate.status == "ineligible" and duplicate.snapshot["duplicate_of"] == original.id
    assert duplicate.rule_results[0] == {"rule": "unique_article", "level": "required", "status": "fail",
                                         "code": "duplicate", "params": {"submission": original.id}}
    assert tasks.sweep_awaiting_checks.apply().get() == 0


def test_contest_page_submit_form_without_javascript_and_with_htmx(client, create_user, contest_in, wiki):
    from tests.contests.test_pages import csrf, sign_in

    contest_id = contest_in(MARCH, slug="pioneers",
                            eligibility_rules={"created_in_window": {"level": "required"}}).id
    with at(utc(2026, 3, 20, 12)):
        alice = create_user("alice")
        sign_in(client, alice)
        token = csrf(client, "/contests/pioneers")
        resp = client.post("/contests/pioneers/submit", data={"csrf_token": token, "article_url": "https://example.org/x"})
        assert resp.status_code == 303
        follow = client.get(resp.headers["Location"]).get_data(as_text=True)
        assert "does not point at a known wiki: example.org" in follow
        frag = client.post("/contests/pioneers/submit", headers={"HX-Request": "true"},
                           data={"csrf_token": token, "article_url": "https://de.wikipedia.org/wiki/Rhein"})
        text = frag.get_data(as_text=True)
        assert frag.status_code == 422 and "<html" not in text and "does not cover dewiki" in text
        no_token = client.post("/contests/pioneers/submit", data={"article_url": wiki.article_url("Ada Lovelace")})
        assert no_token.status_code == 400 and "<html" in no_token.get_data(as_text=True)
        db.session.remove()
        assert db.session.scalars(select(Submission)).all() == []
        ok = client.post("/contests/pioneers/submit", headers={"HX-Request": "true"},
                         data={"csrf_token": token, "article_url": wiki.article_url("Lovelace"),
                               "wiki_username": "Alice"})
        text = ok.get_data(as_text=True)
        assert ok.status_code == 201 and "Submitted: Ada Lovelace" in text and "Awaiting review" in text
        assert "Created during the contest." in text and "Article created during the contest" in text
        page = client.get("/contests/pioneers").get_data(as_text=True)
        assert "My submissions" in page and "Ada Lovelace" in page and "Passed" in page
    db.session.remove()
    assert [(s.title, s.contest_id) for s in db.session.scalars(select(Submission))] == [("Ada Lovelace", contest_id)]


def test_write_back_uses_the_submitters_wikimedia_credentials(client, create_user, create_contest, auth_headers,
                                                              wiki, wiki_client, bot_auth):
    """The submitter signed in with Wikimedia: the edit is made with their token, never as the bot. This wiki
    does not accept OAuth tokens, so the edit fails (and is reported) instead of being made by someone else."""
    from arena.wiki.accounts import sign_in_with_wikimedia

    title = f"Own edit probe {uuid.uuid4().hex[:8]}"
    bot_edit(wiki_client, bot_auth, title, f"'''{title}''' is an article.")
    alice = create_user("alice")
    sign_in_with_wikimedia({"sub": "77", "username": "Alice"}, {"access_token": "not-valid-here", "expires_in": 600},
                           current_user=alice)
    db.session.commit()
    contest = create_contest(wikis=[TEST_WIKI_ID], eligibility_rules={"main_namespace": {"level": "required"}},
                             write_back=True, write_back_categories=["Arena contest entries"])
    data = envelope_ok(submit(client, auth_headers(alice), contest, wiki.article_url(title)), 201)
    status = reload(data["id"]).write_back_status
    assert status.startswith("failed: categories failed: ") and "assert" in status
    assert [r["user"] for r in history(wiki_client, title)] == ["ArenaBot"]  # only the setup edit
