"""What a video may be attached to: a registry keyed by kind. Each kind answers whether a user may
attach to an object, whether a user may watch a private video attached to it, and whether the object
still exists (the nightly cleanup deletes the videos of objects that are gone). A competition answer
points at its video from the other side (the ``video_answer`` question kind, see ``answers``). A kind may
also let others add captions (``may_caption``) and be told when its videos change (``changed``). Kinds owned by
other domains ask those domains' queries; nothing here writes their tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class AttachKind:
    name: str
    label: object
    may_attach: Callable[[object, int], bool]
    may_view: Callable[[object, int], bool]
    exists: Callable[[int], bool]
    #: who besides the owner (and admins) may add or remove captions: an organiser of the contest, ...
    may_caption: Callable[[object, int], bool] | None = None
    #: told when a video attached to the object appears, changes state or goes (a page cache to refresh)
    changed: Callable[[int], None] | None = None


KINDS: dict[str, AttachKind] = {}


def register(kind: AttachKind) -> None:
    KINDS[kind.name] = kind


def _submission(submission_id: int):
    from arena.contests.models import Submission
    from arena.extensions import db

    return db.session.get(Submission, submission_id)


def _submission_attach(user, object_id: int) -> bool:
    submission = _submission(object_id)
    return submission is not None and submission.user_id == user.id


def _submission_view(user, object_id: int) -> bool:
    submission = _submission(object_id)
    if submission is None or user is None:
        return False
    return submission.user_id == user.id or submission.contest.can_see_all_submissions(user)


def _submission_caption(user, object_id: int) -> bool:
    submission = _submission(object_id)
    return submission is not None and user is not None and submission.contest.is_organizer(user)


def _profile_attach(user, object_id: int) -> bool:
    return user is not None and object_id == user.id


def _profile_view(user, object_id: int) -> bool:
    return user is not None and (user.id == object_id or user.is_admin)


def _profile_exists(user_id: int) -> bool:
    from arena.extensions import db
    from arena.identity.models import User

    return db.session.get(User, user_id) is not None


register(AttachKind("submission", _l("Contest submission"), _submission_attach, _submission_view,
                    lambda object_id: _submission(object_id) is not None, may_caption=_submission_caption))
register(AttachKind("profile", _l("Profile introduction"), _profile_attach, _profile_view, _profile_exists))


def _chat_message(message_id: int):
    from arena.chat import queries as chat

    message = chat.get_message(message_id)
    return message if message is not None and message.deleted_at is None else None


def _room_reader(user, message) -> bool:
    """A member of the message's room who is not banned: members only, even in a public room."""
    from arena.chat import queries as chat

    member = chat.membership(message.room_id, user.id)
    return member is not None and member.role != "banned"


def _chat_attach(user, object_id: int) -> bool:
    message = _chat_message(object_id)
    return message is not None and user is not None and message.user_id == user.id and _room_reader(user, message)


def _chat_view(user, object_id: int) -> bool:
    message = _chat_message(object_id)
    return message is not None and user is not None and _room_reader(user, message)


def _chat_changed(object_id: int) -> None:
    from arena.chat import operations as chat_ops
    from arena.chat import queries as chat
    from arena.core import pagecache
    from arena.extensions import db

    message = chat.get_message(object_id)
    if message is not None:
        pagecache.mark_changed(db.session, chat_ops.scope_for(message.room_id))


register(AttachKind("chat_message", _l("Chat message"), _chat_attach, _chat_view,
                    lambda object_id: _chat_message(object_id) is not None, changed=_chat_changed))


def chat_attachments(room, *, message_ids: list[int], user, **_kwargs) -> dict[int, list[dict]] | None:
    """Answers ``chat_attachments_asked``: the videos on those messages that ``user`` may watch, with
    their poster and captions (on by default for a reader whose preferences name a sign language)."""
    from arena.media import queries

    found = queries.visible_attached("chat_message", message_ids, user)
    if not found:
        return None
    captions_on = bool(user is not None and user.sign_language)
    return {message_id: [_chat_entry(item, captions_on) for item in items] for message_id, items in found.items()}


def _chat_entry(item, captions_on: bool) -> dict:
    from flask import url_for

    ready = item.status == "ready" and "video" in (item.files or [])
    tracks = [{"src": url_for("media_api.CaptionItem", item_id=item.id, language=caption.language),
               "language": caption.language, "label": caption.label, "default": captions_on and n == 0}
              for n, caption in enumerate(item.captions)] if ready else []
    return {"title": item.title, "url": url_for("media.watch", item_id=item.id),
            "video_url": url_for("media_api.File", item_id=item.id, name="video") if ready else None,
            "poster_url": (url_for("media_api.File", item_id=item.id, name="poster")
                           if ready and "poster" in item.files else None),
            "tracks": tracks}
