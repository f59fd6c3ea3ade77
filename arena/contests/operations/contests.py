"""Writes on contests and their organisers and jury. Operations flush; the boundary commits."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from arena.contests import queries, rules
from arena.contests.models import Contest, ContestMember, ContestWiki
from arena.contests.operations.settings import SETTINGS, validate_settings
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db


def contest_settings(contest: Contest) -> dict[str, Any]:
    """A contest's current settings in the shape ``validate_settings`` takes."""
    values = {name: getattr(contest, name) for name in SETTINGS if name != "wikis"}
    values["wikis"] = contest.wiki_ids
    return values


def _apply(contest: Contest, values: dict[str, Any]) -> None:
    for name in SETTINGS:
        if name == "wikis":
            continue
        setattr(contest, name, values[name])
    if contest.eligibility_rules is None:
        contest.eligibility_rules = rules.default_rules(contest)
    wanted = values["wikis"]
    existing = {w.wiki_id: w for w in contest.wikis}
    contest.wikis = [existing.get(wiki_id) or ContestWiki(wiki_id=wiki_id) for wiki_id in wanted]
    for position, wiki in enumerate(contest.wikis):
        wiki.position = position


def build_contest(data: dict[str, Any], *, owner, actor) -> Contest:
    """Create a contest from validated-or-not ``data``; ``owner`` becomes its first organiser."""
    values = validate_settings(data)
    if not data.get("slug"):  # made from the name: unique by itself
        values["slug"] = queries.unique_slug(values["slug"])
    elif queries.slug_taken(values["slug"]):
        raise ValidationFailed({"slug": _("This address is already used by another contest.")})
    contest = Contest(created_by_id=owner.id)
    _apply(contest, values)
    contest.members.append(ContestMember(user_id=owner.id, role="organizer", added_by_id=getattr(actor, "id", None)))
    db.session.add(contest)
    db.session.flush()
    signals.contest_created.send(contest, actor=actor)
    return contest


def create_contest(data: dict[str, Any], *, actor) -> Contest:
    """Trusted members, admins and superadmins create contests directly."""
    if not queries.is_trusted(actor):
        raise Forbidden(_("Only trusted members create contests directly; file a contest request instead."))
    return build_contest(data, owner=actor, actor=actor)


def update_contest(contest: Contest, data: dict[str, Any], *, actor) -> Contest:
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers may change it."))
    if "eligibility_rules" not in data and ({"submission_type", "min_bytes", "min_references",
                                              "required_categories"} & set(data)) \
            and contest.eligibility_rules == rules.default_rules(contest):
        data = {**data, "eligibility_rules": None}  # the defaults follow the settings they came from
    values = validate_settings(data, contest_settings(contest))
    if "slug" in data and not data["slug"]:  # cleared: made again from the name
        values["slug"] = queries.unique_slug(values["slug"], except_id=contest.id)
    if values["slug"] != contest.slug and queries.slug_taken(values["slug"], except_id=contest.id):
        raise ValidationFailed({"slug": _("This address is already used by another contest.")})
    for refusal in signals.values_from_signal(signals.contest_scoring_change_asked, contest,
                                              mode=values["scoring_mode"], config=values["scoring_config"]):
        raise refusal  # e.g. 409 once submissions have been reviewed
    was_listed = contest.is_listed_publicly
    _apply(contest, values)
    db.session.flush()
    if contest.is_listed_publicly != was_listed:
        signals.contest_visibility_changed.send(contest, actor=actor)
    return contest


def delete_contest(contest: Contest, *, actor) -> str:
    """Delete a contest; with submissions it is kept, hidden (soft delete). Returns "soft" or "hard"."""
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers may delete it."))
    soft = queries.contest_has_submissions(contest.id)
    signals.contest_deleted.send(contest, actor=actor, soft=soft)
    if soft:
        was_listed = contest.is_listed_publicly
        contest.deleted_at = utcnow()
        contest.slug = f"{contest.slug[:60]}-deleted-{contest.id}"  # frees the address
        db.session.flush()
        if was_listed:
            signals.contest_visibility_changed.send(contest, actor=actor)
    else:
        db.session.delete(contest)
    db.session.flush()
    return "soft" if soft else "hard"


def add_member(contest: Contest, role: str, *, user_id: int | None = None, username: str | None = None,
               actor) -> ContestMember:
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers manage organisers and jury."))
    if user_id is None and not username:
        raise ValidationFailed({"user": _("Give a user id or a username.")})
    user = queries.find_user(user_id, username)
    if user is None:
        raise ValidationFailed({"user_id" if user_id is not None else "username": _("No such user.")})
    if user.id in contest.member_ids(role):
        raise Conflict(_("That person is already in this role."))
    member = ContestMember(user_id=user.id, role=role, added_by_id=actor.id)
    contest.members.append(member)
    db.session.flush()
    if role == "jury":
        signals.contest_jury_changed.send(contest, actor=actor, added=[user.id], removed=[])
    else:
        signals.contest_organisers_changed.send(contest, actor=actor, added=[user.id], removed=[])
    return member


def remove_member(contest: Contest, role: str, user_id: int, *, actor) -> None:
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers manage organisers and jury."))
    member = next((m for m in contest.members if m.role == role and m.user_id == user_id), None)
    if member is None:
        raise NotFound(_("That person does not have this role in the contest."))
    if role == "organizer" and len(contest.member_ids("organizer")) == 1:
        raise Conflict(_("A contest keeps at least one organiser."))
    contest.members.remove(member)
    db.session.flush()
    if role == "jury":
        signals.contest_jury_changed.send(contest, actor=actor, added=[], removed=[user_id])
    else:
        signals.contest_organisers_changed.send(contest, actor=actor, added=[], removed=[user_id])
