"""One chat room per writing contest and per competition, its members following the people of the
contest (organisers, jurors, authors of submissions) or competition (organisers, competitors), made
by chat's receivers of the owners' signals; the contest and competition pages link to it for members.
Rooms of contests that existed before are made by the data migration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from tests.conftest import envelope_ok, sign_in_session
from tests.support.wiki_fixtures import TEST_WIKI_ID, wiki_settings


def _contest(owner, *, wikis=("enwiki",), name="Women in science"):
    from arena.contests import operations

    now = utcnow()
    contest = operations.build_contest({"name": name, "wikis": list(wikis), "is_published": True,
                                        "starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=9)},
                                       owner=owner, actor=owner)
    db.session.commit()
    return contest


def _room(kind, ref_id):
    from arena.chat.linked import room_for

    db.session.expire_all()
    return room_for(kind, ref_id)


def _roles(room):
    from arena.chat.queries import members

    db.session.expire_all()
    return {m.user.username: m.role for m in members(room.id)}


def _link_shown(client, user, path, room_id) -> bool:
    sign_in_session(client, user)
    resp = client.get(path)
    assert resp.status_code == 200
    return f'href="/chat/rooms/{room_id}"' in resp.get_data(as_text=True)


@pytest.fixture
def config(config, wiki):
    config.update(wiki_settings(wiki))
    return config


def test_contest_room_follows_organisers_jury_and_participants(app, client, create_user, auth_headers, wiki):
    owner = create_user("owner", role="admin")
    juror, author, outsider, co = create_user("juror"), create_user("author"), create_user("outsider"), create_user("coorg")
    contest = _contest(owner, wikis=(TEST_WIKI_ID,))
    room = _room("contest", contest.id)
    assert room is not None and room.name == "Women in science"
    assert _roles(room) == {"owner": "moderator"}

    headers = auth_headers(owner)
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/jury", json={"username": "juror"}, headers=headers), 201)
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/organizers", json={"username": "coorg"}, headers=headers),
                201)
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/submissions",
                            json={"article_url": wiki.article_url("Ada Lovelace")}, headers=auth_headers(author)), 201)
    assert _roles(room) == {"owner": "moderator", "juror": "member", "coorg": "moderator", "author": "member"}

    # members read and post; everyone else gets 404
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room.id}/messages", json={"body": "Welcome"},
                            headers=auth_headers(author)), 201)
    assert client.get(f"/api/v1/chat/rooms/{room.id}/messages", headers=auth_headers(outsider)).status_code == 404
    assert client.post(f"/api/v1/chat/rooms/{room.id}/join", headers=auth_headers(outsider)).status_code == 404

    assert _link_shown(client, author, f"/contests/{contest.slug}", room.id)
    assert not _link_shown(client, outsider, f"/contests/{contest.slug}", room.id)

    # removed from the jury and the organisers: out of the room
    assert client.delete(f"/api/v1/contests/{contest.id}/jury/{juror.id}", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/contests/{contest.id}/organizers/{co.id}", headers=headers).status_code == 200
    assert _roles(room) == {"owner": "moderator", "author": "member"}
    assert client.get(f"/api/v1/chat/rooms/{room.id}/messages", headers=auth_headers(juror)).status_code == 404


def test_a_removed_juror_who_also_organises_stays_as_moderator(app, client, create_user, auth_headers):
    owner, both = create_user("owner", role="admin"), create_user("both")
    contest = _contest(owner)
    headers = auth_headers(owner)
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/organizers", json={"username": "both"}, headers=headers),
                201)
    envelope_ok(client.post(f"/api/v1/contests/{contest.id}/jury", json={"username": "both"}, headers=headers), 201)
    assert client.delete(f"/api/v1/contests/{contest.id}/jury/{both.id}", headers=headers).status_code == 200
    assert _roles(_room("contest", contest.id)) == {"owner": "moderator", "both": "moderator"}


def test_competition_room_takes_organisers_and_competitors(app, client, create_user, auth_headers):
    organiser, player, outsider = create_user("organiser", role="admin"), create_user("player"), create_user("other")
    now = utcnow()
    competition = envelope_ok(client.post("/api/v1/competitions", headers=auth_headers(organiser), json={
        "title": "Nile quiz", "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(days=1)).isoformat(), "is_published": True}), 201)
    envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/questions", headers=auth_headers(organiser),
                            json={"kind": "true_false", "text": "The Nile is in Africa.", "answer": True}), 201)
    room = _room("competition", competition["id"])
    assert room.name == "Nile quiz"
    assert _roles(room) == {"organiser": "moderator"}
    envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/attempts", headers=auth_headers(player)), 201)
    assert _roles(room) == {"organiser": "moderator", "player": "member"}
    assert _link_shown(client, player, f"/competitions/{competition['id']}", room.id)
    assert not _link_shown(client, outsider, f"/competitions/{competition['id']}", room.id)


def test_deleting_a_contest_deletes_its_room(app, client, create_user, auth_headers):
    owner = create_user("owner", role="admin")
    contest = _contest(owner)
    assert _room("contest", contest.id) is not None
    assert client.delete(f"/api/v1/contests/{contest.id}", headers=auth_headers(owner)).status_code == 200
    assert _room("contest", contest.id) is None


def test_the_migration_makes_rooms_for_existing_contests_and_competitions(app, create_user):
    """Contests and competitions made before the rooms existed get theirs from the data migration."""
    from flask_migrate import downgrade, upgrade

    from arena.chat.models import Room
    from arena.competitions.models import Attempt, Competition, CompetitionOrganiser
    from arena.contests.models import Contest, ContestMember, Submission

    owner, juror, author, player = (create_user(n).id for n in ("owner", "juror", "author", "player"))
    now = utcnow()
    db.session.remove()
    downgrade(revision="0540_merge_api_usage")  # before the rooms: no chat_rooms.ref_id yet
    try:
        with db.engine.begin() as conn:
            contest_id = conn.execute(Contest.__table__.insert().values(
                slug="old", name="Old contest", description="", rules="", starts_at=now, ends_at=now,
                is_published=True, visibility="public", submission_type="both", min_bytes=0, min_references=0,
                required_categories=[], template_target="talk", write_back=False, write_back_categories=[],
                scoring_mode="simple", scoring_config={}, eligibility_rules={}, allow_jury_to_compete=False,
                points_per_accepted=0, created_at=now, updated_at=now)).inserted_primary_key[0]
            conn.execute(ContestMember.__table__.insert(), [
                dict(contest_id=contest_id, user_id=owner, role="organizer", created_at=now, updated_at=now),
                dict(contest_id=contest_id, user_id=juror, role="jury", created_at=now, updated_at=now)])
            for title in ("A", "B"):
                conn.execute(Submission.__table__.insert().values(
                    contest_id=contest_id, user_id=author, source="submitted", wiki_id="enwiki", title=title,
                    title_key=title, article_url="", status="pending", rule_results=[], check_attempts=0,
                    created_at=now, updated_at=now))
            competition_id = conn.execute(Competition.__table__.insert().values(
                title="Old quiz", description="", starts_at=now, ends_at=now, is_published=True,
                visibility="public", attempts_allowed=1, shuffle_questions=False, shuffle_options=False,
                layout="all", results_shown="immediately", counted_attempt="best", competition_points=0,
                wrong_penalty=0, all_correct_bonus=0, time_bonus_percent=20, reward_tiers=[],
                created_at=now, updated_at=now)).inserted_primary_key[0]
            conn.execute(CompetitionOrganiser.__table__.insert().values(
                competition_id=competition_id, user_id=owner, created_at=now, updated_at=now))
            conn.execute(Attempt.__table__.insert().values(
                competition_id=competition_id, user_id=player, number=1, status="open", started_at=now,
                deadline_at=now, seed=1, question_order=[], option_orders={}, correct=0, wrong=0, unanswered=0,
                raw_points=0, penalties=0, all_correct_bonus=0, time_bonus=0, total=0, percent_correct=0,
                reward_share=0, points_earned=0, created_at=now, updated_at=now))
    finally:
        upgrade()
    rooms = {room.kind: room for room in db.session.scalars(select(Room))}
    assert rooms["contest"].ref_id == contest_id and rooms["contest"].name == "Old contest"
    assert rooms["competition"].ref_id == competition_id
    assert _roles(rooms["contest"]) == {"owner": "moderator", "juror": "member", "author": "member"}
    assert _roles(rooms["competition"]) == {"owner": "moderator", "player": "member"}


def test_demo_data_has_a_contest_room_with_its_people_and_a_greeting(app):
    from arena.chat.models import Message
    from arena.contests.queries import get_contest

    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    contest = get_contest("women-in-science-2025")
    room = _room("contest", contest.id)
    roles = _roles(room)
    assert roles["organiser"] == "moderator"
    assert {roles[j] for j in ("juror1", "juror2", "juror3")} == {"member"}
    assert roles["alice"] == "member"  # an author of a demo entry
    assert _room("competition", 1) is not None
    from arena.chat.models import Room

    greetings = db.session.scalars(select(Message.body).join(Room, Room.id == Message.room_id)
                                   .where(Room.kind == "contest")).all()
    assert greetings == ["Welcome! Ask the organisers and the jury here."]
