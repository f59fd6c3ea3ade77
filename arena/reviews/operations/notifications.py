"""In-app notifications, mailed too when the recipient has an address (``REVIEW_NOTIFICATION_MAIL``)."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import update

from arena.core.mail import send_mail
from arena.extensions import db
from arena.reviews.models import Notification

log = logging.getLogger("arena.reviews")


def notify(user_id: int | None, kind: str, message: str, *, link: str = "", data: dict | None = None,
           mail_subject: str | None = None) -> Notification | None:
    if user_id is None:
        return None
    note = Notification(user_id=user_id, kind=kind, message=message[:500], link=link[:500], data=data or {},
                        read=False)
    db.session.add(note)
    db.session.flush()
    if mail_subject:
        _mail(user_id, mail_subject, message, link)
    return note


def _mail(user_id: int, subject: str, body: str, link: str) -> None:
    from arena.identity.models import User

    if not current_app.config["REVIEW_NOTIFICATION_MAIL"]:
        return
    user = db.session.get(User, user_id)
    if user is not None and user.email:
        try:
            send_mail(user.email, subject, f"{body}\n\n{link}".strip())
        except Exception as exc:  # noqa: BLE001 - mail is best effort; the in-app note stays
            log.warning("review notification mail failed: %s", exc)


def mark_read(user, ids: list[int] | None = None) -> int:
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read.is_(False))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids or [-1]))
    result = db.session.execute(stmt.values(read=True).execution_options(synchronize_session=False))
    return result.rowcount or 0
