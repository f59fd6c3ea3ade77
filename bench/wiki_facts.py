"""Article facts at scale: a generated category of 2,000 articles on the local test MediaWiki.

Starts a private copy of the test wiki (tests/support/mediawiki.py, ``php -S``), writes the
articles through the API as the fixture bot, then, in one Arena app with the embedded defaults
(SQLite, tasks run in-process), imports the category into a contest, refreshes its facts, edits
3 articles and refreshes again. For each step it prints the requests the wiki answered (counted in
its own server log), the wall time and the requests per 50 titles; then the word counts read from
wikitext against TextExtracts on a sample of the articles.

    .venv/bin/python -m bench.wiki_facts            # ARENA_BENCH_WIKI_ARTICLES=500 for a shorter run
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.common import arena_env, upgrade

COUNT = int(os.environ.get("ARENA_BENCH_WIKI_ARTICLES", 2000))


def main() -> None:
    from tests.support.mediawiki import MediaWikiServer, build_template
    from tests.support.wiki_fixtures import FIXTURES, TEST_WIKI_ID
    from tests.support.wiki_scale import BotWriter, make_category

    wiki = MediaWikiServer.from_template(build_template(FIXTURES), Path(tempfile.mkdtemp(prefix="arena-bench-wiki-")) / "wiki")
    wiki.start()
    try:
        started = time.perf_counter()
        titles = make_category(wiki, "Bench articles", COUNT, "Bench article")
        print(f"wrote {COUNT} articles in {time.perf_counter() - started:.0f} s")
        env = arena_env()
        upgrade(env)
        os.environ.update(env)
        from arena import create_app

        app = create_app({"CELERY_TASK_ALWAYS_EAGER": True, "WIKIS": {TEST_WIKI_ID: wiki.api_url},
                          "WIKI_CONTACT": "bench@arena.invalid"})
        with app.app_context():
            contest, owner = _contest(TEST_WIKI_ID)
            rows = [("import", lambda: _import(contest, owner, TEST_WIKI_ID)),
                    ("refresh (nothing changed)", lambda: _refresh(contest, owner))]
            for name, step in rows:
                _measure(wiki, name, step)
            writer = BotWriter(wiki)
            for title in (titles[3], titles[COUNT // 2], titles[-2]):
                writer.append(title, "\n\nA new paragraph.<ref>New source.</ref>")
            _measure(wiki, "refresh (3 articles edited)", lambda: _refresh(contest, owner))
            _word_counts(TEST_WIKI_ID, titles[::max(1, COUNT // 100)])
    finally:
        wiki.stop()


def _contest(wiki_id):
    from datetime import timedelta

    from arena.contests import operations
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.identity import operations as identity

    owner = identity.create_user("bench-owner", "owner@example.org", "Quiet harbour lantern mosaic 2026!", role="admin")
    now = utcnow()
    contest = operations.build_contest({"name": "Bench contest", "wikis": [wiki_id], "is_published": True,
                                       "starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=9)},
                                      owner=owner, actor=owner)
    db.session.commit()
    return contest.id, owner.id


def _loaded(contest_id, owner_id):
    from arena.contests.models import Contest
    from arena.extensions import db
    from arena.identity.models import User

    return db.session.get(Contest, contest_id), db.session.get(User, owner_id)


def _import(contest, owner, wiki_id):
    from arena.contests import operations
    from arena.extensions import db

    contest, owner = _loaded(contest, owner)

    job = operations.start_category_import(contest, wiki_id, "Bench articles", 0, actor=owner)
    db.session.commit()
    return job


def _refresh(contest, owner):
    from arena.contests import operations
    from arena.extensions import db

    contest, owner = _loaded(contest, owner)

    job = operations.start_facts_refresh(contest, actor=owner)
    db.session.commit()
    return job


def _measure(wiki, name, step) -> None:
    from arena.extensions import db
    from arena.jobs.queries import get_job

    before, started = wiki.api_requests(), time.perf_counter()
    job_id = step().id
    elapsed = time.perf_counter() - started
    requests = wiki.api_requests() - before
    db.session.remove()
    job = get_job(job_id)
    print(f"{name:<30} {requests:6d} requests  {elapsed:7.1f} s  {50 * requests / COUNT:6.2f} requests per 50 titles"
          f"  ({job.status}: {job.message})")


def _word_counts(wiki_id, titles) -> None:
    from arena.wiki import service
    from arena.wiki.wikitext import count_wikitext_words, count_words

    client = service.client(wiki_id)
    extracts = ours = worst = 0
    for title in titles:
        page = client.query(titles=title, prop="extracts|revisions", rvprop="content", rvslots="main",
                            explaintext=1, exsectionformat="plain")["query"]["pages"][0]
        e = count_words(page.get("extract", ""))
        o = count_wikitext_words(page["revisions"][0]["slots"]["main"]["content"])
        extracts, ours = extracts + e, ours + o
        worst = max(worst, abs(o - e) / max(1, e))
    print(f"word counts on {len(titles)} articles: TextExtracts {extracts}, wikitext {ours} "
          f"({100 * (ours - extracts) / max(1, extracts):+.2f}%; worst article {100 * worst:.1f}% off)")


if __name__ == "__main__":
    main()
