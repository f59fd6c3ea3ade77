"""Which wikis Arena knows, and turning pasted links into (wiki, title).

Wikis come from configuration (``ARENA_WIKIS``, a JSON object) and, without
any configuration, every language edition of Wikipedia: ``enwiki`` is
``https://en.wikipedia.org/w/api.php``, ``arwiki`` is
``https://ar.wikipedia.org/w/api.php``, ``zh_yuewiki`` is
``https://zh-yue.wikipedia.org/w/api.php`` and so on.

A configured wiki is either an API URL or an object::

    {"testwiki": "http://127.0.0.1:8080/api.php",
     "mywiki": {"api": "https://wiki.example.org/w/api.php", "language": "ar",
                "infobox_prefix": "صندوق معلومات"}}
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from flask_babel import gettext as _

from .errors import WikiLinkError

#: Prefix of infobox template names, by content language.
INFOBOX_PREFIXES = {"en": "Infobox", "ar": "صندوق معلومات"}
DEFAULT_INFOBOX_PREFIX = "Infobox"

#: Names (canonical, localised and aliases) of namespaces other than the
#: article namespace, used when a wiki's own namespace list is not known.
STANDARD_NAMESPACES = frozenset(name.casefold() for name in (
    # Canonical names and common aliases.
    "Media", "Special", "Talk", "User", "User talk", "Project", "Project talk",
    "File", "File talk", "Image", "Image talk", "MediaWiki", "MediaWiki talk",
    "Template", "Template talk", "Help", "Help talk", "Category", "Category talk",
    "Wikipedia", "Wikipedia talk", "WP", "WT", "Portal", "Portal talk",
    "Draft", "Draft talk", "TimedText", "TimedText talk", "Module", "Module talk",
    "Gadget", "Gadget talk", "Gadget definition", "Gadget definition talk",
    "Book", "Book talk", "Education Program", "Topic", "T", "H", "CAT", "MOS",
    # Arabic Wikipedia.
    "ميديا", "خاص", "نقاش", "مستخدم", "نقاش المستخدم", "ويكيبيديا", "نقاش ويكيبيديا",
    "ملف", "نقاش الملف", "ميدياويكي", "نقاش ميدياويكي", "قالب", "نقاش القالب",
    "مساعدة", "نقاش المساعدة", "تصنيف", "نقاش التصنيف", "بوابة", "نقاش البوابة",
    "مسودة", "نقاش المسودة", "وحدة", "نقاش الوحدة", "ملحق", "نقاش الملحق",
    "مستخدمة", "نقاش المستخدمة", "صورة", "ويب", "وب", "ق", "ت",
))

#: Wikipedia editions whose code does not fit the usual language-code shape.
_EXTRA_WIKIPEDIAS = {"simple"}
_WIKIPEDIA_ID = re.compile(r"^(?P<code>[a-z]{2,3}(?:_[a-z0-9]{1,8})*)wiki$")
_WIKIPEDIA_HOST = re.compile(r"^(?P<code>[a-z]{2,3}(?:-[a-z0-9]{1,8})*|simple)(?:\.m)?\.wikipedia\.org$")


@dataclasses.dataclass(frozen=True)
class WikiInfo:
    """One wiki: its id, API endpoint and content-language details."""

    wiki_id: str
    api_url: str
    language: str | None = None
    infobox_prefix: str | None = None

    @property
    def netloc(self) -> str:
        return _normalise_netloc(urlsplit(self.api_url).netloc)

    @property
    def scheme(self) -> str:
        return urlsplit(self.api_url).scheme or "https"

    @property
    def script_path(self) -> str:
        """Directory holding api.php/index.php, e.g. ``/w`` or ``""``."""
        path = urlsplit(self.api_url).path
        return path.rsplit("/", 1)[0] if "/" in path else ""

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{urlsplit(self.api_url).netloc}"

    def infobox_prefix_for(self, site_language: str | None = None) -> str:
        if self.infobox_prefix:
            return self.infobox_prefix
        language = self.language or site_language
        return INFOBOX_PREFIXES.get((language or "").split("-")[0], DEFAULT_INFOBOX_PREFIX)


def _normalise_netloc(netloc: str) -> str:
    netloc = netloc.lower().rsplit("@", 1)[-1]
    for default in (":80", ":443"):
        if netloc.endswith(default):
            netloc = netloc[: -len(default)]
    # Mobile hosts: en.m.wikipedia.org -> en.wikipedia.org.
    labels = netloc.split(".")
    if len(labels) > 2 and labels[1] == "m":
        netloc = ".".join(labels[:1] + labels[2:])
    return netloc


def normalise_title(raw: str) -> str:
    """Title as MediaWiki spells it: decoded, spaces, no fragment, first letter upper."""
    title = unquote(raw).replace("_", " ")
    title = title.split("#", 1)[0]
    title = re.sub(r"\s+", " ", title).strip()
    if title.startswith(":"):  # [[:Foo]] style leading colon
        title = title[1:].strip()
    return title[:1].upper() + title[1:]


class WikiRegistry:
    """Known wikis by id, plus resolution of pasted links."""

    def __init__(self, configured: Mapping[str, str | Mapping] | None = None):
        self._configured: dict[str, WikiInfo] = {}
        self._namespaces: dict[str, frozenset[str]] = {}
        for wiki_id, value in (configured or {}).items():
            if isinstance(value, str):
                info = WikiInfo(wiki_id, value)
            else:
                info = WikiInfo(
                    wiki_id, value["api"], value.get("language"), value.get("infobox_prefix"),
                )
            self._configured[wiki_id] = info

    @classmethod
    def from_json(cls, text: str | None) -> "WikiRegistry":
        """Build from the ``ARENA_WIKIS`` JSON text (empty means Wikipedias only)."""
        if not text or not text.strip():
            return cls()
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("ARENA_WIKIS must be a JSON object of wiki_id -> api url")
        return cls(data)

    # Lookup ---------------------------------------------------------------
    def get(self, wiki_id: str) -> WikiInfo:
        """The wiki called ``wiki_id``; raises :class:`WikiLinkError` if unknown."""
        if wiki_id in self._configured:
            return self._configured[wiki_id]
        match = _WIKIPEDIA_ID.match(wiki_id or "")
        code = match.group("code") if match else None
        if code is None and wiki_id.endswith("wiki") and wiki_id[:-4] in _EXTRA_WIKIPEDIAS:
            code = wiki_id[:-4]
        if code is None:
            raise WikiLinkError(_("Unknown wiki: %(wiki)s.", wiki=wiki_id))
        host = f"{code.replace('_', '-')}.wikipedia.org"
        return WikiInfo(wiki_id, f"https://{host}/w/api.php", code.replace("_", "-"))

    def __contains__(self, wiki_id: str) -> bool:
        try:
            self.get(wiki_id)
        except WikiLinkError:
            return False
        return True

    @property
    def configured(self) -> list[WikiInfo]:
        return list(self._configured.values())

    def set_namespaces(self, wiki_id: str, names: Iterable[str]) -> None:
        """Record a wiki's non-article namespace names (from siteinfo)."""
        self._namespaces[wiki_id] = frozenset(n.casefold().replace("_", " ") for n in names if n)

    def namespace_names(self, wiki_id: str) -> frozenset[str]:
        return self._namespaces.get(wiki_id, STANDARD_NAMESPACES)

    # Link resolution --------------------------------------------------------
    def _wiki_for(self, netloc: str, path: str) -> WikiInfo | None:
        candidates = [w for w in self._configured.values() if w.netloc == netloc]
        # Prefer the wiki whose script path matches; several wikis may share a host.
        for wiki in sorted(candidates, key=lambda w: -len(w.script_path)):
            if wiki.script_path and path.startswith(wiki.script_path + "/"):
                return wiki
        if candidates:
            return candidates[0]
        match = _WIKIPEDIA_HOST.match(netloc)
        if match:
            return self.get(match.group("code").replace("-", "_") + "wiki")
        return None

    def resolve_url(self, url: str) -> tuple[str, str]:
        """``(wiki_id, title)`` for a link to an article, in any usual form.

        Handles ``/wiki/Title``, ``/w/index.php?title=Title&action=edit``,
        ``/index.php/Title``, mobile hosts, percent-encoding, underscores,
        fragments and http/https.  Raises :class:`WikiLinkError` for unknown
        wikis, links without a title and pages outside the article namespace.
        ``?curid=`` links cannot be resolved without asking the wiki; use
        :meth:`WikiClient.title_for_page_id` for those.
        """
        text = (url or "").strip()
        if not text:
            raise WikiLinkError(_("The link is empty."))
        if "://" not in text:
            text = "https://" + text.lstrip("/")
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unbalanced "[" taken for an IPv6 host
            raise WikiLinkError(_("This is not a link to a wiki article.")) from None
        if parts.scheme not in ("http", "https"):
            raise WikiLinkError(_("Not a web link: %(url)s", url=url))
        netloc = _normalise_netloc(parts.netloc)
        wiki = self._wiki_for(netloc, parts.path)
        if wiki is None:
            raise WikiLinkError(_("The link does not point at a known wiki: %(host)s", host=netloc))
        title = self._title_from(parts, wiki, url)
        self.check_article_title(wiki.wiki_id, title)
        return wiki.wiki_id, title

    def _title_from(self, parts, wiki: WikiInfo, url: str) -> str:
        query = parse_qs(parts.query)
        path = unquote(parts.path)
        raw = None
        if query.get("title"):
            raw = query["title"][0]
        elif path.startswith("/wiki/"):
            raw = parts.path[len("/wiki/"):]
        else:
            for prefix in {wiki.script_path + "/index.php/", "/w/index.php/", "/index.php/"}:
                if parts.path.startswith(prefix):
                    raw = parts.path[len(prefix):]
                    break
        if raw is None and query.get("curid"):
            raise WikiLinkError(
                _("The link identifies the page by number (curid=%(id)s); paste the link shown in the "
                  "address bar of the article instead.", id=query["curid"][0])
            )
        title = normalise_title(raw) if raw is not None else ""
        if not title:
            raise WikiLinkError(_("The link does not name an article: %(url)s", url=url))
        return title

    def check_article_title(self, wiki_id: str, title: str) -> None:
        """Raise :class:`WikiLinkError` if ``title`` is outside the article namespace."""
        if ":" not in title:
            return
        prefix = title.split(":", 1)[0].strip().casefold().replace("_", " ")
        if prefix in self.namespace_names(wiki_id):
            raise WikiLinkError(
                _("“%(title)s” is not an article: pages in the %(namespace)s namespace cannot be entered.",
                  title=title, namespace=title.split(":", 1)[0])
            )
