"""Factories for contest tests: ``create_contest(owner, **settings)``, ``make_trusted(user)``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from arena.core.timeutil import utcnow


@pytest.fixture
def create_contest(app, create_user):
    from arena.contests import operations
    from arena.extensions import db

    counter = {"n": 0}

    def factory(owner=None, *, started_days_ago: float = 1, lasts_days: float = 10, **settings):
        counter["n"] += 1
        owner = owner or create_user(f"owner{counter['n']}", role="admin")
        now = utcnow()
        data = {"name": f"Contest {counter['n']}", "wikis": ["enwiki"], "is_published": True,
                "starts_at": now - timedelta(days=started_days_ago),
                "ends_at": now - timedelta(days=started_days_ago) + timedelta(days=lasts_days), **settings}
        contest = operations.build_contest(data, owner=owner, actor=owner)
        db.session.commit()
        return contest

    return factory


@pytest.fixture
def make_trusted(app):
    from arena.contests.models import TrustedMemberRequest
    from arena.extensions import db

    def make(user):
        db.session.add(TrustedMemberRequest(user_id=user.id, wiki_id="enwiki", wiki_username=user.username,
                                            status="approved", reason="granted by an admin"))
        db.session.commit()
        return user

    return make


def iso(dt):
    return dt.isoformat()
