"""Writes on competitions themselves. Operations flush; the boundary commits."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from arena.competitions import queries
from arena.competitions.models import (
    COUNTED_ATTEMPTS, DEFAULT_REWARD_TIERS, LAYOUTS, RESULTS_SHOWN, VISIBILITIES, Competition, CompetitionOrganiser,
)
from arena.core import signals
from arena.core.errors import Forbidden, ValidationFailed
from arena.core.timeutil import ensure_utc, utcnow
from arena.extensions import db

DEFAULTS: dict[str, Any] = {
    "description": "", "is_published": False, "visibility": "public", "time_limit_seconds": None,
    "attempts_allowed": 1, "shuffle_questions": False, "shuffle_options": False, "layout": "all",
    "results_shown": "immediately", "counted_attempt": "best", "competition_points": 0,
    "wrong_penalty": Decimal("0"), "all_correct_bonus": Decimal("0"), "time_bonus_percent": Decimal("20"),
    "reward_tiers": DEFAULT_REWARD_TIERS,
}
FIELDS = ("title", "starts_at", "ends_at", *DEFAULTS)
CHOICES = {"visibility": VISIBILITIES, "layout": LAYOUTS, "results_shown": RESULTS_SHOWN,
           "counted_attempt": COUNTED_ATTEMPTS}
MAX_TIME_LIMIT = 24 * 3600


def _decimal(value: Any, field: str, errors: dict, *, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("Enter a number.")
        return None
    if not (low <= number <= high) or not number.is_finite():
        errors[field] = _("Enter a number from %(low)s to %(high)s.", low=low, high=high)
        return None
    return number


def _tiers(value: Any, errors: dict) -> list[dict]:
    if not isinstance(value, list) or len(value) > 10:
        errors["reward_tiers"] = _("Give up to 10 reward tiers.")
        return []
    tiers = []
    for tier in value:
        try:
            low, share = Decimal(str(tier["min_percent"])), int(tier["share"])
        except (KeyError, TypeError, ValueError, InvalidOperation):
            errors["reward_tiers"] = _("Each tier needs min_percent and share.")
            return []
        if not (0 <= low <= 100 and 0 <= share <= 100):
            errors["reward_tiers"] = _("Percentages and shares are between 0 and 100.")
            return []
        tiers.append({"min_percent": float(low) if low != low.to_integral() else int(low), "share": share})
    return sorted(tiers, key=lambda t: t["min_percent"], reverse=True)


def validate_settings(data: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``data`` over ``current`` (or the defaults) and check the business rules; raises 422."""
    values = {**DEFAULTS, **(current or {}), **{k: v for k, v in data.items() if k in FIELDS}}
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Give the competition a title.")
    values["title"] = title[:200]
    starts, ends = ensure_utc(values.get("starts_at")), ensure_utc(values.get("ends_at"))
    if starts is None:
        errors["starts_at"] = _("Give a start.")
    if ends is None:
        errors["ends_at"] = _("Give an end.")
    elif starts is not None and ends <= starts:
        errors["ends_at"] = _("The end must come after the start.")
    values["starts_at"], values["ends_at"] = starts, ends
    for field, allowed in CHOICES.items():
        if values[field] not in allowed:
            errors[field] = _("Choose one of: %(choices)s.", choices=", ".join(allowed))
    limit = values["time_limit_seconds"]
    if limit is not None and not (isinstance(limit, int) and 10 <= limit <= MAX_TIME_LIMIT):
        errors["time_limit_seconds"] = _("A time limit is from 10 seconds to 24 hours, or none.")
    if not isinstance(values["attempts_allowed"], int) or not 1 <= values["attempts_allowed"] <= 100:
        errors["attempts_allowed"] = _("Allow from 1 to 100 attempts.")
    if not isinstance(values["competition_points"], int) or not 0 <= values["competition_points"] <= 1_000_000:
        errors["competition_points"] = _("Competition points are from 0 to 1,000,000.")
    for field in ("wrong_penalty", "all_correct_bonus"):
        values[field] = _decimal(values[field], field, errors, low=Decimal(0), high=Decimal(10000))
    values["time_bonus_percent"] = _decimal(values["time_bonus_percent"], "time_bonus_percent", errors,
                                            low=Decimal(0), high=Decimal(100))
    values["reward_tiers"] = _tiers(values["reward_tiers"], errors)
    values["description"] = values["description"] or ""
    if errors:
        raise ValidationFailed(errors)
    return {name: values[name] for name in FIELDS}


def competition_settings(competition: Competition) -> dict[str, Any]:
    return {name: getattr(competition, name) for name in FIELDS}


def create_competition(data: dict[str, Any], *, actor) -> Competition:
    """Admins and trusted members create competitions; the creator becomes its first organiser."""
    if not queries.may_create(actor):
        raise Forbidden(_("Only trusted members and admins create competitions."))
    values = validate_settings(data)
    competition = Competition(created_by_id=actor.id, **values)
    competition.organisers.append(CompetitionOrganiser(user_id=actor.id))
    db.session.add(competition)
    db.session.flush()
    signals.competition_created.send(competition, actor=actor)
    return competition


def update_competition(competition: Competition, data: dict[str, Any], *, actor) -> Competition:
    if not competition.can_edit(actor):
        raise Forbidden(_("Only the competition's organisers may change it."))
    values = validate_settings(data, competition_settings(competition))
    for name, value in values.items():
        setattr(competition, name, value)
    db.session.flush()
    return competition


def delete_competition(competition: Competition, *, actor) -> str:
    """Delete a competition; one with attempts is hidden and kept (soft). Returns "soft" or "hard"."""
    if not competition.can_edit(actor):
        raise Forbidden(_("Only the competition's organisers may delete it."))
    if queries.has_attempts(competition.id):
        competition.deleted_at = utcnow()
        db.session.flush()
        return "soft"
    db.session.delete(competition)
    db.session.flush()
    return "hard"
