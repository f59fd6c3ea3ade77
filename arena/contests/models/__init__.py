"""Contests domain models, one module per noun; import them from here."""

from arena.contests.models.accounts import WikiAccount
from arena.contests.models.contest import (
    CONTEST_STATUSES, MEMBER_ROLES, SCORING_MODES, SUBMISSION_TYPES, TEMPLATE_TARGETS, VISIBILITIES, Contest,
    ContestMember, ContestWiki,
)
from arena.contests.models.requests import REQUEST_STATUSES, ContestRequest, TrustedMemberRequest
from arena.contests.models.submission import SUBMISSION_STATUSES, Submission
from arena.contests.models.template import ContestTemplate
from arena.contests.models.umbrella import DEDUP_RULES, Umbrella, UmbrellaChild

__all__ = [
    "CONTEST_STATUSES", "MEMBER_ROLES", "REQUEST_STATUSES", "SCORING_MODES", "SUBMISSION_STATUSES",
    "SUBMISSION_TYPES", "TEMPLATE_TARGETS", "VISIBILITIES", "Contest", "ContestMember", "ContestRequest", "ContestTemplate",
    "ContestWiki", "DEDUP_RULES", "Submission", "TrustedMemberRequest", "Umbrella", "UmbrellaChild", "WikiAccount",
]
