"""The chat rate limit holds across gunicorn processes: the counters live in Redis, so a user who
alternates between two processes still gets exactly ``CHAT_MESSAGE_LIMIT`` messages, then 429."""

from __future__ import annotations

import pytest
import requests

from tests.support import services
from tests.support.processes import ArenaServer

LIMIT = 5


@pytest.fixture
def config(config):
    config["CHAT_MESSAGE_LIMIT"] = f"{LIMIT}/minute"
    return config


@pytest.mark.services
@pytest.mark.skipif(not services.redis_url(), reason="needs ARENA_TEST_REDIS_URL and a shared database: runs in "
                    "the PostgreSQL + Redis pass (counters in memory are per process)")
def test_the_message_limit_holds_across_two_processes(config, app, create_user, auth_headers):
    from arena.chat import operations
    from arena.extensions import db

    alice = create_user("alice")
    room = operations.create_room(actor=alice, name="Lobby")
    db.session.commit()
    headers = auth_headers(alice)
    url = f"/api/v1/chat/rooms/{room.id}/messages"
    with ArenaServer(config) as one, ArenaServer(config) as two:
        answers = [requests.post((one, two)[i % 2].url + url, json={"body": f"message {i}"}, headers=headers,
                                 timeout=20) for i in range(LIMIT + 1)]
    assert [r.status_code for r in answers] == [201] * LIMIT + [429], [r.text[:200] for r in answers]
    assert int(answers[-1].headers["Retry-After"]) > 0
    from arena.chat.queries import messages_before

    db.session.expire_all()
    assert len(messages_before(room.id)) == LIMIT
