"""Multi-parameter and automated scoring end to end, scoring settings validation and freezing,
assignments by quorum with re-distribution, and the leaderboard against a recount."""

import random

from tests.conftest import envelope_ok
from tests.reviews.conftest import fresh

WEIGHTED = {"parameters": [{"name": "Content", "weight": 50}, {"name": "Sources", "weight": 30},
                           {"name": "Style", "weight": 20}], "min_score": 2, "max_score": 20}
AUTOMATED = {"min_bytes": 1000, "min_references": 2, "points_per_accepted": 5, "points_per_byte": 0.001,
             "points_per_incoming_link": 0.5, "points_per_outgoing_link": 0.1, "points_per_new_reference": 1,
             "points_per_reused_reference": 0.25, "points_per_infobox": 2, "points_per_image": 1.5}


def post_review(api, user, sub, status=201, **body):
    resp = api(user).post(f"/api/v1/submissions/{sub.id}/reviews", json=body)
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()


def test_multi_parameter_contest(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("multi_parameter", WEIGHTED)
    s1, s2, s3 = (submit(contest, p[n], t) for n, t in (("alice", "One"), ("bob", "Two"), ("carol", "Three")))
    # Σ(score × weight / 100) = 7×0.5 + 9×0.3 + 4×0.2 = 3.5 + 2.7 + 0.8 = 7.0; × max 20 / 10 = 14
    data = post_review(api, p["jury1"], s1, decision="accept",
                       parameter_scores={"Content": 7, "Sources": 9, "Style": 4})["data"]
    assert data["score"] == "14.00"
    assert [t["weighted"] for t in data["breakdown"]["terms"]] == ["3.5", "2.7", "0.8"]
    # 0×0.5 + 0×0.3 + 1×0.2 = 0.2; × 2 = 0.4 → rounds to 0 → clamped up to min_score 2
    assert post_review(api, p["jury1"], s3, decision="accept",
                       parameter_scores={"Content": 0, "Sources": 0, "Style": 1})["data"]["score"] == "2.00"
    # every parameter, each 0–10, nothing unknown: errors name the field and store nothing
    for scores in ({"Content": 7, "Sources": 9}, {"Content": 11, "Sources": 9, "Style": 4},
                   {"Content": 7, "Sources": 9, "Style": 4, "Length": 3}):
        bad = post_review(api, p["jury2"], s2, status=422, decision="accept", parameter_scores=scores)
        assert "parameter_scores" in bad["errors"]
    assert envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{s2.id}/reviews")) == []
    # rejecting gives min_score
    assert post_review(api, p["jury2"], s2, decision="reject")["data"]["score"] == "2.00"
    rows = envelope_ok(api(None).get(f"/api/v1/contests/{contest.id}/leaderboard"))
    assert [(r["participant"]["name"], r["rank"], r["total_score"]) for r in rows] == [
        ("alice", 1, "14.00"), ("bob", 2, "2.00"), ("كارول العربية", 2, "2.00")]

    # once reviewed, the scoring is frozen (409) but hidden_marks may still change
    base = f"/api/v1/contests/{contest.id}"
    changed = api(p["org"]).patch(base, {"scoring_mode": "simple", "scoring_config": {"marks_accepted": 5}})
    assert changed.status_code == 409
    frozen = api(p["org"]).patch(base, {"scoring_config": {**WEIGHTED, "max_score": 40}})
    assert frozen.status_code == 409
    ok = api(p["org"]).patch(base, {"scoring_config": {**WEIGHTED, "hidden_marks": True}})
    assert ok.status_code == 200, ok.get_json()
    fresh()
    from arena.contests.models import Contest
    from arena.extensions import db

    stored = db.session.get(Contest, contest.id)
    assert stored.scoring_mode == "multi_parameter" and stored.scoring_config["max_score"] == 20


def test_scoring_settings_are_validated_per_mode(app, people, api):
    from datetime import timedelta

    from arena.core.timeutil import utcnow

    p = people
    now = utcnow()
    base = {"name": "Check", "wikis": ["enwiki"], "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(days=3)).isoformat()}
    cases = [
        ("multi_parameter", {**WEIGHTED, "parameters": [{"name": "A", "weight": 50}, {"name": "B", "weight": 49}]},
         "scoring_config.parameters"),
        ("multi_parameter", {**WEIGHTED, "min_score": 30}, "scoring_config.min_score"),
        ("simple", {"marks_accepted": "ten"}, "scoring_config.marks_accepted"),
        ("simple", {"marks_accepted": 5, "marks_rejected": 6}, "scoring_config.marks_rejected"),
        ("simple", {"marks_accepted": 5, "quorum": 0}, "scoring_config.quorum"),
        ("automated", {"points_per_byte": "lots"}, "scoring_config.points_per_byte"),
        ("automated", {"min_bytes": -1}, "scoring_config.min_bytes"),
        ("automated", {"points_per_poem": 1}, "scoring_config.points_per_poem"),
    ]
    for mode, config, field in cases:
        resp = api(p["admin"]).post("/api/v1/contests", {**base, "scoring_mode": mode, "scoring_config": config})
        assert resp.status_code == 422, (mode, config, resp.get_json())
        assert field in resp.get_json()["errors"], (field, resp.get_json())
    resp = api(p["admin"]).post("/api/v1/contests", {**base, "scoring_mode": "automated", "scoring_config": AUTOMATED})
    assert resp.status_code == 201, resp.get_json()


def test_automated_contest_with_assignments(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("automated", {**AUTOMATED, "distribution": "assigned", "quorum": 1})
    rich = {"size": 4321, "incoming_links": 3, "outgoing_links": 17, "references": {"new": 6, "reused": 2},
            "infoboxes": 1, "images": 2}
    subs = [submit(contest, p["alice"], "Rich", snapshot=rich),
            submit(contest, p["bob"], "Short", snapshot={"size": 500, "references": 5})]
    subs += [submit(contest, p[n], f"Extra {i}") for i, n in enumerate(["carol", "dalia", "carol", "dalia"])]

    def loads():
        return {j: len(envelope_ok(api(p["org"]).get(
            f"/api/v1/contests/{contest.id}/review-queue?assigned_to={p[j].id}&per_page=100")))
            for j in ("jury1", "jury2", "jury3")}

    # 6 submissions, quorum 1, 3 jurors: 2 each
    assert loads() == {"jury1": 2, "jury2": 2, "jury3": 2}
    # a juror leaves: their waiting work goes to the others (3 each); back again: evened out
    from arena.contests import operations
    from arena.contests.models import Contest
    from arena.extensions import db

    operations.remove_member(db.session.get(Contest, contest.id), "jury", p["jury3"].id, actor=p["org"])
    db.session.commit()
    assert loads() == {"jury1": 3, "jury2": 3, "jury3": 0}
    operations.add_member(db.session.get(Contest, contest.id), "jury", user_id=p["jury3"].id, actor=p["org"])
    db.session.commit()
    assert sorted(loads().values()) == [2, 2, 2]

    def assignee(sub):
        return next(j for j in ("jury1", "jury2", "jury3") if sub.id in [
            s["id"] for s in envelope_ok(api(p[j]).get(f"/api/v1/contests/{contest.id}/review-queue?todo=true"))])

    rich_juror = assignee(subs[0])
    other = next(j for j in ("jury1", "jury2", "jury3") if j != rich_juror)
    assert api(p[other]).post(f"/api/v1/submissions/{subs[0].id}/reviews",
                              json={"decision": "accept"}).status_code == 403  # not assigned to them
    assert post_review(api, p[rich_juror], subs[0], status=422, decision="accept", marks=3)["errors"]["marks"]
    data = post_review(api, p[rich_juror], subs[0], decision="accept")["data"]
    # 5 + 4321×0.001 + 3×0.5 + 17×0.1 + 6×1 + 2×0.25 + 1×2 + 2×1.5
    # = 5 + 4.321 + 1.5 + 1.7 + 6 + 0.5 + 2 + 3 = 24.021 → 24.02
    assert data["score"] == "24.02"
    terms = {t["term"]: t["points"] for t in data["breakdown"]["terms"]}
    assert terms == {"accepted": "5.00", "bytes": "4.32", "incoming_links": "1.50", "outgoing_links": "1.70",
                     "new_references": "6.00", "reused_references": "0.50", "infoboxes": "2.00", "images": "3.00"}
    # the short article is accepted but misses the 1000-byte minimum: 0 points, and says why
    short = post_review(api, p[assignee(subs[1])], subs[1], decision="accept")["data"]
    assert short["score"] == "0.00" and short["breakdown"]["eligible"] is False
    assert short["breakdown"]["unmet_minimums"] == [{"minimum": "min_bytes", "needed": 1000, "have": 500}]

    # the facts are refreshed by the contests domain: the score follows (size 4321 → 5000: +0.679)
    from arena.contests.models import Submission
    from arena.contests.operations import submissions as contest_submissions

    fresh()
    sub = db.session.get(Submission, subs[0].id)
    contest_submissions.apply_snapshot(sub, {**rich, "size": 5000})
    db.session.commit()
    fresh()
    # 5 + 5.0 + 1.5 + 1.7 + 6 + 0.5 + 2 + 3 = 24.70
    result = envelope_ok(api(p["org"]).get(f"/api/v1/submissions/{subs[0].id}/result"))
    assert result["score"] == "24.70" and result["breakdown"]["facts"]["bytes"] == 5000
    mine = envelope_ok(api(p["alice"]).get("/api/v1/me/submission-results"))
    assert mine[0]["score"] == "24.70" and mine[0]["breakdown"]["terms"][1]["points"] == "5.00"
    top = envelope_ok(api(None).get(f"/api/v1/contests/{contest.id}/leaderboard"))[0]
    assert top["participant"]["name"] == "alice" and top["total_score"] == "24.70"


def test_incremental_leaderboard_matches_a_recount_after_random_reviews(app, people, jury_contest, submit, api):
    """Random reviews, edits and overrides on two contests; the kept rows always equal a recount."""
    from arena.reviews.operations import leaderboard

    p = people
    rng = random.Random(20240601)
    contests = [jury_contest("simple", {"marks_accepted": 10, "marks_rejected": -3, "quorum": 2}),
                jury_contest("multi_parameter", {**WEIGHTED, "quorum": 1})]
    participants = ["alice", "bob", "carol", "dalia"]
    subs = [(c, submit(c, p[rng.choice(participants)], f"Article {c.id}-{i}")) for c in contests for i in range(12)]
    for _ in range(60):
        contest, sub = rng.choice(subs)
        juror = p[rng.choice(["jury1", "jury2", "jury3"])]
        if rng.random() < 0.15:
            api(p["org"]).post(f"/api/v1/submissions/{sub.id}/overrides",
                               {"status": rng.choice(["accepted", "rejected"]), "score": rng.randint(-5, 30),
                                "reason": "random check"})
            continue
        decision = rng.choice(["accept", "reject"])
        body = {"decision": decision}
        if decision == "accept":
            if contest.scoring_mode == "simple":
                body["marks"] = rng.randint(0, 10)
            else:
                body["parameter_scores"] = {n: rng.randint(0, 10) for n in ("Content", "Sources", "Style")}
        api(juror).post(f"/api/v1/submissions/{sub.id}/reviews", body)
    fresh()
    for contest in contests:
        assert leaderboard.differences(contest.id) == {}
        assert leaderboard.recount(contest.id), "the random series produced results"
    # the global board equals the sum over contests
    glob = {r["participant"]["id"]: r for r in envelope_ok(api(None).get("/api/v1/leaderboard?per_page=100"))}
    from decimal import Decimal

    for pid, row in glob.items():
        total = sum((leaderboard.recount(c.id).get(pid, {}).get("total_score", Decimal(0)) for c in contests),
                    Decimal(0))
        assert Decimal(row["total_score"]) == total
    # corrupt a row, detect it, repair it with the CLI
    from arena.extensions import db
    from arena.reviews.models import LeaderboardEntry

    entry = db.session.query(LeaderboardEntry).filter_by(contest_id=contests[0].id).first()
    entry.total_score += 100
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["leaderboard-rebuild", "--check"]).exit_code == 1
    result = runner.invoke(args=["leaderboard-rebuild"])
    assert result.exit_code == 0, result.output
    fresh()
    assert runner.invoke(args=["leaderboard-rebuild", "--check"]).exit_code == 0
