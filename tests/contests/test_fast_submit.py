"""Submitting answers at once whatever the wiki does: one brief attempt, the check queued for the
background, the page's "My submissions" list updated in the same HTMX response. The wiki client
is configured as in production (20 s timeout, four retries with 1 s backoff doubling)."""

from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy import select

from arena.contests.models import Submission
from arena.core import jobs_setup
from arena.extensions import db
from tests.contests.test_pages import csrf, sign_in
from tests.support.wiki_fixtures import TEST_WIKI_ID

#: seconds a person waits at most; the defaults (WIKI_QUICK_BUDGET 1.0 s, WIKI_QUICK_TIMEOUT 0.5 s) bound
#: the wiki's share at 1.5 s, which leaves a margin for the request itself on a busy machine
PROMISE = 2.0


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(jobs_setup, "send", lambda task, *args, **kwargs: sent.append((task.name, args)) or True)
    return sent


def production_ladder(config, api_url):
    config.update({"WIKIS": {TEST_WIKI_ID: api_url}, "WIKI_TIMEOUT": 20, "WIKI_MAX_RETRIES": 4,
                   "WIKI_BACKOFF": 1.0, "WIKI_BREAKER_FAIL_MAX": 50, "WIKI_CONTACT": "tests@arena.invalid"})
    return config


def _submit(client, create_user, create_contest, url):
    create_contest(slug="fast", wikis=[TEST_WIKI_ID])
    alice = create_user("alice")
    sign_in(client, alice)
    token = csrf(client, "/contests/fast")
    started = time.monotonic()
    resp = client.post("/contests/fast/submit", headers={"HX-Request": "true"},
                       data={"csrf_token": token, "article_url": url, "wiki_username": "Alice"})
    return resp, time.monotonic() - started


class TestWikiStopped:
    @pytest.fixture
    def config(self, config, wiki):
        return production_ladder(config, wiki.api_url)

    def test_a_submission_answers_within_two_seconds_and_the_check_is_queued(self, client, create_user,
                                                                              create_contest, wiki, queued):
        wiki.stop()
        try:
            resp, elapsed = _submit(client, create_user, create_contest, wiki.article_url("Ada Lovelace"))
        finally:
            wiki.start()
        text = resp.get_data(as_text=True)
        assert resp.status_code == 201 and elapsed < PROMISE, elapsed
        assert "Submitted: Ada Lovelace" in text and "Awaiting check" in text
        assert 'id="my-submissions-list" hx-swap-oob="true"' in text
        assert "You have not submitted anything yet" not in text
        assert ("contests.check_submission", (db.session.scalar(select(Submission.id)),)) in queued
        page = client.get("/contests/fast").get_data(as_text=True)
        assert "Ada Lovelace" in page.split('id="my-submissions-list"')[1]


@pytest.fixture
def silent_wiki():
    """A wiki host that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


class TestWikiSilent:
    @pytest.fixture
    def config(self, config, silent_wiki):
        return production_ladder(config, f"{silent_wiki}/w/api.php")

    def test_a_wiki_that_never_answers_does_not_hold_the_person_up(self, client, create_user, create_contest,
                                                                    silent_wiki, queued):
        resp, elapsed = _submit(client, create_user, create_contest, f"{silent_wiki}/wiki/Ada_Lovelace")
        assert resp.status_code == 201 and elapsed < PROMISE, elapsed
        assert "Awaiting check" in resp.get_data(as_text=True)
        assert [name for name, _args in queued] == ["contests.check_submission"]
        db.session.remove()
        entry = db.session.scalar(select(Submission))
        assert entry.status == "awaiting_check" and entry.last_check_error
