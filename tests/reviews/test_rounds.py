"""Judging rounds end to end through the API, with hand-worked scores: a yes/no round with quorum 2,
a rating round on the accepted entries, a ranking round on the top 3 scored by Borda count; the
final leaderboard and the CSV report agree. Advance rules at their edges, ties at the cut-off."""

from decimal import Decimal

from tests.conftest import envelope_ok
from tests.reviews.conftest import fresh


def review(api, user, sub, status=201, **body):
    resp = api(user).post(f"/api/v1/submissions/{sub.id}/reviews", json=body)
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()


def entries(api, user, contest, n):
    return {e["submission_id"]: e for e in envelope_ok(api(user).get(f"/api/v1/contests/{contest.id}/rounds/{n}/entries"))}


def notes_of(user, kind):
    from sqlalchemy import select

    from arena.extensions import db
    from arena.notifications.models import Notification

    return [n.data for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                                          Notification.kind == kind))]


def test_three_rounds_end_to_end(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 10})
    s1 = submit(contest, p["alice"], "A one")
    s2 = submit(contest, p["bob"], "B one")
    s3 = submit(contest, p["carol"], "C one")
    s4 = submit(contest, p["dalia"], "D one")
    s5 = submit(contest, p["alice"], "A two")
    base = f"/api/v1/contests/{contest.id}/rounds"

    # only organisers define rounds; bad settings name the field and add nothing
    assert api(p["jury1"]).post(base, {"scoring_mode": "yes_no"}).status_code == 403
    bad = api(p["org"]).post(base, {"scoring_mode": "yes_no", "scoring_config": {"quorum": 0}})
    assert bad.status_code == 422 and "scoring_config.quorum" in bad.get_json()["errors"]
    bad = api(p["org"]).post(base, {"scoring_mode": "ranking", "jury_ids": [p["outsider"].id]})
    assert bad.status_code == 422 and "jury_ids" in bad.get_json()["errors"]
    assert envelope_ok(api(p["org"]).get(base)) == []

    r1 = envelope_ok(api(p["org"]).post(base, {"scoring_mode": "yes_no", "scoring_config": {"quorum": 2}}), 201)
    r2 = envelope_ok(api(p["org"]).post(base, {"scoring_mode": "simple", "scoring_config": {
        "marks_accepted": 10, "quorum": 2}, "jury_ids": [p["jury1"].id, p["jury2"].id]}), 201)
    r3 = envelope_ok(api(p["org"]).post(base, {"scoring_mode": "ranking", "scoring_config": {"quorum": 3}}), 201)
    assert [(r["position"], r["state"]) for r in (r1, r2, r3)] == [(1, "open"), (2, "waiting"), (3, "waiting")]
    assert api(p["org"]).post(base, {"scoring_mode": "yes_no"}).status_code == 409  # at most three
    # every juror of round 1 is told it opened
    assert all(notes_of(p[j], "round_opened") == [{"contest_id": contest.id, "round": 1}]
               for j in ("jury1", "jury2", "jury3"))
    assert set(entries(api, p["org"], contest, 1)) == {s1.id, s2.id, s3.id, s4.id, s5.id}

    # round 1, yes/no, quorum 2: yes = 1, no = 0; the majority decides
    for sub in (s1, s2, s3):
        review(api, p["jury1"], sub, decision="accept")
        review(api, p["jury2"], sub, decision="accept")
    review(api, p["jury1"], s5, decision="accept")
    review(api, p["jury3"], s5, decision="accept")
    assert "marks" in review(api, p["jury3"], s4, status=422, decision="accept", marks=3)["errors"]
    review(api, p["jury1"], s4, decision="accept")
    review(api, p["jury2"], s4, decision="reject")  # 1–1: a tie
    got = entries(api, p["org"], contest, 1)
    assert got[s1.id]["score"] == "1.00" and got[s4.id]["state"] == "tie"

    # a tie blocks closing; the organiser settles it with an override for this round
    blocked = api(p["org"]).post(f"{base}/1/close", {"rule": "all"})
    assert blocked.status_code == 409 and blocked.get_json()["errors"]["undecided"] == ["1"]
    envelope_ok(api(p["org"]).post(f"/api/v1/submissions/{s4.id}/overrides",
                                   {"status": "rejected", "reason": "Copied text."}), 201)
    preview = envelope_ok(api(p["org"]).post(f"{base}/1/preview", {"rule": "all"}))
    assert (preview["candidates"], preview["kept"], preview["undecided"]) == (4, 4, 0)
    assert api(p["jury1"]).post(f"{base}/1/close", {"rule": "all"}).status_code == 403
    envelope_ok(api(p["org"]).post(f"{base}/1/close", {"rule": "all"}))
    # rounds can no longer be added once the first has closed
    assert api(p["org"]).post(base, {"scoring_mode": "yes_no"}).status_code == 409
    assert notes_of(p["jury1"], "round_opened")[-1] == {"contest_id": contest.id, "round": 2}
    assert notes_of(p["jury3"], "round_opened") == [{"contest_id": contest.id, "round": 1}]  # not in round 2

    # round 2, simple marks by jury1 and jury2 only; the score is the mean of the marks
    marks = {s1: (8, 6), s2: (9, 9), s3: (5, 7), s5: (4, 6)}  # 7, 9, 6, 5
    assert review(api, p["jury3"], s1, status=403, decision="accept", marks=5)["success"] is False
    review(api, p["jury1"], s4, status=409, decision="accept", marks=5)  # not advanced: not in round 2
    for sub, (a, b) in marks.items():
        review(api, p["jury1"], sub, decision="accept", marks=a)
        review(api, p["jury2"], sub, decision="accept", marks=b)
    got = entries(api, p["org"], contest, 2)
    assert {sid: e["score"] for sid, e in got.items()} == {s1.id: "7.00", s2.id: "9.00", s3.id: "6.00",
                                                           s5.id: "5.00"}
    preview = envelope_ok(api(p["org"]).post(f"{base}/2/preview", {"rule": "top_n", "value": 3}))
    assert preview["kept_ids"] == [s2.id, s1.id, s3.id] and preview["cutoff_score"] == "6.00"
    assert preview["extra_for_ties"] == 0
    bad = api(p["org"]).post(f"{base}/2/preview", {"rule": "top_n", "value": 0})
    assert bad.status_code == 422 and "value" in bad.get_json()["errors"]
    envelope_ok(api(p["org"]).post(f"{base}/2/close", {"rule": "top_n", "value": 3}))

    # round 3, ranking by all three jurors; Borda: of 3 entries, 1st gets 2, 2nd 1, 3rd 0
    rank = f"{base}/3/ranking"
    assert review(api, p["jury1"], s1, status=422, decision="accept")["success"] is False  # rank, don't review
    bad = api(p["jury1"]).post(rank, {"order": [s2.id, s1.id]})
    assert bad.status_code == 422 and "order" in bad.get_json()["errors"]
    envelope_ok(api(p["jury1"]).post(rank, {"order": [s2.id, s1.id, s3.id]}), 201)
    assert api(p["jury1"]).post(rank, {"order": [s2.id, s1.id, s3.id]}).status_code == 409
    envelope_ok(api(p["jury2"]).post(rank, {"order": [s1.id, s2.id, s3.id]}), 201)
    assert entries(api, p["org"], contest, 3)[s2.id]["state"] == "open"  # quorum 3 not reached
    envelope_ok(api(p["jury3"]).post(rank, {"order": [s2.id, s3.id, s1.id]}), 201)
    # s2: 2 + 1 + 2 = 5; s1: 1 + 2 + 0 = 3; s3: 0 + 0 + 1 = 1
    got = entries(api, p["org"], contest, 3)
    assert {sid: e["score"] for sid, e in got.items()} == {s2.id: "5.00", s1.id: "3.00", s3.id: "1.00"}
    final = envelope_ok(api(p["org"]).post(f"{base}/3/close", {}))
    assert final["final"] is True

    # final results: the last round that decided each entry; s5 keeps its round 2 score, s4 its no
    fresh()
    results = {s.id: envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s.id}/result")) for s in
               (s1, s2, s3, s4, s5)}
    assert {sid: (r["score"], r["breakdown"]["round"]) for sid, r in results.items()} == {
        s1.id: ("3.00", 3), s2.id: ("5.00", 3), s3.id: ("1.00", 3), s4.id: ("0.00", 1), s5.id: ("5.00", 2)}
    # alice 3 + 5 = 8, bob 5, carol 1, dalia 0 (rejected)
    rows = envelope_ok(api(None).get(f"/api/v1/contests/{contest.id}/leaderboard"))
    board = [(r["participant"]["name"], r["rank"], r["total_score"]) for r in rows]
    assert board == [("alice", 1, "8.00"), ("bob", 2, "5.00"), ("كارول العربية", 3, "1.00"), ("dalia", 4, "0.00")]

    from arena.reviews import reports
    from arena.reviews.operations import leaderboard

    assert leaderboard.differences(contest.id) == {}
    csv_rows = reports.leaderboard_rows(contest.id)
    assert csv_rows[0][-3:] == ["round 1 score", "round 2 score", "round 3 score"]
    by_name = {row[1]: row for row in csv_rows[1:]}
    assert [(row[1], row[0], row[3]) for row in csv_rows[1:]] == [(n, r, Decimal(s)) for n, r, s in board]
    assert by_name["alice"][-3:] == [Decimal("2.00"), Decimal("12.00"), Decimal("3.00")]
    assert by_name["bob"][-3:] == [Decimal("1.00"), Decimal("9.00"), Decimal("5.00")]
    assert by_name["dalia"][-3:] == [Decimal("0.00"), "", ""]
    subs = reports.submissions_rows(contest)
    header = subs[0]
    s5_row = next(row for row in subs[1:] if row[0] == s5.id)
    assert s5_row[header.index("round 2 score")] == Decimal("5.00") and s5_row[header.index("final round")] == 2
    assert s5_row[header.index("round 3 result")] == ""


def test_first_round_cannot_come_after_reviews(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 10})
    sub = submit(contest, p["alice"], "Early")
    review(api, p["jury1"], sub, decision="accept", marks=4)
    resp = api(p["org"]).post(f"/api/v1/contests/{contest.id}/rounds", {"scoring_mode": "yes_no"})
    assert resp.status_code == 409
    assert envelope_ok(api(p["org"]).get(f"/api/v1/contests/{contest.id}/rounds")) == []


def test_ranking_is_only_for_rounds(app, people, api):
    from arena.core.errors import ValidationFailed
    from arena.reviews import scoring

    try:
        scoring.validate_config("ranking", {})
    except ValidationFailed as exc:
        assert "scoring_mode" in exc.errors
    else:
        raise AssertionError("ranking accepted as a contest's own scoring mode")
    assert scoring.validate_config("ranking", {"quorum": 2}, in_round=True)["quorum"] == 2


# --- advance rules at their edges ---------------------------------------------------------------
SCORES = [(1, Decimal(9)), (2, Decimal(7)), (3, Decimal(7)), (4, Decimal(5)), (5, Decimal(3))]


def keep(rule):
    from arena.reviews.operations.rounds import parse_rule, select_advancing

    return select_advancing(SCORES, parse_rule(rule))


def test_top_n_keeps_everyone_tied_at_the_cut_off():
    result = keep({"rule": "top_n", "value": 2})  # 9, 7 | 7 ties with the 2nd: kept too
    assert result["kept_ids"] == [1, 2, 3] and result["kept"] == 3 and result["extra_for_ties"] == 1
    assert result["cutoff_score"] == "7.00" and result["tied_at_cutoff"] == 2
    result = keep({"rule": "top_n", "value": 3})  # cut between 7 and 5: no tie
    assert result["kept_ids"] == [1, 2, 3] and result["extra_for_ties"] == 0
    assert keep({"rule": "top_n", "value": 1})["kept_ids"] == [1]
    assert keep({"rule": "top_n", "value": 50})["kept_ids"] == [1, 2, 3, 4, 5]  # more than there are


def test_top_percent_rounds_up_and_keeps_ties():
    assert keep({"rule": "top_percent", "value": 20})["kept_ids"] == [1]  # ceil(1.0)
    result = keep({"rule": "top_percent", "value": 30})  # ceil(1.5) = 2, and the tie at 7 → 3
    assert result["asked"] == 2 and result["kept"] == 3
    assert keep({"rule": "top_percent", "value": 100})["kept"] == 5


def test_min_score_is_inclusive():
    assert keep({"rule": "min_score", "value": 7})["kept_ids"] == [1, 2, 3]
    assert keep({"rule": "min_score", "value": "7.01"})["kept_ids"] == [1]
    assert keep({"rule": "min_score", "value": 10})["kept"] == 0


def test_bad_rules_are_refused():
    import pytest

    from arena.core.errors import ValidationFailed

    for rule in ({"rule": "best"}, {"rule": "top_n", "value": 0}, {"rule": "top_n", "value": True},
                 {"rule": "top_percent", "value": 0}, {"rule": "top_percent", "value": 101},
                 {"rule": "min_score", "value": "x"}, {"rule": "min_score"}):
        with pytest.raises(ValidationFailed):
            keep(rule)


# --- jury changes mid-round -------------------------------------------------------------------------
def open_loads(contest, number):
    from arena.reviews.operations.assignments import open_loads as loads
    from arena.reviews.operations.rounds import contest_jurors

    return loads(contest.id, contest_jurors(contest.id), number)


def test_removing_a_juror_mid_round_spreads_only_their_open_work(app, people, create_user, jury_contest, submit,
                                                                  api):
    from arena.contests import operations
    from arena.contests.models import Contest
    from arena.extensions import db

    p = people
    p["jury4"] = create_user("jury4")
    db.session.commit()
    contest = jury_contest("simple", {"marks_accepted": 10}, jurors=("jury1", "jury2", "jury3", "jury4"))
    subs = [submit(contest, p[name], f"{name.title()} {i}") for name in ("alice", "bob", "carol", "dalia") for i in (1, 2)]
    base = f"/api/v1/contests/{contest.id}/rounds"
    envelope_ok(api(p["org"]).post(base, {"scoring_mode": "yes_no"}), 201)
    envelope_ok(api(p["org"]).post(base, {"scoring_mode": "simple", "scoring_config": {
        "marks_accepted": 10, "distribution": "assigned"}}), 201)
    for sub in subs:
        review(api, p["jury1"], sub, decision="accept")
    envelope_ok(api(p["org"]).post(f"{base}/1/close", {"rule": "all"}))
    # round 2 opened: its 8 entries spread over the 4 jurors, 2 each
    fresh()
    assert sorted(open_loads(contest, 2).values()) == [2, 2, 2, 2]
    ids = {j: p[j].id for j in ("jury1", "jury2", "jury3", "jury4")}
    from sqlalchemy import select

    from arena.reviews.models import Assignment

    def assigned_to(juror):
        return list(db.session.scalars(select(Assignment.submission_id).where(
            Assignment.juror_id == ids[juror], Assignment.round_number == 2).order_by(Assignment.submission_id)))

    done, waiting = assigned_to("jury4")
    given = review(api, p["jury4"], db.session.get(type(subs[0]), done), decision="accept", marks=7)

    operations.remove_member(db.session.get(Contest, contest.id), "jury", ids["jury4"], actor=p["org"])
    db.session.commit()
    fresh()
    # the removed juror's review stays and still decides its entry; their waiting entry moved on
    reviews = envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{done}/reviews"))
    assert [(r["id"], r["score"]) for r in reviews if r["juror"]["id"] == ids["jury4"]] == [
        (given["data"]["id"], "7.00")]
    assert entries(api, p["org"], contest, 2)[done]["score"] == "7.00"
    assert assigned_to("jury4") == [done]
    loads = open_loads(contest, 2)
    assert sorted(loads.values()) == [2, 2, 3] and sum(loads.values()) == 7
    assert any(waiting in assigned_to(j) for j in ("jury1", "jury2", "jury3"))
    # round 1 is untouched: jury1's eight reviews there are all still given
    from arena.reviews.models import Review

    assert db.session.query(Review).filter_by(contest_id=contest.id, round_number=1).count() == 8

    # a juror joining mid-round takes a fair share of the waiting work, and only that
    operations.add_member(db.session.get(Contest, contest.id), "jury", user_id=ids["jury4"], actor=p["org"])
    db.session.commit()
    fresh()
    assert sorted(open_loads(contest, 2).values()) == [1, 2, 2, 2]


def test_a_round_with_dates_takes_reviews_only_between_them(app, people, jury_contest, submit, api, time_machine):
    from datetime import timedelta

    from arena.core.timeutil import isoformat, utcnow

    p = people
    now = utcnow().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    contest = jury_contest("simple", {"marks_accepted": 10})
    early, late = submit(contest, p["alice"], "Early bird"), submit(contest, p["bob"], "Late comer")
    base = f"/api/v1/contests/{contest.id}/rounds"
    window = {"starts_at": isoformat(now + timedelta(days=1)), "ends_at": isoformat(now + timedelta(days=2))}
    envelope_ok(api(p["org"]).post(base, {"scoring_mode": "yes_no", "scoring_config": {"quorum": 2}, **window}), 201)

    too_soon = review(api, p["jury1"], early, status=409, decision="accept")
    assert "Round 1 opens for reviews on" in too_soon["message"]
    assert entries(api, p["org"], contest, 1)[early.id]["review_count"] == 0

    time_machine.move_to(now + timedelta(days=1, hours=1), tick=False)
    given = review(api, p["jury1"], early, decision="accept")["data"]

    time_machine.move_to(now + timedelta(days=2), tick=False)  # the end is exclusive
    too_late = review(api, p["jury2"], late, status=409, decision="accept")
    assert "Round 1 closed for reviews on" in too_late["message"]
    edit = api(p["jury1"]).patch(f"/api/v1/submissions/{early.id}/reviews/{given['id']}", json={"decision": "reject"})
    assert edit.status_code == 409 and "closed for reviews" in edit.get_json()["message"]
    got = entries(api, p["org"], contest, 1)
    assert got[early.id]["review_count"] == 1 and got[late.id]["review_count"] == 0


def test_a_round_without_dates_takes_reviews_at_any_time(app, people, jury_contest, submit, api, time_machine):
    from datetime import timedelta

    from arena.core.timeutil import utcnow

    p = people
    time_machine.move_to(utcnow(), tick=False)
    contest = jury_contest("simple", {"marks_accepted": 10})
    sub = submit(contest, p["alice"], "Whenever")
    envelope_ok(api(p["org"]).post(f"/api/v1/contests/{contest.id}/rounds", {"scoring_mode": "yes_no"}), 201)
    time_machine.move_to(utcnow() + timedelta(days=400), tick=False)
    review(api, p["jury1"], sub, decision="accept")
