"""Facts of many entries at a polite number of requests, counted in the test wiki's own log.

Budgets (issue "wiki facts at scale"): importing a category of N articles costs at most one request
per article plus 3 per 50; refreshing N entries at most 3 per 50 (plus continuations) — including
a refresh after some articles were edited. What the incremental refresh stores equals what a fresh
fetch that uses nothing remembered finds, field by field.
"""

from __future__ import annotations

import math
import uuid

import pytest
from sqlalchemy import func, select

from arena.contests import facts
from arena.contests.models import Submission
from arena.extensions import db
from arena.wiki.models import WikiPage
from tests.conftest import envelope_ok
from tests.support.wiki_fixtures import TEST_WIKI_ID, wiki_settings
from tests.support.wiki_scale import BotWriter, make_category

pytestmark = pytest.mark.wiki

COUNT = 120


@pytest.fixture(scope="module")
def scale_category(mediawiki):
    name = f"Scale test {uuid.uuid4().hex[:6]}"
    titles = make_category(mediawiki, name, COUNT, f"Scale article {name[-6:]}")
    return name, titles


@pytest.fixture
def config(config, wiki):
    config.update(wiki_settings(wiki))
    return config


def budget(n: int) -> int:
    return 3 * math.ceil(n / 50)


def entries(contest_id: int) -> dict[str, Submission]:
    db.session.remove()
    return {s.title: s for s in db.session.scalars(select(Submission).where(Submission.contest_id == contest_id))}


def without_time(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k != "fetched_at"}


def test_import_and_refreshes_stay_within_the_request_budget(client, wiki, scale_category, create_user,
                                                              create_contest, auth_headers):
    category, titles = scale_category
    owner = create_user("owner", role="admin")
    contest = create_contest(owner, wikis=[TEST_WIKI_ID])
    headers = auth_headers(owner)

    before = wiki.api_requests()
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/imports", headers=headers,
                                  json={"wiki_id": TEST_WIKI_ID, "category": category, "depth": 0}), 202)
    imported = wiki.api_requests() - before
    job = envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))
    assert job["status"] == "succeeded" and job["result"]["created"] == COUNT
    assert imported <= COUNT + budget(COUNT), imported
    found = entries(contest.id)
    assert sorted(found) == titles
    sample = found[titles[7]]
    assert sample.snapshot["creator"] == "ArenaBot" and sample.snapshot["word_count"] > 10
    assert sample.snapshot["references"] == {"new": 2, "reused": 1}
    assert sample.snapshot["user_edits"] == 1 and sample.snapshot["user_bytes_added"] == sample.snapshot["size"]
    # every page's creator is remembered, keyed by page id
    assert db.session.scalar(select(func.count()).select_from(WikiPage)
                             .where(WikiPage.page_id.in_([s.page_id for s in found.values()]))) == COUNT

    before = wiki.api_requests()
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/refresh", headers=headers), 202)
    first_refresh = wiki.api_requests() - before
    assert envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))["status"] == "succeeded"
    assert first_refresh <= budget(COUNT), first_refresh

    edited = titles[3], titles[60], titles[111]
    writer = BotWriter(wiki)
    for title in edited:
        writer.append(title, "\n\nA new paragraph with [[Generated topic extra]] in it.<ref>New source.</ref>")
    before = wiki.api_requests()
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/refresh", headers=headers), 202)
    second_refresh = wiki.api_requests() - before
    assert envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))["result"] == {
        "submissions": COUNT, "unreachable": 0}
    assert second_refresh <= budget(COUNT), second_refresh

    after = entries(contest.id)
    for title in edited:
        snapshot = after[title].snapshot
        assert snapshot["user_edits"] == 2 and snapshot["references"]["new"] == 3
        assert "Generated topic extra" in snapshot["links"]["outgoing"]
        assert snapshot["user_bytes_added"] == snapshot["size"] > found[title].snapshot["size"]
    assert after[titles[4]].snapshot["user_edits"] == 1

    # what was carried forward equals a fresh fetch that uses nothing remembered
    subs = list(after.values())
    fresh = facts.snapshots_for(subs[0].contest, subs, refresh=True, incremental=False)
    for sub in subs:
        assert without_time(fresh[sub.id]) == without_time(sub.snapshot), sub.title
    print(f"\nrequests: import {imported}, refresh {first_refresh}, refresh after 3 edits {second_refresh}")


def _import_pioneers(client, headers, contest):
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/imports", headers=headers,
                                  json={"wiki_id": TEST_WIKI_ID, "category": "Computing pioneers", "depth": 2}), 202)
    assert envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))["result"]["created"] == 4


def test_a_second_refresh_of_a_contest_is_refused_until_the_first_ends_or_is_cancelled(
        client, create_user, create_contest, auth_headers):
    from arena.jobs import operations as jobs

    owner, other = create_user("owner", role="admin"), create_user("other")
    contest = create_contest(owner, wikis=[TEST_WIKI_ID])
    headers = auth_headers(owner)
    running = jobs.create_job("contests.refresh_facts", actor=owner, params={"contest_id": contest.id})
    db.session.commit()
    running_id = running.id

    refused = client.post(f"/api/v1/contests/{contest.id}/refresh", headers=headers)
    assert refused.status_code == 409 and f"job {running_id}" in refused.get_json()["message"]
    assert client.post(f"/api/v1/jobs/{running_id}/cancel", headers=auth_headers(other)).status_code == 404
    cancelled = envelope_ok(client.post(f"/api/v1/jobs/{running_id}/cancel", headers=headers))
    assert cancelled["status"] == "cancelled"
    assert client.post(f"/api/v1/jobs/{running_id}/cancel", headers=headers).status_code == 409

    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/refresh", headers=headers), 202)
    assert envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))["status"] == "succeeded"
    # the cancelled job never runs, even if its message arrives late
    from arena.contests.tasks import refresh_facts

    assert refresh_facts.apply(args=[running_id]).get() == {"skipped": running_id}


def test_a_refresh_cancelled_while_running_stops_before_its_next_batch(
        client, create_user, create_contest, auth_headers, monkeypatch):
    from sqlalchemy import update

    from arena.contests import tasks
    from arena.jobs.models import Job

    owner = create_user("owner", role="admin")
    contest = create_contest(owner, wikis=[TEST_WIKI_ID])
    headers = auth_headers(owner)
    _import_pioneers(client, headers, contest)
    checked = {s.title: s.facts_fetched_at for s in entries(contest.id).values()}

    monkeypatch.setattr(facts, "BATCH_SIZE", 2)
    original = tasks._check_batch

    def check_then_cancel(contest, batch, **kwargs):  # the organiser cancels while the first batch runs
        unreachable = original(contest, batch, **kwargs)
        db.session.execute(update(Job).where(Job.kind == "contests.refresh_facts").values(status="cancelled"))
        return unreachable

    monkeypatch.setattr(tasks, "_check_batch", check_then_cancel)
    job = envelope_ok(client.post(f"/api/v1/contests/{contest.id}/refresh", headers=headers), 202)
    job = envelope_ok(client.get(f"/api/v1/jobs/{job['id']}", headers=headers))
    assert job["status"] == "cancelled" and job["progress"] == 50
    assert job["result"] == {"submissions": 4, "refreshed": 2, "unreachable": 0}
    after = {s.title: s.facts_fetched_at for s in entries(contest.id).values()}
    assert sum(after[t] != checked[t] for t in checked) == 2
