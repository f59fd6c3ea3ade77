"""Fraud rules, a registry: each rule looks at a new referral (and the recent ones like it) and
answers an action — ``flag`` (an admin decides before any credit), ``refuse`` (no credit: the
referral is rejected) — or ``None``. Thresholds are run-time settings (``referrals.fraud_*``, see ``settings``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, select

from arena.extensions import db
from arena.referrals import settings
from arena.referrals.models import Referral


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Referral], str | None]


RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    RULES[rule.name] = rule
    return rule


def _count(*conditions) -> int:
    return db.session.scalar(select(func.count(Referral.id)).where(*conditions)) or 0


def ip_signups(referral: Referral) -> str | None:
    """Sign-ups through referral links from one IP within 24 h: more than ``REFERRAL_FRAUD_IP_FLAG``
    (3) → flag; ``REFERRAL_FRAUD_IP_REFUSE`` (6) or more → no referral credit from that IP."""
    if not referral.ip_hash:
        return None
    since = referral.created_at - timedelta(hours=24)
    n = _count(Referral.ip_hash == referral.ip_hash, Referral.created_at > since)  # this one included
    if n >= settings.value("fraud_ip_refuse"):
        return "refuse"
    if n > settings.value("fraud_ip_flag"):
        return "flag"
    return None


def referrer_burst(referral: Referral) -> str | None:
    """``REFERRAL_FRAUD_BURST`` (5) or more referrals of one referrer within an hour → suspicious."""
    since = referral.created_at - timedelta(hours=1)
    n = _count(Referral.referrer_id == referral.referrer_id, Referral.created_at > since)
    return "flag" if n >= settings.value("fraud_burst") else None


register_rule(Rule("ip_signups", ip_signups))
register_rule(Rule("referrer_burst", referrer_burst))


def run(referral: Referral) -> dict[str, str]:
    """Every rule's action for this referral ({rule: action}), rules with nothing to say left out."""
    db.session.flush()
    out = {}
    for rule in RULES.values():
        action = rule.check(referral)
        if action:
            out[rule.name] = action
    return out
