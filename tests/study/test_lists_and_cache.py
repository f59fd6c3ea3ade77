"""Lists issue a bounded number of queries; reads are cached per user and never stale after a write."""

from datetime import timedelta

import pytest

from arena.extensions import db
from arena.identity.models import User
from arena.study import operations
from tests.conftest import envelope_ok
from tests.study.conftest import at


def seed(user, subjects=30, sessions_each=4):
    """Many subjects and sessions, written directly (fast), then committed."""
    user = db.session.get(User, user.id)
    for i in range(subjects):
        subject = operations.create_subject(actor=user, name=f"Subject {i:02d}", hours_goal=5)
        for j in range(sessions_each):
            start = at("2025-01-01", "00:00") + timedelta(hours=i * sessions_each + j)
            operations.create_session(actor=user, subject_id=subject.id, started_at=start,
                                      ended_at=start + timedelta(minutes=30 + j))
    db.session.commit()


@pytest.mark.filterwarnings("ignore:Flask-Caching")
class TestBoundedQueries:
    @pytest.fixture
    def config(self, config):
        config["CACHE_TYPE"] = "NullCache"  # every request reaches the database
        return config

    @pytest.mark.parametrize("path", ["/api/v1/subjects", "/api/v1/study-sessions",
                                      "/api/v1/study-sessions?sort=duration&from=2025-01-01"])
    def test_same_number_of_statements_for_5_and_100_rows(self, client, learner, headers, count_queries, path):
        seed(learner)
        sep = "&" if "?" in path else "?"
        with count_queries() as sql_log:
            small = client.get(f"{path}{sep}per_page=5", headers=headers)
        small_count = len(sql_log.statements)
        with count_queries() as sql_log:
            large = client.get(f"{path}{sep}per_page=100", headers=headers)
        large_count = len(sql_log.statements)
        assert len(small.get_json()["data"]) == 5
        assert len(large.get_json()["data"]) == (30 if "subjects" in path else 100)
        assert small_count == large_count, (sql_log.statements,)
        assert large_count <= 6  # token check, caller, count, rows (+ one aggregate of totals for subjects)

    def test_subject_totals_come_from_one_aggregate_query(self, client, learner, headers, count_queries):
        seed(learner, subjects=12, sessions_each=3)
        with count_queries() as sql_log:
            data = envelope_ok(client.get("/api/v1/subjects?per_page=100", headers=headers))
        assert [s["completed_minutes"] for s in data[:2]] == [30 + 31 + 32] * 2
        assert len(sql_log.touching("study_sessions")) == 1
        assert "sum(" in sql_log.touching("study_sessions")[0].lower()


def test_a_second_identical_read_is_served_from_the_cache(client, headers, make_subject, make_session, count_queries):
    subject = make_subject(headers, "Cached")
    session = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    for path in ("/api/v1/subjects", f"/api/v1/subjects/{subject['id']}", "/api/v1/study-sessions?sort=start",
                 f"/api/v1/study-sessions/{session['id']}", "/api/v1/study/stats?from=2025-03-01&to=2025-03-07"):
        with count_queries() as sql_log:
            first = client.get(path, headers=headers)
        assert sql_log.touching("study_"), path  # the first read went to the database
        with count_queries() as sql_log:
            second = client.get(path, headers=headers)
        assert sql_log.touching("study_") == [], path
        assert second.get_json() == first.get_json()


def test_a_repeated_read_sends_the_stored_bytes_without_asking_the_database(client, headers, make_subject,
                                                                            make_session, count_queries):
    subject = make_subject(headers, "Bytes")
    session = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    sign_in_checks = ("revoked_tokens", "FROM users")  # who is asking: the token and the caller
    for path in ("/api/v1/subjects", f"/api/v1/subjects/{subject['id']}", "/api/v1/study-sessions",
                 f"/api/v1/study-sessions/{session['id']}", "/api/v1/study/stats?from=2025-03-01&to=2025-03-07"):
        first = client.get(path, headers=headers)
        with count_queries() as sql_log:
            second = client.get(path, headers=headers)
        assert second.status_code == 200 and second.mimetype == "application/json"
        assert second.data == first.data, path  # serialised once, stored, sent again as it is
        assert [s for s in sql_log.statements if not any(word in s for word in sign_in_checks)] == [], path


def test_reads_after_writes_are_never_stale(client, headers, make_subject, make_session):
    subject = make_subject(headers, "Fresh", hours_goal=1)
    sid = subject["id"]

    def subject_item():
        return envelope_ok(client.get(f"/api/v1/subjects/{sid}", headers=headers))

    def pages():
        return [envelope_ok(client.get(f"/api/v1/subjects?per_page=1&page={p}", headers=headers)) for p in (1, 2)]

    assert subject_item()["completed_minutes"] == 0 and pages()[1] == []  # both now cached
    stats_url = "/api/v1/study/stats?from=2025-03-03&to=2025-03-03"
    assert envelope_ok(client.get(stats_url, headers=headers))["total_minutes"] == 0
    sessions_url = "/api/v1/study-sessions?per_page=1"
    assert envelope_ok(client.get(sessions_url, headers=headers)) == []

    session = make_session(headers, sid, at("2025-03-03", "10:00"), at("2025-03-03", "10:30"))
    assert subject_item()["completed_minutes"] == 30 and subject_item()["progress_percent"] == 50
    assert envelope_ok(client.get(stats_url, headers=headers))["total_minutes"] == 30
    assert [s["id"] for s in envelope_ok(client.get(sessions_url, headers=headers))] == [session["id"]]

    client.patch(f"/api/v1/subjects/{sid}", json={"name": "Renamed"}, headers=headers)
    assert subject_item()["name"] == "Renamed"
    assert envelope_ok(client.get(sessions_url, headers=headers))[0]["subject_name"] == "Renamed"
    assert envelope_ok(client.get(f"/api/v1/study-sessions/{session['id']}", headers=headers))["subject_name"] == "Renamed"

    make_subject(headers, "Another")  # a second page of subjects appears
    assert [s["name"] for s in pages()[1]] == ["Renamed"] and [s["name"] for s in pages()[0]] == ["Another"]

    client.patch(f"/api/v1/study-sessions/{session['id']}", json={"ended_at": "2025-03-03T11:00:00Z"},
                 headers=headers)
    assert subject_item()["completed_minutes"] == 60
    assert envelope_ok(client.get(f"/api/v1/study-sessions/{session['id']}", headers=headers))["duration_minutes"] == 60

    client.delete(f"/api/v1/study-sessions/{session['id']}", headers=headers)
    assert client.get(f"/api/v1/study-sessions/{session['id']}", headers=headers).status_code == 404
    assert subject_item()["completed_minutes"] == 0
    assert envelope_ok(client.get(stats_url, headers=headers))["total_minutes"] == 0

    client.delete(f"/api/v1/subjects/{sid}", headers=headers)
    assert client.get(f"/api/v1/subjects/{sid}", headers=headers).status_code == 404
    assert [s["name"] for s in pages()[0]] == ["Another"]


def test_a_failed_write_keeps_the_cache(client, headers, make_subject, count_queries):
    subject = make_subject(headers, "Stable")
    client.get("/api/v1/subjects", headers=headers)
    assert client.post("/api/v1/subjects", json={"name": "stable"}, headers=headers).status_code == 409
    with count_queries() as sql_log:
        client.get("/api/v1/subjects", headers=headers)
    assert sql_log.touching("study_") == []  # the refused write invalidated nothing
    assert subject["id"]


def test_one_users_writes_leave_others_cache_alone(client, headers, other, auth_headers, make_subject, count_queries):
    theirs = auth_headers(other)
    make_subject(theirs, "Theirs")
    client.get("/api/v1/subjects", headers=theirs)
    make_subject(headers, "Mine")
    with count_queries() as sql_log:
        data = envelope_ok(client.get("/api/v1/subjects", headers=theirs))
    assert [s["name"] for s in data] == ["Theirs"]
    assert sql_log.touching("study_") == []
