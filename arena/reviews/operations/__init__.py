"""Writes of the reviews domain (operations flush; the request or task boundary commits)."""

from flask_babel import gettext as _

from arena.reviews.operations.assignments import ensure_assigned, rebalance
from arena.reviews.operations.leaderboard import apply as apply_to_leaderboard
from arena.reviews.operations.results import decide, outcome_for, override_result
from arena.reviews.operations.reviews import create_review, post_message, update_review
from arena.reviews.operations.sync import sync_submission


def scoring_change_refusal(contest, mode: str | None = None, config: dict | None = None, **_extra):
    """Answers ``contest_scoring_change_asked`` before the contests domain saves its settings: once
    any review exists, the scoring mode and the settings that compute a score are frozen (a
    ``Conflict``, 409). ``hidden_marks`` may still change. ``None`` when the change is allowed."""
    from arena.core.errors import Conflict
    from arena.reviews import queries, scoring

    if not queries.has_reviews(contest.id):
        return None
    if mode is not None and mode != contest.scoring_mode:
        return Conflict(_("The scoring mode cannot change once submissions have been reviewed."),
                        {"scoring_mode": [_("Reviews exist; the scoring mode is fixed.")]})
    if config is not None:
        def frozen(cfg):
            try:
                cfg = scoring.validate_config(contest.scoring_mode, cfg)
            except Exception:  # noqa: BLE001 - an invalid config is reported by the validation itself
                pass
            return {k: v for k, v in (cfg or {}).items() if k not in scoring.MUTABLE_AFTER_REVIEWS}

        old, new = frozen(contest.scoring_config or {}), frozen(config)
        if old != new:
            return Conflict(_("Scoring settings cannot change once submissions have been reviewed."),
                            {"scoring_config": [_("Reviews exist; only hidden_marks may still change.")]})
    return None


__all__ = [
    "apply_to_leaderboard", "create_review", "decide", "ensure_assigned",
    "outcome_for", "override_result", "post_message", "rebalance", "scoring_change_refusal", "sync_submission",
    "update_review",
]
