"""Contest templates and copies: save a contest's settings (rules, scoring, texts, write-back, wikis,
and what other domains keep — judging rounds) as a template; create a contest from a template or by
copying a past contest, with a new name and new dates. Other domains' settings travel by signal:
``contest_settings_collected`` gathers them, ``contest_copied`` hands them to the new contest."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select

from arena.contests import queries
from arena.contests.models import Contest, ContestRequest, ContestTemplate
from arena.contests.operations.contests import build_contest, contest_settings
from arena.contests.operations.requests import _from_json, _to_json, file_contest_request
from arena.core import signals
from arena.core.errors import Forbidden, ValidationFailed
from arena.extensions import db

#: what a template does not keep: a new contest gets its own name, address, dates and publication
NOT_KEPT = ("name", "slug", "starts_at", "ends_at", "is_published")


def kept_settings(contest: Contest) -> dict[str, Any]:
    return _to_json({k: v for k, v in contest_settings(contest).items() if k not in NOT_KEPT})


def collected_extras(contest: Contest) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    for answer in signals.values_from_signal(signals.contest_settings_collected, contest):
        extras.update(answer)
    return extras


def save_template(contest: Contest, *, actor, name: str, summary: str = "", is_public: bool = False) -> ContestTemplate:
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers may save it as a template."))
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed({"name": _("Give the template a name (at most 200 characters).")})
    if is_public and not queries.is_trusted(actor):
        raise Forbidden(_("Only trusted members share templates with everyone."))
    template = ContestTemplate(name=name, summary=(summary or "").strip(), owner_id=actor.id,
                               source_contest_id=contest.id, is_public=bool(is_public),
                               settings=kept_settings(contest), extras=collected_extras(contest))
    db.session.add(template)
    db.session.flush()
    return template


def templates_stmt(user):
    """The gallery: public templates, and the caller's own."""
    cond = ContestTemplate.is_public.is_(True)
    if user is not None:
        cond = or_(cond, ContestTemplate.owner_id == user.id)
    return select(ContestTemplate).where(cond).order_by(ContestTemplate.name, ContestTemplate.id)


def may_use(template: ContestTemplate, user) -> bool:
    return user is not None and (template.is_public or template.owner_id == user.id or user.is_admin)


def _new_contest(settings: dict[str, Any], extras: dict[str, Any], data: dict[str, Any], *, actor,
                 fresh_only: bool = True) -> Contest:
    if not queries.is_trusted(actor):
        raise Forbidden(_("Only trusted members create contests directly; file a contest request instead."))
    fresh = {k: v for k, v in data.items() if k in NOT_KEPT or not fresh_only}
    contest = build_contest({**_from_json(settings), **fresh}, owner=actor, actor=actor)
    signals.contest_copied.send(contest, extras=extras, actor=actor)
    return contest


def create_from_template(template: ContestTemplate, data: dict[str, Any], *, actor) -> Contest:
    """A new contest with the template's settings, and the name and dates given in ``data``."""
    if not may_use(template, actor):
        raise Forbidden(_("This template is not shared with you."))
    return _new_contest(template.settings, template.extras or {}, data, actor=actor)


def start_from_template(template: ContestTemplate, data: dict[str, Any], *, actor) -> Contest:
    """The create form started from a template: the form's settings (pre-filled from the template,
    perhaps changed) over the template's, and the template's judging rounds."""
    if not may_use(template, actor):
        raise Forbidden(_("This template is not shared with you."))
    return _new_contest(template.settings, template.extras or {}, data, actor=actor, fresh_only=False)


def copy_contest(source: Contest, data: dict[str, Any], *, actor) -> Contest:
    """A new contest with ``source``'s settings (its organisers only), and a new name and dates."""
    if not source.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers may copy it."))
    return _new_contest(kept_settings(source), collected_extras(source), data, actor=actor)


def template_settings(template: ContestTemplate) -> dict[str, Any]:
    """A template's settings in the shape ``validate_settings`` takes (no name, address or dates)."""
    return _from_json(template.settings)


def template_request_settings(template: ContestTemplate, data: dict[str, Any], *, actor) -> dict[str, Any]:
    """A contest request started from a template: the template's settings under the request's own."""
    if not may_use(template, actor):
        raise Forbidden(_("This template is not shared with you."))
    return {**_from_json(template.settings), **data}


def request_from_template(template: ContestTemplate, data: dict[str, Any], *, message: str = "",
                          actor) -> ContestRequest:
    """File a contest request started from a template (the request keeps the settings, not the rounds)."""
    return file_contest_request(template_request_settings(template, data, actor=actor), message=message,
                                actor=actor)
