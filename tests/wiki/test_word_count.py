"""Word counts read from wikitext (mwparserfromhell) agree with TextExtracts' plain text.

Arena counts words in the latest revision's wikitext, which comes with the batched facts query,
instead of asking TextExtracts for each article (one request per page). Here both are measured on
every article of the test wiki, English and Arabic.
"""
import pytest

from arena.wiki.wikitext import count_wikitext_words, count_words

pytestmark = pytest.mark.wiki


def both_counts(client, title):
    page = client.query(titles=title, prop="extracts|revisions", rvprop="content", rvslots="main",
                        explaintext=1, exsectionformat="plain")["query"]["pages"][0]
    text = page["revisions"][0]["slots"]["main"]["content"]
    return count_words(page.get("extract", "")), count_wikitext_words(text)


def test_wikitext_word_counts_agree_with_textextracts(client):
    titles = [p["title"] for p in client.query(list="allpages", apnamespace=0, aplimit="max",
                                                apfilterredir="nonredirects")["query"]["allpages"]]
    titles = [t for t in titles if not t.startswith(("Scale article", "Refresh probe", "Write-back probe"))]
    assert {"Ada Lovelace", "Charles Babbage", "أحمد شوقي", "القاهرة", "Timeline of computing"} <= set(titles)
    counts = {title: both_counts(client, title) for title in titles}
    extracts = sum(e for e, _ in counts.values())
    ours = sum(o for _, o in counts.values())
    assert abs(ours - extracts) <= 0.05 * extracts, counts
    for title, (extract, mine) in counts.items():
        # {{Citation needed}} renders "[citation needed]" (2 words) that wikitext does not show
        assert abs(mine - extract) <= max(2, 0.05 * extract), (title, extract, mine)
    assert counts["Ada Lovelace"] == (69, 69) and counts["أحمد شوقي"] == (20, 20)
    print("\n" + "\n".join(f"{t}: TextExtracts {e}, wikitext {o}" for t, (e, o) in sorted(counts.items())))
    print(f"all: TextExtracts {extracts}, wikitext {ours} ({100 * (ours - extracts) / extracts:+.2f}%)")
