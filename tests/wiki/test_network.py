"""Batching, request parameters, retries, outages and the circuit breaker."""
import json
import socket
import time

import pybreaker
import pytest
import requests
from requests.adapters import HTTPAdapter

from arena.wiki.client import WikiClient
from arena.wiki.errors import WikiUnavailable
from arena.wiki.site import NetworkPolicy
from tests.wiki.conftest import FAST_POLICY

pytestmark = pytest.mark.wiki


class FlakyAdapter(HTTPAdapter):
    """Answers the first ``failures`` requests itself, then passes through."""

    def __init__(self, failures, status=503, headers=None, body=b"busy"):
        super().__init__()
        self.failures, self.status, self.headers, self.body = failures, status, headers or {}, body
        self.calls = 0

    def send(self, request, **kwargs):
        self.calls += 1
        if self.failures > 0:
            self.failures -= 1
            response = requests.Response()
            response.status_code = self.status
            response.headers.update(self.headers)
            response._content = self.body
            response.request, response.url = request, request.url
            return response
        return super().send(request, **kwargs)


def recorder(client):
    calls = []
    client.request_listeners.append(lambda method, data: calls.append(data))
    return calls


def test_titles_are_batched_fifty_at_a_time(client):
    existing = ["Ada Lovelace", "Charles Babbage", "Alan Turing"]
    titles = existing + [f"Missing article {n}" for n in range(117)]
    client.siteinfo()
    calls = recorder(client)
    facts = client.article_facts(titles + ["Ada Lovelace"])  # duplicates are asked once
    batched = [c for c in calls if "linkshere" in c.get("prop", "")]
    per_page = [c for c in calls if c not in batched]
    assert len(batched) == 3
    assert [len(c["titles"].split("|")) for c in batched] == [50, 50, 20]
    # one history request per page seen for the first time; missing pages cost nothing more
    assert sorted(c["titles"] for c in per_page) == sorted(existing)
    assert all(c["rvdir"] == "newer" for c in per_page)
    assert len(calls) == 6
    assert len(facts) == 120
    assert sum(f.exists for f in facts.values()) == 3
    assert facts["Alan Turing"].creator == "Dalia"
    assert [r.user for r in facts["Ada Lovelace"].history] == ["Alice", "Bob", "Alice"]

    # with the first revisions remembered, only the batched queries are sent
    remembered = {f.page_id: f.history[0] for f in facts.values() if f.exists}
    calls.clear()
    again = client.article_facts(titles, known_first=lambda ids: {i: remembered[i] for i in ids if i in remembered})
    assert len(calls) == 3
    assert again["Alan Turing"].creator == "Dalia" and again["Alan Turing"].history is None
    assert again["Ada Lovelace"].created_at == facts["Ada Lovelace"].created_at


def test_every_api_request_carries_maxlag_and_user_agent(client):
    calls = recorder(client)
    client.article_facts(["Ada Lovelace"])
    client.user_info("Alice")
    assert calls and all(c.get("maxlag") == "5" for c in calls)
    agent = client.site.connection.headers["User-Agent"]
    assert agent.startswith("Arena/") and "contest platform; tests@arena.invalid" in agent


def test_retry_after_is_honoured_on_503(client):
    client.siteinfo()
    adapter = FlakyAdapter(1, 503, {"Retry-After": "1"})
    client.site.connection.mount("http://", adapter)
    started = time.monotonic()
    assert client.user_info("Alice")["edit_count"] == 25
    assert time.monotonic() - started >= 1.0
    assert adapter.calls == 2


def test_429_is_retried(client):
    client.siteinfo()
    adapter = FlakyAdapter(1, 429, {"Retry-After": "0"})
    client.site.connection.mount("http://", adapter)
    assert client.user_info("Alice")["exists"]
    assert adapter.calls == 2


def test_replication_lag_is_waited_out(client):
    client.siteinfo()
    body = json.dumps({"error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged."}}).encode()
    adapter = FlakyAdapter(1, 200, {"X-Database-Lag": "7", "Retry-After": "1"}, body)
    client.site.connection.mount("http://", adapter)
    started = time.monotonic()
    assert client.size_at("Ada Lovelace", client.revisions("Ada Lovelace")[-1].timestamp) == 1199
    assert time.monotonic() - started >= 1.0


def test_persistent_errors_become_wiki_unavailable(client):
    client.siteinfo()
    client.site.connection.mount("http://", FlakyAdapter(10, 502))
    with pytest.raises(WikiUnavailable, match="HTTP 502"):
        client.user_info("Alice")


def test_long_retry_after_is_not_slept_through(client):
    client.siteinfo()
    client.site.connection.mount("http://", FlakyAdapter(1, 503, {"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(WikiUnavailable, match="3600"):
        client.user_info("Alice")
    assert time.monotonic() - started < 1


def test_timeout_becomes_wiki_unavailable():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        client = WikiClient(f"http://127.0.0.1:{port}/api.php",
                            policy=NetworkPolicy(timeout=0.5, max_retries=1, backoff=0.05))
        started = time.monotonic()
        with pytest.raises(WikiUnavailable, match="Timeout"):
            client.user_info("Alice")
        assert time.monotonic() - started < 3


def test_stopping_the_wiki_mid_session(wiki, client):
    assert client.article_facts(["Ada Lovelace"])["Ada Lovelace"].exists
    wiki.stop()
    started = time.monotonic()
    with pytest.raises(WikiUnavailable):
        client.article_facts(["Ada Lovelace"])
    with pytest.raises(WikiUnavailable):
        client.size_at("Ada Lovelace", client_time())
    with pytest.raises(WikiUnavailable):
        client.rendered_html("Ada Lovelace")
    assert time.monotonic() - started < 3
    wiki.start()
    assert client.article_facts(["Ada Lovelace"])["Ada Lovelace"].size == 1199


def test_breaker_opens_and_recovers(wiki):
    breaker = pybreaker.CircuitBreaker(fail_max=2, reset_timeout=1)
    client = WikiClient(wiki.api_url, policy=FAST_POLICY, breaker=breaker)
    assert client.user_info("Alice")["exists"]
    wiki.stop()
    for _ in range(2):
        with pytest.raises(WikiUnavailable):
            client.user_info("Alice")
    assert breaker.current_state == "open"
    sent = client.request_count
    with pytest.raises(WikiUnavailable, match="too many recent failures"):
        client.user_info("Alice")
    assert client.request_count == sent  # failed fast, nothing sent
    wiki.start()
    time.sleep(1.1)
    assert client.user_info("Alice")["edit_count"] == 25
    assert breaker.current_state == "closed"


def test_client_creation_does_not_touch_the_network():
    client = WikiClient("http://127.0.0.1:9/api.php", policy=FAST_POLICY)
    assert client.request_count == 0
    with pytest.raises(WikiUnavailable):
        client.user_info("Alice")


def client_time():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)
