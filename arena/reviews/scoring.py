"""Scoring modes: a registry keyed by ``Contest.scoring_mode``.

Each mode validates its ``scoring_config``, scores one juror's review, and turns the reviews on
the winning side into the submission's score. Every score carries a breakdown the participant sees.
Settings shared by every mode: ``quorum`` (jurors who must review, default 1), ``hidden_marks``
(jurors see each other's marks only after voting) and ``distribution`` (``open``: every juror
works from the oldest-first queue; ``assigned``: each submission goes to ``quorum`` jurors).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple

from flask_babel import gettext as _, lazy_gettext as _l

from arena.core.errors import ValidationFailed

CENT = Decimal("0.01")
DISTRIBUTIONS = ("open", "assigned")
COMMON_KEYS = ("quorum", "hidden_marks", "distribution")
#: keys that may change after reviews exist (they do not change how a score is computed)
MUTABLE_AFTER_REVIEWS = ("hidden_marks",)


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def mean(scores: list[Decimal]) -> Decimal | None:
    return money(sum(scores, Decimal(0)) / len(scores)) if scores else None


@dataclass(frozen=True)
class Setting:
    """One scoring setting as a form shows it: ``kind`` is ``int``, ``number``, ``bool``, ``choice``
    (``choices``: value, label pairs) or ``parameters`` (a list of ``{name, weight}``)."""

    key: str
    label: Any
    kind: str
    default: Any = None
    choices: tuple = ()


COMMON_SETTINGS = (
    Setting("quorum", _l("Jurors who must review each entry"), "int", 1),
    Setting("hidden_marks", _l("Jurors see each other's marks only after voting"), "bool", False),
    Setting("distribution", _l("Which entries jurors review"), "choice", "open",
            (("open", _l("Any entry (open)")), ("assigned", _l("Only the entries assigned to them")))),
)


class ScoringMode:
    name = ""
    label = _l("Scoring")
    #: the mode's own settings (besides ``COMMON_SETTINGS``), for forms
    settings: tuple[Setting, ...] = ()
    #: False when the score comes from the article's facts rather than from each juror
    per_juror = True
    #: True when the mode needs a judging round (a contest's own settings cannot use it)
    rounds_only = False

    # --- configuration ----------------------------------------------------------------------
    def validate(self, config: Any) -> dict[str, Any]:
        """The cleaned configuration; ``ValidationFailed`` naming ``scoring_config.<key>`` otherwise."""
        if not isinstance(config, dict):
            raise ValidationFailed({"scoring_config": _("Must be an object.")})
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        quorum = config.get("quorum", 1)
        if not _is_int(quorum) or not 1 <= quorum <= 50:
            errors["scoring_config.quorum"] = _("Must be a whole number from 1 to 50.")
        clean["quorum"] = quorum
        hidden = config.get("hidden_marks", False)
        if not isinstance(hidden, bool):
            errors["scoring_config.hidden_marks"] = _("Must be true or false.")
        clean["hidden_marks"] = hidden
        distribution = config.get("distribution", "open")
        if distribution not in DISTRIBUTIONS:
            errors["scoring_config.distribution"] = _("Must be one of: %(choices)s.", choices=", ".join(DISTRIBUTIONS))
        clean["distribution"] = distribution
        known = set(COMMON_KEYS) | set(self.keys())
        for key in config:
            if key not in known:
                errors[f"scoring_config.{key}"] = _("Unknown setting for %(mode)s scoring.", mode=self.name)
        clean.update(self.validate_mode(config, errors))
        if errors:
            raise ValidationFailed(errors)
        return clean

    def keys(self) -> tuple[str, ...]:
        return ()

    def validate_mode(self, config: dict, errors: dict) -> dict[str, Any]:
        return {}

    # --- scoring ------------------------------------------------------------------------------
    def review_score(self, config: dict, decision: str, data: dict, submission) -> tuple[Decimal, dict]:
        """Score and breakdown of one juror's review (``data``: ``marks``, ``parameter_scores``)."""
        raise NotImplementedError

    def result_score(self, config: dict, decision: str, reviews: list, submission) -> tuple[Decimal, dict]:
        """The submission's score: the mean of the scores given on the winning side."""
        scores = [Decimal(r.score) for r in reviews if r.decision == decision]
        value = mean(scores) if scores else Decimal(0)
        return value, {"mode": self.name, "decision": decision,
                       "juror_scores": [str(money(s)) for s in scores], "score": str(value),
                       "method": "mean of the scores given by the jurors on the winning side"}

    def override_score(self, config: dict, decision: str, submission) -> Decimal | None:
        """The score an override gets when the organiser gives none (None: the organiser must)."""
        return None


REGISTRY: dict[str, ScoringMode] = {}


def register(cls: type[ScoringMode]) -> type[ScoringMode]:
    REGISTRY[cls.name] = cls()
    return cls


def mode_for(name: str) -> ScoringMode:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValidationFailed({"scoring_mode": _("Must be one of: %(choices)s.", choices=", ".join(REGISTRY))}) from None


def validate_config(mode: str, config: Any, *, in_round: bool = False) -> dict[str, Any]:
    """Entry point for the contests settings: the cleaned config or ``ValidationFailed``. Modes
    marked ``rounds_only`` (ranking) serve only in a judging round."""
    chosen = mode_for(mode)
    if chosen.rounds_only and not in_round:
        raise ValidationFailed({"scoring_mode": _("This scoring mode is available only in a judging round.")})
    return chosen.validate(config if config is not None else {})


def config_errors(mode: str, config: Any) -> dict[str, list[str]]:
    """Same check, returning the field errors instead of raising (empty when valid)."""
    try:
        validate_config(mode, config)
    except ValidationFailed as exc:
        return exc.errors
    return {}


def described_modes() -> list[dict[str, Any]]:
    """Every mode with its label and settings (common ones first), for the contest form."""
    return [{"name": name, "label": mode.label, "settings": (*COMMON_SETTINGS, *mode.settings)}
            for name, mode in REGISTRY.items()]


def contest_config(contest) -> dict[str, Any]:
    """The contest's configuration with defaults filled in (lenient: stored configs were validated)."""
    try:
        return mode_for(contest.scoring_mode).validate(contest.scoring_config or {})
    except ValidationFailed:
        config = dict(contest.scoring_config or {})
        config.setdefault("quorum", 1)
        config.setdefault("hidden_marks", False)
        config.setdefault("distribution", "open")
        return config


@register
class SimpleScoring(ScoringMode):
    name = "simple"
    label = _l("Simple marks")
    settings = (Setting("marks_accepted", _l("Most marks for an accepted article"), "int", 10),
                Setting("marks_rejected", _l("Marks for a rejected article"), "int", 0))

    def keys(self):
        return ("marks_accepted", "marks_rejected")

    def validate_mode(self, config, errors):
        accepted = config.get("marks_accepted", 10)
        rejected = config.get("marks_rejected", 0)
        if not _is_int(accepted) or not 0 <= accepted <= 10000:
            errors["scoring_config.marks_accepted"] = _("Give the most marks an accepted article can get (0–10000).")
        if not _is_int(rejected) or not -10000 <= rejected <= 10000:
            errors["scoring_config.marks_rejected"] = _("Must be a whole number (0 or negative allowed).")
        elif _is_int(accepted) and rejected > accepted:
            errors["scoring_config.marks_rejected"] = _("Must not be more than marks_accepted.")
        return {"marks_accepted": accepted, "marks_rejected": rejected}

    def review_score(self, config, decision, data, submission):
        marks = data.get("marks")
        if data.get("parameter_scores"):
            raise ValidationFailed({"parameter_scores": _("This contest uses simple marks.")})
        if decision == "reject":
            if marks is not None:
                raise ValidationFailed({"marks": _("Marks are given only when accepting.")})
            value = config["marks_rejected"]
            return Decimal(value), {"mode": self.name, "decision": decision, "marks_rejected": value,
                                    "score": str(money(Decimal(value)))}
        if not _is_int(marks) or not 0 <= marks <= config["marks_accepted"]:
            raise ValidationFailed({"marks": _("Give whole marks from 0 to %(most)s.", most=config["marks_accepted"])})
        return Decimal(marks), {"mode": self.name, "decision": decision, "marks": marks,
                                "marks_accepted": config["marks_accepted"], "score": str(money(Decimal(marks)))}

    def override_score(self, config, decision, submission):
        return Decimal(config["marks_rejected"]) if decision == "reject" else None


@register
class MultiParameterScoring(ScoringMode):
    name = "multi_parameter"
    label = _l("Several weighted parameters")
    settings = (Setting("parameters", _l("Parameters and their weights (one a line, name: weight; "
                                         "the weights add up to 100)"), "parameters", []),
                Setting("min_score", _l("Lowest score"), "int", 0),
                Setting("max_score", _l("Highest score"), "int"))

    def keys(self):
        return ("parameters", "min_score", "max_score")

    def validate_mode(self, config, errors):
        params = config.get("parameters")
        clean_params = []
        if not isinstance(params, list) or not params:
            errors["scoring_config.parameters"] = _("Give a list of {name, weight} parameters.")
        else:
            names, total = set(), Decimal(0)
            for param in params:
                name = param.get("name") if isinstance(param, dict) else None
                weight = _number(param.get("weight")) if isinstance(param, dict) else None
                if not isinstance(name, str) or not name.strip() or len(name) > 80 or weight is None or weight <= 0:
                    errors["scoring_config.parameters"] = _("Each parameter needs a name and a weight above 0.")
                    break
                if name.strip() in names:
                    errors["scoring_config.parameters"] = _("Parameter names must differ (%(name)s).",
                                                                            name=name.strip())
                    break
                names.add(name.strip())
                total += weight
                clean_params.append({"name": name.strip(), "weight": param["weight"]})
            else:
                if total != 100:
                    errors["scoring_config.parameters"] = _(
                        "The weights must add up to exactly 100 (they add up to %(total)s).", total=total)
        low, high = config.get("min_score", 0), config.get("max_score")
        if not _is_int(high) or not 1 <= high <= 10000:
            errors["scoring_config.max_score"] = _("Give the highest score, a whole number from 1 to 10000.")
        if not _is_int(low) or low < -10000:
            errors["scoring_config.min_score"] = _("Must be a whole number.")
        elif _is_int(high) and low >= high:
            errors["scoring_config.min_score"] = _("Must be below max_score.")
        return {"parameters": clean_params, "min_score": low, "max_score": high}

    def review_score(self, config, decision, data, submission):
        given = data.get("parameter_scores") or {}
        if data.get("marks") is not None:
            raise ValidationFailed({"marks": _("This contest scores each parameter instead.")})
        if decision == "reject":
            if given:
                raise ValidationFailed({"parameter_scores": _("Parameters are scored only when accepting.")})
            value = Decimal(config["min_score"])
            return value, {"mode": self.name, "decision": decision, "score": str(money(value)),
                           "min_score": config["min_score"]}
        names = [p["name"] for p in config["parameters"]]
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise ValidationFailed({"parameter_scores": _("Unknown parameters: %(names)s.", names=", ".join(unknown))})
        missing = [n for n in names if n not in given]
        if missing:
            raise ValidationFailed({"parameter_scores": _("Score every parameter; missing: %(names)s.", names=", ".join(missing))})
        bad = [n for n in names if not _is_int(given[n]) or not 0 <= given[n] <= 10]
        if bad:
            raise ValidationFailed({"parameter_scores": _("Each parameter takes a whole score from 0 to 10 "
                                                          "(%(names)s).", names=", ".join(bad))})
        terms, weighted = [], Decimal(0)
        for param in config["parameters"]:
            part = Decimal(given[param["name"]]) * Decimal(str(param["weight"])) / 100
            weighted += part
            terms.append({"parameter": param["name"], "weight": param["weight"], "score": given[param["name"]],
                          "weighted": str(part)})
        raw = weighted * config["max_score"] / 10
        rounded = raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        value = min(max(rounded, Decimal(config["min_score"])), Decimal(config["max_score"]))
        return value, {"mode": self.name, "decision": decision, "terms": terms, "weighted_sum": str(weighted),
                       "scaled": str(raw), "rounded": str(rounded), "score": str(money(value)),
                       "min_score": config["min_score"], "max_score": config["max_score"]}

    def override_score(self, config, decision, submission):
        return Decimal(config["min_score"]) if decision == "reject" else None


#: automated terms: (config key, fact, label); facts are read from the submission's snapshot
class Term(NamedTuple):
    """A term of automated scoring: the setting ``key`` gives the points per unit of ``fact``."""

    key: str
    fact: str
    label: Any  # the fact, as a score's breakdown names it
    setting: Any  # the setting, as the scoring form names it


class Minimum(NamedTuple):
    """The setting ``key``: the fewest of ``fact`` an article needs for any points."""

    key: str
    fact: str
    setting: Any


AUTOMATED_TERMS = (
    Term("points_per_accepted", "accepted", _l("Accepted article"), _l("Points for an accepted article")),
    Term("points_per_byte", "bytes", _l("Bytes"), _l("Points per byte")),
    Term("points_per_incoming_link", "incoming_links", _l("Incoming links"), _l("Points per incoming link")),
    Term("points_per_outgoing_link", "outgoing_links", _l("Outgoing links"), _l("Points per outgoing link")),
    Term("points_per_new_reference", "new_references", _l("New references"), _l("Points per new reference")),
    Term("points_per_reused_reference", "reused_references", _l("Reused references"),
         _l("Points per reused reference")),
    Term("points_per_infobox", "infoboxes", _l("Infoboxes"), _l("Points per infobox")),
    Term("points_per_image", "images", _l("Images"), _l("Points per image")),
)
AUTOMATED_MINIMUMS = (
    Minimum("min_bytes", "bytes", _l("Fewest bytes for any points")),
    Minimum("min_incoming_links", "incoming_links", _l("Fewest incoming links for any points")),
    Minimum("min_outgoing_links", "outgoing_links", _l("Fewest outgoing links for any points")),
    Minimum("min_references", "references", _l("Fewest references for any points")),
)
BYTES_MEASURES = ("size", "expansion_bytes", "user_bytes_added")
#: snapshot keys each fact may be stored under (the first present wins)
FACT_KEYS = {
    "incoming_links": ("incoming_links", "backlinks", "incoming_link_count"),
    "outgoing_links": ("outgoing_links", "links", "outgoing_link_count"),
    "infoboxes": ("infoboxes", "infobox_count", "has_infobox"),
    "images": ("images", "image_count"),
}


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return max(0, int(value))
    if isinstance(value, (list, tuple, dict)):
        return len(value)
    return 0


def snapshot_facts(snapshot: dict | None, bytes_measure: str = "size") -> dict[str, int]:
    """The countable facts automated scoring uses, from a submission snapshot."""
    snap = snapshot or {}
    facts = {"bytes": _count(snap.get(bytes_measure))}
    for fact, keys in FACT_KEYS.items():
        facts[fact] = next((_count(snap[k]) for k in keys if k in snap and snap[k] is not None), 0)
    links = snap.get("links")
    if isinstance(links, dict):  # the wiki service's shape: {"outgoing": [...], "outgoing_count": n, ...}
        for fact, side in (("outgoing_links", "outgoing"), ("incoming_links", "incoming")):
            value = links.get(f"{side}_count", links.get(side))
            if value is not None:
                facts[fact] = _count(value)
    refs = snap.get("references")
    if isinstance(refs, dict):
        facts["new_references"], facts["reused_references"] = _count(refs.get("new")), _count(refs.get("reused"))
    else:
        facts["new_references"], facts["reused_references"] = _count(refs), 0
    facts["references"] = facts["new_references"] + facts["reused_references"]
    return facts


@register
class AutomatedScoring(ScoringMode):
    name = "automated"
    label = _l("Automated points from the article's facts")
    per_juror = False
    settings = (
        *(Setting(term.key, term.setting, "number", 0) for term in AUTOMATED_TERMS),
        *(Setting(minimum.key, minimum.setting, "int", 0) for minimum in AUTOMATED_MINIMUMS),
        Setting("bytes_measure", _l("Bytes counted"), "choice", "size",
                (("size", _l("The article's size")), ("expansion_bytes", _l("Bytes added during the contest")),
                 ("user_bytes_added", _l("Bytes the participant added")))),
    )

    def keys(self):
        return tuple(term.key for term in AUTOMATED_TERMS) + tuple(m.key for m in AUTOMATED_MINIMUMS) + (
            "bytes_measure",)

    def validate_mode(self, config, errors):
        clean: dict[str, Any] = {}
        for key in (term.key for term in AUTOMATED_TERMS):
            value = _number(config.get(key, 0))
            if value is None or abs(value) > 100000:
                errors[f"scoring_config.{key}"] = _("Must be a number.")
            clean[key] = config.get(key, 0)
        for key in (minimum.key for minimum in AUTOMATED_MINIMUMS):
            value = config.get(key, 0)
            if not _is_int(value) or value < 0:
                errors[f"scoring_config.{key}"] = _("Must be a whole number, 0 or more.")
            clean[key] = value
        measure = config.get("bytes_measure", "size")
        if measure not in BYTES_MEASURES:
            errors["scoring_config.bytes_measure"] = _("Must be one of: %(choices)s.", choices=", ".join(BYTES_MEASURES))
        clean["bytes_measure"] = measure
        return clean

    def points(self, config: dict, snapshot: dict | None) -> tuple[Decimal, dict]:
        facts = snapshot_facts(snapshot, config.get("bytes_measure", "size"))
        unmet = [{"minimum": key, "needed": config[key], "have": facts[fact]}
                 for key, fact, _setting in AUTOMATED_MINIMUMS if facts[fact] < config.get(key, 0)]
        terms, total = [], Decimal(0)
        for key, fact, _label, _setting in AUTOMATED_TERMS:
            quantity = 1 if fact == "accepted" else facts[fact]
            rate = Decimal(str(config.get(key, 0)))
            part = rate * quantity
            total += part
            terms.append({"term": fact, "quantity": quantity, "rate": str(rate), "points": str(money(part))})
        value = money(total) if not unmet else Decimal("0.00")
        return value, {"mode": self.name, "facts": facts, "terms": terms, "eligible": not unmet,
                       "unmet_minimums": unmet, "score": str(value)}

    def review_score(self, config, decision, data, submission):
        if data.get("marks") is not None:
            raise ValidationFailed({"marks": _("This contest's points are computed from the article.")})
        if data.get("parameter_scores"):
            raise ValidationFailed({"parameter_scores": _("This contest's points are computed from the article.")})
        if decision == "reject":
            return Decimal("0.00"), {"mode": self.name, "decision": decision, "score": "0.00"}
        value, breakdown = self.points(config, submission.snapshot)
        return value, {**breakdown, "decision": decision}

    def result_score(self, config, decision, reviews, submission):
        if decision == "reject":
            return Decimal("0.00"), {"mode": self.name, "decision": decision, "score": "0.00"}
        value, breakdown = self.points(config, submission.snapshot)
        return value, {**breakdown, "decision": decision}

    def override_score(self, config, decision, submission):
        return self.result_score(config, decision, [], submission)[0]


@register
class YesNoScoring(ScoringMode):
    """A first sift: each juror says yes (accept, 1) or no (reject, 0); no marks."""

    name = "yes_no"
    label = _l("Yes or no")

    def review_score(self, config, decision, data, submission):
        if data.get("marks") is not None or data.get("parameter_scores"):
            raise ValidationFailed({"marks": _("This round asks only yes or no.")})
        value = Decimal(1) if decision == "accept" else Decimal(0)
        return value, {"mode": self.name, "decision": decision, "score": str(money(value))}

    def override_score(self, config, decision, submission):
        return Decimal(1) if decision == "accept" else Decimal(0)


def borda_points(rank: int, ranked: int) -> int:
    """Borda count: among ``ranked`` entries, the one a juror puts at ``rank`` (1 = best) gets
    ``ranked - rank`` points (first of 3 gets 2, second 1, last 0)."""
    return ranked - rank


@register
class RankingScoring(ScoringMode):
    """Each juror orders all the entries given to them (best first); an entry's score is its Borda
    count: the sum over the jurors of ``ranked - rank``. Rankings are given through the ranking
    endpoint, one ordered list per juror, never as single reviews."""

    name = "ranking"
    label = _l("Ranking (Borda count)")
    rounds_only = True

    def review_score(self, config, decision, data, submission):
        rank, ranked = data.get("rank"), data.get("ranked")
        if not _is_int(rank) or not _is_int(ranked) or not 1 <= rank <= ranked:
            raise ValidationFailed({"decision": _("This round is judged by ranking the entries, not one by one.")})
        points = borda_points(rank, ranked)
        return Decimal(points), {"mode": self.name, "decision": "accept", "rank": rank, "ranked": ranked,
                                 "points": points, "score": str(money(Decimal(points)))}

    def result_score(self, config, decision, reviews, submission):
        points = [Decimal(r.score) for r in reviews]
        value = money(sum(points, Decimal(0)))
        return value, {"mode": self.name, "decision": "accept", "ranks": [r.marks for r in reviews],
                       "juror_scores": [str(money(p)) for p in points], "score": str(value),
                       "method": "Borda count: each juror gives (entries ranked - rank) points; the sum"}

    def override_score(self, config, decision, submission):
        return None
