"""Rooms linked to a writing contest or a competition: one room each, created with the contest or
competition, whose members follow its people — organisers (moderators), jurors and participants
(members). Chat learns about them only through signals: the owning domain announces changes
(``contest_created``, ``submission_created``, ``contest_jury_changed``…) and answers
``linked_room_members_asked`` with the current people; contests and competitions never import chat.
Rooms of contests and competitions that existed before this were made by migration ``0630_comm_rooms``.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from arena.chat import queries
from arena.chat.models import LINKED_KINDS, Room, RoomMember
from arena.core import signals
from arena.extensions import db

#: the chat role of each part a person has in a contest or competition
ROLE_OF = {"organiser": "moderator", "jury": "member", "participant": "member"}


def room_for(kind: str, ref_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.kind == kind, Room.ref_id == ref_id))


def _people(kind: str, ref_id: int) -> dict | None:
    answers = signals.values_from_signal(signals.linked_room_members_asked, kind, ref_id=ref_id)
    return answers[0] if answers else None


def _changed(room: Room) -> None:
    from arena.chat.operations import _changed as mark

    mark(room)


def _put(room: Room, user_id: int, part: str) -> None:
    """Add ``user_id`` with the role of ``part``; promote or demote an existing member to match it
    (a banned member stays banned)."""
    role = ROLE_OF[part]
    member = queries.membership(room.id, user_id)
    if member is None:
        db.session.add(RoomMember(room_id=room.id, user_id=user_id, role=role, last_read_id=room.last_message_id))
    elif member.role in ("moderator", "member") and member.role != role:
        member.role = role


def sync(kind: str, ref_id: int) -> Room | None:
    """Create the room if needed and bring its members in line with the owner's answer: everyone
    listed is in with their role, nobody else (banned members are kept so they stay out)."""
    answer = _people(kind, ref_id)
    room = room_for(kind, ref_id)
    if answer is None:
        return room
    if room is None:
        room = Room(kind=kind, ref_id=ref_id, name=answer["name"][:100])
        db.session.add(room)
        db.session.flush()
    wanted = answer["members"]
    for member in queries.members(room.id):
        if member.user_id not in wanted and member.role != "banned":
            db.session.delete(member)
    db.session.flush()
    for user_id, part in wanted.items():
        _put(room, user_id, part)
    db.session.flush()
    _changed(room)
    return room


def add(kind: str, ref_id: int, user_id: int | None, part: str) -> None:
    """One person joined (a submission, a first attempt, a new juror): add them without asking for
    everyone again, unless the room has to be made first."""
    if user_id is None:
        return
    room = room_for(kind, ref_id)
    if room is None:
        sync(kind, ref_id)
        return
    _put(room, user_id, part)
    db.session.flush()
    _changed(room)


def drop(kind: str, ref_id: int, user_ids: list[int]) -> None:
    """People lost a part: they leave unless they still have another (then their role follows it)."""
    room = room_for(kind, ref_id)
    answer = _people(kind, ref_id)
    if room is None or answer is None:
        return
    for user_id in user_ids:
        member = queries.membership(room.id, user_id)
        part = answer["members"].get(user_id)
        if member is None or member.role == "banned":
            continue
        if part is None:
            db.session.delete(member)
        else:
            _put(room, user_id, part)
    db.session.flush()
    _changed(room)


def delete(kind: str, ref_id: int) -> None:
    room = room_for(kind, ref_id)
    if room is not None:
        db.session.delete(room)
        db.session.flush()


def page_links(kind, *, ref_id: int, user=None, **_kwargs):
    """The room's link on the contest or competition page, for its members."""
    if kind not in ("contest", "competition") or user is None:
        return None
    room = room_for(kind, ref_id)
    member = queries.membership(room.id, user.id) if room is not None else None
    if member is None or member.role == "banned":
        return None
    return [{"label": _("Chat room"), "url": url_for("chat.room", room_id=room.id)}]


def demo_load() -> str:
    """Demo data: bring every contest and competition room in step with its people (the demo imports
    entries without announcing them), and greet the first contest room."""
    from arena.chat.models import Message

    rooms = list(db.session.scalars(select(Room).where(Room.kind.in_(LINKED_KINDS)).order_by(Room.id)))
    for room in rooms:
        sync(room.kind, room.ref_id)
    first = next((room for room in rooms if room.kind == "contest"), None)
    if first is not None and first.last_message_id == 0:
        moderator = next((m for m in queries.members(first.id) if m.role == "moderator"), None)
        if moderator is not None:
            message = Message(room_id=first.id, user_id=moderator.user_id,
                              body="Welcome! Ask the organisers and the jury here.")
            db.session.add(message)
            db.session.flush()
            first.last_message_id = message.id
    db.session.flush()
    return f"{len(rooms)} contest and competition rooms in step with their people"


# --- receivers ---------------------------------------------------------------------------------

def _contest_created(contest, **_kwargs) -> None:
    sync("contest", contest.id)


def _contest_deleted(contest, **_kwargs) -> None:
    delete("contest", contest.id)


def _contest_people_changed(part: str):
    def receiver(contest, *, added=(), removed=(), **_kwargs) -> None:
        for user_id in added:
            add("contest", contest.id, user_id, part)
        if removed:
            drop("contest", contest.id, list(removed))
    return receiver


def _submission_created(submission, **_kwargs) -> None:
    add("contest", submission.contest_id, submission.user_id, "participant")


def _submission_claimed(submission, *, user_id: int, **_kwargs) -> None:
    add("contest", submission.contest_id, user_id, "participant")


def _competition_created(competition, **_kwargs) -> None:
    sync("competition", competition.id)


def _attempt_started(_attempt, *, user_id: int, competition_id: int, **_kwargs) -> None:
    add("competition", competition_id, user_id, "participant")


def connect() -> None:
    signals.contest_created.connect(_contest_created, weak=False)
    signals.contest_deleted.connect(_contest_deleted, weak=False)
    signals.contest_jury_changed.connect(_contest_people_changed("jury"), weak=False)
    signals.contest_organisers_changed.connect(_contest_people_changed("organiser"), weak=False)
    signals.submission_created.connect(_submission_created, weak=False)
    signals.submission_claimed.connect(_submission_claimed, weak=False)
    signals.competition_created.connect(_competition_created, weak=False)
    signals.competition_attempt_started.connect(_attempt_started, weak=False)
    signals.page_links_asked.connect(page_links, weak=False)
