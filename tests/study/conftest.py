"""Fixtures of the study tests: a learner with API headers, a signed-in page client, factories."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import envelope_ok, sign_in_session


@pytest.fixture
def config(base_config):
    cfg = dict(base_config)
    # generous limits so only the rate-limit tests meet them (they set their own)
    cfg["STUDY_READ_LIMIT"] = "10000/minute"
    cfg["STUDY_WRITE_LIMIT"] = "10000/minute"
    return cfg


@pytest.fixture
def learner(create_user):
    return create_user("learner")


@pytest.fixture
def other(create_user):
    return create_user("other")


@pytest.fixture
def headers(learner, auth_headers):
    return auth_headers(learner)


def at(day: str, hhmm: str = "00:00") -> datetime:
    """A UTC instant from ``"2025-03-03", "10:30"``."""
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=timezone.utc)


def iso(value: datetime) -> str:
    return value.isoformat()


def hours_ago(hours: float) -> datetime:
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    return now - timedelta(hours=hours)


@pytest.fixture
def make_subject(client):
    def make(headers, name="Algebra", **fields):
        return envelope_ok(client.post("/api/v1/subjects", json={"name": name, **fields}, headers=headers), 201)

    return make


@pytest.fixture
def make_session(client):
    def make(headers, subject_id, start: datetime, end: datetime, notes=""):
        body = {"subject_id": subject_id, "started_at": iso(start), "ended_at": iso(end), "notes": notes}
        return envelope_ok(client.post("/api/v1/study-sessions", json=body, headers=headers), 201)

    return make


def sign_in(client, user) -> None:
    """Sign ``user`` in to the pages with a Flask-Login session cookie."""
    sign_in_session(client, user)


def csrf_from(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def page_client(app, learner):
    client = app.test_client()
    sign_in(client, learner)
    return client
