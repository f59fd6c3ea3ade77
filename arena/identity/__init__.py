"""Identity and access: accounts, roles, web sessions, JWT, API keys, audit log, preferences.

Settings (defaults below; override in ``instance/arena.cfg`` or as ``ARENA_<NAME>``):

| name | default | meaning |
|---|---|---|
| ``PASSWORD_MIN_LENGTH`` | 12 | shortest password accepted (at most 128) |
| ``LOGIN_MAX_FAILURES`` | 5 | failed sign-ins in a row that lock an account |
| ``LOGIN_LOCKOUT_MINUTES`` | 15 | how long the lock lasts |
| ``AUTH_RATE_LIMIT`` | ``10/minute`` | requests per client IP to the authentication endpoints |
| ``API_KEY_RATE_LIMIT`` | ``30/minute`` | requests per API key |
| ``API_KEY_MAX_ACTIVE`` | 5 | active keys per user |
| ``API_KEY_DEFAULT_DAYS`` | 365 | lifetime of a new key |
| ``PASSWORD_RESET_MAX_AGE`` | 1800 | seconds a reset link stays valid |
"""

DEFAULTS = {
    "PASSWORD_MIN_LENGTH": 12,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCKOUT_MINUTES": 15,
    "AUTH_RATE_LIMIT": "10/minute",
    "API_KEY_RATE_LIMIT": "30/minute",
    "API_KEY_MAX_ACTIVE": 5,
    "API_KEY_DEFAULT_DAYS": 365,
    "PASSWORD_RESET_MAX_AGE": 1800,
}


def init_app(app) -> None:
    from arena.core import mail  # noqa: F401  (registers the mail.send task)
    from arena.core.cli import register_demo_loader
    from arena.extensions import api
    from arena.identity import admin_api, admin_views, api as auth_api, auth, demo, tasks, views

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    if not 8 <= int(app.config["PASSWORD_MIN_LENGTH"]) <= 128:
        from arena.config import ConfigError

        raise ConfigError("PASSWORD_MIN_LENGTH must be between 8 and 128")

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    for blp in (auth_api.blp, admin_api.keys_blp, admin_api.users_blp, admin_api.audit_blp):
        api.register_blueprint(blp)
    auth.init_app(app)
    register_demo_loader(app, "identity", demo.load)
    app.extensions["celery"].conf.beat_schedule.setdefault(
        "identity-purge-expired-tokens", {"task": tasks.purge_expired_tokens.name, "schedule": 3600.0})
    app.context_processor(views.account_context)
    if not app.extensions.get("arena_identity_connected"):
        from arena.core import signals
        from arena.identity.operations import keep_chosen_language

        signals.language_chosen.connect(keep_chosen_language)  # blinker holds receivers process-wide
    app.extensions["arena_identity_connected"] = True
    app.after_request(views.private_pages)
