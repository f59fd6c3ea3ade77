from arena.core import i18n_tools


def test_every_string_has_an_arabic_translation():
    assert i18n_tools.check() == {}


def test_a_missing_translation_is_reported(tmp_path, monkeypatch):
    domain = tmp_path / "newdomain"
    (domain / "templates").mkdir(parents=True)
    (domain / "__init__.py").write_text("from flask_babel import gettext as _\nX = _('Brand new sentence')\n")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    assert i18n_tools.check() == {"newdomain/ar": ["Brand new sentence"]}
