"""Where a video hangs: a competition's video-answer question, a profile introduction."""

from datetime import timedelta

from tests.competitions.conftest import T0, answer, start, submit
from tests.conftest import envelope_ok

API = "/api/v1/media"


def _ready_video(owner, **attrs):
    from arena.extensions import db
    from arena.media.models import MediaItem

    item = MediaItem(owner_id=owner.id, status="ready", files=["video", "poster"], **attrs)
    db.session.add(item)
    db.session.commit()
    return item.id


def test_a_video_answer_question_takes_the_participants_own_video(app, client, create_user, auth_headers):
    import time_machine

    organiser, player, rival = create_user("org", role="admin"), create_user("player"), create_user("rival")
    mine, theirs = _ready_video(player), _ready_video(rival)
    with time_machine.travel(T0, tick=False):
        org = auth_headers(organiser)
        body = {"title": "Sign it", "starts_at": (T0 - timedelta(hours=1)).isoformat(),
                "ends_at": (T0 + timedelta(days=1)).isoformat(), "is_published": True, "time_limit_seconds": 600}
        competition = envelope_ok(client.post("/api/v1/competitions", json=body, headers=org), 201)
        question = envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/questions", headers=org,
                                           json={"kind": "video_answer", "text": "Introduce yourself in sign language",
                                                 "points": 5, "answer": ""}), 201)
        unknown = client.post(f"/api/v1/competitions/{competition['id']}/questions", headers=org,
                              json={"kind": "video_essay", "text": "?", "points": 1, "answer": None})
        assert unknown.status_code == 422
        me = auth_headers(player)
        attempt = start(client, me, competition["id"])
        refused = answer(client, me, competition["id"], attempt["id"], question["id"], theirs)
        assert refused.status_code == 422  # somebody else's video
        assert answer(client, me, competition["id"], attempt["id"], question["id"], "not a number").status_code == 422
        envelope_ok(answer(client, me, competition["id"], attempt["id"], question["id"], mine))
        result = envelope_ok(submit(client, me, competition["id"], attempt["id"]))
    assert result["breakdown"]["correct"] == 1 and result["breakdown"]["raw_points"] == "5.00"


def test_profile_introduction_only_on_your_own_profile(client, create_user, auth_headers):
    alice, bob = create_user("alice"), create_user("bob")
    headers = auth_headers(alice)
    ok = client.post(f"{API}/uploads", json={"total_size": 100, "attached_kind": "profile", "attached_id": alice.id},
                     headers=headers)
    assert envelope_ok(ok, 201)["item"]["attached_kind"] == "profile"
    other = client.post(f"{API}/uploads", json={"total_size": 100, "attached_kind": "profile", "attached_id": bob.id},
                        headers=headers)
    assert other.status_code == 422 and "attached_id" in other.get_json()["errors"]
    bad = client.post(f"{API}/uploads", json={"total_size": 100, "attached_kind": "chat", "attached_id": 1},
                      headers=headers)
    assert bad.status_code == 422 and "attached_kind" in bad.get_json()["errors"]
    missing = client.post(f"{API}/uploads", json={"total_size": 100, "attached_kind": "submission", "attached_id": 999},
                          headers=headers)
    assert missing.status_code == 422
