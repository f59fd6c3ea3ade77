"""Eligibility rules: a registry of named rules evaluated on a submission's fact snapshot.

Each contest lists the rules it uses in ``Contest.eligibility_rules`` as
``{"rule_name": {"level": "required" | "advisory", **parameters}}``. A required rule that fails
makes the submission ``ineligible``; an advisory one is shown to jurors as a warning. A rule whose
facts are not known yet (the wiki was unreachable, no wiki user name given) answers ``unknown``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from flask_babel import gettext as _, lazy_gettext as _l

from arena.contests.verdicts import RuleResult
from arena.core.timeutil import ensure_utc

LEVELS = ("required", "advisory")


def passed(code: str, **params: Any) -> RuleResult:
    return RuleResult("pass", code, params)


def failed(code: str, **params: Any) -> RuleResult:
    return RuleResult("fail", code, params)


def unknown(code: str = "not_checked") -> RuleResult:
    return RuleResult("unknown", code)


def at_least(count: int, needed: int, what: str) -> RuleResult:
    """The shared verdict of the "a minimum of something" rules (``what``: ``size``, ``links`` …)."""
    if count >= needed:
        return passed(f"{what}.pass", count=count, needed=needed)
    return failed(f"{what}.fail", count=count, needed=needed)


def parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return ensure_utc(value)
    try:
        return ensure_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def _same_user(a: str | None, b: str | None) -> bool:
    from arena.contests.models.accounts import normalise_wiki_username

    return bool(a and b) and normalise_wiki_username(a) == normalise_wiki_username(b)


class Rule:
    name: ClassVar[str]
    label: ClassVar[Any]
    #: parameter name -> (type, default); validated when a contest is saved
    params: ClassVar[dict[str, tuple[type, Any]]] = {}

    def __init__(self, **params: Any):
        self.options = {key: params.get(key, default) for key, (_type, default) in self.params.items()}

    def evaluate(self, snapshot: dict | None, contest, submission) -> RuleResult:
        if not snapshot:
            return unknown()
        if snapshot.get("exists") is False:
            return failed("article_missing")
        return self.check(snapshot, contest, submission)

    def check(self, snapshot: dict, contest, submission) -> RuleResult:  # pragma: no cover - abstract
        raise NotImplementedError


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    RULES[cls.name] = cls
    return cls


@register
class CreatedInWindow(Rule):
    name = "created_in_window"
    label = _l("Article created during the contest")

    def check(self, snapshot, contest, submission):
        created = parse_time(snapshot.get("created_at"))
        if created is None:
            return unknown("created.unknown")
        if contest.starts_at <= created < contest.ends_at:
            return passed("created.pass")
        return failed("created.fail", created=f"{created:%Y-%m-%d %H:%M}")


@register
class ExpansionBytes(Rule):
    name = "expansion_bytes"
    label = _l("Article expanded during the contest")
    params = {"bytes": (int, None)}

    def needed(self, contest) -> int:
        return self.options["bytes"] if self.options["bytes"] is not None else contest.min_bytes

    def check(self, snapshot, contest, submission):
        added = snapshot.get("expansion_bytes")
        if added is None:
            return unknown("expansion.unknown")
        needed = self.needed(contest)
        if added >= needed and added > 0:
            return passed("expansion.pass", added=added)
        return failed("expansion.fail", added=added, needed=needed)


@register
class NewOrExpanded(Rule):
    name = "new_or_expanded"
    label = _l("Article created or expanded during the contest")
    params = {"bytes": (int, None)}

    def check(self, snapshot, contest, submission):
        created = CreatedInWindow().check(snapshot, contest, submission)
        if created.status == "pass":
            return created
        expanded = ExpansionBytes(bytes=self.options["bytes"]).check(snapshot, contest, submission)
        if expanded.status == "pass":
            return expanded
        if "unknown" in (created.status, expanded.status):
            return unknown("new_or_expanded.unknown")
        return failed("new_or_expanded.fail", **created.params, **expanded.params)


@register
class MinimumSize(Rule):
    name = "min_size"
    label = _l("Minimum article size")
    params = {"bytes": (int, None)}

    def check(self, snapshot, contest, submission):
        size = snapshot.get("size")
        needed = self.options["bytes"] if self.options["bytes"] is not None else contest.min_bytes
        if size is None:
            return unknown("size.unknown")
        return at_least(size, needed, "size")


@register
class MinimumReferences(Rule):
    name = "min_references"
    label = _l("Minimum number of references")
    params = {"count": (int, None)}

    def check(self, snapshot, contest, submission):
        refs = snapshot.get("references")
        if refs is None:
            return unknown("references.unknown")
        total = refs if isinstance(refs, int) else int(refs.get("new", 0)) + int(refs.get("reused", 0))
        needed = self.options["count"] if self.options["count"] is not None else contest.min_references
        return at_least(total, needed, "references")


@register
class SubmitterIsCreator(Rule):
    name = "submitter_is_creator"
    label = _l("Submitter created the article")

    def check(self, snapshot, contest, submission):
        if not submission.wiki_username:
            return unknown("no_wiki_user")
        creator = snapshot.get("creator")
        if not creator:
            return unknown("creator.unknown")
        if _same_user(creator, submission.wiki_username):
            return passed("creator.pass")
        return failed("creator.fail", creator=creator)


@register
class MainContributor(Rule):
    name = "main_contributor"
    label = _l("Submitter is a main contributor")
    params = {"percent": (int, 50)}

    def check(self, snapshot, contest, submission):
        if not submission.wiki_username:
            return unknown("no_wiki_user")
        if _same_user(snapshot.get("creator"), submission.wiki_username) and snapshot.get("user_bytes_added") is None:
            return unknown("share.unknown")
        added, size = snapshot.get("user_bytes_added"), snapshot.get("size")
        if added is None or not size:
            return unknown("share.unknown")
        share = 100 * added / size
        needed = self.options["percent"]
        if share >= needed:
            return passed("share.pass", share=round(share))
        return failed("share.fail", share=round(share), needed=needed)


@register
class AccountRegisteredBefore(Rule):
    name = "account_registered_before"
    label = _l("Wiki account registered before the contest")

    def check(self, snapshot, contest, submission):
        submitter = snapshot.get("submitter") or {}
        if not submission.wiki_username or not submitter:
            return unknown("no_wiki_user")
        if submitter.get("exists") is False:
            return failed("account.missing", username=submission.wiki_username)
        registered = parse_time(submitter.get("registered_at"))
        if registered is None:
            return unknown("account.unknown")
        if registered < contest.starts_at:
            return passed("account.pass")
        return failed("account.fail", registered=f"{registered:%Y-%m-%d}")


@register
class MainNamespace(Rule):
    name = "main_namespace"
    label = _l("Article in the main namespace")

    def check(self, snapshot, contest, submission):
        namespace = snapshot.get("namespace")
        if namespace is None:
            return unknown("namespace.unknown")
        if namespace in (0, "0"):
            return passed("namespace.pass")
        return failed("namespace.fail", namespace=namespace)


@register
class MinimumLinks(Rule):
    name = "min_links"
    label = _l("Minimum number of links to other articles")
    params = {"count": (int, 3)}

    def check(self, snapshot, contest, submission):
        links = snapshot.get("links")
        if not isinstance(links, dict) or "outgoing_count" not in links:
            return unknown("links.unknown")
        return at_least(int(links["outgoing_count"]), self.options["count"], "links")


@register
class NotOrphan(Rule):
    name = "not_orphan"
    label = _l("Linked from other articles")
    params = {"count": (int, 1)}

    def check(self, snapshot, contest, submission):
        links = snapshot.get("links")
        if not isinstance(links, dict) or "incoming_count" not in links:
            return unknown("incoming.unknown")
        return at_least(int(links["incoming_count"]), self.options["count"], "incoming")


@register
class HasImage(Rule):
    name = "has_image"
    label = _l("Illustrated with an image")
    params = {"count": (int, 1)}

    def check(self, snapshot, contest, submission):
        images = snapshot.get("images")
        if images is None:
            return unknown("images.unknown")
        return at_least(len(images), self.options["count"], "images")


@register
class HasInfobox(Rule):
    name = "has_infobox"
    label = _l("Has an infobox")

    def check(self, snapshot, contest, submission):
        infoboxes = snapshot.get("infoboxes")
        if infoboxes is None:
            return unknown("infobox.unknown")
        if infoboxes:
            return passed("infobox.pass", names=list(infoboxes))
        return failed("infobox.fail")


@register
class RequiredCategories(Rule):
    name = "required_categories"
    label = _l("Required categories present")

    def check(self, snapshot, contest, submission):
        categories = snapshot.get("categories")
        if categories is None:
            return unknown("categories.unknown")
        have = {_category_key(c) for c in categories}
        missing = [c for c in contest.required_categories or [] if _category_key(c) not in have]
        if not missing:
            return passed("categories.pass")
        return failed("categories.fail", names=missing)


def _category_key(name: str) -> str:
    name = str(name).split(":", 1)[1] if str(name).lower().startswith("category:") else str(name)
    from arena.contests.models.submission import title_key

    return title_key(name)


def default_rules(contest) -> dict[str, dict[str, Any]]:
    """What a contest checks when its organisers did not choose: follows its settings."""
    by_type = {"new": "created_in_window", "expansion": "expansion_bytes", "both": "new_or_expanded"}
    rules: dict[str, dict[str, Any]] = {by_type[contest.submission_type]: {"level": "required"},
                                        "main_namespace": {"level": "required"}}
    if contest.min_bytes and contest.submission_type == "new":
        rules["min_size"] = {"level": "required"}
    if contest.min_references:
        rules["min_references"] = {"level": "required"}
    if contest.required_categories:
        rules["required_categories"] = {"level": "required"}
    return rules


def validate_rules_config(config: Any) -> dict[str, str]:
    """Field errors for an ``eligibility_rules`` setting (empty when it is valid)."""
    errors: dict[str, str] = {}
    if not isinstance(config, dict):
        return {"eligibility_rules": "Must be an object of rule name to settings."}
    for name, settings in config.items():
        field = f"eligibility_rules.{name}"
        if name not in RULES:
            errors[field] = _("Unknown rule. Known rules: %(rules)s.", rules=", ".join(sorted(RULES)))
            continue
        if not isinstance(settings, dict) or settings.get("level") not in LEVELS:
            errors[field] = _("Give a level: required or advisory.")
            continue
        for key, value in settings.items():
            if key == "level":
                continue
            spec = RULES[name].params.get(key)
            if spec is None:
                errors[field] = _("Unknown parameter %(name)s.", name=repr(key))
            elif not isinstance(value, spec[0]) or isinstance(value, bool) or value < 0:
                errors[field] = _("%(name)s must be a non-negative whole number.", name=key)
            elif key == "percent" and value > 100:
                errors[field] = _("percent must be at most 100.")
    return errors


#: results the contest does not configure, added when they apply
IMPLICIT_LABELS = {"unique_article": _l("Not already entered in this contest")}


def label_for(name: str):
    if name in RULES:
        return RULES[name].label
    return IMPLICIT_LABELS.get(name, name)


def evaluate_all(snapshot: dict | None, contest, submission) -> list[dict[str, Any]]:
    """Every configured rule's result: ``[{rule, level, status, code, params}]``.

    Labels are shown from ``RULES`` and verdicts from ``verdicts.VERDICTS``, in the reader's language.

    An article already entered in the contest by another submission (found once its facts show the
    page a redirect leads to) fails the implicit ``unique_article`` rule.
    """
    results = []
    if snapshot and snapshot.get("duplicate_of"):
        results.append({"rule": "unique_article", "level": "required", "status": "fail",
                        "code": "duplicate", "params": {"submission": snapshot["duplicate_of"]}})
    for name, settings in (contest.eligibility_rules or {}).items():
        cls = RULES.get(name)
        if cls is None:
            continue
        params = {k: v for k, v in settings.items() if k != "level"}
        result = cls(**params).evaluate(snapshot, contest, submission)
        results.append({"rule": name, "level": settings.get("level", "required"), **result.to_dict()})
    return results


def described(contest) -> list[dict[str, Any]]:
    """Each rule the contest checks, for its page: ``label``, ``detail`` (the threshold in the
    reader's language, or ``None``) and ``level``."""
    from flask_babel import format_number

    items = []
    for name, settings in (contest.eligibility_rules or {}).items():
        cls = RULES.get(name)
        if cls is None:
            continue
        options = {key: settings.get(key, default) for key, (_type, default) in cls.params.items()}
        detail = None
        if "bytes" in options:
            needed = options["bytes"] if options["bytes"] is not None else contest.min_bytes
            detail = _("at least %(n)s bytes", n=format_number(needed)) if needed else None
        elif name == "min_references":
            detail = _("at least %(n)s", n=format_number(options["count"] if options["count"] is not None
                                                          else contest.min_references))
        elif name == "main_contributor":
            detail = _("at least %(n)s%%", n=format_number(options["percent"]))
        elif "count" in options:
            detail = _("at least %(n)s", n=format_number(options["count"]))
        elif name == "required_categories" and contest.required_categories:
            detail = ", ".join(contest.required_categories)
        items.append({"label": cls.label, "detail": detail, "level": settings.get("level", "required")})
    return items
