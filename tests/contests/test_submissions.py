"""Submitting articles against the real test MediaWiki (``testwiki``): refusals store nothing;
accepted links are stored and checked at once.
"""

import pytest
from sqlalchemy import func, select

from arena.contests.models import Submission, WikiAccount
from arena.extensions import db
from tests.conftest import envelope_ok
from tests.support.wiki_fixtures import TEST_WIKI_ID, wiki_settings


@pytest.fixture
def config(config, wiki):
    config.update(wiki_settings(wiki))
    return config


@pytest.fixture
def create_contest(create_contest):
    def make(*args, **settings):
        settings.setdefault("wikis", [TEST_WIKI_ID])
        return create_contest(*args, **settings)

    return make


@pytest.fixture
def url(wiki):
    return lambda title="Ada Lovelace": wiki.article_url(title)


def count_submissions():
    db.session.remove()
    return db.session.scalar(select(func.count(Submission.id)))


def submit(client, headers, contest, url, **extra):
    return client.post(f"/api/v1/contests/{contest.id}/submissions", json={"article_url": url, **extra},
                       headers=headers)


def test_submission_is_stored_checked_and_listed(client, create_user, create_contest, auth_headers, url):
    alice = create_user("alice")
    contest = create_contest(min_references=2)  # running now: Ada Lovelace was written in March 2026
    data = envelope_ok(submit(client, auth_headers(alice), contest, url(), wiki_username="Alice"), 201)
    assert data["title"] == "Ada Lovelace" and data["wiki_id"] == TEST_WIKI_ID and data["page_id"] > 0
    assert data["wiki_username"] == "Alice" and data["user_id"] == alice.id
    rules = {r["rule"]: r for r in data["rule_results"]}
    assert set(rules) == {"new_or_expanded", "main_namespace", "min_references"}
    assert rules["min_references"]["status"] == "pass" and rules["min_references"]["message"] == \
        "6 references (at least 2)."
    assert rules["main_namespace"]["status"] == "pass"
    assert rules["new_or_expanded"]["status"] == "fail"  # neither created nor expanded in this window
    assert data["status"] == "ineligible" and data["last_check_error"] is None
    db.session.remove()
    assert db.session.scalar(select(WikiAccount.username).where(WikiAccount.user_id == alice.id)) == "Alice"
    mine = envelope_ok(client.get("/api/v1/me/submissions", headers=auth_headers(alice)))
    assert [s["id"] for s in mine] == [data["id"]]


@pytest.mark.parametrize("link, message", [
    ("not a link", "does not point at a known wiki"),
    ("https://example.org/wiki/Ada", "does not point at a known wiki: example.org"),
    ("https://en.wikipedia.org/wiki/", "does not name an article"),
    ("https://de.wikipedia.org/wiki/Ada_Lovelace", "does not cover dewiki"),
    ("Talk:Ada Lovelace", "not an article"),
    ("User:Alice/Sandbox", "not an article"),
    ("Category:Computing pioneers", "not an article"),
    ("No such article 2026", "There is no article “No such article 2026” on testwiki"),
])
def test_bad_links_are_refused_with_a_message(client, create_user, create_contest, auth_headers, url, link,
                                              message):
    contest = create_contest()
    if not link.startswith(("http", "not ")):
        link = url(link)
    resp = submit(client, auth_headers(create_user("alice")), contest, link)
    assert resp.status_code == 422 and "article_url" in resp.get_json()["errors"]
    assert message in " ".join(resp.get_json()["errors"]["article_url"])
    assert count_submissions() == 0


def test_not_started_and_ended_contests_refuse_with_different_messages(client, create_user, create_contest,
                                                                       auth_headers, url):
    alice = create_user("alice")
    early = submit(client, auth_headers(alice), create_contest(started_days_ago=-2), url())
    late = submit(client, auth_headers(alice), create_contest(started_days_ago=30, lasts_days=5), url())
    assert early.status_code == late.status_code == 422
    assert "not started" in early.get_json()["message"] and "ended" in late.get_json()["message"]
    assert count_submissions() == 0


def test_an_article_is_submitted_once_per_contest(client, create_user, create_contest, auth_headers, url):
    contest = create_contest()
    envelope_ok(submit(client, auth_headers(create_user("alice")), contest, url()), 201)
    again = submit(client, auth_headers(create_user("bob")), contest, url("ada_Lovelace"))
    assert again.status_code == 409 and "already been submitted" in again.get_json()["message"]
    redirect = submit(client, auth_headers(create_user("dan")), contest, url("Lovelace"))
    assert redirect.status_code == 409
    assert redirect.get_json()["message"] == ("“Lovelace” leads to “Ada Lovelace”, which has already been "
                                              "submitted to this contest.")
    assert count_submissions() == 1
    other = create_contest()  # another contest may take the same article
    envelope_ok(submit(client, auth_headers(create_user("carol")), other, url()), 201)


def test_the_per_participant_maximum(client, create_user, create_contest, auth_headers, url):
    contest = create_contest(max_submissions_per_participant=1)
    alice = create_user("alice")
    envelope_ok(submit(client, auth_headers(alice), contest, url()), 201)
    resp = submit(client, auth_headers(alice), contest, url("Charles Babbage"))
    assert resp.status_code == 403 and "limit of 1" in resp.get_json()["message"]
    assert count_submissions() == 1


def test_jurors_and_organisers_may_not_compete_unless_allowed(client, create_user, create_contest, auth_headers,
                                                              url):
    from arena.contests import operations

    owner, juror = create_user("owner"), create_user("jules")
    contest = create_contest(owner)
    operations.add_member(contest, "jury", user_id=juror.id, actor=owner)
    db.session.commit()
    for user in (owner, juror):
        resp = submit(client, auth_headers(user), contest, url())
        assert resp.status_code == 403 and "may not take part" in resp.get_json()["message"]
    assert count_submissions() == 0
    open_contest = create_contest(owner, allow_jury_to_compete=True)
    envelope_ok(submit(client, auth_headers(owner), open_contest, url()), 201)


def test_drafts_and_unknown_contests_are_not_found(client, create_user, create_contest, auth_headers, url):
    draft = create_contest(is_published=False)
    assert submit(client, auth_headers(create_user("alice")), draft, url()).status_code == 404
    assert client.post("/api/v1/contests/9999/submissions", json={"article_url": url()},
                       headers=auth_headers(create_user("bob"))).status_code == 404
    assert submit(client, {}, draft, url()).status_code == 401


def test_who_sees_which_submissions(client, create_user, create_contest, auth_headers, url):
    from arena.contests import operations

    owner, juror, alice, bob = (create_user(n) for n in ("owner", "jules", "alice", "bob"))
    contest = create_contest(owner)
    operations.add_member(contest, "jury", user_id=juror.id, actor=owner)
    db.session.commit()
    a = envelope_ok(submit(client, auth_headers(alice), contest, url()), 201)
    b = envelope_ok(submit(client, auth_headers(bob), contest, url("Charles Babbage")), 201)
    ids = lambda user, qs="": [s["id"] for s in envelope_ok(  # noqa: E731
        client.get(f"/api/v1/contests/{contest.id}/submissions{qs}", headers=auth_headers(user)))]
    assert ids(alice) == [a["id"]] and ids(bob) == [b["id"]]
    assert ids(owner) == [b["id"], a["id"]] and ids(juror) == [b["id"], a["id"]]
    assert ids(owner, f"?participant={alice.id}") == [a["id"]]
    assert ids(owner, "?status=pending") == [] and len(ids(owner, "?status=ineligible")) == 2
    assert ids(alice, f"?participant={bob.id}") == [a["id"]]  # the filter cannot widen a participant's view
    assert client.get(f"/api/v1/submissions/{b['id']}", headers=auth_headers(alice)).status_code == 404
    envelope_ok(client.get(f"/api/v1/submissions/{b['id']}", headers=auth_headers(juror)))
    envelope_ok(client.get(f"/api/v1/submissions/{b['id']}", headers=auth_headers(bob)))


def test_submission_list_queries_are_bounded(client, create_user, create_contest, auth_headers, count_queries):
    owner = create_user("owner")
    contest = create_contest(owner)
    for i in range(12):
        user = create_user(f"person{i}")
        db.session.add(Submission(contest_id=contest.id, user_id=user.id, wiki_id="enwiki", title=f"T{i}",
                                  title_key=f"T{i}", status="pending"))
    db.session.commit()

    headers = auth_headers(owner)  # signing in writes; only the list's own statements are counted

    def statements(per_page):
        with count_queries() as log:
            envelope_ok(client.get(f"/api/v1/contests/{contest.id}/submissions?per_page={per_page}",
                                   headers=headers))
        return len(log)

    statements(1)
    assert statements(5) == statements(100) <= 10


def test_linking_a_wiki_user_name(client, create_user, auth_headers):
    alice, bob = create_user("alice"), create_user("bob")
    assert client.get("/api/v1/me/wiki-account", headers=auth_headers(alice)).status_code == 404
    data = envelope_ok(client.put("/api/v1/me/wiki-account", json={"wiki_username": "alice_w"},
                                  headers=auth_headers(alice)))
    assert data == {"username": "Alice w", "verified": False}
    taken = client.put("/api/v1/me/wiki-account", json={"wiki_username": "Alice w"}, headers=auth_headers(bob))
    assert taken.status_code == 409
    bad = client.put("/api/v1/me/wiki-account", json={"wiki_username": "a|b"}, headers=auth_headers(bob))
    assert bad.status_code == 422 and "wiki_username" in bad.get_json()["errors"]


def test_unclaimed_imports_are_claimed_on_wikimedia_sign_in(app, create_user, create_contest):
    from arena.contests import operations
    from arena.core import signals

    owner, alice = create_user("owner"), create_user("alice")
    contest = create_contest(owner)
    mine = operations.import_article(contest, "enwiki", "River Nile", "Alice_W", actor=owner)
    theirs = operations.import_article(contest, "enwiki", "River Thames", "Someone else", actor=owner)
    assert operations.import_article(contest, "enwiki", "River_Nile", "X", actor=owner) is None  # already there
    db.session.commit()
    assert mine.user_id is None and theirs.user_id is None
    mine_id, theirs_id, alice_id = mine.id, theirs.id, alice.id
    signals.wikimedia_account_linked.send(alice, wiki_username="Alice W")
    db.session.commit()
    db.session.remove()
    assert db.session.get(Submission, mine_id).user_id == alice_id
    assert db.session.get(Submission, theirs_id).user_id is None
    account = db.session.scalar(select(WikiAccount).where(WikiAccount.user_id == alice_id))
    assert account.username == "Alice W" and account.verified
    # a later import of an article by the same creator is credited at once
    contest, owner = db.session.merge(contest), db.session.merge(owner)
    later = operations.import_article(contest, "enwiki", "River Po", "Alice W", actor=owner)
    assert later.user_id == db.session.scalar(select(WikiAccount.user_id).where(WikiAccount.username == "Alice W"))
