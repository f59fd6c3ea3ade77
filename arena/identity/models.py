from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model

ROLES = ("user", "admin", "superadmin")


class User(Model):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(32))
    username_lower: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    email_lower: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), default="user", index=True)
    is_banned: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    # accessibility and language preferences (DESIGN.md §1)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    density: Mapped[int] = mapped_column(Integer, default=3)
    contrast: Mapped[str] = mapped_column(String(8), default="normal")
    reduced_motion: Mapped[bool] = mapped_column(Boolean, default=False)
    reading_level: Mapped[int] = mapped_column(Integer, default=3)
    sign_language: Mapped[str | None] = mapped_column(String(3), nullable=True)

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.is_banned

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.role in ("admin", "superadmin")

    @property
    def is_superadmin(self) -> bool:
        return self.role == "superadmin"

    @property
    def name(self) -> str:
        return self.display_name or self.username
