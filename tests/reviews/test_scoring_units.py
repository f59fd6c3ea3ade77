"""Scoring arithmetic that the end-to-end tests do not reach: half-up rounding and the wiki
service's snapshot shape."""

from decimal import Decimal

from arena.reviews import scoring


def test_weighted_scores_round_half_up(app):
    config = scoring.validate_config("multi_parameter", {
        "parameters": [{"name": "A", "weight": 50}, {"name": "B", "weight": 50}], "max_score": 10})
    mode = scoring.mode_for("multi_parameter")
    # 1×0.5 + 0×0.5 = 0.5; × 10/10 = 0.5 → 1 (half up; banker's rounding would give 0)
    assert mode.review_score(config, "accept", {"parameter_scores": {"A": 1, "B": 0}}, None)[0] == Decimal(1)
    # 3×0.5 + 2×0.5 = 2.5 → 3 (banker's rounding would give 2)
    assert mode.review_score(config, "accept", {"parameter_scores": {"A": 3, "B": 2}}, None)[0] == Decimal(3)


def test_automated_reads_the_wiki_service_snapshot_shape(app):
    snapshot = {"size": 2500, "references": {"new": 3, "reused": 4},
                "links": {"outgoing": ["X", "Y"], "incoming": ["Z"], "outgoing_count": 2, "incoming_count": 1},
                "images": ["a.jpg"], "infoboxes": ["Infobox person"]}
    facts = scoring.snapshot_facts(snapshot)
    assert facts == {"bytes": 2500, "incoming_links": 1, "outgoing_links": 2, "infoboxes": 1, "images": 1,
                     "new_references": 3, "reused_references": 4, "references": 7}
    config = scoring.validate_config("automated", {"points_per_reused_reference": 0.125, "min_incoming_links": 2})
    value, breakdown = scoring.mode_for("automated").points(config, snapshot)
    assert value == Decimal("0.00") and breakdown["unmet_minimums"][0]["minimum"] == "min_incoming_links"
