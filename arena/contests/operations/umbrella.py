"""Umbrella contests: make a contest an umbrella, and add or remove its children. The organiser of
the umbrella must also organise each child (admins may group any contests)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from arena.contests.models import DEDUP_RULES, Contest, Umbrella, UmbrellaChild
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.extensions import db


def umbrella_of(contest_id: int) -> Umbrella | None:
    return db.session.scalar(select(Umbrella).where(Umbrella.contest_id == contest_id))


def children_of(umbrella_contest_id: int) -> list[Contest]:
    stmt = (select(Contest).join(UmbrellaChild, UmbrellaChild.child_id == Contest.id)
            .where(UmbrellaChild.umbrella_id == umbrella_contest_id, Contest.deleted_at.is_(None))
            .order_by(Contest.starts_at, Contest.id))
    return list(db.session.scalars(stmt))


def set_umbrella(contest: Contest, *, actor, dedup_rule: str = "higher_score") -> Umbrella:
    """Make ``contest`` an umbrella (or change how it counts an article entered twice)."""
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers manage its umbrella."))
    if dedup_rule not in DEDUP_RULES:
        raise ValidationFailed({"dedup_rule": _("Must be one of: %(choices)s.", choices=", ".join(DEDUP_RULES))})
    if db.session.scalar(select(UmbrellaChild.id).where(UmbrellaChild.child_id == contest.id).limit(1)):
        raise Conflict(_("A contest under an umbrella cannot be an umbrella itself."))
    umbrella = umbrella_of(contest.id)
    if umbrella is None:
        umbrella = Umbrella(contest_id=contest.id, dedup_rule=dedup_rule)
        db.session.add(umbrella)
    umbrella.dedup_rule = dedup_rule
    db.session.flush()
    return umbrella


def add_child(contest: Contest, child: Contest, *, actor) -> UmbrellaChild:
    if not contest.can_edit(actor) or not child.can_edit(actor):
        raise Forbidden(_("You must organise both the umbrella and the contest you add to it."))
    if umbrella_of(contest.id) is None:
        raise Conflict(_("This contest is not an umbrella."))
    if child.id == contest.id or umbrella_of(child.id) is not None:
        raise ValidationFailed({"child_id": _("An umbrella cannot hold itself or another umbrella.")})
    if db.session.scalar(select(UmbrellaChild.id).where(UmbrellaChild.umbrella_id == contest.id,
                                                        UmbrellaChild.child_id == child.id)):
        raise Conflict(_("This contest is already under the umbrella."))
    link = UmbrellaChild(umbrella_id=contest.id, child_id=child.id)
    db.session.add(link)
    db.session.flush()
    return link


def remove_child(contest: Contest, child_id: int, *, actor) -> bool:
    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers manage its umbrella."))
    result = db.session.execute(delete(UmbrellaChild).where(UmbrellaChild.umbrella_id == contest.id,
                                                            UmbrellaChild.child_id == child_id))
    db.session.flush()
    return bool(result.rowcount)
