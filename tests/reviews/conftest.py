"""Factories for review tests: a contest with an organiser and three jurors, and entries made by the
contests domain's own operations. The wiki is not involved: its door (``arena.contests.facts``)
answers with the article and the hand-made fact snapshot each test gives."""

from __future__ import annotations

from datetime import timedelta

import pytest

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

    def factory(mode: str, config: dict, *, jurors=("jury1", "jury2", "jury3"), name=None, rules=None):
        counter["n"] += 1
        now = utcnow()
        org = people["org"]
        data = {"name": name or f"Review contest {counter['n']}", "wikis": ["enwiki"], "is_published": True,
                "starts_at": now - timedelta(days=3), "ends_at": now + timedelta(days=10),
                "scoring_mode": mode, "scoring_config": config, "eligibility_rules": rules or {}}
        contest = operations.build_contest(data, owner=org, actor=org)
        for juror in jurors:
            operations.add_member(contest, "jury", user_id=people[juror].id, actor=org)
        db.session.commit()
        return contest

    return factory


@pytest.fixture
def submit(app, monkeypatch):
    """``submit(contest, user, title, snapshot=...)``: ``user`` submits the article's link
    (``submit_article``), and the contest's rules judge the snapshot. ``submit(contest, None, title,
    creator="Name")``: an imported article whose creator has no Arena account yet (``import_article``)."""
    from urllib.parse import quote

    from arena.contests import facts, operations
    from arena.extensions import db

    snapshots: dict[str, dict] = {}

    def article_facts(wiki_id, titles, *, refresh=False):
        return {t: facts.ArticleFacts(title=t, requested_title=t, exists=True) for t in titles if t in snapshots}

    def snapshots_for(contest, submissions, *, refresh=False, known=None):
        return {sub.id: dict(snapshots[sub.title]) for sub in submissions}

    monkeypatch.setattr(facts, "article_facts", article_facts)
    monkeypatch.setattr(facts, "snapshots_for", snapshots_for)

    def factory(contest, user, title, *, snapshot=None, creator=None):
        snapshots[title] = snapshot or {"size": 2000, "references": 3}
        if user is None:
            sub = operations.import_article(contest, "enwiki", title, creator, actor=None)
            operations.check_submission(sub)
        else:
            url = f"https://en.wikipedia.org/wiki/{quote(title.replace(' ', '_'))}"
            sub = operations.submit_article(contest, url, actor=user)
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

        def put(self, url, json):
            return client.put(url, json=json, headers=self.headers)

        def delete(self, url):
            return client.delete(url, headers=self.headers)

    return Caller


def fresh():
    from arena.extensions import db

    db.session.rollback()
    db.session.expire_all()
