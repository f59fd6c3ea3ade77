"""Videos on the pages of what they go on, in Chromium, in English and Arabic, every page passing the
accessibility audit: a participant uploads a signed summary on their submission's page and a learner
a profile introduction on their account page (chunks with a progress bar, the processing state until a
real Celery worker has transcoded it, then the player); in a chat room a member sends a message with a
video and another member plays it with captions."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.contests.conftest import create_contest  # noqa: F401  (the contests factory)
from tests.e2e.conftest import audit, sign_in
from tests.media.clips import make_clip
from tests.support.processes import ArenaWorker

pytestmark = pytest.mark.e2e

CHUNK = 4096
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nHello\n"
LANGS = [("en", "ltr"), ("ar", "rtl")]
UPLOAD = {"en": "Upload", "ar": "رفع"}


@pytest.fixture
def config(base_config):
    # small chunks (the upload takes several), and a real worker processes the videos
    return {**base_config, "MEDIA_CHUNK_MAX_BYTES": CHUNK, "CELERY_TASK_ALWAYS_EAGER": False}


@pytest.fixture
def clip(tmp_path):
    return make_clip(tmp_path / "sign.mp4", width=160, height=120, seconds=3, fps=10, audio=False)


class Watch:
    """A browser context in one language that records console errors and PATCHed upload offsets."""

    def __init__(self, browser, lang):
        self.context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
        self.page = self.context.new_page()
        self.errors, self.offsets = [], []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("request", lambda req: self.offsets.append(int(req.headers["upload-offset"]))
                     if req.method == "PATCH" else None)


def upload_and_watch_it_processed(watch, config, clip, lang, form, title, back):
    """Upload through the form (chunks and progress), see the processing state, start a worker, and
    wait for the page to show the player. Returns the audit of the processing state."""
    page = watch.page
    form.locator('input[name="title"]').fill(title)
    form.locator('input[type="file"]').set_input_files(str(clip))
    with page.expect_navigation(timeout=60_000):  # back to the same page once every byte is in
        form.get_by_role("button", name=UPLOAD[lang], exact=True).click()
    assert back.search(page.url), page.url
    assert watch.offsets == list(range(0, clip.stat().st_size, CHUNK))  # resumable chunks, in order
    processing = page.locator(".media-processing")
    processing.wait_for()  # nothing processes it yet: its progress is shown
    assert processing.locator("progress").count() == 1 and processing.get_attribute("data-job")
    found = audit(page)
    with ArenaWorker(config):
        page.locator("video.player").wait_for(timeout=120_000)  # the page follows the job and reloads
    return found


def play(page, video):
    """Start the video as a person does (a click on it) and wait until it plays."""
    video.scroll_into_view_if_needed()
    video.focus()
    assert page.evaluate("() => document.activeElement.tagName") == "VIDEO"  # reachable by keyboard
    page.keyboard.press("Space")
    handle = video.element_handle()
    page.wait_for_function("(v) => v.currentTime > 0.2 && !v.error", arg=handle, timeout=30_000)


@pytest.mark.parametrize("lang,direction", LANGS)
def test_a_participant_adds_a_signed_summary_on_their_submission_page(app, browser, live_server, create_user,
                                                                      create_contest, clip, lang, direction):
    from arena.contests.models import Submission
    from arena.extensions import db

    organiser, entrant = create_user("organiser"), create_user(f"entrant{lang}", sign_language="ase")
    contest = create_contest(organiser)
    submission = Submission(contest_id=contest.id, user_id=entrant.id, submitted_by_id=entrant.id, wiki_id="enwiki",
                            title="Nile", title_key="nile", article_url="https://en.wikipedia.org/wiki/Nile")
    db.session.add(submission)
    db.session.commit()
    watch = Watch(browser, lang)
    page, base = watch.page, live_server.url
    sign_in(page, base, f"entrant{lang}", PASSWORD)
    page.goto(f"{base}/contests/{contest.slug}")
    page.locator(f'a[href$="/submissions/{submission.id}"]').click()
    page.wait_for_url(re.compile(rf"/submissions/{submission.id}$"))
    assert page.locator("html").get_attribute("dir") == direction
    failures = {"submission": audit(page)}
    form = page.locator("form.media-upload")
    failures["processing"] = upload_and_watch_it_processed(watch, live_server.config, clip, lang, form,
                                                           "Signed summary", re.compile(rf"/submissions/{submission.id}$"))
    video = page.locator("video.player")
    assert video.get_attribute("controls") is not None and video.get_attribute("autoplay") is None
    assert page.get_by_text("Signed summary").count() >= 1
    play(page, video)
    failures["player"] = audit(page)
    watch.context.close()
    assert not watch.errors, watch.errors
    assert not any(failures.values()), failures


@pytest.mark.parametrize("lang,direction", LANGS)
def test_a_learner_adds_a_profile_introduction_on_the_account_page(app, browser, live_server, create_user, clip,
                                                                   lang, direction):
    create_user(f"learner{lang}", sign_language="arb")
    watch = Watch(browser, lang)
    page, base = watch.page, live_server.url
    sign_in(page, base, f"learner{lang}", PASSWORD)
    page.goto(f"{base}/account")
    assert page.locator("html").get_attribute("dir") == direction
    page.locator('a[href="#introduction"]').click()
    failures = {"account": audit(page)}
    form = page.locator("#introduction form.media-upload")
    failures["processing"] = upload_and_watch_it_processed(watch, live_server.config, clip, lang, form,
                                                           "About me", re.compile(r"/account(#introduction)?$"))
    video = page.locator("#introduction video.player")
    play(page, video)
    assert page.locator("#introduction .sign-language").inner_text().endswith("ARB")
    failures["player"] = audit(page)
    watch.context.close()
    assert not watch.errors, watch.errors
    assert not any(failures.values()), failures


@pytest.mark.parametrize("lang,direction", LANGS)
def test_a_member_sends_a_video_and_another_plays_it_with_captions(app, browser, live_server, create_user, clip,
                                                                   tmp_path, lang, direction):
    from arena.chat import operations
    from arena.extensions import db

    sender = create_user(f"sender{lang}", sign_language="ase")
    reader = create_user(f"reader{lang}", sign_language="arb")
    room = operations.create_room(actor=sender, name="Signers")
    operations.join(room, actor=reader)
    db.session.commit()
    vtt = tmp_path / "captions.vtt"
    vtt.write_text(VTT)
    base, room_url = live_server.url, f"{live_server.url}/chat/rooms/{room.id}"

    watch = Watch(browser, lang)
    page = watch.page
    sign_in(page, base, f"sender{lang}", PASSWORD)
    page.goto(room_url)
    assert page.locator("html").get_attribute("dir") == direction
    failures = {"room": audit(page)}
    page.locator("#chat-body").fill("My sign name")
    page.locator("form:has(#chat-body) button[name=with_video]").click()
    attach = re.compile(r"/media/attach/chat_message/\d+")
    page.wait_for_url(attach)
    failures["attach"] = audit(page)
    failures["processing"] = upload_and_watch_it_processed(watch, live_server.config, clip, lang,
                                                           page.locator("form.media-upload"), "Sign name", attach)
    page.locator(".media-entry a[href^='/media/']").click()  # captions and details
    page.locator("#language").fill(lang)
    page.locator("#label").fill("Captions " + lang)
    page.locator("#vtt").set_input_files(str(vtt))
    page.locator("form[action$='/captions'] [type=submit]").click()
    page.locator(f'video.player track[srclang="{lang}"]').wait_for(state="attached")
    watch.context.close()

    other = Watch(browser, lang)
    page = other.page
    sign_in(page, base, f"reader{lang}", PASSWORD)
    page.goto(room_url)
    entry = page.locator("#chat-messages li", has_text="My sign name")
    video = entry.locator("video")
    video.wait_for()
    track = video.locator(f'track[srclang="{lang}"]')
    assert track.get_attribute("default") is not None  # this reader's preferences ask for captions
    play(page, video)
    mode = page.evaluate("(v) => v.textTracks[0].mode", video.element_handle())
    assert mode == "showing"
    failures["chat player"] = audit(page)
    other.context.close()
    assert not watch.errors and not other.errors, (watch.errors, other.errors)
    assert not any(failures.values()), failures
