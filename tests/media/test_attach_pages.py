"""Upload controls on the pages of what a video goes on: a participant's submission page and the
account page (profile introduction) embed the media upload form, the processing state and the player;
the chat room's "Send and attach a video" leads to the same form for the message just posted."""

import io
import re

from tests.chat.test_chat import _post, _room
from tests.conftest import envelope_ok, sign_in_session
from tests.media.test_attach import _ready_video
from tests.media.test_captions_pages import VTT, csrf_from
from tests.media.test_quota import _held_back
from tests.media.test_upload import API


def _submission(create_contest, organiser, entrant):
    from arena.contests.models import Submission
    from arena.extensions import db

    contest = create_contest(organiser)
    submission = Submission(contest_id=contest.id, user_id=entrant.id, submitted_by_id=entrant.id, wiki_id="enwiki",
                            title="Nile", title_key="nile", article_url="https://en.wikipedia.org/wiki/Nile")
    db.session.add(submission)
    db.session.commit()
    return contest, submission


def _no_js_upload(client, page_html, clip, title):
    """Send the embedded upload form as a browser without JavaScript does."""
    form = re.search(r'<form method="post" action="/media/upload".*?</form>', page_html, re.S).group(0)
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', form))
    hidden.update(re.findall(r'<input id="csrf_token" name="(csrf_token)" type="hidden" value="([^"]*)"', form))
    data = {**hidden, "title": title, "visibility": "private", "file": (io.BytesIO(clip.read_bytes()), "sign.mp4")}
    return client.post("/media/upload", data=data, content_type="multipart/form-data")


def test_the_participants_submission_page_uploads_and_plays_a_video(app, client, create_user, create_contest, clip):
    organiser, entrant, stranger = create_user("organiser"), create_user("entrant"), create_user("stranger")
    contest, submission = _submission(create_contest, organiser, entrant)
    url = f"/contests/{contest.slug}/submissions/{submission.id}"

    sign_in_session(client, entrant)
    contest_page = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert url in contest_page  # the participant's list of submissions links to it
    html = client.get(url).get_data(as_text=True)
    assert "Nile" in html and "No video yet." in html
    assert 'data-attached-kind="submission"' in html and f'data-attached-id="{submission.id}"' in html
    assert "/media/assets/upload.js" in html

    resp = _no_js_upload(client, html, clip("silent"), "Signed summary")
    assert resp.status_code == 302 and resp.headers["Location"] == url  # back to the submission
    html = client.get(url).get_data(as_text=True)
    assert "Signed summary" in html and 'class="player"' in html and "/files/video" in html

    sign_in_session(client, stranger)
    assert client.get(url).status_code == 404
    sign_in_session(client, organiser)  # the organiser sees the video, without an upload form
    html = client.get(url).get_data(as_text=True)
    assert "Signed summary" in html and 'class="media-upload"' not in html


def test_a_video_being_processed_shows_its_progress_on_the_page(app, client, create_user, auth_headers, clip,
                                                                 monkeypatch):
    from arena.extensions import db
    from arena.jobs import operations as jobs
    from arena.jobs.models import Job

    user = create_user("learner")
    queued = _held_back(monkeypatch)
    headers = auth_headers(user)
    data = clip("silent").read_bytes()
    item_id = envelope_ok(client.post(f"{API}/uploads", json={"total_size": len(data), "attached_kind": "profile",
                                                               "attached_id": user.id}, headers=headers), 201)["item_id"]
    client.patch(f"{API}/uploads/{item_id}", data=data, headers={**headers, "Upload-Offset": "0"})
    (task, args), = queued
    job = db.session.get(Job, args[0])
    jobs.report_progress(job, 40, "Transcoding")
    db.session.commit()

    sign_in_session(client, user)
    html = client.get("/account").get_data(as_text=True)
    assert 'href="#introduction"' in html and "Introduction video" in html
    assert "This video is being processed: 40%." in html and f'data-job="/api/v1/jobs/{job.id}"' in html
    assert 'class="player"' not in html
    task.apply(args=args).get()
    html = client.get("/account").get_data(as_text=True)
    assert "being processed" not in html and 'class="player"' in html


def test_the_account_page_uploads_a_profile_introduction_without_javascript(app, client, create_user, clip):
    user = create_user("learner", sign_language="arb")
    sign_in_session(client, user)
    html = client.get("/account").get_data(as_text=True)
    assert 'data-attached-kind="profile"' in html
    resp = _no_js_upload(client, html, clip("silent"), "About me")
    assert resp.status_code == 302 and resp.headers["Location"] == "/account#introduction"
    html = client.get("/account").get_data(as_text=True)
    assert "About me" in html and 'class="player"' in html and "Sign language: ARB" in html

    # a refusal is shown on the page the form came from, and nothing is attached
    html2 = client.post("/media/upload", data={"csrf_token": csrf_from(html), "attached_kind": "profile",
                                               "attached_id": str(user.id), "next": "/account#introduction",
                                               "visibility": "private",
                                               "file": (io.BytesIO(b"text" * 50), "fake.mp4")},
                        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "not a video" in html2 and html2.count('class="player"') == 1
    # a "next" elsewhere is not followed
    resp = client.post("/media/upload", data={"csrf_token": csrf_from(html), "next": "https://evil.example/",
                                              "visibility": "private", "file": (io.BytesIO(b"x"), "x.mp4")},
                       content_type="multipart/form-data")
    assert resp.headers["Location"] == "/media/"


def test_send_and_attach_a_video_in_a_chat_room(app, client, create_user, auth_headers):
    sender, member = create_user("sender", sign_language="ase"), create_user("member")
    mine = auth_headers(sender)
    room = _room(client, mine, "Signers")
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(member)))
    sign_in_session(client, sender)
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert "Send and attach a video" in page
    resp = client.post(f"/chat/rooms/{room['id']}/messages",
                       data={"csrf_token": csrf_from(page), "body": "my sign name", "with_video": "1"})
    assert resp.status_code == 303
    attach = resp.headers["Location"]
    assert attach.startswith("/media/attach/chat_message/")
    message_id = int(attach.split("?")[0].rsplit("/", 1)[1])
    html = client.get(attach).get_data(as_text=True)
    assert 'data-attached-kind="chat_message"' in html and f"/chat/rooms/{room['id']}" in html
    htmx = client.post(f"/chat/rooms/{room['id']}/messages", headers={"HX-Request": "true"},
                       data={"csrf_token": csrf_from(page), "body": "another", "with_video": "1"})
    assert htmx.headers["HX-Redirect"].startswith("/media/attach/chat_message/")

    video_id = _ready_video(sender, attached_kind="chat_message", attached_id=message_id, title="Sign name")
    envelope_ok(client.put(f"{API}/{video_id}/captions/en", json={"vtt": VTT, "label": "English"}, headers=mine))

    sign_in_session(client, member)  # no attach page for somebody else's message
    assert client.get(attach).status_code == 404
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert f'src="/api/v1/media/{video_id}/captions/en"' in page
    assert 'srclang="en" label="English"' in page and " default>" not in page  # member asks for no captions
