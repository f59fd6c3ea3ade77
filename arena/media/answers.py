"""The ``video_answer`` question kind: the participant answers with a video they uploaded (signed,
for instance). The answer is the video's id; it must be the participant's own video and not one
whose processing failed. An answer given this way earns full credit — it is a question to be
answered on video, not to be right or wrong."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from arena.competitions.kinds import InvalidQuestion, InvalidResponse, Kind, register_kind
from arena.extensions import db
from arena.media.models import MediaItem


class VideoAnswer(Kind):
    name = "video_answer"
    label = _l("Video answer")
    has_options = False

    def check(self, options, answer, partial):
        if options:
            raise InvalidQuestion({"options": _l("A video answer has no options.")})
        return [], None

    def read_response(self, question, value):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise InvalidResponse(_l("Answer with the number of a video you uploaded."))
        item = db.session.get(MediaItem, value)
        if item is None or item.status == "failed":
            raise InvalidResponse(_l("Answer with the number of a video you uploaded."))
        return value

    def accepts_from(self, value, actor) -> bool:
        item = db.session.get(MediaItem, value)
        return item is not None and actor is not None and item.owner_id == actor.id

    def grade(self, question, value):
        item = db.session.get(MediaItem, value) if isinstance(value, int) else None
        return Decimal("1") if item is not None and item.status != "failed" else Decimal("0")


def init_app(app) -> None:
    register_kind(VideoAnswer())
