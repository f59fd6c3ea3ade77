"""Article facts against the fixture wiki.

Expected values come from tests/fixtures/wiki/pages.xml (read by hand and,
for sizes and histories, by tests.support.dump) and were cross-checked with
raw api.php output.
"""
import json
from datetime import datetime, timezone

import pytest

from tests.support.dump import read_dumps
from tests.wiki.conftest import FIXTURES

pytestmark = pytest.mark.wiki

DUMP = read_dumps(FIXTURES)


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def ada(client):
    return client.article_facts(["Ada Lovelace"])["Ada Lovelace"]


def test_sizes_in_fixture_are_what_the_tests_assume():
    # Guards the hand-written numbers below against fixture edits.
    assert [r.size for r in DUMP["Ada Lovelace"]] == [225, 1151, 1199]
    assert [r.size for r in DUMP["أحمد شوقي"]] == [82, 585]


def test_identity_creator_and_latest_revision(ada):
    assert ada.exists and not ada.invalid
    assert ada.title == "Ada Lovelace"
    assert ada.redirected_from is None
    assert isinstance(ada.page_id, int) and ada.page_id > 0
    assert ada.creator == "Alice"
    assert ada.created_at == utc(2026, 3, 5, 10, 0, 0)
    assert ada.size == 1199
    assert ada.latest_revision.user == "Alice"
    assert ada.latest_revision.timestamp == utc(2026, 4, 20, 8, 30, 0)
    assert ada.latest_revision.size == 1199


def test_references(ada):
    # New: Toole (unnamed), "menabrea", "bio".  Reused: <ref name="bio" />,
    # <ref name="menabrea" />, <ref name=bio/>.  The commented-out ref and
    # <references /> do not count.
    assert ada.references.to_dict() == {"new": 3, "reused": 3}


def test_links(ada):
    # [[Charles Babbage]] twice (once piped), [[Babbage|..]] (a redirect),
    # [[mathematics|..]] (red link, first letter upper-cased), [[Poetical
    # science]] (red link).  Help:Contents and :Category:... are elsewhere.
    assert ada.outgoing_links == ["Analytical Engine", "Babbage", "Charles Babbage", "Mathematics", "Poetical science"]
    # Charles Babbage links twice; Difference engine links only via the
    # redirect "Lovelace"; the redirect itself, Talk:Ada Lovelace and
    # User:Alice/Sandbox are excluded.
    assert ada.incoming_links == ["Analytical Engine", "Charles Babbage"]
    assert ada.links == {"outgoing": ada.outgoing_links, "incoming": ada.incoming_links}


def test_images_templates_infoboxes_categories(ada):
    # The portrait is used twice (plus through the infobox) and Note G via
    # the old "Image:" prefix; neither file exists, prop=images lists them anyway.
    assert ada.images == ["Ada Lovelace portrait.jpg", "Note G diagram.png"]
    # prop=templates lists indirect transclusions too: Infobox person uses Infobox.
    assert ada.templates == ["Infobox", "Infobox person"]
    assert ada.infoboxes == ["Infobox person"]
    # "Articles with infoboxes" comes from the template; the tracking category
    # for missing files is hidden.
    assert ada.categories == ["1815 births", "Articles with infoboxes", "Mathematicians"]
    assert ada.hidden_categories == ["Pages with broken file links"]


def test_word_count(ada):
    # Hand count of the TextExtracts plain text (tables, references and
    # the infobox are removed; headings and the image caption stay):
    # 10 + 13 (lead) + 2 "Early life" + 8 + 6 + 1 "Work" + 12 + 12
    # + 4 "Diagram of Note G" + 1 "References" = 69.
    assert ada.word_count == 69


def test_to_dict_is_json_friendly(ada):
    data = ada.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["created_at"] == "2026-03-05T10:00:00Z"
    assert data["latest_revision"]["timestamp"] == "2026-04-20T08:30:00Z"
    assert data["references"] == {"new": 3, "reused": 3}
    assert data["links"]["outgoing_count"] == 5 and data["links"]["incoming_count"] == 2


def test_redirect_is_followed(client):
    facts = client.article_facts(["Lovelace", "Babbage"])
    assert facts["Lovelace"].exists
    assert facts["Lovelace"].title == "Ada Lovelace" and facts["Lovelace"].requested_title == "Lovelace"
    assert facts["Lovelace"].redirected_from == "Lovelace"
    assert facts["Lovelace"].creator == "Alice"
    assert facts["Lovelace"].size == 1199
    assert facts["Babbage"].title == "Charles Babbage"
    assert facts["Babbage"].creator == "Carol"
    assert facts["Babbage"].latest_revision.user == "Bob"


def test_title_normalisation_keeps_the_key_asked_for(client):
    facts = client.article_facts(["ada_Lovelace"])
    assert list(facts) == ["ada_Lovelace"]
    assert facts["ada_Lovelace"].title == "Ada Lovelace" and facts["ada_Lovelace"].requested_title == "ada_Lovelace"
    assert facts["ada_Lovelace"].redirected_from is None


def test_missing_and_invalid_pages(client):
    facts = client.article_facts(["Nonexistent article", "Bad[title]"])
    missing = facts["Nonexistent article"]
    assert not missing.exists and not missing.invalid
    assert missing.creator is None and missing.size == 0 and missing.latest_revision is None
    assert missing.to_dict()["created_at"] is None
    assert not facts["Bad[title]"].exists and facts["Bad[title]"].invalid


def test_arabic_article(client, arabic_client):
    title = "أحمد شوقي"
    facts = arabic_client.article_facts([title])[title]
    assert facts.exists
    assert facts.creator == "Dalia" and facts.created_at == utc(2026, 3, 12, 7, 0, 0)
    assert facts.latest_revision.user == "Carol"
    assert facts.size == 585
    assert facts.references.to_dict() == {"new": 2, "reused": 1}
    assert facts.outgoing_links == ["القاهرة", "مصرع كليوباترا"]
    assert facts.incoming_links == ["القاهرة"]
    assert facts.images == ["Ahmed Shawqi.jpg"]  # written as [[ملف:...]]
    assert facts.categories == ["شعراء مصريون"]   # written as [[تصنيف:...]]
    assert facts.templates == ["صندوق معلومات", "صندوق معلومات شخص"]
    assert facts.infoboxes == ["صندوق معلومات شخص"]
    # أحمد شوقي شاعر مصري يلقب بأمير الشعراء (7) ولد في القاهرة (3) أعماله (1)
    # من أشهر أعماله مسرحية مصرع كليوباترا (6) أحمد شوقي [caption] (2) المراجع (1)
    assert facts.word_count == 20
    # Read as an English-language wiki, the Arabic infobox is not an "Infobox".
    assert client.article_facts([title])[title].infoboxes == []


def test_infobox_prefix_follows_site_language(client):
    assert client.language == "en"
    assert client.infobox_prefix == "Infobox"


def test_long_history_creator(client):
    facts = client.article_facts(["Timeline of computing"])["Timeline of computing"]
    revisions = DUMP["Timeline of computing"]
    assert len(revisions) == 65
    assert facts.creator == revisions[0].user == "Historian"
    assert facts.created_at == revisions[0].timestamp == utc(2026, 1, 1, 9, 0, 0)
    assert facts.latest_revision.timestamp == revisions[-1].timestamp
    assert facts.size == revisions[-1].size
