"""Simple marks, end to end through the API: quorum 2, hidden marks, a tie settled by an override,
the discussion thread, editing before the decision, permissions, and the leaderboard."""

from decimal import Decimal

from tests.conftest import envelope_ok
from tests.reviews.conftest import fresh

CONFIG = {"marks_accepted": 10, "marks_rejected": -2, "quorum": 2, "hidden_marks": True}


def review(api, user, sub, status=201, **body):
    resp = api(user).post(f"/api/v1/submissions/{sub.id}/reviews", json=body)
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()


def test_simple_contest_end_to_end(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", CONFIG)
    s1 = submit(contest, p["alice"], "Alpha")
    s2 = submit(contest, p["bob"], "Beta")
    s3 = submit(contest, p["alice"], "Gamma")
    s4 = submit(contest, p["carol"], "Delta")

    # s1: two accepts; the score is the mean of the marks on the winning side: (8 + 6) / 2 = 7
    review(api, p["jury1"], s1, decision="accept", marks=8, comment="Well sourced.", private_note="check images",
           flags=["special_prize"])
    outcome = envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s1.id}/result"))
    assert outcome["state"] == "open" and outcome["review_count"] == 1 and outcome["quorum"] == 2
    review(api, p["jury2"], s1, decision="accept", marks=6, comment="Good start.")
    outcome = envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s1.id}/result"))
    assert outcome["state"] == "decided" and outcome["decision"] == "accept" and outcome["score"] == "7.00"
    assert outcome["breakdown"]["juror_scores"] == ["8.00", "6.00"]

    # a second review by the same juror is a conflict, and nothing changes
    again = review(api, p["jury1"], s1, status=409, decision="reject")
    assert again["success"] is False
    # a decided result can no longer be edited
    mine = [r for r in envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s1.id}/reviews")) if r["mine"]][0]
    assert api(p["jury1"]).patch(f"/api/v1/submissions/{s1.id}/reviews/{mine['id']}",
                                 {"marks": 10}).status_code == 409

    # bad input: marks above the maximum name the field, and store nothing
    bad = review(api, p["jury3"], s4, status=422, decision="accept", marks=11)
    assert "marks" in bad["errors"]
    bad = review(api, p["jury3"], s4, status=422, decision="reject", marks=3)
    assert "marks" in bad["errors"]
    assert envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s4.id}/reviews")) == []

    # s4 with hidden marks: jury3 votes first; jury1 cannot see that vote until voting too
    first = review(api, p["jury3"], s4, decision="accept", marks=5, comment="Nice.")
    # jury3 may edit while the result is open (quorum 2 not reached)
    edited = api(p["jury3"]).patch(f"/api/v1/submissions/{s4.id}/reviews/{first['data']['id']}", {"marks": 10})
    assert envelope_ok(edited)["marks"] == 10
    seen = envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s4.id}/reviews"))
    assert seen[0]["hidden"] is True and seen[0]["marks"] is None and seen[0]["decision"] is None
    assert seen[0]["score"] is None
    organiser_view = envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s4.id}/reviews"))
    assert organiser_view[0]["marks"] == 10 and organiser_view[0]["hidden"] is False
    review(api, p["jury1"], s4, decision="accept", marks=8)
    seen = envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s4.id}/reviews"))
    assert {r["marks"] for r in seen} == {10, 8} and not any(r["hidden"] for r in seen)
    # (10 + 8) / 2 = 9
    assert envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s4.id}/result"))["score"] == "9.00"

    # s3: two rejections give marks_rejected: (-2 + -2) / 2 = -2
    review(api, p["jury2"], s3, decision="reject", comment="Copied text.", flags=["copyright_doubt"])
    review(api, p["jury3"], s3, decision="reject", comment="Agree.")
    assert envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s3.id}/result"))["score"] == "-2.00"

    # s2: a tie (1 accept, 1 reject) waits for an organiser; status stays pending
    review(api, p["jury1"], s2, decision="accept", marks=9)
    review(api, p["jury2"], s2, decision="reject")
    result = envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s2.id}/result"))
    assert result["state"] == "tie" and result["tie"] is True and result["score"] is None
    ties = envelope_ok(api(p["org"]).get(f"/api/v1/contests/{contest.id}/review-queue?status=tie"))
    assert [t["id"] for t in ties] == [s2.id]
    # the third juror cannot break the tie: the quorum is reached
    review(api, p["jury3"], s2, status=409, decision="accept", marks=1)

    # the discussion thread: jurors and organisers talk; nobody else sees it
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{s2.id}/discussion", {"body": "I think it passes."}), 201)
    envelope_ok(api(p["org"]).post(f"/api/v1/submissions/{s2.id}/discussion", {"body": "Agreed, settling."}), 201)
    thread = envelope_ok(api(p["jury2"]).get(f"/api/v1/submissions/{s2.id}/discussion"))
    assert [m["body"] for m in thread] == ["I think it passes.", "Agreed, settling."]
    assert api(p["jury2"]).post(f"/api/v1/submissions/{s2.id}/discussion", {"body": ""}).status_code == 422
    for outsider in (p["bob"], p["outsider"]):
        assert api(outsider).get(f"/api/v1/submissions/{s2.id}/discussion").status_code == 404
        assert api(outsider).post(f"/api/v1/submissions/{s2.id}/discussion", {"body": "hi"}).status_code == 404

    # only organisers override; a reason is required; the score defaults to the accepting side's mean (9)
    assert api(p["jury1"]).post(f"/api/v1/submissions/{s2.id}/overrides",
                                {"status": "accepted", "reason": "x"}).status_code == 403
    missing = api(p["org"]).post(f"/api/v1/submissions/{s2.id}/overrides", {"status": "accepted", "reason": ""})
    assert missing.status_code == 422 and "reason" in missing.get_json()["errors"]
    done = envelope_ok(api(p["org"]).post(f"/api/v1/submissions/{s2.id}/overrides",
                                          {"status": "accepted", "reason": "Tie settled after discussion."}), 201)
    assert done["score"] == "9.00" and done["previous_status"] == "pending"
    result = envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s2.id}/result"))
    assert result["state"] == "overridden" and result["breakdown"]["override"]["reason"].startswith("Tie settled")
    shown = envelope_ok(api(p["jury1"]).get(f"/api/v1/submissions/{s2.id}/overrides"))
    assert shown[0]["actor"]["name"] == "org" and shown[0]["status"] == "accepted"

    fresh()
    from arena.contests.models import Submission
    from arena.extensions import db

    statuses = {s.title: s.status for s in db.session.query(Submission).filter_by(contest_id=contest.id)}
    assert statuses == {"Alpha": "accepted", "Beta": "accepted", "Gamma": "rejected", "Delta": "accepted"}

    # leaderboard: alice 7 + (-2) = 5, bob 9, carol 9 → ranks 1, 1, 3 (competition ranking)
    board = api(None).get(f"/api/v1/contests/{contest.id}/leaderboard")
    rows = envelope_ok(board)
    assert [(r["participant"]["name"], r["rank"], r["total_score"]) for r in rows] == [
        ("bob", 1, "9.00"), ("كارول العربية", 1, "9.00"), ("alice", 3, "5.00")]
    alice = rows[2]
    assert (alice["submissions"], alice["accepted"], alice["rejected"], alice["pending"]) == (2, 1, 1, 0)
    meta = board.get_json()["meta"]
    assert meta["totals"]["submissions"] == 4 and meta["totals"]["participants"] == 3
    assert meta["totals"]["total_score"] == "23.00"
    from arena.reviews.operations import leaderboard

    assert leaderboard.differences(contest.id) == {}
    assert leaderboard.recount(contest.id)[p["alice"].id]["total_score"] == Decimal("5.00")

    # filters: min_score and sort_by
    assert [r["participant"]["name"] for r in envelope_ok(
        api(None).get(f"/api/v1/contests/{contest.id}/leaderboard?min_score=6"))] == ["bob", "كارول العربية"]
    by_count = envelope_ok(api(None).get(f"/api/v1/contests/{contest.id}/leaderboard?sort_by=submissions"))
    assert by_count[0]["participant"]["name"] == "alice" and by_count[0]["rank"] == 1 and by_count[1]["rank"] == 2
    assert api(None).get(f"/api/v1/contests/{contest.id}/leaderboard?filter=nope").status_code == 422


def test_participants_see_comments_not_notes_nor_hidden_marks(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", CONFIG)
    sub = submit(contest, p["alice"], "Alpha")
    review(api, p["jury1"], sub, decision="accept", marks=7, comment="Lovely prose.", private_note="SECRET-NOTE")
    # alice is not on the jury: the reviews, the result and the thread are not found for her
    for path in ("reviews", "result", "discussion", "overrides"):
        assert api(p["alice"]).get(f"/api/v1/submissions/{sub.id}/{path}").status_code == 404
    assert api(p["alice"]).get(f"/api/v1/contests/{contest.id}/review-queue").status_code == 404
    assert api(p["outsider"]).get(f"/api/v1/contests/{contest.id}/review-queue").status_code == 404
    assert api(p["alice"]).post(f"/api/v1/submissions/{sub.id}/reviews",
                                json={"decision": "accept", "marks": 10}).status_code == 404
    # not decided yet (quorum 2): no score, no comments, and never the private note or the marks
    mine = envelope_ok(api(p["alice"]).get("/api/v1/me/submission-results"))
    assert mine[0]["decided"] is False and mine[0]["score"] is None and mine[0]["comments"] == []
    assert "SECRET-NOTE" not in api(p["alice"]).get("/api/v1/me/submission-results").get_data(as_text=True)
    review(api, p["jury2"], sub, decision="accept", marks=9, comment="Good.")
    body = api(p["alice"]).get("/api/v1/me/submission-results")
    mine = envelope_ok(body)[0]
    # (7 + 9) / 2 = 8
    assert mine["decided"] is True and mine["score"] == "8.00" and mine["comments"] == ["Lovely prose.", "Good."]
    assert mine["breakdown"]["juror_scores"] == ["7.00", "9.00"]
    assert "SECRET-NOTE" not in body.get_data(as_text=True)
    # notifications: reviewed twice, then accepted
    notes = api(p["alice"]).get("/api/v1/notifications")
    kinds = [n["kind"] for n in envelope_ok(notes)]
    assert kinds == ["submission_result", "submission_reviewed", "submission_reviewed"]
    assert notes.get_json()["meta"]["unread"] == 3
    envelope_ok(api(p["alice"]).post("/api/v1/notifications/read", {}))
    assert api(p["alice"]).get("/api/v1/notifications").get_json()["meta"]["unread"] == 0
    assert api(p["bob"]).get("/api/v1/notifications").get_json()["meta"]["total"] == 0


def test_jurors_cannot_review_their_own_entry_and_only_jurors_review(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 5})
    from arena.contests import operations
    from arena.extensions import db

    contest.allow_jury_to_compete = True
    db.session.commit()
    own = submit(contest, p["jury1"], "Own work")
    assert api(p["jury1"]).post(f"/api/v1/submissions/{own.id}/reviews",
                                json={"decision": "accept", "marks": 5}).status_code == 403
    # the organiser sees everything but is not a juror
    assert api(p["org"]).post(f"/api/v1/submissions/{own.id}/reviews",
                              json={"decision": "accept", "marks": 5}).status_code == 403
    # a juror removed from the jury no longer finds the submission
    operations.remove_member(db.session.get(type(contest), contest.id), "jury", p["jury2"].id, actor=p["org"])
    db.session.commit()
    assert api(p["jury2"]).post(f"/api/v1/submissions/{own.id}/reviews",
                                json={"decision": "accept", "marks": 5}).status_code == 404
    # unknown fields are refused
    resp = api(p["jury3"]).post(f"/api/v1/submissions/{own.id}/reviews",
                                json={"decision": "accept", "marks": 5, "score": 100})
    assert resp.status_code == 422 and "score" in resp.get_json()["errors"]


def test_claiming_an_imported_submission_moves_it_onto_the_leaderboard(app, people, jury_contest, submit, api):
    """An unclaimed entry counts for nobody; once its creator links their wiki account it is theirs,
    on the kept leaderboard as in a recount."""
    from arena.contests.operations.accounts import claim_unclaimed_submissions
    from arena.extensions import db
    from arena.reviews.operations import leaderboard

    p = people
    contest = jury_contest("simple", {"marks_accepted": 10, "marks_rejected": 0})
    submit(contest, None, "Unclaimed Article", creator="Dalia")
    assert envelope_ok(api(p["org"]).get(f"/api/v1/contests/{contest.id}/leaderboard")) == []

    dalia = db.session.get(type(p["dalia"]), p["dalia"].id)
    assert claim_unclaimed_submissions(dalia, "Dalia") == 1
    db.session.commit()
    rows = envelope_ok(api(p["org"]).get(f"/api/v1/contests/{contest.id}/leaderboard"))
    assert [(r["participant"]["id"], r["submissions"], r["pending"]) for r in rows] == [(p["dalia"].id, 1, 1)]
    assert leaderboard.differences(contest.id) == {}


def test_global_leaderboard_counts_only_publicly_listed_contests(app, people, jury_contest, submit, api):
    p = people
    public = jury_contest("simple", {"marks_accepted": 10, "marks_rejected": 0})
    hidden = jury_contest("simple", {"marks_accepted": 10, "marks_rejected": 0})
    envelope_ok(api(p["org"]).patch(f"/api/v1/contests/{hidden.id}", {"visibility": "unlisted"}))
    s1 = submit(public, p["alice"], "Public Article")
    s2 = submit(hidden, p["bob"], "Hidden Article")
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{s1.id}/reviews", {"decision": "accept", "marks": 6}), 201)
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{s2.id}/reviews", {"decision": "accept", "marks": 8}), 201)

    def board():
        return [(r["participant"]["name"], r["total_score"]) for r in envelope_ok(api(None).get("/api/v1/leaderboard"))]

    assert board() == [("alice", "6.00")]  # bob's result sits in an unlisted contest
    assert envelope_ok(api(None).get(f"/api/v1/contests/{hidden.id}/leaderboard"))[0]["total_score"] == "8.00"
    envelope_ok(api(p["org"]).patch(f"/api/v1/contests/{hidden.id}", {"visibility": "public"}))
    assert board() == [("bob", "8.00"), ("alice", "6.00")]
    assert api(p["org"]).delete(f"/api/v1/contests/{public.id}").status_code == 200  # soft: it has entries
    assert board() == [("bob", "8.00")]
