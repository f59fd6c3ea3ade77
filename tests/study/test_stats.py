"""Totals and streaks against hand counts on fixed dates.

The hand-counted data (UTC):

    A Maths    Mon 2025-03-03 09:00-10:30   90
    B Physics  Mon 2025-03-03 20:00-20:45   45
    C Maths    Tue 2025-03-04 23:30-01:00   90 = 30 on the 4th + 60 on the 5th (split at midnight)
    D Physics  Thu 2025-03-06 10:00-10:20   20
    E Maths    Sun 2025-03-09 23:00-23:59   59
    F Maths    Mon 2025-03-10 00:00-00:40   40
    G Physics  Thu 2025-02-20 10:00-11:00   60 (before the range; counts for streaks and goals)
"""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from arena.study import stats
from tests.conftest import envelope_ok
from tests.study.conftest import at

MATHS, PHYSICS = 1, 2
SPANS = {
    "A": (MATHS, at("2025-03-03", "09:00"), at("2025-03-03", "10:30")),
    "B": (PHYSICS, at("2025-03-03", "20:00"), at("2025-03-03", "20:45")),
    "C": (MATHS, at("2025-03-04", "23:30"), at("2025-03-05", "01:00")),
    "D": (PHYSICS, at("2025-03-06", "10:00"), at("2025-03-06", "10:20")),
    "E": (MATHS, at("2025-03-09", "23:00"), at("2025-03-09", "23:59")),
    "F": (MATHS, at("2025-03-10", "00:00"), at("2025-03-10", "00:40")),
    "G": (PHYSICS, at("2025-02-20", "10:00"), at("2025-02-20", "11:00")),
}
SUBJECTS = [stats.SubjectInfo(MATHS, "Maths", 10, 279), stats.SubjectInfo(PHYSICS, "Physics", None, 125)]


def compute(tz="UTC", today=date(2025, 3, 11), day_from=date(2025, 3, 3), day_to=date(2025, 3, 10)):
    spans = list(SPANS.values())
    return stats.compute(range_spans=spans, history_spans=spans, subjects=SUBJECTS, day_from=day_from,
                         day_to=day_to, tz=ZoneInfo(tz), today=today)


def daily(result):
    return {d["date"].isoformat()[-2:]: d["minutes"] for d in result["daily"]}


def test_daily_weekly_and_subject_totals_in_utc():
    r = compute()
    assert daily(r) == {"03": 135, "04": 30, "05": 60, "06": 20, "07": 0, "08": 0, "09": 59, "10": 40}
    assert r["total_minutes"] == 344 and r["study_days"] == 6
    assert [(w["week_start"], w["minutes"]) for w in r["weekly"]] == [(date(2025, 3, 3), 304), (date(2025, 3, 10), 40)]
    assert r["weekly"][0]["subjects"] == [{"subject_id": MATHS, "name": "Maths", "minutes": 239},
                                          {"subject_id": PHYSICS, "name": "Physics", "minutes": 65}]
    assert r["subjects"] == [{"subject_id": MATHS, "name": "Maths", "minutes": 279},
                             {"subject_id": PHYSICS, "name": "Physics", "minutes": 65}]


def test_streaks_by_hand():
    # study days: Feb 20, Mar 3, 4, 5, 6, 9, 10
    assert (compute()["current_streak"], compute()["longest_streak"]) == (2, 4)  # today the 11th: 9-10 alive
    assert compute(today=date(2025, 3, 10))["current_streak"] == 2  # today counts
    assert compute(today=date(2025, 3, 12))["current_streak"] == 0  # the 11th was missed
    assert compute(today=date(2025, 3, 7))["current_streak"] == 4   # 3-6, the 7th not over yet


def test_days_follow_the_time_zone():
    # Asia/Riyadh is UTC+3: C falls wholly on the 5th, E moves to the 10th, B stays on the 3rd (23:00-23:45)
    r = compute(tz="Asia/Riyadh")
    assert daily(r) == {"03": 135, "04": 0, "05": 90, "06": 20, "07": 0, "08": 0, "09": 0, "10": 99}
    assert r["total_minutes"] == 344
    assert [w["minutes"] for w in r["weekly"]] == [245, 99]
    assert (r["current_streak"], r["longest_streak"]) == (1, 2)  # days Feb 20, Mar 3, 5, 6, 10


def test_split_at_local_midnight_across_a_clock_change():
    # New York moves clocks forward at 02:00 on 2025-03-09: the local day is 23 hours long.
    ny = ZoneInfo("America/New_York")
    start = datetime(2025, 3, 8, 23, 0, tzinfo=ny)         # 04:00 UTC
    end = datetime(2025, 3, 9, 3, 30, tzinfo=ny)           # 07:30 UTC: 3.5 hours later in real time
    assert list(stats.split_by_day(start, end, ny)) == [(date(2025, 3, 8), 60), (date(2025, 3, 9), 150)]


def test_goal_progress():
    progress = {p["name"]: p for p in compute()["progress"]}
    assert progress["Maths"] == {"subject_id": MATHS, "name": "Maths", "completed_minutes": 279,
                                 "goal_minutes": 600, "percent": 46.5}
    assert progress["Physics"]["goal_minutes"] is None and progress["Physics"]["percent"] is None


@pytest.fixture
def hand_data(client, headers, make_subject, make_session):
    maths = make_subject(headers, "Maths", hours_goal=10)
    physics = make_subject(headers, "Physics")
    ids = {MATHS: maths["id"], PHYSICS: physics["id"]}
    for subject, start, end in SPANS.values():
        make_session(headers, ids[subject], start, end)
    return ids


def test_stats_endpoint_matches_the_hand_count(client, headers, hand_data):
    r = envelope_ok(client.get("/api/v1/study/stats?from=2025-03-03&to=2025-03-10", headers=headers))
    assert r["from"] == "2025-03-03" and r["to"] == "2025-03-10" and r["tz"] == "UTC"
    assert [d["minutes"] for d in r["daily"]] == [135, 30, 60, 20, 0, 0, 59, 40]
    assert r["total_minutes"] == 344 and r["study_days"] == 6
    assert [(w["week_start"], w["minutes"]) for w in r["weekly"]] == [("2025-03-03", 304), ("2025-03-10", 40)]
    assert [(s["name"], s["minutes"]) for s in r["weekly"][0]["subjects"]] == [("Maths", 239), ("Physics", 65)]
    assert r["longest_streak"] == 4 and r["current_streak"] == 0  # those days are long past
    progress = {p["name"]: p for p in r["progress"]}
    assert progress["Maths"]["completed_minutes"] == 279 and progress["Maths"]["percent"] == 46.5
    assert progress["Physics"]["completed_minutes"] == 125

    riyadh = envelope_ok(client.get("/api/v1/study/stats?from=2025-03-03&to=2025-03-10&tz=Asia/Riyadh",
                                    headers=headers))
    assert [d["minutes"] for d in riyadh["daily"]] == [135, 0, 90, 20, 0, 0, 0, 99]
    assert riyadh["longest_streak"] == 2


def test_current_streak_through_the_api(client, headers, make_subject, make_session):
    subject = make_subject(headers, "Daily")
    today = datetime.now(timezone.utc).date()
    for days_ago in (1, 2, 4):
        day = (today - timedelta(days=days_ago)).isoformat()
        make_session(headers, subject["id"], at(day, "10:00"), at(day, "11:00"))
    r = envelope_ok(client.get("/api/v1/study/stats", headers=headers))
    # today has no study yet, so the run of yesterday and the day before is still the current one
    assert r["current_streak"] == 2 and r["longest_streak"] == 2
    assert r["to"] == today.isoformat() and len(r["daily"]) == 28 and r["total_minutes"] == 180


@pytest.mark.parametrize("query,field", [
    ("tz=Not/AZone", "tz"), ("tz=../../etc/passwd", "tz"), ("from=2025-03-10&to=2025-03-01", "from"),
    ("from=2024-01-01&to=2025-03-01", "to"), ("from=someday", "from"),
])
def test_stats_arguments_are_checked(client, headers, query, field):
    resp = client.get(f"/api/v1/study/stats?{query}", headers=headers)
    assert resp.status_code == 422
    assert field in resp.get_json()["errors"]


def test_stats_are_private(client, hand_data, other, auth_headers):
    r = envelope_ok(client.get("/api/v1/study/stats?from=2025-03-03&to=2025-03-10", headers=auth_headers(other)))
    assert r["total_minutes"] == 0 and r["progress"] == [] and r["longest_streak"] == 0
    assert client.get("/api/v1/study/stats").status_code == 401
