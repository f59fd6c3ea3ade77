"""Wikitext helpers and HTML sanitising (no wiki needed)."""
import pytest

from arena.wiki.facts import is_infobox
from arena.wiki.html import sanitize_html
from arena.wiki.site import retry_after_seconds
from arena.wiki.wikitext import (
    append_categories, count_references, count_words, has_category, has_template,
    prepend_template, template_name,
)


def test_reference_forms():
    text = """
    A.<ref>Plain source.</ref>
    B.<ref name="a">Named source.</ref>
    C.<ref name='b' group="note">Named, grouped.</ref>
    D.<ref name=c>Unquoted name.</ref>
    E.<ref name="a" />  F.<ref name=a/>  G.<ref name = "b"/>
    H.<ref name="c"></ref>
    I.<REF>Upper case tag.</REF>
    <!-- <ref>Commented out.</ref> <ref name="a" /> -->
    <nowiki><ref>Not a reference.</ref></nowiki>
    <references />
    <references group="note" />
    """
    counted = count_references(text)
    assert (counted.new, counted.reused) == (5, 4)
    assert counted.to_dict() == {"new": 5, "reused": 4}


def test_references_spanning_lines_and_with_templates():
    text = "X.<ref name=\"long\">\n{{cite book |title=T |year=2001}}\n</ref> Y.<ref name=\"long\"/>"
    assert count_references(text).to_dict() == {"new": 1, "reused": 1}
    assert count_references("").to_dict() == {"new": 0, "reused": 0}


def test_unnamed_empty_ref_is_neither():
    assert count_references("<ref></ref><ref/>").to_dict() == {"new": 0, "reused": 0}


def test_word_count():
    # Ada, Lovelace, 1815, 1852, wasn't, a, well-known, writer
    assert count_words("Ada Lovelace (1815–1852) wasn't a well-known writer.") == 8
    assert count_words("أحمد شوقي شاعر مصري.") == 4
    assert count_words("مُحَمَّد عَلِي") == 2  # harakat do not split words
    assert count_words("  \n\n ") == 0


@pytest.mark.parametrize("text, present", [
    ("{{Arena contest|2026}}\nBody", True),
    ("{{ arena contest }}", True),
    ("{{Template:Arena_contest|x=1}}", True),
    ("{{Arena contest\n| year = 2026\n}}", True),
    ("{{Arena contests}}", False),
    ("{{Other|Arena contest}}", False),
    ("<!-- {{Arena contest}} -->", False),
    ("Arena contest", False),
])
def test_has_template(text, present):
    assert has_template(text, "Arena contest") is present


def test_template_name():
    assert template_name("{{Arena contest|Spring 2026}}") == "Arena contest"
    assert template_name("{{Template:Arena_contest}}") == "Arena contest"
    assert template_name("{{قالب:مسابقة}}") == "مسابقة"
    with pytest.raises(ValueError):
        template_name("not a template")


def test_has_category_with_aliases_and_sort_keys():
    text = "Body\n[[Category:Mathematicians|Lovelace, Ada]]\n[[تصنيف:شعراء مصريون]]\n[[ category : 1815_births ]]"
    names = ("Category", "تصنيف")
    assert has_category(text, "Mathematicians", names)
    assert has_category(text, "mathematicians", names)  # first letter is case-insensitive
    assert has_category(text, "1815 births", names)
    assert has_category(text, "شعراء مصريون", names)
    assert not has_category(text, "Engineers", names)
    assert not has_category("[[:Category:Engineers]]", "Engineers", names)  # a link, not membership


def test_prepend_and_append():
    assert prepend_template("\n\nBody", "{{T}}") == "{{T}}\nBody"
    assert prepend_template("", "{{T}}") == "{{T}}\n"
    assert append_categories("Body\n\n", ["A", "B c"]) == "Body\n[[Category:A]]\n[[Category:B c]]"


def test_is_infobox():
    assert is_infobox("Infobox person", "Infobox")
    assert is_infobox("infobox settlement", "Infobox")
    assert not is_infobox("Infobox", "Infobox")          # the meta-template
    assert not is_infobox("Infobox/row", "Infobox")       # a subpage
    assert not is_infobox("Infoboxes are fun", "Infobox")
    assert is_infobox("صندوق معلومات شخص", "صندوق معلومات")
    assert not is_infobox("صندوق معلومات", "صندوق معلومات")


def test_sanitize_html_strips_active_content():
    dirty = (
        '<div class="mw-parser-output" onclick="steal()" style="position:fixed">'
        '<script>alert(1)</script><style>body{display:none}</style>'
        '<p>Text<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup></p>'
        '<a href="/wiki/Charles_Babbage" title="Charles Babbage">Babbage</a>'
        '<a href="javascript:alert(1)">bad</a>'
        '<img src="//upload.wikimedia.org/a.png" onerror="steal()" alt="A">'
        '<table class="infobox"><tr><th colspan="2">Ada</th></tr></table>'
        '<form action="/x"><input name="q"></form><iframe src="https://evil.example"></iframe>'
        '</div>'
    )
    clean = sanitize_html(dirty, base_url="https://en.wikipedia.org")
    for forbidden in ("<script", "alert(1)", "<style", "display:none", "onclick", "onerror",
                      "style=", "javascript:", "<form", "<input", "<iframe"):
        assert forbidden not in clean
    assert '<a href="#cite_note-1"' in clean
    assert 'href="https://en.wikipedia.org/wiki/Charles_Babbage"' in clean
    assert 'src="https://upload.wikimedia.org/a.png"' in clean
    assert '<th colspan="2">Ada</th>' in clean
    assert 'class="infobox"' in clean


def test_retry_after_parsing():
    assert retry_after_seconds("5") == 5
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
