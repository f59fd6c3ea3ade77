"""Translation catalogues, one per domain: ``arena/<domain>/translations/ar/LC_MESSAGES/messages.po``.

Each domain owns the Arabic translation of its own strings, so domains change independently.
``arena i18n check`` lists untranslated or missing strings and messages left unmarked (``unmarked``);
``arena i18n update`` adds new ones to each domain catalogue; ``arena i18n compile`` writes the
``.mo`` files Flask-Babel reads.
"""

from __future__ import annotations

import ast
import fcntl
import logging
import os
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

logger = logging.getLogger(__name__)

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


def compile_po(path: Path, locale: str, mo: Path | None = None) -> Path:
    """Write the ``.mo`` of one catalogue (next to it unless ``mo`` is given), atomically."""
    mo = mo or path.with_suffix(".mo")
    po = load_po(path, locale)
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        write_mo(fh, po, use_fuzzy=False)
    os.replace(tmp, mo)  # a reader sees the old file or the new one, never half of one
    return mo


def compile_all() -> list[Path]:
    written = []
    for domain_dir in domain_dirs():
        for locale in LOCALES:
            path = po_path(domain_dir, locale)
            if path.exists():
                written.append(compile_po(path, locale))
    return written


def stale_catalogues() -> list[tuple[Path, str]]:
    """``(po path, locale)`` of every catalogue whose ``.mo`` is missing or older than its ``.po``."""
    stale = []
    for domain_dir in domain_dirs():
        for locale in LOCALES:
            po = po_path(domain_dir, locale)
            mo = po.with_suffix(".mo")
            if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
                stale.append((po, locale))
    return stale


def ensure_compiled() -> list[Path]:
    """Compile the catalogues whose ``.mo`` is missing or stale; called when the app starts.

    Wheels ship compiled catalogues (``setup.py`` compiles them at build time); this covers a
    source checkout started without ``arena i18n compile``. Several processes starting at once
    (gunicorn workers) take an exclusive lock, so one compiles and the others find the work done.
    An installation that cannot be written to is left as it is.
    """
    if not stale_catalogues():
        return []
    lock_path = PACKAGE_DIR / ".i18n-compile.lock"
    try:
        lock = lock_path.open("a")
    except OSError:
        logger.warning("translations are not compiled and %s is read-only: pages will be in English",
                       PACKAGE_DIR)
        return []
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            written = [compile_po(po, locale) for po, locale in stale_catalogues()]
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if written:
        logger.info("compiled %d translation catalogues", len(written))
    return written


# --- messages a person reads must be marked for translation --------------------------------------
#: errors whose message a person reads (``ArenaError`` and every class derived from it in ``arena``)
USER_FACING_ERRORS = {"ArenaError", "WikiLinkError"}
#: calls whose string arguments a person reads
USER_FACING_CALLS = {"flash"}
#: calls that store a message for later display, and the position of that message (mark it with N_)
STORED_MESSAGE_CALLS = {"report_progress": 2, "finish_job": 2, "fail_job": 1}
#: calls whose message is read by a person at once, and its position (the API envelope's message)
READ_MESSAGE_CALLS = {"ok": 1, "ok_page": 1}
#: names of the dictionaries of field errors a person reads (``errors["field"] = "..."``)
ERROR_DICTS = {"errors"}


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_.]*$")


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_literal(node: ast.AST) -> bool:
    """A string literal or an f-string with text in it (``"Unknown"``, ``f"Unknown {x}."``)."""
    if isinstance(node, ast.Constant):  # a name such as "article_url" or "scoring_config.mode" is no message
        return isinstance(node.value, str) and not _IDENTIFIER.match(node.value) \
            and any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_literal(v) for v in node.values)
    if isinstance(node, ast.BinOp):  # "a" + x, "a %s" % x
        return _is_literal(node.left) or _is_literal(node.right)
    return False


def _literals(node: ast.AST):
    """String literals in a message argument, looking into dicts and lists of messages."""
    if _is_literal(node):
        yield node
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _literals(value)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for value in node.elts:
            yield from _literals(value)
    elif isinstance(node, ast.BoolOp):  # str(exc) or "Fallback message."
        for value in node.values:
            yield from _literals(value)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """User-facing error classes, and helpers whose whole body raises one (``_refuse(field, message)``)."""
    from arena.core.errors import ArenaError

    names, grown = set(USER_FACING_ERRORS), True
    pending = [ArenaError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    while grown:
        grown = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names \
                        and any(_name(b) in names for b in node.bases):
                    names.add(node.name)
                    grown = True
    helpers = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and len(node.body) == 1 and isinstance(node.body[0], ast.Raise) \
                    and isinstance(node.body[0].exc, ast.Call) and _name(node.body[0].exc.func) in names:
                helpers.add(node.name)
    return names | helpers


def unmarked_literals(package_dir: Path | None = None):
    """``(path, source, node)`` for every string literal a person reads that is not marked for
    translation: passed to a user-facing error or ``flash``, or stored in an ``errors`` dict."""
    base = package_dir or PACKAGE_DIR
    files = sorted(p for p in base.rglob("*.py") if "translations" not in p.parts)
    sources = {path: path.read_text(encoding="utf-8") for path in files}
    trees = {path: ast.parse(source, str(path)) for path, source in sources.items()}
    checked = _error_classes(list(trees.values())) | USER_FACING_CALLS
    for path, tree in trees.items():
        for node in ast.walk(tree):
            args: list[ast.AST] = []
            positions = {**STORED_MESSAGE_CALLS, **READ_MESSAGE_CALLS}
            if isinstance(node, ast.Call) and _name(node.func) in positions:
                index = positions[_name(node.func)]
                args = [*node.args[index:index + 1], *(k.value for k in node.keywords if k.arg in ("message", "error"))]
            elif isinstance(node, ast.Call) and _name(node.func) in checked:
                positional = node.args[:1] if _name(node.func) in USER_FACING_CALLS else node.args  # not its category
                args = [*positional, *(k.value for k in node.keywords if k.arg in (None, "message", "errors"))]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Subscript) and _name(t.value) in ERROR_DICTS for t in targets):
                    args = [node.value]
            for arg in args:
                for literal in _literals(arg):
                    yield path, sources[path], literal


def unmarked(package_dir: Path | None = None) -> list[str]:
    """``"path:line: text"`` for each of ``unmarked_literals``."""
    base = package_dir or PACKAGE_DIR
    found = sorted(unmarked_literals(base), key=lambda item: (item[0], item[2].lineno, item[2].col_offset))
    return [f"{path.relative_to(base.parent)}:{node.lineno}: {(ast.get_source_segment(source, node) or '')[:80]}"
            for path, source, node in found]
