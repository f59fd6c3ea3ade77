"""Writing contest results back to the wiki (templates and categories).

Edits are never blind: the current revision is read first, nothing is
saved when the template/category is already there, and the save carries
``baserevid``/``basetimestamp``/``starttimestamp`` so that MediaWiki reports
an edit conflict instead of overwriting someone's change.  Every edit also
asserts that it is made while logged in (``assert=user``), so a lost
session can never produce an anonymous edit.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Union

import mwclient.errors

from .errors import WikiApiError
from .wikitext import append_categories, has_category, has_template, prepend_template, template_name

if TYPE_CHECKING:  # pragma: no cover
    from .client import WikiClient
    from .site import ArenaSite


@dataclasses.dataclass(frozen=True)
class BotPassword:
    """Credentials from Special:BotPasswords; ``username`` is ``User@app``."""

    username: str
    password: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class OAuth2Token:
    """An OAuth 2 access token (sent as ``Authorization: Bearer``)."""

    access_token: str = dataclasses.field(repr=False)


WikiAuth = Union[BotPassword, OAuth2Token]

EDITED = "edited"
SKIPPED = "skipped_already_present"
FAILED = "failed"


@dataclasses.dataclass(frozen=True)
class EditOutcome:
    """Result of a write-back: ``status`` is ``edited``,
    ``skipped_already_present`` or ``failed`` (with ``reason``)."""

    status: str
    title: str
    reason: str | None = None
    revision_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in (EDITED, SKIPPED)

    def __str__(self) -> str:
        return f"{FAILED}: {self.reason}" if self.status == FAILED else self.status


class _Failed(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _login(client: "WikiClient", auth: WikiAuth) -> "ArenaSite":
    if isinstance(auth, OAuth2Token):
        return client.make_site(headers={"Authorization": f"Bearer {auth.access_token}"})
    if isinstance(auth, BotPassword):
        site = client.make_site()
        try:
            site.login(auth.username, auth.password)
        except mwclient.errors.LoginError as exc:
            raise _Failed(f"login failed ({exc.code})") from exc
        except WikiApiError as exc:
            raise _Failed(f"login failed ({exc.code})") from exc
        return site
    raise TypeError(f"Unsupported wiki credentials: {type(auth).__name__}")


def _current(client: "WikiClient", site: "ArenaSite", title: str) -> dict:
    """Current text, base revision, categories and a CSRF token, in one request."""
    response = client.query(
        site=site, titles=title, prop="revisions|categories", rvprop="ids|timestamp|content",
        rvslots="main", cllimit="max", meta="tokens", type="csrf", curtimestamp=1,
    )
    page = response["query"]["pages"][0]
    if page.get("invalid"):
        raise _Failed(f"invalid title {title!r}")
    state = {
        "title": page["title"],
        "exists": not page.get("missing"),
        "text": "",
        "revid": None,
        "timestamp": None,
        "categories": [c["title"].split(":", 1)[1] for c in page.get("categories", [])],
        "token": response["query"]["tokens"]["csrftoken"],
        "start": response.get("curtimestamp"),
    }
    if state["exists"]:
        rev = page["revisions"][0]
        state.update(text=rev["slots"]["main"].get("content", ""), revid=rev["revid"], timestamp=rev["timestamp"])
    return state


def _save(client: "WikiClient", site: "ArenaSite", state: dict, text: str, summary: str) -> EditOutcome:
    params = {
        "title": state["title"], "text": text, "summary": summary, "token": state["token"],
        "starttimestamp": state["start"], "assert": "user", "bot": 1,
        "watchlist": "nochange", "formatversion": 2,
    }
    if state["exists"]:
        params.update(baserevid=state["revid"], basetimestamp=state["timestamp"], nocreate=1)
    else:
        params["createonly"] = 1
    try:
        result = site.post("edit", **params)["edit"]
    except WikiApiError as exc:
        return EditOutcome(FAILED, state["title"], exc.code)
    if result.get("result") != "Success":
        return EditOutcome(FAILED, state["title"], str(result.get("result", "unknown")))
    if result.get("nochange"):
        return EditOutcome(SKIPPED, state["title"])
    return EditOutcome(EDITED, state["title"], revision_id=result.get("newrevid"))


def add_template(client: "WikiClient", title: str, template_wikitext: str, *, talk: bool = False,
                 summary: str, auth: WikiAuth) -> EditOutcome:
    """Put ``template_wikitext`` at the top of ``title`` (or its talk page)
    unless the page already uses that template."""
    name = template_name(template_wikitext)
    target = title
    if talk:
        target = f"{client.namespace_names(1)[0]}:{title}"
    try:
        site = _login(client, auth)
        state = _current(client, site, target)
        if not state["exists"] and not talk:
            return EditOutcome(FAILED, state["title"], "page does not exist")
        if has_template(state["text"], name, tuple(client.namespace_names(10))):
            return EditOutcome(SKIPPED, state["title"])
        return _save(client, site, state, prepend_template(state["text"], template_wikitext), summary)
    except _Failed as exc:
        return EditOutcome(FAILED, target, exc.reason)


def add_categories(client: "WikiClient", title: str, categories: list[str], *, summary: str,
                   auth: WikiAuth) -> EditOutcome:
    """Append the categories that the page is not already in."""
    names = tuple(client.namespace_names(14))
    wanted = []
    for category in categories:
        category = category.strip().replace("_", " ")
        if ":" in category and category.split(":", 1)[0].strip().casefold() in {n.casefold() for n in names}:
            category = category.split(":", 1)[1].strip()
        if category and category not in wanted:
            wanted.append(category[:1].upper() + category[1:])
    try:
        site = _login(client, auth)
        state = _current(client, site, title)
        if not state["exists"]:
            return EditOutcome(FAILED, state["title"], "page does not exist")
        missing = [
            c for c in wanted
            if c not in state["categories"] and not has_category(state["text"], c, names)
        ]
        if not missing:
            return EditOutcome(SKIPPED, state["title"])
        return _save(client, site, state, append_categories(state["text"], missing, names[0]), summary)
    except _Failed as exc:
        return EditOutcome(FAILED, title, exc.reason)
