"""Study pages as a learner sees them: dashboard, forms with inline checks, deletion, timer, charts."""

import re
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from arena.extensions import db
from arena.study.models import StudySession, Subject
from tests.conftest import envelope_ok
from tests.study.conftest import at, csrf_from, sign_in


def token(client, path="/study/"):
    return csrf_from(client.get(path).get_data(as_text=True))


def count(model):
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(model))


def test_nav_link_for_signed_in_users_only(client, page_client):
    assert 'href="/study/"' not in client.get("/").get_data(as_text=True)
    assert 'href="/study/"' in page_client.get("/").get_data(as_text=True)
    assert client.get("/study/").status_code == 401


def test_empty_dashboard(page_client):
    html = page_client.get("/study/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Study</h1>" in html and "No subjects yet." in html and "Add a subject first" in html


def test_add_a_subject_without_javascript(page_client):
    csrf = token(page_client, "/study/subjects/new")
    resp = page_client.post("/study/subjects/new", data={
        "csrf_token": csrf, "name": "Rhetoric", "description": "<em>Speech</em>", "hours_goal": "3",
        "priority": "high", "status": "active"})
    assert resp.status_code == 302
    page = page_client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "<h1>Rhetoric</h1>" in page and "Speech" in page and "&lt;em&gt;" not in page
    assert "Subject “Rhetoric” added." in page


def test_form_errors_are_shown_next_to_the_fields_and_nothing_is_saved(page_client, headers, make_subject):
    make_subject(headers, "Taken")
    csrf = token(page_client, "/study/subjects/new")
    resp = page_client.post("/study/subjects/new", data={
        "csrf_token": csrf, "name": "taken", "hours_goal": "-2", "priority": "medium", "status": "active"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(r'id="name-error"[^>]*>[^<]*already have a subject', html)
    assert re.search(r'id="hours_goal-error"[^>]*>[^<]*positive number', html)
    assert 'aria-invalid="true"' in html
    assert count(Subject) == 1


def test_a_form_without_its_csrf_token_is_refused(page_client):
    resp = page_client.post("/study/subjects/new", data={"name": "Sneaky", "priority": "low", "status": "active"})
    assert resp.status_code == 400 and "form expired" in resp.get_data(as_text=True)
    assert count(Subject) == 0


def test_inline_validation_returns_the_field_error(page_client, headers, make_subject, make_session):
    subject = make_subject(headers, "Taken")
    csrf = token(page_client, "/study/subjects/new")
    hx = {"HX-Request": "true", "HX-Trigger-Name": "name", "X-CSRFToken": csrf}
    resp = page_client.post("/study/validate/subject", data={"csrf_token": csrf, "name": "TAKEN"}, headers=hx)
    assert resp.status_code == 200 and "already have a subject" in resp.get_data(as_text=True)
    assert "<html" not in resp.get_data(as_text=True)
    resp = page_client.post("/study/validate/subject", data={"csrf_token": csrf, "name": "Fresh"}, headers=hx)
    assert resp.get_data(as_text=True).strip() == ""
    # editing the subject itself: its own name is fine
    resp = page_client.post(f"/study/validate/subject?subject_id={subject['id']}",
                            data={"csrf_token": csrf, "name": "taken"}, headers=hx)
    assert resp.get_data(as_text=True).strip() == ""

    make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    form = {"csrf_token": csrf, "subject_id": str(subject["id"]), "started_at": "2025-03-03T10:30",
            "ended_at": "2025-03-03T11:30"}
    resp = page_client.post("/study/validate/session", data=form, headers={**hx, "HX-Trigger-Name": "ended_at"})
    assert "Overlaps your session of Taken from 2025-03-03 10:00 to 2025-03-03 11:00" in resp.get_data(as_text=True)
    form["started_at"] = "2025-03-03T12:30"
    resp = page_client.post("/study/validate/session", data=form, headers={**hx, "HX-Trigger-Name": "ended_at"})
    assert "after the start" in resp.get_data(as_text=True)
    assert count(StudySession) == 1


def test_form_fields_carry_htmx_checks(page_client):
    html = page_client.get("/study/subjects/new").get_data(as_text=True)
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert 'hx-post="/study/validate/subject"' in name_input and 'hx-target="#name-error"' in name_input
    assert 'method="post" action="/study/subjects/new"' in html  # works without JavaScript
    assert '<label for="name">' in html


def test_add_edit_and_delete_a_session_in_the_viewers_time_zone(page_client, headers, make_subject):
    subject = make_subject(headers, "Poetry")
    page_client.set_cookie("tz", "Asia/Riyadh")
    csrf = token(page_client, "/study/sessions/new")
    resp = page_client.post("/study/sessions/new", data={
        "csrf_token": csrf, "subject_id": str(subject["id"]), "started_at": "2025-03-03T13:00",
        "ended_at": "2025-03-03T14:15", "notes": "=HYPERLINK(\"x\") <b>meter</b>"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    session = envelope_ok(page_client.get("/api/v1/study-sessions", headers=headers))[0]
    assert session["started_at"] == "2025-03-03T10:00:00+00:00" and session["duration_minutes"] == 75
    assert session["notes"] == '=HYPERLINK("x") meter'

    edit = page_client.get(f"/study/sessions/{session['id']}/edit").get_data(as_text=True)
    assert 'value="2025-03-03T13:00"' in edit  # shown back in Riyadh time
    resp = page_client.post(f"/study/sessions/{session['id']}/edit", data={
        "csrf_token": csrf, "subject_id": str(subject["id"]), "started_at": "2025-03-03T13:00",
        "ended_at": "2025-03-03T12:00", "notes": ""})
    assert resp.status_code == 422 and "after the start" in resp.get_data(as_text=True)

    confirm = page_client.get(f"/study/sessions/{session['id']}/delete")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    assert count(StudySession) == 1  # asking is not deleting
    resp = page_client.post(f"/study/sessions/{session['id']}/delete", data={"csrf_token": csrf})
    assert resp.status_code == 302 and count(StudySession) == 0


def test_deleting_a_subject_asks_first(page_client, headers, make_subject, make_session):
    subject = make_subject(headers, "Doomed")
    make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    confirm = page_client.get(f"/study/subjects/{subject['id']}/delete").get_data(as_text=True)
    assert "Doomed" in confirm and "1 session" in confirm
    assert count(Subject) == 1
    resp = page_client.post(f"/study/subjects/{subject['id']}/delete", data={"csrf_token": csrf_from(confirm)})
    assert resp.status_code == 302 and count(Subject) == 0 and count(StudySession) == 0


def _run_timer(page_client, subject, minutes: float):
    """Start the timer on the dashboard, let ``minutes`` pass, stop it; the dashboard afterwards.
    Sessions are kept to the minute: the clock starts 5 seconds into one."""
    start = datetime.now(timezone.utc).replace(second=5, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as clock:
        page = page_client.get("/study/").get_data(as_text=True)
        assert "Start the timer" in page
        resp = page_client.post("/study/timer/start", data={"csrf_token": csrf_from(page),
                                                            "subject_id": str(subject["id"])})
        assert resp.status_code == 302
        page = page_client.get("/study/").get_data(as_text=True)
        assert "Stop the timer" in page and "Studying Timed since" in page
        clock.shift(timedelta(minutes=minutes))
        resp = page_client.post("/study/timer/stop", data={"csrf_token": csrf_from(page)})
        assert resp.status_code == 302
        return page_client.get("/study/").get_data(as_text=True)


def test_timer_from_the_page_records_the_session(page_client, headers, make_subject):
    subject = make_subject(headers, "Timed")
    page = _run_timer(page_client, subject, minutes=25)
    assert "Start the timer" in page and "Session recorded: 25 min." in page
    sessions = envelope_ok(page_client.get("/api/v1/study-sessions", headers=headers))
    assert [(s["subject_id"], s["duration_minutes"]) for s in sessions] == [(subject["id"], 25)]


def test_a_timer_stopped_within_a_minute_records_nothing(page_client, headers, make_subject):
    subject = make_subject(headers, "Timed")
    page = _run_timer(page_client, subject, minutes=0.5)
    assert "Start the timer" in page and "nothing was recorded" in page and "Session recorded" not in page
    assert count(StudySession) == 0


def test_dashboard_charts_are_readable_without_scripts_or_inline_styles(page_client, headers, make_subject,
                                                                       make_session):
    subject = make_subject(headers, "Charted", hours_goal=2)
    day = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    make_session(headers, subject["id"], at(day, "10:00"), at(day, "11:30"))
    html = page_client.get("/study/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<svg" in html and 'role="img"' in html and "<desc" in html
    assert re.search(r'<rect class="chart-bar"[^>]*height="[1-9]', html)  # a visible bar for the week
    assert "Minutes per week and subject" in html and "<bdi>Charted</bdi>: 1 h 30 min" in html  # the data table
    assert re.search(r'<progress class="study-progress" max="120" value="90"', html)
    assert "1 h 30 min of 2 h 00 min (75%)" in html
    assert " style=" not in html and "<script>" not in html
    assert "/study/assets/study.css" in html
    assert page_client.get("/study/assets/study.css").status_code == 200


def test_dashboard_in_arabic_right_to_left(page_client, headers, make_subject, make_session):
    make_subject(headers, "النحو")
    html = page_client.get("/study/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "الدراسة" in html and "النحو" in html
    assert 'direction="ltr"' in html  # chart geometry is explicit; bars are mirrored by the server


def test_other_users_pages_are_404(app, headers, make_subject, other):
    subject = make_subject(headers, "Private")
    theirs = app.test_client()
    sign_in(theirs, other)
    for path in (f"/study/subjects/{subject['id']}", f"/study/subjects/{subject['id']}/edit",
                 f"/study/subjects/{subject['id']}/delete"):
        assert theirs.get(path).status_code == 404, path
    csrf = token(theirs)
    assert theirs.post(f"/study/subjects/{subject['id']}/delete", data={"csrf_token": csrf}).status_code == 404
    assert count(Subject) == 1


def test_csv_export_defuses_formulas(page_client, headers, make_subject, make_session):
    subject = make_subject(headers, "+Sums")
    make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"),
                 notes='=HYPERLINK("http://evil.example","click")')
    make_session(headers, subject["id"], at("2025-03-04", "10:00"), at("2025-03-04", "10:20"), notes="@SUM(A1)")
    for resp in (page_client.get("/study/export.csv"), page_client.get("/api/v1/study-sessions.csv", headers=headers)):
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        import csv
        import io

        rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
        assert rows[0] == ["id", "subject", "started_at", "ended_at", "duration_minutes", "notes"]
        assert rows[1][1] == "'+Sums" and rows[1][5] == '\'=HYPERLINK("http://evil.example","click")'
        assert rows[2][5] == "'@SUM(A1)" and rows[1][4] == "60" and rows[2][4] == "20"
    assert client_csv_is_private(page_client.application, headers)


def client_csv_is_private(app, headers):
    return app.test_client().get("/api/v1/study-sessions.csv").status_code == 401


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_forms_render_in_both_languages(page_client, headers, make_subject, make_session, lang):
    subject = make_subject(headers, "Any")
    session = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    for path in ("/study/subjects/new", f"/study/subjects/{subject['id']}/edit", "/study/sessions/new",
                 f"/study/sessions/{session['id']}/edit", f"/study/subjects/{subject['id']}"):
        resp = page_client.get(path, headers={"Accept-Language": lang})
        assert resp.status_code == 200, path
        assert f'lang="{lang}"' in resp.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chart_and_table_name_each_week_the_same_way(page_client, headers, make_subject, make_session, lang):
    subject = make_subject(headers, "Dated")
    day = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    make_session(headers, subject["id"], at(day, "10:00"), at(day, "11:00"))
    html = page_client.get("/study/", headers={"Accept-Language": lang}).get_data(as_text=True)
    chart_labels = re.findall(r'<text class="chart-label"[^>]*>([^<]+)</text>', html)
    table_labels = re.findall(r'<th scope="row"><time datetime="[^"]+">([^<]+)</time></th>', html)
    assert len(chart_labels) == 8
    assert sorted(chart_labels) == sorted(table_labels)  # the chart mirrors its order in Arabic
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d", label) for label in table_labels)
