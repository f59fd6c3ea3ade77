"""Reads of the chat domain."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, select

from arena.chat.models import Message, Report, Room, RoomMember
from arena.extensions import db


def membership(room_id: int, user_id: int) -> RoomMember | None:
    return db.session.scalar(select(RoomMember).where(RoomMember.room_id == room_id, RoomMember.user_id == user_id))


def other_members(room_id: int, user_id: int) -> list[RoomMember]:
    return list(db.session.scalars(select(RoomMember).where(RoomMember.room_id == room_id,
                                                            RoomMember.user_id != user_id)))


def visible_room(room_id: int, user) -> Room | None:
    """The room when ``user`` may read it: public rooms for everyone signed in, others for members
    (banned members read nothing); otherwise None, which callers answer with 404."""
    room = db.session.get(Room, room_id)
    if room is None:
        return None
    member = membership(room.id, user.id)
    if member is not None and member.role == "banned":
        return None
    if room.kind == "public" or member is not None:
        return room
    return None


def messages_before(room_id: int, *, before: int | None = None, limit: int = 50) -> list[Message]:
    """A page of history read backwards by id (keyset: ``before`` is the oldest id already shown);
    returned oldest first."""
    stmt = select(Message).where(Message.room_id == room_id)
    if before is not None:
        stmt = stmt.where(Message.id < before)
    rows = list(db.session.scalars(stmt.order_by(Message.id.desc()).limit(limit)))
    return rows[::-1]


def rooms_of(user, *, kind: str | None = None) -> list[tuple[Room, int]]:
    """The rooms ``user`` belongs to (not banned) with the number of unread messages of each."""
    unread = (select(func.count(Message.id)).where(Message.room_id == Room.id, Message.id > RoomMember.last_read_id,
                                                   Message.deleted_at.is_(None), Message.user_id != user.id)
              .correlate(Room, RoomMember).scalar_subquery())
    stmt = (select(Room, unread).join(RoomMember, and_(RoomMember.room_id == Room.id, RoomMember.user_id == user.id))
            .where(RoomMember.role != "banned").order_by(Room.last_message_id.desc(), Room.id.desc()))
    if kind == "direct":
        stmt = stmt.where(Room.kind == "direct")
    elif kind == "rooms":
        stmt = stmt.where(Room.kind != "direct")
    return [(room, n) for room, n in db.session.execute(stmt)]


def public_rooms() -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.kind == "public").order_by(Room.name).limit(200)))


def members(room_id: int) -> list[RoomMember]:
    return list(db.session.scalars(select(RoomMember).where(RoomMember.room_id == room_id).order_by(RoomMember.id)))


def get_message(message_id: int) -> Message | None:
    return db.session.get(Message, message_id)


def direct_partner(room: Room, user) -> RoomMember | None:
    others = other_members(room.id, user.id)
    return others[0] if others else None


def user_by_username(username: str):
    from arena.identity.models import User

    name = (username or "").strip().lstrip("@").lower()
    return db.session.scalar(select(User).where(User.username_lower == name)) if name else None


def report_queue_stmt() -> Select:
    """Reports waiting for an administrator, oldest first."""
    return select(Report).where(Report.status == "pending").order_by(Report.id)


def get_report(report_id: int) -> Report | None:
    return db.session.get(Report, report_id)


def has_reported(message_id: int, user_id: int) -> bool:
    return db.session.scalar(select(Report.id).where(Report.message_id == message_id,
                                                     Report.reporter_id == user_id)) is not None


def rooms_by_id(room_ids) -> dict[int, Room]:
    ids = set(room_ids)
    return {r.id: r for r in db.session.scalars(select(Room).where(Room.id.in_(ids)))} if ids else {}
