"""Umbrella contests on the real MediaWiki test wiki: two children, the same article entered in both
(once through a redirect), counted once; the combined totals equal the sum of the children's minus
the duplicates. The test wiki has no Wikidata, so articles are matched by page."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from tests.conftest import envelope_ok
from tests.support.wiki_fixtures import TEST_WIKI_ID

#: the test wiki's articles were created in March 2026: the contests run from before that
WIKI_PAGES_CREATED = datetime(2026, 3, 1, tzinfo=timezone.utc)


def make_contest(name, org, jurors):
    from arena.contests import operations
    from arena.core.timeutil import utcnow

    now = utcnow()
    contest = operations.build_contest({"name": name, "wikis": [TEST_WIKI_ID], "is_published": True,
                                        "starts_at": WIKI_PAGES_CREATED, "ends_at": now + timedelta(days=5),
                                        "scoring_mode": "simple", "scoring_config": {"marks_accepted": 10}},
                                       owner=org, actor=org)
    for juror in jurors:
        operations.add_member(contest, "jury", user_id=juror.id, actor=org)
    return contest


def test_umbrella_counts_an_article_once_across_children(wiki_app, wiki, people, api):
    from arena.contests import operations
    from arena.extensions import db

    p = people
    west = make_contest("Pioneers West", p["org"], [p["jury1"]])
    east = make_contest("Pioneers East", p["org"], [p["jury1"]])
    top = make_contest("Pioneers umbrella", p["org"], [])
    db.session.commit()

    def enter(contest, user, title):
        sub = operations.submit_article(contest, wiki.article_url(title), actor=user)
        db.session.commit()
        assert sub.status == "pending", (title, sub.status, sub.rule_results)
        return sub

    ada_west = enter(west, p["alice"], "Ada Lovelace")
    babbage = enter(west, p["alice"], "Charles Babbage")
    hopper = enter(west, p["bob"], "Grace Hopper")
    ada_east = enter(east, p["alice"], "Lovelace")  # a redirect to the same page
    turing = enter(east, p["bob"], "Alan Turing")
    assert ada_east.title == "Ada Lovelace"

    marks = {ada_west: 4, babbage: 6, hopper: 5, ada_east: 9, turing: 3}
    for sub, mark in marks.items():
        resp = api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": mark})
        assert resp.status_code == 201, resp.get_json()

    # only organisers of both make an umbrella of them; bad rules are refused
    base = f"/api/v1/contests/{top.id}/umbrella"
    assert api(p["jury1"]).put(f"{base}/settings", {"dedup_rule": "higher_score"}).status_code == 403
    assert api(p["org"]).put(f"{base}/settings", {"dedup_rule": "loudest"}).status_code == 422
    assert api(None).get(base).status_code == 404  # not an umbrella yet
    envelope_ok(api(p["org"]).put(f"{base}/settings", {"dedup_rule": "higher_score"}))
    for child in (west, east):
        envelope_ok(api(p["org"]).post(f"{base}/children", {"child_id": child.id}), 201)
    assert api(p["org"]).post(f"{base}/children", {"child_id": west.id}).status_code == 409
    assert api(p["org"]).post(f"{base}/children", {"child_id": top.id}).status_code == 422

    board = envelope_ok(api(None).get(base))
    children = {c["name"]: c for c in board["children"]}
    assert children["Pioneers West"]["total_score"] == "15.00" and children["Pioneers East"]["total_score"] == "12.00"
    assert children["Pioneers West"]["status"] == "current" and children["Pioneers West"]["participants"] == 2
    # Ada Lovelace counts once, with its higher score (9 in East): alice 6 + 9 = 15, bob 5 + 3 = 8
    rows = [(r["participant"]["name"], r["rank"], r["total_score"], r["articles"], r["duplicates"])
            for r in board["leaderboard"]]
    assert rows == [("alice", 1, "15.00", 2, 1), ("bob", 2, "8.00", 2, 0)]
    assert [(d["submission_id"], d["counted_submission_id"]) for d in board["duplicates"]] == [
        (ada_west.id, ada_east.id)]
    # totals = sum of the children minus the duplicates
    dropped = sum(Decimal(d["score"]) for d in board["duplicates"])
    assert Decimal(board["total_score"]) == Decimal("15.00") + Decimal("12.00") - dropped == Decimal("23.00")

    # first accepted: West's Ada was decided first, so its 4 counts instead of East's 9
    envelope_ok(api(p["org"]).put(f"{base}/settings", {"dedup_rule": "first_accepted"}))
    board = envelope_ok(api(None).get(base))
    assert [(r["participant"]["name"], r["total_score"]) for r in board["leaderboard"]] == [
        ("alice", "10.00"), ("bob", "8.00")]
    assert board["duplicates"][0]["submission_id"] == ada_east.id and board["total_score"] == "18.00"

    # taking a child out takes its entries out of the combined board
    envelope_ok(api(p["org"]).delete(f"{base}/children/{east.id}"))
    board = envelope_ok(api(None).get(base))
    assert board["total_score"] == "15.00" and board["duplicates"] == []


def test_pages_sharing_a_wikidata_item_count_once(app, people, jury_contest, submit, api, monkeypatch):
    """Two different pages the wiki service links to one Wikidata item are one article."""
    from arena.contests import facts
    from arena.contests.operations import umbrella
    from arena.extensions import db

    p = people
    items = {"Cairo": "Q85", "Cairo city": "Q85", "Giza": "Q81788"}
    asked = []

    def wikidata_items(wiki_id, titles):
        asked.append((wiki_id, sorted(titles)))
        return {t: items.get(t) for t in titles}

    monkeypatch.setattr(facts, "wikidata_items", wikidata_items)
    one, two = jury_contest("simple", {"marks_accepted": 10}), jury_contest("simple", {"marks_accepted": 10})
    top = jury_contest("simple", {"marks_accepted": 10}, jurors=())
    subs = [submit(one, p["alice"], "Cairo"), submit(two, p["alice"], "Cairo city"), submit(two, p["bob"], "Giza")]
    for sub, mark in zip(subs, (7, 5, 2)):
        api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": mark})
    umbrella.set_umbrella(top, actor=p["org"])
    umbrella.add_child(top, one, actor=p["org"])
    umbrella.add_child(top, two, actor=p["org"])
    db.session.commit()
    board = envelope_ok(api(None).get(f"/api/v1/contests/{top.id}/umbrella"))
    assert [(r["participant"]["name"], r["total_score"]) for r in board["leaderboard"]] == [
        ("alice", "7.00"), ("bob", "2.00")]
    assert board["duplicates"][0]["title"] == "Cairo city"
    assert asked == [("enwiki", ["Cairo", "Cairo city", "Giza"])]  # one batched call per wiki
