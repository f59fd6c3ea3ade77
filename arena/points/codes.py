"""What a ledger entry says, in the reader's language: entries store a code and parameters, and
pages and the API render them here when they are read."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "competition": _l("Competition"),
    "contest_submission": _l("Contest submission"),
    "referral": _l("Referral"),
    "purchase": _l("Purchase"),
    "redemption": _l("Reward"),
    "refund": _l("Refund"),
    "admin_adjustment": _l("Adjustment"),
    "milestone": _l("Milestone"),
}

CODES = {
    "competition.scored": _l("Competition attempt scored"),
    "contest.accepted": _l("Submission “%(title)s” accepted"),
    "contest.reversed": _l("Submission “%(title)s” no longer accepted"),
    "purchase.recorded": _l("Purchase %(reference)s"),
    "redemption.spent": _l("Redeemed “%(reward)s”"),
    "redemption.cancelled": _l("Refund for “%(reward)s”: request cancelled"),
    "redemption.rejected": _l("Refund for “%(reward)s”: request rejected"),
    "adjustment.admin": _l("Adjustment by an administrator"),
    "milestone.welcome": _l("Welcome points"),
    "referral.referrer": _l("Referral of %(name)s verified"),
    "referral.referred": _l("Joined through a referral"),
    "referral.milestone": _l("Referral milestone: %(count)s verified"),
}


def describe(code: str, params: dict[str, Any] | None) -> str:
    """The entry's description, formatted in the current locale (unknown codes show as they are)."""
    template = CODES.get(code)
    if template is None:
        return code
    try:
        return str(template) % {k: v for k, v in (params or {}).items()} if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
