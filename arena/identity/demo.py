"""Demo accounts (``arena demo-data``); all share ``arena.core.cli.DEMO_PASSWORD``."""

from __future__ import annotations

from arena.core.cli import DEMO_PASSWORD
from arena.identity import operations, queries

#: username, role, display name, extra attributes
DEMO_USERS = (
    ("admin", "superadmin", "Arena Admin", {}),
    ("organiser", "user", "Olivia Organiser", {}),
    ("juror1", "user", "Juror One", {}),
    ("juror2", "user", "Juror Two", {}),
    ("juror3", "user", "Juror Three", {}),
    ("alice", "user", "Alice", {}),
    ("bob", "user", "Bob", {}),
    ("layla", "user", "ليلى", {"language": "ar"}),
)


def load() -> str:
    """Create the demo accounts that do not exist yet (running it again changes nothing)."""
    created = []
    for username, role, display_name, attrs in DEMO_USERS:
        if queries.find_user_by_login(username) is not None:
            continue
        user = operations.create_user(username, f"{username}@arena.example", DEMO_PASSWORD, role=role,
                                      display_name=display_name)
        for key, value in attrs.items():
            setattr(user, key, value)
        created.append(username)
    return f"{len(created)} accounts created" + (f" ({', '.join(created)})" if created else "")
