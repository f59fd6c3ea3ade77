"""Rule verdicts: stored as a code with parameters, shown in the reader's language.

A submission's ``rule_results`` are kept for months and read by people in different languages, so
a verdict is stored as ``{"code": "size.fail", "params": {"count": 1200, "needed": 2000}}`` and
turned into words only when shown (``verdict_text``). Verdicts stored before codes existed carry
an English ``message`` instead, which is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext


def N_(message: str) -> str:
    """Marks a message for translation where it is declared; it is translated when shown."""
    return message


#: every verdict a rule can give, by code
VERDICTS: dict[str, str] = {
    "not_checked": N_("Not checked yet: the article's facts are not known."),
    "article_missing": N_("The article does not exist on the wiki."),
    "duplicate": N_("The same article as submission %(submission)s in this contest."),
    "no_wiki_user": N_("No wiki user name is linked to this submission."),
    "created.unknown": N_("The article's creation time is not known."),
    "created.pass": N_("Created during the contest."),
    "created.fail": N_("Created %(created)s UTC, outside the contest."),
    "expansion.unknown": N_("The bytes added during the contest are not known."),
    "expansion.pass": N_("Expanded by %(added)s bytes during the contest."),
    "expansion.fail": N_("Expanded by %(added)s bytes during the contest; %(needed)s needed."),
    "new_or_expanded.unknown": N_("Whether the article is new or expanded is not known yet."),
    "new_or_expanded.fail": N_("Created %(created)s UTC, outside the contest. "
                               "Expanded by %(added)s bytes during the contest; %(needed)s needed."),
    "size.unknown": N_("The article's size is not known."),
    "size.pass": N_("%(count)s bytes (at least %(needed)s)."),
    "size.fail": N_("%(count)s bytes; at least %(needed)s needed."),
    "references.unknown": N_("The article's references are not known."),
    "references.pass": N_("%(count)s references (at least %(needed)s)."),
    "references.fail": N_("%(count)s references; at least %(needed)s needed."),
    "creator.unknown": N_("The article's creator is not known."),
    "creator.pass": N_("The submitter created the article."),
    "creator.fail": N_("The article was created by %(creator)s."),
    "share.unknown": N_("The submitter's share of the article is not known."),
    "share.pass": N_("The submitter added %(share)s%% of the article."),
    "share.fail": N_("The submitter added %(share)s%% of the article; %(needed)s%% needed."),
    "account.missing": N_("The wiki account %(username)s does not exist."),
    "account.unknown": N_("The wiki account's registration date is not known."),
    "account.pass": N_("The wiki account was registered before the contest."),
    "account.fail": N_("The wiki account was registered on %(registered)s, after the contest started."),
    "namespace.unknown": N_("The article's namespace is not known."),
    "namespace.pass": N_("The page is an article."),
    "namespace.fail": N_("The page is in the %(namespace)s namespace, not the main (article) namespace."),
    "links.unknown": N_("The article's links are not known."),
    "links.pass": N_("%(count)s links to other articles (at least %(needed)s)."),
    "links.fail": N_("%(count)s links to other articles; at least %(needed)s needed."),
    "incoming.unknown": N_("The links to the article are not known."),
    "incoming.pass": N_("%(count)s articles link to it (at least %(needed)s)."),
    "incoming.fail": N_("%(count)s articles link to it; at least %(needed)s needed."),
    "images.unknown": N_("The article's images are not known."),
    "images.pass": N_("%(count)s images (at least %(needed)s)."),
    "images.fail": N_("%(count)s images; at least %(needed)s needed."),
    "infobox.unknown": N_("The article's infoboxes are not known."),
    "infobox.pass": N_("Infobox: %(names)s."),
    "infobox.fail": N_("The article has no infobox."),
    "categories.unknown": N_("The article's categories are not known."),
    "categories.pass": N_("Every required category is present."),
    "categories.fail": N_("Missing categories: %(names)s."),
}


@dataclass(frozen=True)
class RuleResult:
    status: str  # "pass", "fail", "unknown"
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.code not in VERDICTS:
            raise ValueError(f"unknown verdict code {self.code!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "code": self.code, "params": dict(self.params)}


def _shown(value: Any) -> Any:
    return ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value


def verdict_text(result: dict[str, Any]) -> str:
    """A stored verdict in the current locale (a stored English ``message`` if it has no code)."""
    message = VERDICTS.get(result.get("code") or "")
    if message is None:
        return str(result.get("message") or "")
    params = {key: _shown(value) for key, value in (result.get("params") or {}).items()}
    try:
        return gettext(message, **params)
    except (KeyError, ValueError, TypeError):  # a translation naming a parameter the verdict lacks
        try:
            return message % params
        except (KeyError, ValueError, TypeError):
            return message
