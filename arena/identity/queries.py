from __future__ import annotations

from sqlalchemy import or_, select

from arena.extensions import db
from arena.identity.models import User


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_user_by_login(login: str) -> User | None:
    value = (login or "").strip().lower()
    if not value:
        return None
    return db.session.scalar(select(User).where(or_(User.username_lower == value, User.email_lower == value)))
