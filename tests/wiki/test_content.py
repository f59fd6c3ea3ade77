"""Rendered HTML, category members and site details against the fixture wiki."""
import pytest

from arena.wiki.registry import WikiRegistry

pytestmark = pytest.mark.wiki


def test_rendered_html(client, wiki):
    html = client.rendered_html("Ada Lovelace")
    assert "English mathematician and writer" in html
    assert 'class="infobox"' in html and "10 December 1815" in html  # infobox via ParserFunctions
    assert 'href="#cite_note-1"' in html                              # Cite footnote anchors
    assert "Menabrea, Luigi" in html                                   # the reference list
    assert f'href="{wiki.base_url}/wiki/Charles_Babbage"' in html      # links made absolute
    assert "<script" not in html and "<style" not in html
    assert " style=" not in html and "onclick" not in html
    assert "mw-editsection" not in html
    # Redirects are followed; missing pages give an empty string.
    assert "English mathematician" in client.rendered_html("Lovelace")
    assert client.rendered_html("Nonexistent article") == ""


def test_rendered_html_arabic(client):
    html = client.rendered_html("أحمد شوقي")
    assert "أمير الشعراء" in html
    assert "الميلاد" in html and "1868" in html   # the Arabic infobox rendered
    assert 'href="#cite_note-' in html


@pytest.mark.parametrize("depth, expected", [
    (0, ["Alan Turing"]),
    (1, ["Ada Lovelace", "Alan Turing", "Charles Babbage"]),
    (2, ["Ada Lovelace", "Alan Turing", "Charles Babbage", "Joseph Clement"]),
    (10, ["Ada Lovelace", "Alan Turing", "Charles Babbage", "Joseph Clement"]),
])
def test_category_members(client, depth, expected):
    # Computing pioneers -> Mathematicians, Engineers -> Mechanical engineers;
    # Engineers also contains Computing pioneers (a loop).  User:Alice/Sandbox
    # is in Mathematicians but is not an article.
    assert client.category_members("Computing pioneers", depth) == expected


def test_category_members_name_forms(client):
    assert client.category_members("Category:Mathematicians") == ["Ada Lovelace", "Charles Babbage"]
    assert client.category_members("تصنيف:شعراء_مصريون") == ["أحمد شوقي"]
    assert client.category_members("mechanical engineers") == ["Joseph Clement"]
    assert client.category_members("No such category", 3) == []


def test_loop_is_visited_once(client):
    seen = []
    client.request_listeners.append(lambda method, data: seen.append(data.get("cmtitle")))
    client.category_members("Engineers", depth=5)
    titles = [t for t in seen if t]
    assert sorted(titles) == sorted(set(titles))
    assert set(titles) == {"Category:Engineers", "Category:Computing pioneers",
                           "Category:Mechanical engineers", "Category:Mathematicians"}


def test_title_for_page_id(client):
    page_id = client.article_facts(["Ada Lovelace"])["Ada Lovelace"].page_id
    assert client.title_for_page_id(page_id) == "Ada Lovelace"
    assert client.title_for_page_id(987654) is None


def test_wiki_namespace_names_feed_link_resolution(client, wiki):
    registry = WikiRegistry({"testwiki": wiki.api_url})
    registry.set_namespaces("testwiki", client.namespace_names())
    assert registry.resolve_url(wiki.article_url("Ada Lovelace")) == ("testwiki", "Ada Lovelace")
    for title in ("Talk:Ada Lovelace", "تصنيف:شعراء مصريون", "Project:About", "Image:Note G diagram.png"):
        with pytest.raises(Exception, match="not an article"):
            registry.resolve_url(wiki.article_url(title))


def test_the_harness_serves_every_url_form(wiki):
    import requests

    for url in (wiki.article_url("Ada Lovelace"), f"{wiki.base_url}/index.php/Ada_Lovelace",
                f"{wiki.base_url}/index.php?title=Ada_Lovelace"):
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert "English mathematician" in response.text
