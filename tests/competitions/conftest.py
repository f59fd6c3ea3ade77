"""Fixtures of the competition tests: an organiser (admin), participants, a running competition with
one question of each kind, and a clock under test control."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from tests.conftest import envelope_ok

T0 = datetime(2030, 5, 1, 10, 0, tzinfo=timezone.utc)
QUESTIONS = [
    {"kind": "single", "text": "Capital of Egypt?", "points": 10, "explanation": "Cairo since 969.",
     "options": [{"id": "a", "text": "Alexandria"}, {"id": "b", "text": "Cairo"}, {"id": "c", "text": "Aswan"}],
     "answer": "b"},
    {"kind": "multiple", "text": "Noble gases?", "points": 10, "explanation": "Neon and argon.",
     "options": [{"id": "a", "text": "Neon"}, {"id": "b", "text": "Oxygen"}, {"id": "c", "text": "Argon"}],
     "answer": ["a", "c"]},
    {"kind": "true_false", "text": "The Nile is in Africa.", "points": 10, "answer": True,
     "explanation": "It flows north to the Mediterranean."},
    {"kind": "short_text", "text": "ما عاصمة مصر؟", "points": 10, "answer": ["القاهرة"],
     "explanation": "القاهرة."},
]
RIGHT = {0: "b", 1: ["a", "c"], 2: True, 3: "القاهره"}


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def organiser(create_user):
    return create_user("organiser", role="admin")


@pytest.fixture
def player(create_user):
    return create_user("player")


@pytest.fixture
def rival(create_user):
    return create_user("rival")


@pytest.fixture
def make_competition(client, organiser, auth_headers, clock):
    def make(questions=QUESTIONS, **settings):
        body = {"title": "Quiz", "starts_at": (T0 - timedelta(hours=1)).isoformat(),
                "ends_at": (T0 + timedelta(days=1)).isoformat(), "is_published": True,
                "time_limit_seconds": 600, "competition_points": 100, **settings}
        headers = auth_headers(organiser)
        competition = envelope_ok(client.post("/api/v1/competitions", json=body, headers=headers), 201)
        ids = []
        for question in questions:
            ids.append(envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/questions",
                                               json=question, headers=headers), 201)["id"])
        competition["question_ids"] = ids
        return competition

    return make


def start(client, headers, competition_id, status=201):
    return envelope_ok(client.post(f"/api/v1/competitions/{competition_id}/attempts", headers=headers), status)


def answer(client, headers, competition_id, attempt_id, question_id, value):
    return client.put(f"/api/v1/competitions/{competition_id}/attempts/{attempt_id}/answers/{question_id}",
                      json={"value": value}, headers=headers)


def submit(client, headers, competition_id, attempt_id):
    return client.post(f"/api/v1/competitions/{competition_id}/attempts/{attempt_id}/submit", headers=headers)
