"""Question kinds and scoring terms, with the arithmetic written out."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from arena.competitions.kinds import KINDS, InvalidQuestion, InvalidResponse, normalise_text
from arena.competitions.models import DEFAULT_REWARD_TIERS
from arena.competitions.scoring import Rules, money, score

D = Decimal
OPTIONS = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}, {"id": "d", "text": "D"}]


def question(kind, answer, partial=False, options=OPTIONS):
    return SimpleNamespace(kind=kind, answer=answer, partial=partial, options=options)


# --- kinds ------------------------------------------------------------------------------------
def test_single_choice_grades_only_the_correct_option():
    q, kind = question("single", "b"), KINDS["single"]
    assert kind.grade(q, "b") == 1
    assert kind.grade(q, "a") == 0
    with pytest.raises(InvalidResponse):
        kind.read_response(q, "z")
    with pytest.raises(InvalidQuestion):
        kind.check(OPTIONS, "z", False)


def test_multiple_choice_all_or_nothing_without_partial():
    q, kind = question("multiple", ["a", "c"]), KINDS["multiple"]
    assert kind.grade(q, ["a", "c"]) == 1
    assert kind.grade(q, ["a"]) == 0  # one correct missing
    assert kind.grade(q, ["a", "c", "d"]) == 0  # a wrong one chosen


def test_multiple_choice_partial_is_correct_minus_wrong_over_correct_floored_at_zero():
    q, kind = question("multiple", ["a", "b", "c"], partial=True), KINDS["multiple"]
    assert kind.grade(q, ["a", "b", "c"]) == 1
    assert kind.grade(q, ["a", "b"]) == D(2) / D(3)  # (2 − 0) / 3
    assert kind.grade(q, ["a", "b", "d"]) == D(1) / D(3)  # (2 − 1) / 3
    assert kind.grade(q, ["a", "d"]) == 0  # (1 − 1) / 3
    assert kind.grade(q, ["d"]) == 0  # (0 − 1) / 3 floored at 0


def test_true_false():
    q, kind = question("true_false", False, options=[]), KINDS["true_false"]
    assert kind.grade(q, False) == 1
    assert kind.grade(q, True) == 0
    with pytest.raises(InvalidResponse):
        kind.read_response(q, "false")  # a text is not a boolean
    with pytest.raises(InvalidQuestion):
        kind.check([], "yes", False)


@pytest.mark.parametrize("given", [
    "القاهرة", "القَاهِرَة", "القاهره", "  القاهرة  ", "القــاهرة",  # diacritics, ta marbuta, spaces, tatweel
])
def test_short_text_arabic_normalisation(given):
    q = question("short_text", ["القاهرة"], options=[])
    assert KINDS["short_text"].grade(q, given) == 1


def test_short_text_alef_and_ya_variants_and_case():
    assert normalise_text("إبراهيم") == normalise_text("ابراهيم") == normalise_text("أبراهيم")
    assert normalise_text("مستشفى") == normalise_text("مستشفي")
    assert normalise_text("آمنة") == normalise_text("امنه")
    assert normalise_text("  Paris   France ") == "paris france"
    q = question("short_text", ["Paris"], options=[])
    assert KINDS["short_text"].grade(q, "paris") == 1
    assert KINDS["short_text"].grade(q, "London") == 0
    assert KINDS["short_text"].grade(q, "   ") == 0
    assert normalise_text("بيروت") != normalise_text("بيرون")  # a different word stays different


# --- scoring terms ----------------------------------------------------------------------------
def marks(right, wrong, unanswered, points=D(10)):
    return [(points, D(1))] * right + [(points, D(0))] * wrong + [(points, None)] * unanswered


def test_the_worked_example_of_the_issue():
    """10 questions of 10 points, 7 right, 2 wrong, 1 unanswered, penalty 2, limit 600 s, 250 s used:
    raw 70, penalties 2 × 2 = 4, 350 s left > 300 so time bonus 20 % of 66 = 13.20, total 79.20;
    70 % correct reaches the 50 % tier: half of 100 competition points = 50."""
    rules = Rules(wrong_penalty=D(2), time_limit_seconds=600, competition_points=100,
                  reward_tiers=DEFAULT_REWARD_TIERS)
    result = score(marks(7, 2, 1), rules, duration_seconds=250)
    assert (result.correct, result.wrong, result.unanswered) == (7, 2, 1)
    assert result.raw_points == D("70.00")
    assert result.penalties == D("4.00")
    assert result.all_correct_bonus == D("0.00")
    assert result.time_bonus == D("13.20")
    assert result.total == D("79.20")
    assert result.percent_correct == D("70.00")
    assert result.reward_share == 50
    assert result.points_earned == 50


def test_no_time_bonus_when_half_the_time_or_less_is_left():
    rules = Rules(time_limit_seconds=600, competition_points=100, reward_tiers=DEFAULT_REWARD_TIERS)
    assert score(marks(5, 0, 0), rules, duration_seconds=300).time_bonus == 0  # exactly half left: no bonus
    assert score(marks(5, 0, 0), rules, duration_seconds=299).time_bonus == D("10.00")  # 20 % of 50
    assert score(marks(5, 0, 0), Rules(), duration_seconds=1).time_bonus == 0  # untimed: no bonus


def test_all_correct_bonus_and_full_points():
    """4 × 10 all right = 40, bonus 5 → 45; 100 % earns all 30 competition points."""
    rules = Rules(all_correct_bonus=D(5), competition_points=30, reward_tiers=DEFAULT_REWARD_TIERS)
    result = score(marks(4, 0, 0), rules, duration_seconds=10)
    assert result.all_correct_bonus == D("5.00")
    assert result.total == D("45.00")
    assert (result.percent_correct, result.reward_share, result.points_earned) == (D("100.00"), 100, 30)


def test_total_never_below_zero_and_below_half_earns_nothing():
    """1 right of 5 (10), 4 wrong × 5 = 20 penalties → −10, shown as 0; 20 % earns no points."""
    rules = Rules(wrong_penalty=D(5), competition_points=100, reward_tiers=DEFAULT_REWARD_TIERS,
                  time_limit_seconds=600)
    result = score(marks(1, 4, 0), rules, duration_seconds=10)
    assert result.penalties == D("20.00")
    assert result.time_bonus == 0  # no bonus on a negative score
    assert result.total == D("0.00")
    assert result.points_earned == 0


def test_half_up_rounding_to_cents_and_whole_points():
    """Partial credit 1/3 of 10 points = 3.333… → 3.33; a 10 % time bonus of 0.05 = 0.005 → 0.01
    (half up, where banker's rounding would give 0.00); half of 15 competition points = 7.5 → 8."""
    assert money(D("0.025")) == D("0.03")
    result = score([(D(10), D(1) / D(3))], Rules(), duration_seconds=1)
    assert result.raw_points == D("3.33")
    bonus = score([(D("0.05"), D(1))], Rules(time_limit_seconds=100, time_bonus_percent=D(10)), 1)
    assert bonus.time_bonus == D("0.01")
    half = score(marks(1, 1, 0), Rules(competition_points=15, reward_tiers=DEFAULT_REWARD_TIERS), 1)
    assert (half.reward_share, half.points_earned) == (50, 8)
