"""Competition pages: list, competition page, taking an attempt with and without JavaScript,
the result, the organisers' editor (keyboard reordering) and statistics, in English and Arabic."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.competitions.conftest import T0
from tests.conftest import sign_in_session


def csrf(client, url="/competitions"):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_list_tabs_and_arabic(client, make_competition, clock):
    make_competition(title="General knowledge")
    make_competition(title="مسابقة المستقبل", starts_at=(T0 + timedelta(days=2)).isoformat(),
                     ends_at=(T0 + timedelta(days=3)).isoformat())
    html = client.get("/competitions").get_data(as_text=True)
    assert 'href="/competitions"' in html.split("<main")[0]
    assert "General knowledge" in html and "مسابقة المستقبل" not in html
    assert "مسابقة المستقبل" in client.get("/competitions?status=upcoming").get_data(as_text=True)
    arabic = client.get("/competitions", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "مسابقات الأسئلة" in arabic


def test_taking_an_attempt_without_javascript(client, player, make_competition, clock):
    competition = make_competition(layout="one")
    cid, qids = competition["id"], competition["question_ids"]
    sign_in_session(client, player)
    page = client.get(f"/competitions/{cid}").get_data(as_text=True)
    assert "Start an attempt" in page
    token = csrf(client, f"/competitions/{cid}")
    started = client.post(f"/competitions/{cid}/attempts", data={"csrf_token": token})
    assert started.status_code == 302
    attempt_url = started.headers["Location"]
    html = client.get(attempt_url).get_data(as_text=True)
    assert 'role="timer"' in html and 'aria-live="assertive"' in html and "10:00" in html
    assert "Question 1 of 4" in html and "Noble gases?" not in html  # one question per screen
    assert "Cairo since" not in html  # no explanation while taking part
    save_url = re.search(r'action="([^"]+/save)"', html).group(1)
    moved = client.post(save_url, data={"csrf_token": token, "shown": str(qids[0]), f"q{qids[0]}": "b", "goto": "2"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("q=2")
    second = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "Question 2 of 4" in second
    back = client.get(attempt_url + "?q=1").get_data(as_text=True)
    assert re.search(r'value="b"\s+checked', back)  # the saved answer is there when coming back
    clock.shift(timedelta(seconds=100))
    done = client.post(save_url, data={"csrf_token": token, "shown": str(qids[1]), f"q{qids[1]}": ["a", "c"],
                                       "action": "submit"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/result")
    result = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Score breakdown" in result and "Time bonus" in result
    assert "Cairo since 969." in result  # results shown immediately: explanations too
    assert client.get(attempt_url).status_code == 302  # a finished attempt goes to its result


def test_htmx_saving_and_the_deadline(client, player, make_competition, clock):
    competition = make_competition()
    cid, qids = competition["id"], competition["question_ids"]
    sign_in_session(client, player)
    token = csrf(client, f"/competitions/{cid}")
    attempt_url = client.post(f"/competitions/{cid}/attempts", data={"csrf_token": token}).headers["Location"]
    attempt_id = attempt_url.rstrip("/").split("/")[-1]
    url = f"/competitions/{cid}/attempts/{attempt_id}/answers/{qids[3]}"
    saved = client.post(url, data={"csrf_token": token, f"q{qids[3]}": "القاهرة"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "Saved" in saved.get_data(as_text=True)
    refused = client.post(url, data={f"q{qids[3]}": "x"}, headers={"HX-Request": "true"})
    assert "expired" in refused.get_data(as_text=True)  # no CSRF token: not saved
    clock.shift(timedelta(seconds=700))
    late = client.post(url, data={"csrf_token": token, f"q{qids[3]}": "x"}, headers={"HX-Request": "true"})
    assert late.headers["HX-Redirect"].endswith("/result")
    result = client.get(late.headers["HX-Redirect"]).get_data(as_text=True)
    assert "Time ran out" in result and "القاهرة" in result


def test_organiser_editor_reorders_with_buttons_and_shows_statistics(client, organiser, make_competition, clock):
    competition = make_competition()
    cid, qids = competition["id"], competition["question_ids"]
    sign_in_session(client, organiser)
    editor = client.get(f"/competitions/{cid}/questions").get_data(as_text=True)
    assert editor.index("Capital of Egypt?") < editor.index("Noble gases?")
    assert 'aria-label="Move up: Capital of Egypt?" disabled' in re.sub(r"\s+", " ", editor) or \
        re.search(r'disabled\s+aria-label="Move up: Capital of Egypt\?"', editor)
    token = csrf(client, f"/competitions/{cid}/questions")
    client.post(f"/competitions/{cid}/questions/{qids[1]}/move", data={"csrf_token": token, "direction": "up"})
    editor = client.get(f"/competitions/{cid}/questions").get_data(as_text=True)
    assert editor.index("Noble gases?") < editor.index("Capital of Egypt?")
    created = client.post(f"/competitions/{cid}/questions/new", data={
        "csrf_token": token, "kind": "single", "text": "Largest planet?", "options": "Mars\nJupiter",
        "correct": "2", "points": "5"})
    assert created.status_code == 302
    bad = client.post(f"/competitions/{cid}/questions/new", data={
        "csrf_token": token, "kind": "single", "text": "Broken?", "options": "Only one", "correct": "1",
        "points": "5"})
    assert bad.status_code == 422 and "options" in bad.get_data(as_text=True)
    stats = client.get(f"/competitions/{cid}/statistics").get_data(as_text=True)
    assert "Largest planet?" in stats and "CSV" in stats


def test_pages_for_other_people(client, player, make_competition, clock):
    competition = make_competition(is_published=False)
    assert client.get(f"/competitions/{competition['id']}").status_code == 404
    sign_in_session(client, player)
    assert client.get(f"/competitions/{competition['id']}/questions").status_code == 404
