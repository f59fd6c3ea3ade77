"""Wiki registry and link resolution (no wiki needed)."""
import pytest

from arena.wiki.errors import WikiLinkError
from arena.wiki.registry import WikiRegistry, normalise_title


@pytest.fixture
def registry():
    return WikiRegistry({
        "testwiki": "http://127.0.0.1:8080/api.php",
        "corpwiki": {"api": "https://wiki.example.org/w/api.php", "language": "ar"},
        "otherwiki": "https://wiki.example.org/other/api.php",
    })


def test_wikipedias_are_known_without_configuration():
    registry = WikiRegistry()
    assert registry.get("enwiki").api_url == "https://en.wikipedia.org/w/api.php"
    assert registry.get("arwiki").api_url == "https://ar.wikipedia.org/w/api.php"
    assert registry.get("arwiki").language == "ar"
    assert registry.get("zh_yuewiki").api_url == "https://zh-yue.wikipedia.org/w/api.php"
    assert registry.get("simplewiki").api_url == "https://simple.wikipedia.org/w/api.php"
    assert "enwiki" in registry
    for unknown in ("commonswiki", "wikidatawiki", "enwiktionary", "", "en"):
        assert unknown not in registry
        with pytest.raises(WikiLinkError):
            registry.get(unknown)


def test_configured_wikis(registry):
    info = registry.get("testwiki")
    assert info.api_url == "http://127.0.0.1:8080/api.php"
    assert info.script_path == ""
    assert registry.get("corpwiki").script_path == "/w"
    assert registry.get("corpwiki").infobox_prefix_for() == "صندوق معلومات"
    assert registry.get("testwiki").infobox_prefix_for("en") == "Infobox"
    assert registry.get("testwiki").infobox_prefix_for("ar") == "صندوق معلومات"


def test_from_json():
    registry = WikiRegistry.from_json('{"mywiki": "https://my.example/w/api.php"}')
    assert registry.get("mywiki").api_url == "https://my.example/w/api.php"
    assert registry.get("enwiki")  # Wikipedias still known
    assert WikiRegistry.from_json("").configured == []
    with pytest.raises(ValueError):
        WikiRegistry.from_json("[1, 2]")


@pytest.mark.parametrize("url", [
    "https://en.wikipedia.org/wiki/Ada_Lovelace",
    "http://en.wikipedia.org/wiki/Ada_Lovelace",
    "en.wikipedia.org/wiki/Ada_Lovelace",
    "https://en.m.wikipedia.org/wiki/Ada_Lovelace",
    "https://en.wikipedia.org/wiki/Ada%20Lovelace",
    "https://en.wikipedia.org/wiki/Ada_Lovelace#Early_life",
    "https://en.wikipedia.org/wiki/ada_Lovelace",
    "https://en.wikipedia.org/w/index.php?title=Ada_Lovelace",
    "https://en.wikipedia.org/w/index.php?title=Ada_Lovelace&action=edit",
    "https://en.wikipedia.org/w/index.php?title=Ada+Lovelace&action=history",
    "https://en.wikipedia.org/w/index.php?title=Ada_Lovelace&oldid=123&diff=prev",
    "https://en.wikipedia.org/w/index.php/Ada_Lovelace",
    "  https://EN.Wikipedia.org/wiki/Ada__Lovelace  ",
    "https://en.wikipedia.org:443/wiki/Ada_Lovelace",
])
def test_every_form_of_article_link(url):
    assert WikiRegistry().resolve_url(url) == ("enwiki", "Ada Lovelace")


def test_arabic_links():
    registry = WikiRegistry()
    encoded = "https://ar.wikipedia.org/wiki/%D8%A3%D8%AD%D9%85%D8%AF_%D8%B4%D9%88%D9%82%D9%8A"
    assert registry.resolve_url(encoded) == ("arwiki", "أحمد شوقي")
    assert registry.resolve_url("https://ar.m.wikipedia.org/wiki/أحمد_شوقي#أعماله") == ("arwiki", "أحمد شوقي")
    assert registry.resolve_url(
        "https://ar.wikipedia.org/w/index.php?title=%D8%A3%D8%AD%D9%85%D8%AF_%D8%B4%D9%88%D9%82%D9%8A&action=edit"
    ) == ("arwiki", "أحمد شوقي")


def test_titles_with_colons_that_are_not_namespaces():
    registry = WikiRegistry()
    assert registry.resolve_url("https://en.wikipedia.org/wiki/Star_Wars:_Episode_IV") == ("enwiki", "Star Wars: Episode IV")
    assert registry.resolve_url("https://en.wikipedia.org/wiki/C%2B%2B") == ("enwiki", "C++")


def test_configured_wikis_are_matched_by_host_and_script_path(registry):
    assert registry.resolve_url("http://127.0.0.1:8080/wiki/Ada_Lovelace") == ("testwiki", "Ada Lovelace")
    assert registry.resolve_url("http://127.0.0.1:8080/index.php/Ada_Lovelace") == ("testwiki", "Ada Lovelace")
    assert registry.resolve_url("http://127.0.0.1:8080/index.php?title=Ada_Lovelace&action=edit") == ("testwiki", "Ada Lovelace")
    assert registry.resolve_url("https://wiki.example.org/w/index.php?title=Foo") == ("corpwiki", "Foo")
    assert registry.resolve_url("https://wiki.example.org/other/index.php?title=Foo") == ("otherwiki", "Foo")
    with pytest.raises(WikiLinkError, match="known wiki"):
        registry.resolve_url("http://127.0.0.1:9999/wiki/Ada_Lovelace")


@pytest.mark.parametrize("url", [
    "https://en.wikipedia.org/wiki/Special:Random",
    "https://en.wikipedia.org/wiki/Talk:Ada_Lovelace",
    "https://en.wikipedia.org/wiki/User:Alice",
    "https://en.wikipedia.org/wiki/user_talk:Alice",
    "https://en.wikipedia.org/wiki/File:Ada_Lovelace_portrait.jpg",
    "https://en.wikipedia.org/wiki/Image:Ada.jpg",
    "https://en.wikipedia.org/wiki/Category:Mathematicians",
    "https://en.wikipedia.org/wiki/Template:Infobox_person",
    "https://en.wikipedia.org/wiki/Wikipedia:About",
    "https://en.wikipedia.org/wiki/WP:NPOV",
    "https://en.wikipedia.org/w/index.php?title=Help:Contents",
    "https://ar.wikipedia.org/wiki/تصنيف:شعراء_مصريون",
    "https://ar.wikipedia.org/wiki/%D8%AE%D8%A7%D8%B5:%D8%B9%D8%B4%D9%88%D8%A7%D8%A6%D9%8A",  # خاص:عشوائي
    "https://ar.wikipedia.org/wiki/نقاش:أحمد_شوقي",
    "https://ar.wikipedia.org/wiki/قالب:صندوق_معلومات_شخص",
])
def test_pages_outside_the_article_namespace_are_refused(url):
    with pytest.raises(WikiLinkError, match="not an article"):
        WikiRegistry().resolve_url(url)


@pytest.mark.parametrize("url, message", [
    ("", "empty"),
    ("https://example.com/wiki/Ada_Lovelace", "known wiki"),
    ("https://en.wiktionary.org/wiki/word", "known wiki"),
    ("https://en.wikipedia.org/", "does not name an article"),
    ("https://en.wikipedia.org/wiki/", "does not name an article"),
    ("https://en.wikipedia.org/w/index.php?curid=12345", "by number"),
    ("ftp://en.wikipedia.org/wiki/Ada", "Not a web link"),
])
def test_unusable_links(url, message):
    with pytest.raises(WikiLinkError, match=message) as info:
        WikiRegistry().resolve_url(url)
    assert info.value.message


def test_namespace_names_from_the_wiki_take_precedence():
    registry = WikiRegistry({"testwiki": "http://127.0.0.1:8080/api.php"})
    registry.set_namespaces("testwiki", ["Talk", "Portal_talk"])
    with pytest.raises(WikiLinkError):
        registry.resolve_url("http://127.0.0.1:8080/wiki/Portal_talk:Science")
    # "Help" is not a namespace on this (configured) wiki, so it is a title.
    assert registry.resolve_url("http://127.0.0.1:8080/wiki/Help:Me") == ("testwiki", "Help:Me")


def test_normalise_title():
    assert normalise_title("ada_lovelace") == "Ada lovelace"
    assert normalise_title("  Ada   Lovelace ") == "Ada Lovelace"
    assert normalise_title("Ada_Lovelace%23Work") == "Ada Lovelace"
    assert normalise_title(":Foo") == "Foo"
