"""Per-user rate limits: reads and writes counted separately, 429 with Retry-After."""

import pytest

from tests.conftest import envelope_ok
from tests.study.conftest import csrf_from, sign_in


@pytest.fixture
def config(config):
    config["STUDY_READ_LIMIT"] = "5/minute"
    config["STUDY_WRITE_LIMIT"] = "3/minute"
    return config


def test_writes_are_limited_per_user_with_retry_after(client, headers, other, auth_headers):
    for i in range(3):
        envelope_ok(client.post("/api/v1/subjects", json={"name": f"S{i}"}, headers=headers), 201)
    resp = client.post("/api/v1/subjects", json={"name": "one too many"}, headers=headers)
    assert resp.status_code == 429
    assert resp.get_json()["success"] is False
    assert int(resp.headers["Retry-After"]) > 0
    # the refused write stored nothing; reads are a separate budget; other users have their own
    names = [s["name"] for s in envelope_ok(client.get("/api/v1/subjects", headers=headers))]
    assert names == ["S0", "S1", "S2"]
    envelope_ok(client.post("/api/v1/subjects", json={"name": "theirs"}, headers=auth_headers(other)), 201)


def test_reads_are_limited(client, headers):
    for _ in range(5):
        envelope_ok(client.get("/api/v1/study-sessions", headers=headers))
    resp = client.get("/api/v1/subjects", headers=headers)  # any study read shares the budget
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_pages_and_api_share_the_write_budget(app, client, learner, headers):
    for i in range(3):
        envelope_ok(client.post("/api/v1/subjects", json={"name": f"S{i}"}, headers=headers), 201)
    pages = app.test_client()
    sign_in(pages, learner)
    token = csrf_from(pages.get("/study/subjects/new").get_data(as_text=True))
    resp = pages.post("/study/subjects/new", data={"csrf_token": token, "name": "Via page", "priority": "low",
                                                   "status": "active"})
    assert resp.status_code == 429 and "Retry-After" in resp.headers
    assert "Too many requests" in resp.get_data(as_text=True)
