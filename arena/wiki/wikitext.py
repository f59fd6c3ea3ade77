"""Reading and minimally editing wikitext: references, templates, categories, words."""
from __future__ import annotations

import dataclasses
import re

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_NOWIKI = re.compile(r"<(nowiki|pre|syntaxhighlight|source|math)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# <ref ...>content</ref> or <ref ... />.  Attributes may be quoted or not.
_REF = re.compile(
    r"<ref(?P<attrs>(?:\s[^>]*?)?)(?:(?P<selfclose>/)>|>(?P<body>.*?)</ref\s*>)",
    re.S | re.I,
)
_NAME_ATTR = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.I)
# Letters/digits plus combining marks (Arabic harakat, Latin accents written
# as combining characters), which ``\w`` alone does not match.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[^\W_][\w{_MARKS}]*(?:['’\-][^\W_][\w{_MARKS}]*)*")


@dataclasses.dataclass(frozen=True)
class ReferenceCount:
    """``new``: ``<ref>`` elements with content (named or not);
    ``reused``: self-closing or empty named references to an earlier one."""

    new: int
    reused: int

    def to_dict(self) -> dict:
        return {"new": self.new, "reused": self.reused}


def strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def count_references(wikitext: str) -> ReferenceCount:
    """Count references in wikitext, ignoring comments and ``<nowiki>`` blocks.

    References produced by templates or ``{{#tag:ref}}`` are not counted.
    """
    text = _NOWIKI.sub("", strip_comments(wikitext or ""))
    new = reused = 0
    for match in _REF.finditer(text):
        named = _NAME_ATTR.search(match.group("attrs") or "") is not None
        body = match.group("body")
        if match.group("selfclose") or not (body or "").strip():
            if named:
                reused += 1
            continue
        new += 1
    return ReferenceCount(new, reused)


def count_words(text: str) -> int:
    """Words in plain text: runs of letters/digits, keeping ``don't``/``well-known`` whole."""
    return len(_WORD.findall(text or ""))


def _name_pattern(name: str) -> str:
    """Regex for a page name as MediaWiki compares them: first letter
    case-insensitive, spaces and underscores interchangeable."""
    name = name.strip().replace("_", " ")
    if not name:
        return ""
    first, rest = name[0], name[1:]
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.upper() != first.lower() else re.escape(first)
    body = "".join(r"[ _]+" if ch == " " else re.escape(ch) for ch in rest)
    return head + body


def template_name(template_wikitext: str) -> str:
    """``Arena contest`` from ``{{Arena contest|2026}}``."""
    match = re.match(r"\s*\{\{\s*([^|{}]+?)\s*(?:\||\}\})", template_wikitext or "")
    if not match:
        raise ValueError(f"Not a template call: {template_wikitext!r}")
    name = match.group(1).replace("_", " ").strip()
    if ":" in name and name.split(":", 1)[0].strip().lower() in {"template", "قالب"}:
        name = name.split(":", 1)[1].strip()
    return name


def has_template(wikitext: str, name: str, namespace_names: tuple[str, ...] = ("Template",)) -> bool:
    """Whether ``{{name ...}}`` (optionally ``{{Template:name}}``) is used in the wikitext."""
    prefixes = "|".join(_name_pattern(n) for n in namespace_names if n)
    pattern = rf"\{{\{{\s*(?:(?:{prefixes})\s*:\s*)?{_name_pattern(name)}\s*(?:\||\}}\}}|<!--)"
    return re.search(pattern, strip_comments(wikitext or "")) is not None


def has_category(wikitext: str, name: str, namespace_names: tuple[str, ...] = ("Category",)) -> bool:
    """Whether ``[[Category:name]]`` (any alias, any sort key) is in the wikitext."""
    prefixes = "|".join(_name_pattern(n) for n in namespace_names if n)
    pattern = rf"\[\[\s*(?:{prefixes})\s*:\s*{_name_pattern(name)}\s*(?:\|[^\]]*)?\]\]"
    return re.search(pattern, strip_comments(wikitext or "")) is not None


def prepend_template(wikitext: str, template_wikitext: str) -> str:
    """Put a template call at the top of the page, on its own line."""
    body = (wikitext or "").lstrip("\n")
    return template_wikitext.strip() + ("\n" + body if body else "\n")


def append_categories(wikitext: str, categories: list[str], namespace: str = "Category") -> str:
    """Add ``[[Category:...]]`` lines at the end of the page."""
    lines = "\n".join(f"[[{namespace}:{name}]]" for name in categories)
    return (wikitext or "").rstrip("\n") + "\n" + lines
