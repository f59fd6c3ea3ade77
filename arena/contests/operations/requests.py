"""Contest requests and trusted-member requests, decided by admins."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from arena.contests import facts, queries
from arena.contests.models import ContestRequest, TrustedMemberRequest
from arena.contests.operations.contests import build_contest
from arena.contests.operations.settings import validate_settings
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.timeutil import isoformat, utcnow
from arena.extensions import db


def _to_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (isoformat(v) if hasattr(v, "tzinfo") else v) for k, v in values.items()}


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    from arena.contests.rules import parse_time

    return {k: (parse_time(v) if k in ("starts_at", "ends_at") else v) for k, v in values.items()}


def file_contest_request(data: dict[str, Any], *, message: str = "", actor) -> ContestRequest:
    values = validate_settings(data)
    req = ContestRequest(requester_id=actor.id, name=values["name"], settings=_to_json(values),
                         message=(message or "").strip())
    db.session.add(req)
    db.session.flush()
    return req


def _pending(req):
    if req.status == "approved":
        raise Conflict(_("This request was already approved."))
    if req.status != "pending":
        raise Conflict(_("This request was already rejected."))


def approve_contest_request(req: ContestRequest, *, actor):
    _pending(req)
    settings = _from_json(req.settings)
    settings["is_published"] = False  # the requester publishes when ready
    settings["slug"] = queries.unique_slug(settings["slug"])  # taken since the request
    contest = build_contest(settings, owner=req.requester, actor=actor)
    req.status, req.contest_id = "approved", contest.id
    req.decided_by_id, req.decided_at = actor.id, utcnow()
    db.session.flush()
    return contest


def reject_contest_request(req: ContestRequest, reason: str, *, actor) -> ContestRequest:
    _pending(req)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Say why the request is rejected.")})
    req.status, req.reason = "rejected", reason.strip()
    req.decided_by_id, req.decided_at = actor.id, utcnow()
    db.session.flush()
    return req


def request_trusted_membership(wiki_id: str, wiki_username: str, *, actor) -> TrustedMemberRequest:
    """Granted at once when the wiki account has enough edits; otherwise pending for an admin."""
    from arena.contests.models.accounts import normalise_wiki_username

    name = normalise_wiki_username(wiki_username)
    if not name:
        raise ValidationFailed({"wiki_username": _("Give your wiki user name.")})
    if not facts.is_known_wiki(wiki_id):
        raise ValidationFailed({"wiki_id": _("Unknown wiki: %(wiki)s.", wiki=wiki_id)})
    if queries.open_trusted_request(actor.id) is not None:
        raise Conflict(_("You already have a trusted-member request (pending or granted)."))
    threshold = current_app.config["TRUSTED_MEMBER_MIN_EDITS"]
    req = TrustedMemberRequest(user_id=actor.id, wiki_id=wiki_id, wiki_username=name, status="pending")
    try:
        info = facts.user_info(wiki_id, name)
    except facts.WikiUnavailable:
        req.reason = "The wiki could not be reached to count your edits; an admin will decide."
    else:
        if not info.get("exists"):
            raise ValidationFailed({"wiki_username": _("There is no user %(name)s on %(wiki)s.", name=name, wiki=wiki_id)})
        req.edit_count = int(info.get("edit_count") or 0)
        if req.edit_count >= threshold:
            req.status, req.decided_at = "approved", utcnow()
            req.reason = f"{req.edit_count} edits (at least {threshold} needed): granted."
        else:
            req.reason = f"{req.edit_count} edits, fewer than the {threshold} that grant it at once."
    db.session.add(req)
    db.session.flush()
    return req


def decide_trusted_request(req: TrustedMemberRequest, approve: bool, reason: str = "", *,
                           actor) -> TrustedMemberRequest:
    if not actor.is_admin:
        raise Forbidden()
    _pending(req)
    if not approve and not (reason or "").strip():
        raise ValidationFailed({"reason": _("Say why the request is rejected.")})
    req.status = "approved" if approve else "rejected"
    if reason.strip() or not approve:
        req.reason = reason.strip()
    req.decided_by_id, req.decided_at = actor.id, utcnow()
    db.session.flush()
    return req
