"""Domains depend in one direction: contests never import reviews (reviews answer contests' questions
through signals in ``arena.core.signals``). Read from the source with ``ast``, so an import inside a
function counts as much as one at the top of a module."""

from __future__ import annotations

import ast
from pathlib import Path

import arena

ARENA = Path(arena.__file__).resolve().parent


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module ``path`` imports (relative imports resolved against ``package``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imports_into(package_dir: Path, forbidden: str) -> list[str]:
    """``file: module`` for each import from the ``forbidden`` package in the code under ``package_dir``."""
    top = package_dir.parent
    while (top / "__init__.py").exists():
        top = top.parent
    hits = []
    for path in sorted(package_dir.rglob("*.py")):
        package = ".".join(path.relative_to(top).parts[:-1])
        for module in sorted(imported_modules(path, package)):
            if module == forbidden or module.startswith(f"{forbidden}."):
                hits.append(f"{path.relative_to(top).as_posix()}: {module}")
    return hits


def test_contests_do_not_import_reviews():
    assert imports_into(ARENA / "contests", "arena.reviews") == []


def test_the_import_reader_sees_every_form_of_import(tmp_path):
    domain = tmp_path / "arena" / "sample"
    (domain / "operations").mkdir(parents=True)
    for package in (tmp_path / "arena", domain, domain / "operations"):
        (package / "__init__.py").write_text("")
    (domain / "plain.py").write_text("import arena.reviews.scoring\n")
    (domain / "inside.py").write_text("def f():\n    from arena.reviews import operations\n")
    (domain / "operations" / "relative.py").write_text("from ...reviews.queries import has_reviews\n")
    (domain / "fine.py").write_text("from arena.core import signals\nfrom . import plain\nimport arena.reviewsx\n")

    hits = imports_into(domain, "arena.reviews")

    assert {hit.split(":")[0] for hit in hits} == {
        "arena/sample/plain.py", "arena/sample/inside.py", "arena/sample/operations/relative.py"}
    assert "arena/sample/operations/relative.py: arena.reviews.queries" in hits
