"""Admin overview: each domain's figures drawn as SVG bar charts with the numbers in a table beside,
counted from aggregates, at most once a minute."""

import re
from datetime import datetime, timezone

import time_machine

from arena.extensions import cache, db
from arena.jobs import operations as jobs
from arena.points import operations as points
from tests.conftest import sign_in_session

NOW = datetime(2025, 3, 12, 10, 0, 5, tzinfo=timezone.utc)  # a Wednesday; its week starts on 2025-03-10


def figure(html: str, key: str) -> dict[str, str]:
    """label -> value of the table beside the chart ``key``."""
    block = re.search(rf'<figure class="admin-figure" aria-labelledby="figure-{key}-title">(.*?)</figure>', html, re.S)
    assert block, f"no figure {key}"
    assert "<svg" in block.group(1) and "<rect" in block.group(1)
    return dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td class="num">(\d+)</td></tr>', block.group(1)))


def test_overview_counts_users_points_and_jobs_per_period(client, create_user):
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc), tick=False):  # the week before
        admin = create_user("root", role="admin")
        create_user("early")
    with time_machine.travel(NOW, tick=False):
        alice, bob = create_user("alice"), create_user("bob")
        points.adjust_points(alice, amount=50, reason="welcome", actor=admin)
        points.adjust_points(bob, amount=30, reason="welcome", actor=admin)
        points.adjust_points(alice, amount=-20, reason="correction", actor=admin)
        jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")
        jobs.create_job("worker_check", actor=admin)
        db.session.commit()
        sign_in_session(client, admin)
        html = client.get("/admin").get_data(as_text=True)

    registered = figure(html, "users-registered")
    assert len(registered) == 12 and registered["2025-03-10"] == "2" and registered["2025-03-03"] == "2"
    assert figure(html, "points-issued")["2025-03-10"] == "80"
    assert figure(html, "points-spent")["2025-03-10"] == "20"
    assert figure(html, "jobs-status") == {"Queued": "1", "Running": "0", "Failed": "1"}
    assert figure(html, "contests-status") == {"Draft": "0", "Upcoming": "0", "Running": "0", "Ended": "0"}
    assert "10/03" in html  # the bars' labels are short dates


def test_overview_is_counted_once_a_minute_and_per_language(client, create_user):
    with time_machine.travel(NOW, tick=False) as clock:
        admin = create_user("root", role="admin")
        sign_in_session(client, admin)
        assert figure(client.get("/admin").get_data(as_text=True), "users-registered")["2025-03-10"] == "1"
        create_user("late")
        clock.shift(30)
        assert figure(client.get("/admin").get_data(as_text=True), "users-registered")["2025-03-10"] == "1"
        clock.shift(31)
        assert figure(client.get("/admin").get_data(as_text=True), "users-registered")["2025-03-10"] == "2"
        arabic = client.get("/admin", headers={"Accept-Language": "ar"}).get_data(as_text=True)
        assert 'dir="rtl"' in arabic and "Queued" not in figure(arabic, "jobs-status")


def test_overview_queries_are_bounded_whatever_the_data(client, create_user, count_queries):
    admin = create_user("root", role="admin")
    sign_in_session(client, admin)
    client.get("/admin")  # the first page of a session records its use
    cache.clear()
    with count_queries() as few:
        client.get("/admin")
    cache.clear()
    for n in range(30):
        points.adjust_points(create_user(f"member{n:02d}"), amount=5, reason="x", actor=admin)
    db.session.commit()
    with count_queries() as many:
        client.get("/admin")
    assert len(many) == len(few), set(many.statements) ^ set(few.statements)
    with count_queries() as cached:
        client.get("/admin")
    assert len(cached) < len(few)  # the figures come from the cache


def test_the_dashboard_html_is_kept_a_minute_per_language_and_renewed_when_a_queue_changes(client, create_user,
                                                                                           count_queries):
    from arena.contests.models import ContestRequest

    with time_machine.travel(NOW, tick=False) as clock:
        admin = create_user("root", role="admin")
        sign_in_session(client, admin)
        client.get("/admin")
        with count_queries() as cached:
            html = client.get("/admin").get_data(as_text=True)
        assert not any("count(" in s.lower() for s in cached.statements)  # no queue counted again
        db.session.add(ContestRequest(requester_id=admin.id, name="x", settings={}, message=""))
        db.session.commit()  # a queue's row changed: counted again at once
        assert ">Contest requests</a></td><td>1<" in client.get("/admin").get_data(as_text=True)
        create_user("late")
        clock.shift(30)
        assert figure(client.get("/admin").get_data(as_text=True), "users-registered")["2025-03-10"] == "1"
        arabic = client.get("/admin", headers={"Accept-Language": "ar"}).get_data(as_text=True)
        assert 'dir="rtl"' in arabic and "Contest requests" not in arabic
        clock.shift(31)
        assert figure(client.get("/admin").get_data(as_text=True), "users-registered")["2025-03-10"] == "2"
