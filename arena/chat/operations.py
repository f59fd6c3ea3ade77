"""Every write of the chat domain. Each change of a room replaces the room's cache generation after
the commit (``arena.core.pagecache``), so pollers see it on their next request. Operations flush
and never commit."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from arena.chat import queries, text
from arena.chat.models import MAX_LENGTH, REPORT_REASON_LENGTH, ROLES, Block, Message, Report, Room, RoomMember
from arena.core import pagecache
from arena.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.notifications.operations import notify


def scope_for(room_id: int) -> str:
    return f"chat:room:{room_id}"


def _changed(room: Room) -> None:
    pagecache.mark_changed(db.session, scope_for(room.id))


def create_room(*, actor, name: str, kind: str = "public") -> Room:
    name = (name or "").strip()
    errors = {}
    if not 1 <= len(name) <= 100:
        errors["name"] = [_("Give the room a name of at most 100 characters.")]
    if kind not in ("public", "private"):
        errors["kind"] = [_("A room is public or private.")]
    if errors:
        raise ValidationFailed(errors)
    room = Room(kind=kind, name=name, created_by_id=actor.id)
    db.session.add(room)
    db.session.flush()
    db.session.add(RoomMember(room_id=room.id, user_id=actor.id, role="owner"))
    db.session.flush()
    return room


def join(room: Room, *, actor) -> RoomMember:
    member = queries.membership(room.id, actor.id)
    if member is not None:
        if member.role == "banned":
            raise Forbidden(_("You are banned from this room."))
        return member
    if room.kind != "public":
        raise NotFound(_("No such room."))
    member = RoomMember(room_id=room.id, user_id=actor.id, role="member", last_read_id=room.last_message_id)
    db.session.add(member)
    db.session.flush()
    _changed(room)
    return member


def leave(room: Room, *, actor) -> None:
    member = queries.membership(room.id, actor.id)
    if member is None or member.role == "banned" or room.kind == "direct":
        return
    db.session.delete(member)
    db.session.flush()
    _changed(room)


def _moderator(room: Room, actor) -> RoomMember:
    member = queries.membership(room.id, actor.id)
    if member is None or member.role not in ("owner", "moderator"):
        raise Forbidden(_("Only the room's owner and moderators may do that."))
    return member


def invite(room: Room, user, *, actor) -> RoomMember:
    _moderator(room, actor)
    member = queries.membership(room.id, user.id)
    if member is not None:
        if member.role == "banned":
            raise Conflict(_("%(name)s is banned from this room.", name=user.username))
        return member
    member = RoomMember(room_id=room.id, user_id=user.id, role="member", last_read_id=room.last_message_id)
    db.session.add(member)
    db.session.flush()
    _changed(room)
    return member


def set_role(room: Room, member: RoomMember, role: str, *, actor) -> RoomMember:
    """Make a member moderator or member, or ban them (moderators may not touch the owner)."""
    mine = _moderator(room, actor)
    if role not in ROLES or role == "owner":
        raise ValidationFailed({"role": [_("Choose moderator, member or banned.")]})
    if member.role == "owner" or (role == "moderator" and mine.role != "owner"):
        raise Forbidden(_("Only the room's owner may do that."))
    member.role = role
    db.session.flush()
    _changed(room)
    return member


def mute(room: Room, member: RoomMember, minutes: int, *, actor) -> RoomMember:
    _moderator(room, actor)
    if member.role == "owner":
        raise Forbidden(_("Only the room's owner may do that."))
    if not 1 <= int(minutes) <= 7 * 24 * 60:
        raise ValidationFailed({"minutes": [_("Mute for 1 minute to 7 days.")]})
    member.muted_until = utcnow() + timedelta(minutes=int(minutes))
    db.session.flush()
    return member


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": [_("Write a message.")]})
    if len(body) > MAX_LENGTH:
        raise ValidationFailed({"body": [_("A message has at most %(max)s characters.", max=MAX_LENGTH)]})
    return body


def blocked_between(a: int, b: int) -> bool:
    return db.session.scalar(select(Block.id).where(or_(
        (Block.blocker_id == a) & (Block.blocked_id == b), (Block.blocker_id == b) & (Block.blocked_id == a)))) is not None


def post_message(room: Room, body: str, *, actor) -> Message:
    member = queries.membership(room.id, actor.id)
    if member is None:
        raise NotFound(_("No such room."))
    if member.role == "banned":
        raise Forbidden(_("You are banned from this room."))
    if member.muted_until is not None and member.muted_until > utcnow():
        raise Forbidden(_("You are muted in this room until %(time)s UTC.",
                          time=member.muted_until.strftime("%Y-%m-%d %H:%M")))
    body = _check_body(body)
    others = queries.other_members(room.id, actor.id)
    if room.kind == "direct" and any(blocked_between(actor.id, m.user_id) for m in others):
        raise Forbidden(_("You cannot message this person."))
    message = Message(room_id=room.id, user_id=actor.id, body=body)
    db.session.add(message)
    db.session.flush()
    room.last_message_id = message.id
    member.last_read_id = message.id
    _changed(room)
    _notify(room, message, others, actor)
    return message


def _notify(room: Room, message: Message, others: list[RoomMember], actor) -> None:
    link = f"/chat/rooms/{room.id}"
    if room.kind == "direct":
        for other in others:
            notify(other.user_id, "direct_message", {"name": actor.username, "room_id": room.id}, link=link)
        return
    named = text.mentions(message.body)
    for other in others:
        if other.role != "banned" and other.user.username_lower in named:
            notify(other.user_id, "chat_mention", {"name": actor.username, "room": room.name, "room_id": room.id},
                   link=link)


def _own_recent(message: Message, actor) -> None:
    window = timedelta(minutes=current_app.config["CHAT_EDIT_MINUTES"])
    if message.user_id != actor.id:
        raise Forbidden(_("You may only change your own messages."))
    if utcnow() - message.created_at > window:
        raise Forbidden(_("Messages can be changed for %(minutes)s minutes after posting.",
                          minutes=current_app.config["CHAT_EDIT_MINUTES"]))


def edit_message(message: Message, body: str, *, actor) -> Message:
    if message.deleted_at is not None:
        raise NotFound(_("No such message."))
    _own_recent(message, actor)
    message.body, message.edited_at = _check_body(body), utcnow()
    db.session.flush()
    _changed(db.session.get(Room, message.room_id))
    return message


def delete_message(message: Message, *, actor) -> Message:
    if message.deleted_at is not None:
        return message
    room = db.session.get(Room, message.room_id)
    member = queries.membership(room.id, actor.id)
    if member is None or member.role not in ("owner", "moderator"):
        _own_recent(message, actor)
    _remove(message, room)
    return message


def _remove(message: Message, room: Room) -> None:
    """The moderator's delete: the message is kept as "deleted" (its text is no longer shown)."""
    message.deleted_at = utcnow()
    db.session.flush()
    _changed(room)


def mark_read(room: Room, *, actor, up_to: int | None = None) -> RoomMember | None:
    member = queries.membership(room.id, actor.id)
    if member is None:
        return None
    target = min(up_to if up_to is not None else room.last_message_id, room.last_message_id)
    if target > member.last_read_id:
        member.last_read_id = target
        db.session.flush()
    return member


def open_direct(other, *, actor) -> Room:
    if other.id == actor.id:
        raise ValidationFailed({"username": [_("Choose someone else.")]})
    if blocked_between(actor.id, other.id):
        raise Forbidden(_("You cannot message this person."))
    key = f"{min(actor.id, other.id)}:{max(actor.id, other.id)}"
    room = db.session.scalar(select(Room).where(Room.direct_key == key))
    if room is None:
        room = Room(kind="direct", name="", direct_key=key, created_by_id=actor.id)
        db.session.add(room)
        db.session.flush()
        db.session.add_all([RoomMember(room_id=room.id, user_id=actor.id, role="member"),
                            RoomMember(room_id=room.id, user_id=other.id, role="member")])
        db.session.flush()
    return room


def block(user, *, actor) -> None:
    if user.id == actor.id:
        raise ValidationFailed({"username": [_("Choose someone else.")]})
    if db.session.scalar(select(Block.id).where(Block.blocker_id == actor.id, Block.blocked_id == user.id)) is None:
        db.session.add(Block(blocker_id=actor.id, blocked_id=user.id))
        db.session.flush()


def unblock(user, *, actor) -> None:
    row = db.session.scalar(select(Block).where(Block.blocker_id == actor.id, Block.blocked_id == user.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def report_message(message: Message, *, actor, reason: str = "") -> Report:
    """``actor`` (who can read the message's room: the caller checks) reports it for the admin queue;
    once per member and message (409 the second time)."""
    if message.deleted_at is not None:
        raise NotFound(_("No such message."))
    if message.user_id == actor.id:
        raise Forbidden(_("You cannot report your own message."))
    reason = (reason or "").strip()
    if len(reason) > REPORT_REASON_LENGTH:
        raise ValidationFailed({"reason": [_("A reason has at most %(max)s characters.", max=REPORT_REASON_LENGTH)]})
    if queries.has_reported(message.id, actor.id):
        raise Conflict(_("You have reported this message already."))
    report = Report(message_id=message.id, reporter_id=actor.id, reason=reason)
    db.session.add(report)
    db.session.flush()
    return report


def resolve_report(report: Report, action: str, *, actor, reason: str, origin: Origin = NO_ORIGIN) -> Report:
    """An administrator deletes the reported message (as a room moderator would) or dismisses the
    report, with a reason; audited. Every pending report of the same message is resolved with it."""
    reason = (reason or "").strip()
    errors = {}
    if action not in ("delete", "dismiss"):
        errors["action"] = [_("Choose delete or dismiss.")]
    if not reason:
        errors["reason"] = [_("Give a reason.")]
    elif len(reason) > REPORT_REASON_LENGTH:
        errors["reason"] = [_("A reason has at most %(max)s characters.", max=REPORT_REASON_LENGTH)]
    if errors:
        raise ValidationFailed(errors)
    if report.status != "pending":
        raise Conflict(_("This report was resolved already."))
    message = report.message
    if action == "delete" and message.deleted_at is None:
        _remove(message, db.session.get(Room, message.room_id))
    now, status = utcnow(), "deleted" if action == "delete" else "dismissed"
    same = db.session.scalars(select(Report).where(Report.message_id == message.id, Report.status == "pending"))
    for row in same:
        row.status, row.resolved_by_id, row.resolved_at, row.resolution = status, actor.id, now, reason
    db.session.flush()
    record(f"chat.report.{action}", actor=actor, subject=message.user, origin=origin,
           details={"report_id": report.id, "message_id": message.id, "room_id": message.room_id,
                    "reason": reason})
    return report
