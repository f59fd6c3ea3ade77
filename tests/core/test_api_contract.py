"""The OpenAPI document is a true contract: Schemathesis fuzzes every operation of the running app
(examples, coverage, fuzzing and stateful phases; every check) with a fixed seed and a bounded
number of examples, signed in as a normal user and as an admin, and finds no server error and no
response that breaks the documented schema.

"Valid request refused" (``positive_data_acceptance``): a request can match the schema and still be
refused by a business rule the schema cannot express. Those answers are expected, and only those:

- 401: a sign-in that is not right, a refresh or reset token that is not valid;
- 403: a role or ownership rule (only organisers edit a contest, jurors review, no self-ban, ...);
- 404: an id or slug that names nothing (generated ids rarely exist), or an object the caller may
  not know exists;
- 409: a duplicate (a taken username, an article already submitted, a second running timer);
- 422: a rule across fields or on stored state (a contest's end before its start, a password that
  is too common or equals the username, a contest that is closed for submissions);
- 413: a video chunk that goes past the size its upload session declared;
- 429: the per-IP limit on authentication endpoints, and the sign-in lockout;
- 503: a wiki that cannot be reached (none is configured here, so wiki lookups answer 503).
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.engine import Status, events  # noqa: E402

SEED = 20260301
MAX_EXAMPLES = 4
BUSINESS_RULE_STATUSES = ["2xx", "401", "403", "404", "409", "413", "422", "429", "503"]


def _config() -> "schemathesis.Config":
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "max-failures": 50,
        "cache": {"enabled": False},  # each run starts from the seed alone, and leaves no files
        "checks": {"positive_data_acceptance": {"expected-statuses": BUSINESS_RULE_STATUSES}},
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {"stateful": {"max-steps": 20}},
    })


def _patch_wsgi_transport() -> None:
    """Schemathesis 4.32 hands network-only options (``max_redirects``, ``verify``, ``cert``) to
    Werkzeug's test client on some in-process calls, which refuses them; drop them there."""
    from schemathesis.transport.wsgi import WSGITransport

    if getattr(WSGITransport.send, "_arena_patched", False):
        return
    original = WSGITransport.send

    def send(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return original(self, case, session=session, **kwargs)

    send._arena_patched = True
    WSGITransport.send = send


class FreshToken:
    """A new access token for every request, so a fuzzed sign-out does not end the run."""

    app = None
    user_id = None

    def get(self, case, ctx):
        from flask_jwt_extended import create_access_token

        with self.app.app_context():
            return create_access_token(identity=str(self.user_id))

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _run(app, user_id) -> tuple[list[str], int]:
    _patch_wsgi_transport()
    FreshToken.app, FreshToken.user_id = app, user_id
    schemathesis.auth(refresh_interval=None)(FreshToken)
    try:
        return _collect(schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=_config()))
    finally:
        schemathesis.auths.unregister()


def _collect(schema) -> tuple[list[str], int]:
    problems, scenarios = [], 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios += 1
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    if node.status == Status.FAILURE and node.failure_info is not None:
                        problems.append(f"{event.phase}: {node.name}: {node.failure_info.failure.title}\n"
                                        f"{getattr(node.failure_info.failure, 'message', '')}\n"
                                        f"{node.failure_info.code_sample}")
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            problems.append(f"error: {getattr(event, 'info', getattr(event, 'exception', event))}")
    return problems, scenarios


@pytest.mark.timeout(900)  # a few minutes of fuzzing; on a loaded 2-core machine more
@pytest.mark.parametrize("role", ["user", "admin"])
def test_the_api_keeps_its_documented_contract(config, request, monkeypatch, role):
    # Rate limits and lockout are tested on their own; here they would only make the fuzzer wait.
    config.update(RATELIMIT_ENABLED=False, WIKIS={}, LOGIN_MAX_FAILURES=10**6)
    # the demo job sleeps as long as it is asked to (up to 5 s): not what is under test here
    import types

    monkeypatch.setattr("arena.jobs.tasks.time", types.SimpleNamespace(sleep=lambda seconds: None))
    app = request.getfixturevalue("app")
    create_user = request.getfixturevalue("create_user")
    caller = create_user(f"fuzz{role}", role=role)
    create_user("someone")  # another account for user/admin operations to find
    problems, scenarios = _run(app, caller.id)
    assert scenarios > 50
    assert not problems, f"{len(problems)} contract problems:\n\n" + "\n\n".join(problems[:15])
