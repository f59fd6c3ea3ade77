"""Uploading a video in Chromium, in English and Arabic: the upload runs in chunks with a progress
bar, the video is processed, and plays with captions switched on for a sign-language user — every
page passing the accessibility audit."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, sign_in
from tests.media.clips import make_clip

pytestmark = pytest.mark.e2e

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n"
CHUNK = 2048


@pytest.fixture
def config(base_config):
    return {**base_config, "MEDIA_CHUNK_MAX_BYTES": CHUNK}  # small chunks: the upload takes several


LABELS = {"en": ("Upload", "Add captions"), "ar": ("رفع", "إضافة ترجمة نصية")}


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_upload_with_progress_then_play_with_captions(browser, live_server, create_user, tmp_path, lang, direction):
    create_user(f"signer{lang}", sign_language="arb" if lang == "ar" else "ase")
    clip = make_clip(tmp_path / "hello.mp4", seconds=1.2, audio=False)
    vtt = tmp_path / "captions.vtt"
    vtt.write_text(VTT)
    upload_label, caption_label = LABELS[lang]
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors, failures = [], {}
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    patches = []
    page.on("request", lambda req: patches.append(req.headers.get("upload-offset")) if req.method == "PATCH" else None)
    base = live_server.url
    sign_in(page, base, f"signer{lang}", PASSWORD)

    page.goto(base + "/media/")
    assert page.locator("html").get_attribute("dir") == direction
    failures["upload"] = audit(page)
    page.locator("#title").fill("Hello")
    page.locator("#file").set_input_files(str(clip))
    page.get_by_role("button", name=upload_label, exact=True).click()
    page.wait_for_url(re.compile(r"/media/\d+$"), timeout=60_000)  # chunks sent, progress at 100, processed
    size = clip.stat().st_size
    assert patches == [str(offset) for offset in range(0, size, CHUNK)]  # resumable chunks, in order
    video = page.locator("video.player")
    video.wait_for()
    assert video.get_attribute("controls") is not None and video.get_attribute("autoplay") is None
    failures["player"] = audit(page)

    page.locator("#language").fill(lang)
    page.locator("#label").fill("Captions " + lang)
    page.locator("#vtt").set_input_files(str(vtt))
    page.get_by_role("button", name=caption_label).click()
    track = page.locator(f'video.player track[srclang="{lang}"]')
    track.wait_for(state="attached")
    assert track.get_attribute("default") is not None  # this user's preferences ask for captions
    mode = page.evaluate("() => document.querySelector('video.player').textTracks[0].mode")
    assert mode == "showing"
    video.focus()
    assert page.evaluate("() => document.activeElement.tagName") == "VIDEO"  # reachable by keyboard
    failures["captions"] = audit(page)
    context.close()
    assert not errors, errors
    assert not any(failures.values()), failures
