from arena.core import i18n_tools


def test_every_string_has_an_arabic_translation():
    assert i18n_tools.check() == {}


def test_a_missing_translation_is_reported(tmp_path, monkeypatch):
    domain = tmp_path / "newdomain"
    (domain / "templates").mkdir(parents=True)
    (domain / "__init__.py").write_text("from flask_babel import gettext as _\nX = _('Brand new sentence')\n")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    assert i18n_tools.check() == {"newdomain/ar": ["Brand new sentence"]}


def test_every_message_a_person_reads_is_marked():
    assert i18n_tools.unmarked() == []


PLANTED = '''from flask import flash
from flask_babel import gettext as _

from arena.core.errors import Conflict, ValidationFailed


class Refused(Conflict):
    pass


def _refuse(field, message):
    raise ValidationFailed({field: message})


def act(name, errors):
    flash(_("Saved."), "success")
    errors["name"] = _("Give a name.")
    raise ValidationFailed({"name": _("Marked.")})
    raise ValueError("a programmer's error, not shown to people")
    flash("Saved in English only.", "success")
    raise Conflict(f"{name} is taken.")
    raise Refused("Refused in English.")
    raise ValidationFailed({"name": "Unmarked field error."})
    errors["slug"] = "Use letters."
    _refuse("article_url", str(name) or "No link given.")
'''


def test_a_planted_english_literal_fails_the_check(tmp_path, monkeypatch):
    domain = tmp_path / "newdomain"
    domain.mkdir()
    (domain / "__init__.py").write_text("")
    (domain / "operations.py").write_text(PLANTED)
    found = i18n_tools.unmarked(tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == [
        '"Saved in English only."', 'f"{name} is taken."', '"Refused in English."', '"Unmarked field error."',
        '"Use letters."', '"No link given."']
    assert all(line.startswith(f"{tmp_path.name}/newdomain/operations.py:") for line in found)


def test_the_check_command_fails_on_a_planted_literal(app, tmp_path, monkeypatch):
    domain = tmp_path / "newdomain"
    domain.mkdir()
    (domain / "__init__.py").write_text("from arena.core.errors import NotFound\n\n\n"
                                        "def find():\n    raise NotFound('No such thing.')\n")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    result = app.test_cli_runner().invoke(args=["i18n", "check"])
    assert result.exit_code == 1 and f"{tmp_path.name}/newdomain/__init__.py:5: 'No such thing.'" in result.output


def test_an_untranslated_arabic_entry_fails_the_check_command(app, tmp_path, monkeypatch):
    domain = tmp_path / "newdomain"
    domain.mkdir()
    (domain / "__init__.py").write_text("from flask_babel import gettext as _\nX = _('Brand new sentence')\n")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    result = app.test_cli_runner().invoke(args=["i18n", "check"])
    assert result.exit_code == 1 and "'Brand new sentence'" in result.output


def test_a_job_message_stored_in_english_only_fails_the_check(tmp_path):
    """Job progress and outcomes are stored for later display: they must be marked with ``N_``."""
    domain = tmp_path / "newdomain"
    domain.mkdir()
    (domain / "tasks.py").write_text(
        "from arena.core.messages import N_\n"
        "def run(jobs, job, n):\n"
        "    jobs.report_progress(job, 10, f'{n} done')\n"
        "    jobs.fail_job(job, 'Broken in English.')\n"
        "    jobs.finish_job(job, {}, N_('%(n)s done'), n=n)\n")
    found = i18n_tools.unmarked(tmp_path)
    assert [line.split(": ", 1)[1] for line in found] == ["f'{n} done'", "'Broken in English.'"]


def test_job_messages_are_read_in_the_callers_language(app, client, create_user, auth_headers):
    from arena.core.messages import N_
    from arena.extensions import db
    from arena.jobs import operations

    owner = create_user("owner")
    job = operations.create_job("demo_kind", actor=owner)
    operations.finish_job(job, {}, N_("Refreshed %(done)s of %(total)s submissions"), done=3, total=4)
    db.session.commit()
    english = client.get(f"/api/v1/jobs/{job.id}", headers={**auth_headers(owner), "Accept-Language": "en"})
    arabic = client.get(f"/api/v1/jobs/{job.id}", headers={**auth_headers(owner), "Accept-Language": "ar"})
    assert english.get_json()["data"]["message"] == "Refreshed 3 of 4 submissions"
    assert arabic.get_json()["data"]["message"] == "حُدّثت 3 من 4 مشاركة"
