"""Translation catalogues, one per domain: ``arena/<domain>/translations/ar/LC_MESSAGES/messages.po``.

Each domain owns the Arabic translation of its own strings, so domains change independently.
``arena i18n check`` lists untranslated or missing strings; ``arena i18n update`` adds new ones to
each domain catalogue; ``arena i18n compile`` writes the ``.mo`` files Flask-Babel reads.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALES = ("ar",)
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}


def domain_dirs() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.iterdir() if p.is_dir() and (p / "__init__.py").exists()
                  and p.name not in ("translations",))


def translation_dirs() -> list[str]:
    return [str(d / "translations") for d in domain_dirs() if (d / "translations").is_dir()]


def extract(domain_dir: Path) -> Catalog:
    catalog = Catalog(project="Arena", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(domain_dir), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if isinstance(message, tuple) and message[0] == "":
            continue
        if message:
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(domain_dir: Path, locale: str) -> Path:
    return domain_dir / "translations" / locale / "LC_MESSAGES" / "messages.po"


def load_po(path: Path, locale: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="Arena", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def check() -> dict[str, list[str]]:
    """``{"<domain>/<locale>": [untranslated msgids]}`` for every gap."""
    gaps: dict[str, list[str]] = {}
    for domain_dir in domain_dirs():
        template = extract(domain_dir)
        ids = [m.id for m in template if m.id]
        if not ids:
            continue
        for locale in LOCALES:
            po = load_po(po_path(domain_dir, locale), locale)
            missing = []
            for msgid in ids:
                entry = po.get(msgid)
                if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)) \
                        or entry.fuzzy:
                    missing.append(msgid if isinstance(msgid, str) else msgid[0])
            if missing:
                gaps[f"{domain_dir.name}/{locale}"] = missing
    return gaps


def update() -> list[Path]:
    written = []
    for domain_dir in domain_dirs():
        template = extract(domain_dir)
        if not [m for m in template if m.id]:
            continue
        for locale in LOCALES:
            path = po_path(domain_dir, locale)
            po = load_po(path, locale)
            po.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                write_po(fh, po, width=100, omit_header=False, ignore_obsolete=True)
            written.append(path)
    return written


def compile_all() -> list[Path]:
    written = []
    for domain_dir in domain_dirs():
        for locale in LOCALES:
            path = po_path(domain_dir, locale)
            if not path.exists():
                continue
            po = load_po(path, locale)
            mo = path.with_suffix(".mo")
            with mo.open("wb") as fh:
                write_mo(fh, po, use_fuzzy=False)
            written.append(mo)
    return written
