"""A page-by-page crawl of a served Arena: started as the README starts it (``arena db upgrade``,
``arena demo-data``, ``arena serve``), signed in as the demo admin, every GET route of the URL map is
requested with its path parameters filled from the demo data. None answers 500, and the server's
output carries no warning (a deprecation a newcomer would see in their terminal)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import create_engine, text

from arena.core.cli import DEMO_PASSWORD
from tests.jobs.test_served import scaled_settings  # noqa: F401 - a fixture used below
from tests.support.served import ServedArena

#: routes whose parameters cannot be filled from the demo data, and why
SKIPPED = {
    "identity.reset_password": "a token signed with the served instance's secret key, mailed to the account",
    "identity.welcome_sign_in": "a token signed with the served instance's secret key, mailed to a new account",
}

#: a path parameter -> the demo row that fills it (first row of the query; aliases are parameter names)
BY_PARAMETER = {
    "user_id": "SELECT min(id) AS user_id FROM users",
    "room_id": "SELECT min(id) AS room_id FROM chat_rooms",
    "competition_id": "SELECT min(id) AS competition_id FROM competitions",
    "contest_id": "SELECT min(contest_id) AS contest_id FROM submissions",
    "ref": "SELECT slug AS ref FROM contests WHERE id = (SELECT min(contest_id) FROM submissions)",
    "job_id": "SELECT min(id) AS job_id FROM jobs",
    "item_id": "SELECT min(id) AS item_id FROM media_items",
    "redemption_id": "SELECT min(id) AS redemption_id FROM redemptions",
    "reward_id": "SELECT min(id) AS reward_id FROM rewards",
    "package_id": "SELECT min(id) AS package_id FROM points_packages",
    "session_id": "SELECT min(id) AS session_id FROM study_sessions",
    "subject_id": "SELECT min(id) AS subject_id FROM study_subjects",
    "submission_id": "SELECT min(id) AS submission_id FROM submissions",
    "template_id": "SELECT min(id) AS template_id FROM contest_templates",
}

#: routes whose parameters belong together, or differ from the parameter's usual meaning
BY_ENDPOINT = {
    "web.switch_language": "SELECT 'en' AS code",
    "referrals.follow": "SELECT min(code) AS code FROM referral_codes",
    "rewards.image": "SELECT min(image) AS name FROM rewards",
    "media_api.CaptionItem": "SELECT item_id, language FROM media_captions ORDER BY id",
    "media.attach": "SELECT 'chat_message' AS kind, min(id) AS object_id FROM chat_messages",
    "media_api.File": "SELECT min(id) AS item_id, 'original' AS name FROM media_items",
    "contest_requests_api.ContestRequestItem": "SELECT min(id) AS request_id FROM contest_requests",
    "contest_requests_api.TrustedRequestItem": "SELECT min(id) AS request_id FROM trusted_member_requests",
    "rounds_api.RoundEntries": "SELECT contest_id, position FROM judging_rounds ORDER BY id",
    "competitions_api.AttemptItem": "SELECT competition_id, id AS attempt_id FROM competition_attempts ORDER BY id",
    "competitions_api.AttemptResult": "SELECT competition_id, id AS attempt_id FROM competition_attempts ORDER BY id",
    "competitions.attempt_page": "SELECT competition_id, id AS attempt_id FROM competition_attempts ORDER BY id",
    "competitions.attempt_result": "SELECT competition_id, id AS attempt_id FROM competition_attempts ORDER BY id",
    "competitions_api.QuestionItem": "SELECT competition_id, id AS question_id FROM competition_questions ORDER BY id",
    "competitions.question_form": "SELECT competition_id, id AS question_id FROM competition_questions ORDER BY id",
}

WARNING_LINE = re.compile(r"^.*\b\w*Warning\b.*$", re.M)
#: Celery warns whenever its worker runs as root (uid 0), which is how this machine's test runs are
#: started; it says nothing about Arena, and a person running Arena under their own account never sees it
ROOT_WORKER = "SecurityWarning: You're running the worker with superuser privileges"


def _static_file(app, endpoint: str) -> str | None:
    """A file that exists in the static folder an ``*.static`` route serves."""
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    folder = (app.blueprints[blueprint] if blueprint else app).static_folder
    if not folder or not Path(folder).is_dir():
        return None
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return files[0].relative_to(folder).as_posix() if files else None


def _fill(app, conn, rule) -> dict | None:
    if rule.endpoint in BY_ENDPOINT:
        row = conn.execute(text(BY_ENDPOINT[rule.endpoint])).mappings().first()
        values = {name: (row or {}).get(name) for name in rule.arguments}
    else:
        values = {}
        for name in rule.arguments:
            if name == "filename":
                values[name] = _static_file(app, rule.endpoint)
            elif name in BY_PARAMETER:
                row = conn.execute(text(BY_PARAMETER[name])).mappings().first()
                values.update(dict(row) if row else {name: None})
    if set(values) != set(rule.arguments):
        return None
    # a kind of row the demo data does not have: an id no row has (the route must answer 404, not 500)
    return {k: (v if v is not None else ("0" if "id" in k else "none")) for k, v in values.items()}


def _paths(app, database_url: str) -> tuple[list[str], list[str]]:
    paths, unfilled = [], []
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
                if "GET" not in rule.methods or rule.endpoint in SKIPPED:
                    continue
                values = _fill(app, conn, rule) if rule.arguments else {}
                if values is None:
                    unfilled.append(rule.rule)
                    continue
                path = rule.rule
                for name, value in values.items():
                    path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
                paths.append(path)
    finally:
        engine.dispose()
    return paths, unfilled


def test_every_get_route_of_the_demo_answers_without_a_server_error_or_a_warning(app, tmp_path, scaled_settings):  # noqa: F811
    instance = tmp_path / "instance"
    # Python hides deprecations outside ``__main__`` by default: show each one once, as a developer would
    shown = {"PYTHONWARNINGS": "default::DeprecationWarning,default::PendingDeprecationWarning"}
    with ServedArena(instance, dict(scaled_settings, **shown)) as arena:
        database_url = scaled_settings.get("DATABASE_URL") or f"sqlite:///{instance / 'arena.db'}"
        paths, unfilled = _paths(app, database_url)
        assert unfilled == []  # every parameter is filled, or its route is in SKIPPED with a reason
        assert len(paths) > 150
        admin = arena.sign_in("admin", DEMO_PASSWORD)
        failures = {}
        for path in paths:
            resp = admin.get(arena.url + path, timeout=60, allow_redirects=False)
            if resp.status_code >= 500:
                failures[path] = resp.status_code
        output = (instance / "serve.log").read_text(errors="replace")
    assert failures == {}, "\n".join(f"{p}: {s}" for p, s in failures.items()) + "\n" + output[-4000:]
    warned = [line for line in WARNING_LINE.findall(output) if not (os.geteuid() == 0 and ROOT_WORKER in line)]
    assert warned == []

