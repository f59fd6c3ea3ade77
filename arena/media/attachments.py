"""What a video may be attached to: a registry keyed by kind. Each kind answers whether a user may
attach to an object, whether a user may watch a private video attached to it, and whether the object
still exists (the nightly cleanup deletes the videos of objects that are gone). A competition answer
points at its video from the other side (the ``video_answer`` question kind, see ``answers``). Kinds owned by
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


def _profile_attach(user, object_id: int) -> bool:
    return user is not None and object_id == user.id


def _profile_view(user, object_id: int) -> bool:
    return user is not None and (user.id == object_id or user.is_admin)


def _profile_exists(user_id: int) -> bool:
    from arena.extensions import db
    from arena.identity.models import User

    return db.session.get(User, user_id) is not None


register(AttachKind("submission", _l("Contest submission"), _submission_attach, _submission_view,
                    lambda object_id: _submission(object_id) is not None))
register(AttachKind("profile", _l("Profile introduction"), _profile_attach, _profile_view, _profile_exists))
