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


# Plain text for counting words ------------------------------------------------------------------
_DROPPED_TAGS = {"ref", "references", "table", "gallery", "math", "score", "syntaxhighlight", "source",
                 "timeline", "templatestyles", "nowiki", "pre", "code", "poem", "noinclude"}
_FILE_PREFIXES = {"file", "image", "ملف", "صورة"}
_CATEGORY_PREFIXES = {"category", "تصنيف"}
#: File link options that put the picture in a box (or a floating block), which TextExtracts leaves out with its caption.
#: English magic words only: a wiki in another language knows them too, and its own words differ.
_FRAMED = {"thumb", "thumbnail", "frame", "framed", "left", "right", "center", "centre", "none"}
_FILE_OPTION = re.compile(r"^(?:\d*x?\d+px|upright(?:=.*)?|left|right|center|centre|none|border|baseline|sub|super|"
                          r"top|text-top|middle|bottom|text-bottom|(?:alt|link|page|lang|class)=.*|يسار|يمين|"
                          r"وسط|بلا|تصغير|مصغر|إطار|بإطار|thumb(?:nail)?(?:=.*)?|frame(?:d|less)?)$", re.I)
_MAGIC = re.compile(r"__[A-Z]+__")


def _link_prefix(target: str) -> str:
    return target.split(":", 1)[0].strip().casefold() if ":" in target and not target.startswith(":") else ""


def _file_caption(node) -> str:
    """What TextExtracts keeps of ``[[File:...]]``: the caption of an inline picture, nothing of a framed one."""
    parts = [str(node.text or "")] if node.text is not None else []
    parts = "|".join(parts).split("|") if parts else []
    options = [p.strip() for p in parts[:-1]]
    caption = parts[-1].strip() if parts else ""
    if not caption or _FILE_OPTION.match(caption):
        return ""
    framed = any(o.casefold().split("=", 1)[0] in _FRAMED for o in options)
    return "" if framed else plain_text(caption)


def plain_text(wikitext: str, file_prefixes=_FILE_PREFIXES, category_prefixes=_CATEGORY_PREFIXES) -> str:
    """The text a reader sees, as TextExtracts gives it: templates (infoboxes), references, tables,
    comments and category links removed; headings, link texts and picture captions kept."""
    import mwparserfromhell

    code = mwparserfromhell.parse(wikitext or "")
    if code.nodes and str(code).lstrip().upper().startswith("#REDIRECT"):
        return ""
    for node in code.filter(recursive=False):
        _strip(code, node, file_prefixes, category_prefixes)
    return _MAGIC.sub("", code.strip_code(normalize=True, collapse=True))


def _strip(code, node, file_prefixes, category_prefixes) -> None:
    from mwparserfromhell.nodes import Comment, Tag, Template, Wikilink

    if isinstance(node, (Template, Comment)) or (isinstance(node, Tag) and str(node.tag).lower() in _DROPPED_TAGS):
        code.remove(node)
    elif isinstance(node, Wikilink):
        prefix = _link_prefix(str(node.title))
        if prefix in category_prefixes:
            code.remove(node)
        elif prefix in file_prefixes:
            code.replace(node, _file_caption(node))
    elif isinstance(node, Tag) and node.contents is not None:
        for inner in node.contents.filter(recursive=False):
            _strip(node.contents, inner, file_prefixes, category_prefixes)


def count_wikitext_words(wikitext: str) -> int:
    """Words a reader sees in an article's wikitext (see :func:`plain_text`)."""
    return count_words(plain_text(wikitext))
