"""A video on a chat message (members of the room only, shown on the room page) and captions added
by an organiser of the contest a submission's video belongs to."""

from tests.chat.test_chat import _post, _room
from tests.conftest import envelope_ok, sign_in_session
from tests.media.test_attach import _ready_video
from tests.media.test_captions_pages import VTT
from tests.media.test_upload import API, start



def test_a_chat_message_carries_its_senders_video_for_the_rooms_members_only(app, client, create_user, auth_headers):
    sender, member, outsider = create_user("sender"), create_user("member"), create_user("outsider")
    mine = auth_headers(sender)
    room = _room(client, mine, "Signers")
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(member)))
    message = envelope_ok(_post(client, mine, room["id"], "my introduction"), 201)
    theirs = envelope_ok(_post(client, auth_headers(member), room["id"], "hello"), 201)

    # only the sender may hang a video on the message, and only on their own message
    refused = start(client, mine, 100, attached_kind="chat_message", attached_id=theirs["id"])
    assert refused.status_code == 422 and "attached_id" in refused.get_json()["errors"]
    refused = start(client, auth_headers(outsider), 100, attached_kind="chat_message", attached_id=message["id"])
    assert refused.status_code == 422
    started = envelope_ok(start(client, mine, 100, attached_kind="chat_message", attached_id=message["id"]), 201)
    assert started["item"]["attached_kind"] == "chat_message"

    video_id = _ready_video(sender, attached_kind="chat_message", attached_id=message["id"], title="Hello in ArSL")
    assert client.get(f"{API}/{video_id}", headers=auth_headers(member)).status_code == 200
    # a public room, but the outsider has not joined: the video stays hidden
    assert client.get(f"{API}/{video_id}", headers=auth_headers(outsider)).status_code == 404

    sign_in_session(client, member)
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert "Watch the video: Hello in ArSL" in page and f"/media/{video_id}" in page
    assert f"/api/v1/media/{video_id}/files/video" in page
    fragment = client.get(f"/chat/rooms/{room['id']}/messages").get_data(as_text=True)
    assert f"/media/{video_id}" in fragment
    # the upload still in progress is not shown to the other members
    assert f"/media/{started['item_id']}\"" not in page

    sign_in_session(client, outsider)
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert "my introduction" in page and f"/media/{video_id}" not in page


def test_deleting_the_message_removes_its_video_at_the_nightly_cleanup(app, client, create_user, auth_headers):
    from arena.extensions import db
    from arena.media import operations, queries

    sender = create_user("sender")
    mine = auth_headers(sender)
    room = _room(client, mine)
    message = envelope_ok(_post(client, mine, room["id"], "soon gone"), 201)
    video_id = _ready_video(sender, attached_kind="chat_message", attached_id=message["id"])
    assert operations.cleanup()["detached"] == 0
    assert client.delete(f"/api/v1/chat/rooms/{room['id']}/messages/{message['id']}", headers=mine).status_code in (200, 204)
    assert operations.cleanup()["detached"] == 1
    db.session.commit()
    assert queries.get_item(video_id) is None


def test_an_organiser_of_the_contest_may_caption_a_submissions_video(app, client, create_user, auth_headers,
                                                                     create_contest):
    from arena.contests.models import Submission
    from arena.extensions import db

    organiser, entrant, juror, stranger = (create_user("organiser"), create_user("entrant"), create_user("juror"),
                                           create_user("stranger"))
    other_organiser = create_user("elsewhere")
    contest = create_contest(organiser)
    create_contest(other_organiser)
    from arena.contests import operations as contest_ops
    contest_ops.add_member(contest, "jury", user_id=juror.id, actor=organiser)
    db.session.commit()
    assert contest.is_organizer(organiser) and not organiser.is_admin
    submission = Submission(contest_id=contest.id, user_id=entrant.id, submitted_by_id=entrant.id, wiki_id="enwiki",
                            title="Nile", title_key="nile", article_url="https://en.wikipedia.org/wiki/Nile")
    db.session.add(submission)
    db.session.commit()
    video_id = _ready_video(entrant, attached_kind="submission", attached_id=submission.id)

    put = client.put(f"{API}/{video_id}/captions/ar", json={"vtt": VTT, "label": "العربية"},
                     headers=auth_headers(organiser))
    assert [c["language"] for c in envelope_ok(put)["captions"]] == ["ar"]
    # a juror may watch but not caption; the organiser of another contest sees nothing
    assert client.put(f"{API}/{video_id}/captions/en", json={"vtt": VTT}, headers=auth_headers(juror)).status_code == 404
    for user in (stranger, other_organiser):
        assert client.put(f"{API}/{video_id}/captions/en", json={"vtt": VTT},
                          headers=auth_headers(user)).status_code == 404
    # the organiser may not edit the video itself, only its captions
    assert client.patch(f"{API}/{video_id}", json={"title": "mine now"}, headers=auth_headers(organiser)).status_code == 404

    sign_in_session(client, organiser)
    page = client.get(f"/media/{video_id}").get_data(as_text=True)
    assert 'id="captions-heading"' in page
    assert client.delete(f"{API}/{video_id}/captions/ar", headers=auth_headers(organiser)).status_code == 204
    sign_in_session(client, juror)
    assert 'id="captions-heading"' not in client.get(f"/media/{video_id}").get_data(as_text=True)
