"""Writing templates and categories back, as the fixture bot (ArenaBot).

Only "Grace Hopper" and its talk page are edited, so other tests keep
seeing the fixture content.
"""
import pytest

from arena.wiki import writeback
from arena.wiki.writeback import BotPassword, OAuth2Token

pytestmark = pytest.mark.wiki

TITLE = "Grace Hopper"
SUMMARY = "Arena: mark contest participation"


def history(client, title):
    response = client.query(titles=title, prop="revisions", rvprop="user|comment|content|ids",
                            rvslots="main", rvlimit=50)
    page = response["query"]["pages"][0]
    return [
        {"user": r["user"], "comment": r["comment"], "text": r["slots"]["main"]["content"], "id": r["revid"]}
        for r in page.get("revisions", [])
    ]


def test_add_template_then_skip(client, bot_auth):
    before = history(client, TITLE)
    outcome = client.add_template(TITLE, "{{Arena contest|Spring 2026}}", summary=SUMMARY, auth=bot_auth)
    assert outcome.status == "edited" and str(outcome) == "edited" and outcome.ok
    after = history(client, TITLE)
    assert len(after) == len(before) + 1
    latest = after[0]
    assert latest["user"] == "ArenaBot"
    assert latest["comment"] == SUMMARY
    assert latest["id"] == outcome.revision_id
    assert latest["text"].startswith("{{Arena contest|Spring 2026}}\n'''Grace Hopper'''")
    assert latest["text"].endswith(before[0]["text"])

    again = client.add_template(TITLE, "{{arena_contest|Autumn 2026}}", summary=SUMMARY, auth=bot_auth)
    assert again.status == "skipped_already_present" and str(again) == "skipped_already_present"
    assert len(history(client, TITLE)) == len(after)


def test_add_categories_adds_only_missing_ones(client, bot_auth):
    outcome = client.add_categories(
        TITLE, ["Contest articles 2026", "Category:Programmers", "Spring_contest"],
        summary="Arena: categorise", auth=bot_auth,
    )
    assert outcome.status == "edited"
    latest = history(client, TITLE)[0]
    assert latest["user"] == "ArenaBot" and latest["comment"] == "Arena: categorise"
    text = latest["text"]
    assert text.count("[[Category:Programmers]]") == 1
    assert text.endswith("[[Category:Programmers]]\n[[Category:Contest articles 2026]]\n[[Category:Spring contest]]")  # MediaWiki trims trailing newlines
    facts = client.article_facts([TITLE])[TITLE]
    assert {"Contest articles 2026", "Programmers", "Spring contest"} <= set(facts.categories)

    again = client.add_categories(TITLE, ["contest articles 2026", "Programmers"], summary="x", auth=bot_auth)
    assert again.status == "skipped_already_present"


def test_category_from_a_template_counts_as_present(client, bot_auth):
    # Ada Lovelace is in "Articles with infoboxes" through {{Infobox person}}.
    before = history(client, "Ada Lovelace")
    outcome = client.add_categories("Ada Lovelace", ["Articles with infoboxes"], summary="x", auth=bot_auth)
    assert outcome.status == "skipped_already_present"
    assert len(history(client, "Ada Lovelace")) == len(before)


def test_template_on_missing_talk_page_creates_it(client, bot_auth):
    talk = f"Talk:{TITLE}"
    assert history(client, talk) == []
    outcome = client.add_template(TITLE, "{{Arena contest|Spring 2026}}", talk=True, summary=SUMMARY, auth=bot_auth)
    assert outcome.status == "edited" and outcome.title == talk
    revisions = history(client, talk)
    assert len(revisions) == 1
    assert revisions[0]["user"] == "ArenaBot" and revisions[0]["comment"] == SUMMARY
    assert revisions[0]["text"] == "{{Arena contest|Spring 2026}}"
    again = client.add_template(TITLE, "{{Arena contest|Spring 2026}}", talk=True, summary=SUMMARY, auth=bot_auth)
    assert again.status == "skipped_already_present"


def test_missing_article_is_not_created(client, bot_auth):
    outcome = client.add_template("Nonexistent article", "{{Arena contest}}", summary=SUMMARY, auth=bot_auth)
    assert outcome.status == "failed" and str(outcome) == "failed: page does not exist"
    assert history(client, "Nonexistent article") == []
    outcome = client.add_categories("Nonexistent article", ["X"], summary=SUMMARY, auth=bot_auth)
    assert str(outcome) == "failed: page does not exist"


def test_wrong_bot_password_fails_cleanly(client, wiki):
    outcome = client.add_template(
        TITLE, "{{Another template}}", summary=SUMMARY,
        auth=BotPassword(wiki.bot.login_name, "wrong-password-wrong-password-xx"),
    )
    assert outcome.status == "failed" and outcome.reason.startswith("login failed")
    assert "Another template" not in history(client, TITLE)[0]["text"]
    assert "wrong-password" not in repr(BotPassword("a", "wrong-password"))


def test_oauth2_token_is_sent_and_never_edits_anonymously(client):
    # The test wiki has no OAuth extension, so the bearer token is ignored
    # and the request is anonymous: assert=user must stop the edit.
    before = history(client, TITLE)
    auth = OAuth2Token("test-access-token")
    site = client.make_site(headers={"Authorization": f"Bearer {auth.access_token}"})
    assert site.connection.headers["Authorization"] == "Bearer test-access-token"
    outcome = client.add_template(TITLE, "{{OAuth template}}", summary=SUMMARY, auth=auth)
    assert outcome.status == "failed"
    assert outcome.reason == "assertuserfailed"
    assert len(history(client, TITLE)) == len(before)


def test_stale_base_revision_reports_an_edit_conflict(client, bot_auth):
    """On a page of its own (other tests, such as umbrella contests, enter "Grace Hopper" too)."""
    import time
    import uuid

    site = writeback._login(client, bot_auth)
    title = f"Edit conflict probe {uuid.uuid4().hex[:8]}"
    made = writeback._save(client, site, writeback._current(client, site, title),
                           "Probe was an American computer scientist.", "test setup")
    assert made.status == "edited"
    stale = writeback._current(client, site, title)
    # MediaWiki compares edit times to the second: the competing edit must come a second later than
    # the base revision, or it cannot tell the base is stale (the wiki's clock, not Arena's)
    time.sleep(1.1)
    first = writeback._save(client, site, stale, stale["text"].replace("American", "American-born"), "first")
    assert first.status == "edited"
    # Same base revision, same line changed differently: MediaWiki cannot merge.
    # (Edits by the same user never conflict, so the second comes from Alice.)
    alice = client.make_site()
    alice.site_init()  # clientlogin needs the version mwclient reads at init
    alice.clientlogin(username="Alice", password="Alice-password-2026")
    stale_alice = dict(stale, token=alice.get_token("csrf"))
    second = writeback._save(client, alice, stale_alice, stale["text"].replace("American", "US"), "second")
    assert str(second) == "failed: editconflict"
    assert "American-born" in history(client, title)[0]["text"]
