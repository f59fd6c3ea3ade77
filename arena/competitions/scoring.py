"""The scoring terms of an attempt, in Decimal arithmetic rounded half-up to cents.

- raw points: the sum over questions of points × credit (credit 0..1 from the question's kind);
- correct / wrong / unanswered: full credit / answered without full credit / no answer saved;
- penalties: wrong answers × the competition's penalty per wrong answer;
- all-correct bonus: when every question earned full credit;
- time bonus: when the attempt is timed and more than half of the time limit was left, the
  competition's percentage (default 20 %) of raw − penalties + all-correct bonus;
- total: raw − penalties + all-correct bonus + time bonus, never below 0;
- percentage correct: correct ÷ questions × 100;
- reward share: the first tier (highest threshold first) whose ``min_percent`` the percentage
  reaches pays its ``share`` (%) of the competition points; competition points earned are that
  share of the competition points, rounded half-up to a whole point.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rules:
    wrong_penalty: Decimal = ZERO
    all_correct_bonus: Decimal = ZERO
    time_bonus_percent: Decimal = Decimal("20")
    time_limit_seconds: int | None = None
    competition_points: int = 0
    reward_tiers: Sequence[dict] = ()


@dataclass(frozen=True)
class Breakdown:
    correct: int
    wrong: int
    unanswered: int
    raw_points: Decimal
    penalties: Decimal
    all_correct_bonus: Decimal
    time_bonus: Decimal
    total: Decimal
    percent_correct: Decimal
    reward_share: int
    points_earned: int


def reward_share(percent: Decimal, tiers: Iterable[dict]) -> int:
    for tier in sorted(tiers, key=lambda t: Decimal(str(t["min_percent"])), reverse=True):
        if percent >= Decimal(str(tier["min_percent"])):
            return int(tier["share"])
    return 0


def score(marks: Sequence[tuple[Decimal, Decimal | None]], rules: Rules, duration_seconds: int) -> Breakdown:
    """``marks``: one ``(question points, credit or None when unanswered)`` per question."""
    correct = sum(1 for _, credit in marks if credit is not None and credit >= 1)
    unanswered = sum(1 for _, credit in marks if credit is None)
    wrong = len(marks) - correct - unanswered
    raw = money(sum((Decimal(points) * credit for points, credit in marks if credit is not None), ZERO))
    penalties = money(Decimal(rules.wrong_penalty) * wrong)
    bonus = money(rules.all_correct_bonus) if marks and correct == len(marks) else money(ZERO)
    subtotal = raw - penalties + bonus
    time_bonus = money(ZERO)
    limit = rules.time_limit_seconds
    if limit and (limit - duration_seconds) * 2 > limit and subtotal > 0:
        time_bonus = money(subtotal * Decimal(rules.time_bonus_percent) / HUNDRED)
    total = max(money(subtotal + time_bonus), money(ZERO))
    percent = money(Decimal(correct) * HUNDRED / len(marks)) if marks else money(ZERO)
    share = reward_share(percent, rules.reward_tiers)
    earned = int((Decimal(rules.competition_points) * share / HUNDRED).quantize(Decimal(1), ROUND_HALF_UP))
    return Breakdown(correct, wrong, unanswered, raw, penalties, bonus, time_bonus, total, percent, share, earned)
