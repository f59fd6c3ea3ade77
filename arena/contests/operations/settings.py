"""Validation of contest settings, shared by contests and contest requests."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import gettext as _

from arena.contests import rules
from arena.contests.models import SCORING_MODES, SUBMISSION_TYPES, TEMPLATE_TARGETS, VISIBILITIES
from arena.core import signals
from arena.core.errors import ValidationFailed

#: letters and digits of any script, in lower case, joined by single hyphens (like Wikipedia's titles,
#: an Arabic name keeps its Arabic letters)
SLUG_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
WIKI_ID_RE = re.compile(r"^[a-z0-9_]{2,64}$")

#: every setting a contest has, with its default for a new contest
DEFAULTS: dict[str, Any] = {
    "description": "", "rules": "", "is_published": False, "visibility": "public", "submission_type": "both",
    "min_bytes": 0, "min_references": 0, "required_categories": [], "template": None,
    "template_target": "talk", "write_back": False, "write_back_categories": [],
    "max_submissions_per_participant": None, "scoring_mode": "simple", "scoring_config": {},
    "eligibility_rules": None, "allow_jury_to_compete": False, "points_per_accepted": 0,
}
SETTINGS = ("name", "slug", "wikis", "starts_at", "ends_at", *DEFAULTS)


_DROPPED = "\u0640"  # Arabic tatweel (a stretching stroke, not a letter)
_KEPT_MARKS = "\u0653\u0654\u0655"  # Arabic madda and hamza: part of letters such as آ and أ


def slugify(text: str) -> str:
    """An address made from a name: its letters and digits in any script, lower case, hyphenated.

    Accents and Arabic vowel marks are dropped ("Café" → "cafe"), other letters are kept
    ("مسابقة الأنهار" → "مسابقة-الأنهار"). A name without letters or digits gives "contest".
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if ch not in _DROPPED and (unicodedata.category(ch) != "Mn"
                                                                       or ch in _KEPT_MARKS))
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", bare).lower()).strip("-")
    slug = slug[:70].strip("-")
    if slug.isdigit():
        slug = f"contest-{slug}"
    return slug or "contest"


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug)) and slug == slug.lower() and not slug.isdigit() and len(slug) <= 80


def _clean_names(values: Any, field: str, errors: dict) -> list[str]:
    if values is None:
        return []
    out = []
    for value in values:
        value = " ".join(str(value).replace("_", " ").split())
        if value.lower().startswith("category:"):
            value = value.split(":", 1)[1].strip()
        if not value or len(value) > 255:
            errors[field] = _("Each name must be 1 to 255 characters.")
            continue
        if value not in out:
            out.append(value)
    return out


def _scoring_errors(mode: str, config: Any) -> dict[str, Any]:
    """Scoring settings are checked by the domain that scores (it answers ``contest_scoring_checked``)."""
    errors: dict[str, Any] = {}
    for answer in signals.values_from_signal(signals.contest_scoring_checked, mode, config=config):
        errors.update(answer)
    if errors:  # the nested fields, and ``scoring_config`` itself for forms showing one message
        errors = {"scoring_config": [f"{k.removeprefix('scoring_config.')}: {' '.join(v)}" for k, v in errors.items()],
                  **errors}
    return errors


def validate_settings(data: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``data`` over ``current`` (or the defaults), check every setting, return the result.

    Raises ``ValidationFailed`` naming each field that is wrong.
    """
    from arena.core import runtime

    defaults = DEFAULTS if current else {**DEFAULTS, "points_per_accepted":
                                          runtime.value("contests.points_per_accepted_default")}
    merged = {**defaults, **(current or {}), **data}
    errors: dict[str, str] = {}
    name = (merged.get("name") or "").strip()
    if not name:
        errors["name"] = _("Give the contest a name.")
    merged["name"] = name
    slug = merged.get("slug") or slugify(name)
    if not is_valid_slug(slug):
        errors["slug"] = _("Use lower-case letters, digits and single hyphens (not only digits).")
    merged["slug"] = slug
    wikis = [str(w).strip() for w in merged.get("wikis") or []]
    if not wikis:
        errors["wikis"] = _("Choose at least one wiki.")
    elif not all(WIKI_ID_RE.match(w) for w in wikis):
        errors["wikis"] = _("Wiki ids look like 'enwiki' or 'arwiki'.")
    else:
        from arena.contests.facts import is_known_wiki

        unknown = [w for w in wikis if not is_known_wiki(w)]
        if unknown:
            errors["wikis"] = _("Unknown wiki: %(wikis)s. Use a Wikipedia or a configured wiki.",
                                        wikis=", ".join(unknown))
    merged["wikis"] = list(dict.fromkeys(wikis))
    starts, ends = merged.get("starts_at"), merged.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("Give a start date and time.")
    if ends is None:
        errors["ends_at"] = _("Give an end date and time.")
    for field in ("starts_at", "ends_at"):
        value = merged.get(field)
        if value is not None and value.tzinfo is None:
            errors[field] = _("Give a time zone (for example 2025-01-31T00:00:00Z).")
    if field_ok(errors, "starts_at", "ends_at") and starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    for field, allowed in (("visibility", VISIBILITIES), ("submission_type", SUBMISSION_TYPES),
                           ("template_target", TEMPLATE_TARGETS), ("scoring_mode", SCORING_MODES)):
        if merged.get(field) not in allowed:
            errors[field] = _("Must be one of: %(choices)s.", choices=", ".join(allowed))
    for field in ("min_bytes", "min_references"):
        value = merged.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = _("Must be a whole number, 0 or more.")
    points = merged.get("points_per_accepted")
    if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 1_000_000:
        errors["points_per_accepted"] = _("Must be a whole number from 0 to %(most)s.", most=1_000_000)
    maximum = merged.get("max_submissions_per_participant")
    if maximum is not None and (not isinstance(maximum, int) or maximum < 1):
        errors["max_submissions_per_participant"] = _("Must be at least 1 (or empty for no limit).")
    merged["required_categories"] = _clean_names(merged.get("required_categories"), "required_categories", errors)
    merged["write_back_categories"] = _clean_names(merged.get("write_back_categories"), "write_back_categories",
                                                   errors)
    template = (merged.get("template") or "").strip()
    if template.lower().startswith("template:"):
        template = template.split(":", 1)[1].strip()
    if any(ch in template for ch in "{}|[]<>\n"):
        errors["template"] = _("Give the template's name only, without braces.")
    merged["template"] = template or None
    if merged.get("write_back") and not merged["template"] and not merged["write_back_categories"]:
        errors["write_back"] = _("Write-back needs a template or categories to add.")
    if merged.get("scoring_mode") in SCORING_MODES:
        errors.update(_scoring_errors(merged["scoring_mode"], merged.get("scoring_config")))
    if merged.get("eligibility_rules") is not None:
        errors.update(rules.validate_rules_config(merged["eligibility_rules"]))
    if errors:
        raise ValidationFailed(errors)
    return merged


def field_ok(errors: dict, *fields: str) -> bool:
    return not any(f in errors for f in fields)
