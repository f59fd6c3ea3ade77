"""The eligibility rule registry on hand-made snapshots (pure unit tests)."""

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from arena.contests import rules
from arena.contests.verdicts import verdict_text

START, END = datetime(2025, 3, 1, tzinfo=timezone.utc), datetime(2025, 3, 31, tzinfo=timezone.utc)


def contest(**over):
    base = dict(starts_at=START, ends_at=END, min_bytes=3000, min_references=3, required_categories=["Women scientists"],
                submission_type="both", eligibility_rules={})
    base.update(over)
    return SimpleNamespace(**base)


def sub(wiki_username="Alice"):
    return SimpleNamespace(wiki_username=wiki_username)


SNAP = {"exists": True, "title": "Ada", "namespace": 0, "creator": "Alice", "created_at": "2025-03-05T10:00:00Z",
        "size": 5000, "size_at_start": 0, "expansion_bytes": 5000, "user_bytes_added": 4000,
        "references": {"new": 2, "reused": 1}, "categories": ["Category:Women_scientists", "Mathematicians"],
        "submitter": {"exists": True, "edit_count": 10, "registered_at": "2020-01-01T00:00:00Z"},
        "links": {"outgoing": ["A", "B", "C"], "incoming": ["D"], "outgoing_count": 3, "incoming_count": 1},
        "images": ["Ada.jpg"], "infoboxes": ["Infobox person"]}


@pytest.mark.parametrize("name", sorted(rules.RULES))
def test_every_rule_passes_a_good_snapshot_and_is_unknown_without_facts(name):
    rule = rules.RULES[name]()
    assert rule.evaluate(SNAP, contest(), sub()).status == "pass", name
    assert rule.evaluate(None, contest(), sub()).status == "unknown"
    assert rule.evaluate({"exists": False}, contest(), sub()).status == "fail"


@pytest.mark.parametrize("name, change, message", [
    ("created_in_window", {"created_at": "2025-02-01T00:00:00Z"}, "outside the contest"),
    ("expansion_bytes", {"expansion_bytes": 100}, "3000 needed"),
    ("new_or_expanded", {"created_at": "2024-01-01T00:00:00Z", "expansion_bytes": 10}, "3000 needed"),
    ("min_size", {"size": 2999}, "at least 3000"),
    ("min_references", {"references": {"new": 1, "reused": 0}}, "at least 3"),
    ("submitter_is_creator", {"creator": "Bob"}, "created by Bob"),
    ("main_contributor", {"user_bytes_added": 1000}, "20%"),
    ("account_registered_before", {"submitter": {"exists": True, "registered_at": "2025-03-10T00:00:00Z"}},
     "after the contest started"),
    ("account_registered_before", {"submitter": {"exists": False}}, "does not exist"),
    ("main_namespace", {"namespace": "Help"}, "in the Help namespace"),
    ("min_links", {"links": {"outgoing_count": 2, "incoming_count": 1}}, "2 links to other articles; at least 3"),
    ("not_orphan", {"links": {"outgoing_count": 3, "incoming_count": 0}}, "0 articles link to it"),
    ("has_image", {"images": []}, "0 images; at least 1"),
    ("has_infobox", {"infoboxes": []}, "no infobox"),
    ("required_categories", {"categories": ["Mathematicians"]}, "Women scientists"),
])
def test_rules_fail_with_a_message(name, change, message):
    result = rules.RULES[name]().evaluate({**SNAP, **change}, contest(), sub())
    assert result.status == "fail" and message in verdict_text(result.to_dict())


def test_parameters_and_unknown_facts():
    assert rules.RULES["main_contributor"](percent=90).evaluate(SNAP, contest(), sub()).status == "fail"
    assert rules.RULES["min_size"](bytes=6000).evaluate(SNAP, contest(), sub()).status == "fail"
    assert rules.RULES["submitter_is_creator"]().evaluate(SNAP, contest(), sub(None)).status == "unknown"
    assert rules.RULES["submitter_is_creator"]().evaluate(SNAP, contest(), sub("alice")).status == "pass"
    assert rules.RULES["min_size"]().evaluate({"exists": True}, contest(), sub()).status == "unknown"


def test_a_duplicate_fails_the_implicit_unique_article_rule():
    results = rules.evaluate_all({**SNAP, "duplicate_of": 7}, contest(eligibility_rules={}), sub())
    assert results == [{"rule": "unique_article", "level": "required", "status": "fail",
                        "code": "duplicate", "params": {"submission": 7}}]
    assert verdict_text(results[0]) == "The same article as submission 7 in this contest."
    assert rules.evaluate_all(SNAP, contest(eligibility_rules={}), sub()) == []


def test_evaluate_all_uses_the_contests_configuration_and_levels():
    c = contest(eligibility_rules={"min_size": {"level": "required", "bytes": 9000},
                                   "main_contributor": {"level": "advisory"}})
    results = rules.evaluate_all(SNAP, c, sub())
    assert [(r["rule"], r["level"], r["status"]) for r in results] == [
        ("min_size", "required", "fail"), ("main_contributor", "advisory", "pass")]


def test_defaults_follow_the_settings_and_validation_names_bad_entries():
    assert set(rules.default_rules(contest(submission_type="new"))) == {
        "created_in_window", "main_namespace", "min_size", "min_references", "required_categories"}
    assert set(rules.default_rules(contest(submission_type="expansion", min_references=0, required_categories=[]))) \
        == {"expansion_bytes", "main_namespace"}
    errors = rules.validate_rules_config({"nope": {"level": "required"}, "min_size": {"level": "required", "x": 1},
                                          "main_contributor": {"level": "advisory", "percent": True}})
    assert set(errors) == {"eligibility_rules.nope", "eligibility_rules.min_size",
                           "eligibility_rules.main_contributor"}
    assert rules.validate_rules_config({"min_size": {"level": "advisory", "bytes": 10}}) == {}
