"""Identity and access: accounts, roles, web sessions, JWT, API keys, audit log, preferences.

Settings (declared in ``arena.config``): ``PASSWORD_MIN_LENGTH``, ``PASSWORD_RESET_MAX_AGE``,
``LOGIN_MAX_FAILURES``, ``LOGIN_LOCKOUT_MINUTES``, ``AUTH_RATE_LIMIT``, ``API_KEY_RATE_LIMIT``,
``API_KEY_MAX_ACTIVE``, ``API_KEY_DEFAULT_DAYS``.
"""


def init_app(app) -> None:
    from arena.core import mail  # noqa: F401  (registers the mail.send task)
    from arena.core.cli import register_demo_loader
    from arena.extensions import api
    from arena.identity import admin_api, admin_views, api as auth_api, auth, demo, reauth, tasks, tokens, views

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    for blp in (auth_api.blp, admin_api.keys_blp, admin_api.users_blp, admin_api.audit_blp):
        api.register_blueprint(blp)
    auth.init_app(app)
    reauth.init_app(app)
    tokens.watch_revocations()
    register_demo_loader(app, "identity", demo.load)
    _register_figures(app)
    app.extensions["celery"].conf.beat_schedule.setdefault(
        "identity-purge-expired-tokens", {"task": tasks.purge_expired_tokens.name, "schedule": 3600.0})
    from celery.schedules import crontab

    app.extensions["celery"].conf.beat_schedule.setdefault(
        "identity-rollup-api-usage", {"task": tasks.rollup_api_usage.name, "schedule": crontab(hour=0, minute=10)})
    app.context_processor(views.account_context)
    if not app.extensions.get("arena_identity_connected"):
        from arena.core import signals
        from arena.identity.operations import keep_chosen_language

        signals.language_chosen.connect(keep_chosen_language)  # blinker holds receivers process-wide
    app.extensions["arena_identity_connected"] = True
    app.after_request(views.private_pages)


def _register_figures(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core.dashboard import register_figure
    from arena.identity import queries, usage

    register_figure(app, "users-registered", _l("Users registered per week"), _l("Registered"),
                    queries.registrations_per_week, order=10)
    register_figure(app, "api-calls-daily", _l("API calls per day (API keys)"), _l("Calls"), usage.calls_per_day,
                    order=35)
    register_figure(app, "users-active", _l("Active users per week (latest sign-in)"), _l("Users"),
                    queries.active_per_week, order=11)
