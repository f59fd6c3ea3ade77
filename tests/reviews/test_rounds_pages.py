"""Judging rounds and umbrella pages, without JavaScript, in English and Arabic: an organiser previews
a rule and closes a round from the page; a juror ranks a ranking round; the umbrella page lists its
children and the combined leaderboard."""

from tests.conftest import envelope_ok
from tests.reviews.pages_support import csrf_of, sign_in


def test_rounds_page_preview_close_and_rank(app, client, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 10})
    subs = [submit(contest, p[name], f"{name.title()} page") for name in ("alice", "bob", "carol")]
    base = f"/api/v1/contests/{contest.id}/rounds"
    envelope_ok(api(p["org"]).post(base, {"scoring_mode": "simple", "scoring_config": {"marks_accepted": 10}}), 201)
    envelope_ok(api(p["org"]).post(base, {"scoring_mode": "ranking"}), 201)
    for sub, mark in zip(subs, (8, 5, 5)):
        api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": mark})

    sign_in(client, p["org"])
    page = client.get(f"/jury/contests/{contest.id}/rounds")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Round 1" in html and "Alice page" in html and "Close the round" in html
    # the preview says how many a rule keeps, and the tie at the cut-off
    html = client.get(f"/jury/contests/{contest.id}/rounds?rule=top_n&value=2").get_data(as_text=True)
    assert "This rule keeps 3 of 3 accepted entries." in html and "tie at the cut-off score 5.00" in html
    html = client.get(f"/jury/contests/{contest.id}/rounds?rule=top_n&value=zero").get_data(as_text=True)
    assert "Give how many entries to keep (1 or more)." in html
    # closing without the CSRF token changes nothing; with it the round closes
    assert client.post(f"/jury/contests/{contest.id}/rounds/1/close", data={"rule": "top_n", "value": "1"}
                       ).status_code in (303, 400)
    assert envelope_ok(api(p["org"]).get(base))[0]["state"] == "open"
    token = csrf_of(client.get(f"/jury/contests/{contest.id}/rounds").get_data(as_text=True))
    done = client.post(f"/jury/contests/{contest.id}/rounds/1/close",
                       data={"csrf_token": token, "rule": "top_n", "value": "1"})
    assert done.status_code == 303
    assert [r["state"] for r in envelope_ok(api(p["org"]).get(base))] == ["closed", "open"]

    # a juror ranks round 2 from the page (only the one entry kept)
    client.get("/logout")
    sign_in(client, p["jury2"])
    html = client.get(f"/jury/contests/{contest.id}/rounds").get_data(as_text=True)
    assert f'name="rank_{subs[0].id}"' in html and "Save my ranking" in html
    client.post(f"/jury/contests/{contest.id}/rounds/2/ranking",
                data={"csrf_token": csrf_of(html), f"rank_{subs[0].id}": "1"})
    entries = envelope_ok(api(p["org"]).get(f"{base}/2/entries"))
    assert [(e["submission_id"], e["score"], e["state"]) for e in entries] == [(subs[0].id, "0.00", "decided")]

    # Arabic
    ar = client.get(f"/jury/contests/{contest.id}/rounds", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in ar and "الجولة 1" in ar


def test_umbrella_page_lists_children_and_the_combined_board(app, client, people, jury_contest, submit, api):
    from arena.contests.operations import umbrella
    from arena.extensions import db

    p = people
    one, two = jury_contest("simple", {"marks_accepted": 10}), jury_contest("simple", {"marks_accepted": 10})
    top = jury_contest("simple", {"marks_accepted": 10}, jurors=(), name="Umbrella of pages")
    for contest, mark in ((one, 6), (two, 4)):
        sub = submit(contest, p["alice"], "Shared Page")
        api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": mark})
    assert client.get(f"/contests/{top.id}/umbrella").status_code == 404
    umbrella.set_umbrella(top, actor=p["org"])
    umbrella.add_child(top, one, actor=p["org"])
    umbrella.add_child(top, two, actor=p["org"])
    db.session.commit()
    html = client.get(f"/contests/{top.id}/umbrella").get_data(as_text=True)
    assert one.name in html and two.name in html and "Combined leaderboard" in html
    assert "<td>alice</td><td>6.00</td><td>1</td><td>1</td>" in html
    ar = client.get(f"/contests/{top.id}/umbrella", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in ar and "6.00" in ar
