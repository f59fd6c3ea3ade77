"""Compiled translation catalogues: built into wheels, and compiled at start-up when missing."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from arena.core import i18n_tools
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout_without_mo(tmp_path, monkeypatch):
    """The domains' catalogues as a fresh checkout has them: ``.po`` files, no ``.mo``."""
    for domain in i18n_tools.domain_dirs():
        (tmp_path / domain.name).mkdir()
        (tmp_path / domain.name / "__init__.py").write_text("")
        if (domain / "translations").is_dir():
            shutil.copytree(domain / "translations", tmp_path / domain.name / "translations",
                            ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    assert not list(tmp_path.rglob("*.mo"))
    return tmp_path


def test_an_app_started_without_compiled_catalogues_serves_arabic(_schema, base_config, checkout_without_mo):
    app = make_app(base_config)
    assert list(checkout_without_mo.rglob("*.mo"))
    resp = app.test_client().get("/api/v1/contests/999999", headers={"Accept-Language": "ar"})
    assert resp.status_code == 404 and resp.get_json()["message"] == "لا توجد مسابقة كهذه."


def test_only_missing_or_stale_catalogues_are_compiled(checkout_without_mo):
    first = i18n_tools.ensure_compiled()
    assert first and i18n_tools.ensure_compiled() == []
    po = checkout_without_mo / "contests" / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))  # the catalogue was edited after it was compiled
    assert i18n_tools.ensure_compiled() == [po.with_suffix(".mo")]


def test_a_read_only_installation_is_left_as_it_is(checkout_without_mo, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(Path, "open", refuse)
    assert i18n_tools.ensure_compiled() == []


def test_the_wheel_ships_compiled_catalogues(tmp_path):
    source = tmp_path / "source"  # a clean checkout: no compiled catalogue to pick up by accident
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "*.egg-info", "__pycache__", "*.mo", "instance", "tests"))
    assert not list(source.rglob("*.mo"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("arena-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        domains = {d.name for d in i18n_tools.domain_dirs() if i18n_tools.po_path(d, "ar").exists()}
        assert {f"arena/{d}/translations/ar/LC_MESSAGES/messages.mo" for d in domains} <= names
        catalog = read_mo(io.BytesIO(zf.read("arena/contests/translations/ar/LC_MESSAGES/messages.mo")))
    assert catalog.get("No such contest.").string == "لا توجد مسابقة كهذه."
