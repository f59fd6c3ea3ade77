"""Factories for review tests: a contest with an organiser and three jurors, and submissions with
hand-made fact snapshots (the wiki is not involved: snapshots are what the contests domain stores)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from arena.core.timeutil import utcnow


@pytest.fixture
def people(create_user):
    """organiser, three jurors, four participants, an outsider and an admin."""
    names = ["org", "jury1", "jury2", "jury3", "alice", "bob", "carol", "dalia", "outsider"]
    users = {n: create_user(n) for n in names}
    users["carol"].display_name = "كارول العربية"
    users["admin"] = create_user("admin", role="admin")
    from arena.extensions import db

    db.session.commit()
    return users


@pytest.fixture
def jury_contest(app, people):
    """``jury_contest(mode, config)``: published, running, organised by ``org`` with three jurors."""
    from arena.contests import operations
    from arena.extensions import db

    counter = {"n": 0}

    def factory(mode: str, config: dict, *, jurors=("jury1", "jury2", "jury3"), name=None):
        counter["n"] += 1
        now = utcnow()
        org = people["org"]
        data = {"name": name or f"Review contest {counter['n']}", "wikis": ["enwiki"], "is_published": True,
                "starts_at": now - timedelta(days=3), "ends_at": now + timedelta(days=10),
                "scoring_mode": mode, "scoring_config": config, "eligibility_rules": {}}
        contest = operations.build_contest(data, owner=org, actor=org)
        for juror in jurors:
            operations.add_member(contest, "jury", user_id=people[juror].id, actor=org)
        db.session.commit()
        return contest

    return factory


@pytest.fixture
def submit(app):
    """``submit(contest, user, title, snapshot=..., status="pending")``: a checked submission, sent
    through ``submission_created`` exactly as the contests domain does."""
    from arena.contests.models import Submission
    from arena.contests.models.submission import title_key
    from arena.core import signals
    from arena.extensions import db

    def factory(contest, user, title, *, snapshot=None, status="pending", rule_results=None):
        sub = Submission(contest_id=contest.id, user_id=user.id if user else None,
                         submitted_by_id=user.id if user else None, source="submitted", wiki_id="enwiki",
                         title=title, title_key=title_key(title),
                         article_url=f"https://en.wikipedia.org/wiki/{title.replace(' ', '_')}",
                         wiki_username=user.username if user else None, status=status,
                         snapshot=snapshot or {"size": 2000, "references": 3}, rule_results=rule_results or [])
        db.session.add(sub)
        db.session.flush()
        signals.submission_created.send(sub, actor=user)
        db.session.commit()
        return sub

    return factory


@pytest.fixture
def api(client, auth_headers):
    """``api(user).get(url)`` / ``.post(url, json)`` / ``.patch(...)`` with the user's token."""

    class Caller:
        def __init__(self, user):
            self.headers = auth_headers(user) if user is not None else {}

        def get(self, url, **kw):
            return client.get(url, headers=self.headers, **kw)

        def post(self, url, json=None):
            return client.post(url, json=json if json is not None else {}, headers=self.headers)

        def patch(self, url, json):
            return client.patch(url, json=json, headers=self.headers)

        def delete(self, url):
            return client.delete(url, headers=self.headers)

    return Caller


@pytest.fixture
def count_queries(app):
    """``with count_queries() as n: ...`` then ``n[0]`` is the number of SQL statements run."""
    from contextlib import contextmanager

    from arena.extensions import db

    @contextmanager
    def counter():
        box = [0]

        def bump(*_args, **_kwargs):
            box[0] += 1

        event.listen(db.engine, "before_cursor_execute", bump)
        try:
            yield box
        finally:
            event.remove(db.engine, "before_cursor_execute", bump)

    return counter


def fresh():
    from arena.extensions import db

    db.session.rollback()
    db.session.expire_all()
