"""The contest list, and the contest page as anonymous readers see it, are answered from the page
cache and are right again at once after a contest, its wikis or its organisers change, and when a
contest starts or ends."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from arena.core.timeutil import utcnow
from tests.conftest import envelope_ok, sign_in_session


def _names(client, query="", headers=None):
    return [c["name"] for c in envelope_ok(client.get("/api/v1/contests" + query, headers=headers or {}))]


def test_cached_list_answers_without_sql_and_304(client, create_contest, count_queries):
    create_contest(name="Spring")
    first = client.get("/api/v1/contests")
    with count_queries() as log:
        again = client.get("/api/v1/contests")
        unchanged = client.get("/api/v1/contests", headers={"If-None-Match": first.headers["ETag"]})
    assert again.get_data() == first.get_data() and unchanged.status_code == 304
    assert len(log) == 0


def test_list_renewed_after_create_rename_unpublish_and_new_organiser(client, create_user, create_contest,
                                                                      auth_headers):
    owner = create_user("olga", role="admin")
    assert _names(client) == []
    contest = create_contest(owner, name="Spring")
    assert _names(client) == ["Spring"]
    headers = auth_headers(owner)
    envelope_ok(client.patch(f"/api/v1/contests/{contest.id}", json={"name": "Autumn"}, headers=headers))
    assert _names(client) == ["Autumn"]
    helper = create_user("hana")
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/organizers", json={"user_id": helper.id},
                            headers=headers), 201)
    listed = envelope_ok(client.get("/api/v1/contests"))
    assert helper.id in listed[0]["organizers"]
    envelope_ok(client.patch(f"/api/v1/contests/{contest.id}", json={"is_published": False}, headers=headers))
    assert _names(client) == []
    assert _names(client, headers=auth_headers(helper)) == ["Autumn"]  # organisers still see their draft


def test_member_drafts_are_not_shared_with_others(client, create_user, create_contest, auth_headers):
    owner = create_user("olga", role="admin")
    create_contest(owner, name="Public")
    create_contest(owner, name="Draft", is_published=False)
    stranger = create_user("sami")
    assert sorted(_names(client, headers=auth_headers(owner))) == ["Draft", "Public"]
    assert _names(client, headers=auth_headers(stranger)) == ["Public"]
    assert _names(client) == ["Public"]


def test_contest_moves_from_upcoming_to_current_when_it_starts(client, create_contest):
    create_contest(name="Soon", started_days_ago=-1)
    assert _names(client, "?status=upcoming") == ["Soon"]
    assert _names(client, "?status=current") == []
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=False):
        assert _names(client, "?status=upcoming") == []
        assert _names(client, "?status=current") == ["Soon"]


def test_anonymous_contest_page_cached_and_renewed_after_a_change(client, create_user, create_contest,
                                                                  auth_headers, count_queries):
    owner = create_user("olga", role="admin")
    contest = create_contest(owner, name="Spring", description="Write about **rivers**.")
    first = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert "<strong>rivers</strong>" in first and "Sign in to submit" in first
    with count_queries() as log:
        again = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert again == first and not [s for s in log.statements if "contests" in s]
    envelope_ok(client.patch(f"/api/v1/contests/{contest.id}", json={"description": "Write about **lakes**."},
                             headers=auth_headers(owner)))
    assert "<strong>lakes</strong>" in client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    envelope_ok(client.patch(f"/api/v1/contests/{contest.id}", json={"is_published": False},
                             headers=auth_headers(owner)))
    assert client.get(f"/contests/{contest.slug}").status_code == 404


def test_contest_page_cache_keeps_languages_and_signed_in_readers_apart(client, create_user, create_contest):
    contest = create_contest(name="Spring")
    english = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    arabic = client.get(f"/contests/{contest.slug}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "How to take part" in english and "How to take part" not in arabic
    sign_in_session(client, create_user("sami"))
    signed_in = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert "Sign in to submit" not in signed_in and "My submissions" in signed_in


def test_anonymous_contest_page_shows_the_contest_started(client, create_contest):
    contest = create_contest(name="Soon", started_days_ago=-1)
    assert "Upcoming" in client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=False):
        html = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert "Upcoming" not in html
