"""Arena: a self-hostable community contest platform.

``create_app`` is pure: it reads configuration and wires extensions and domains. It opens no
network connection and runs no migration (``flask --app arena db upgrade`` does that); the only
file it may write is a translation catalogue missing from a source checkout (``ensure_compiled``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask

__version__ = "0.1.0"

#: Domain packages, in dependency order. Each exposes ``init_app(app)`` which registers its
#: blueprints, signal receivers and CLI commands.
DOMAINS = (
    "arena.web",
    "arena.identity",
    "arena.jobs",
    "arena.wiki",
    "arena.study",
    "arena.contests",
    "arena.reviews",
    "arena.competitions",
    "arena.points",
    "arena.rewards",
    "arena.media",
    "arena.notifications",
    "arena.referrals",
    "arena.chat",
    "arena.admin",
)


API_DESCRIPTION = """Arena REST API under `/api/v1`.

Every JSON response uses one envelope. A success is
`{"success": true, "message": "...", "data": ..., "meta": {...}}` (`meta` on lists: `page`, `per_page`,
`total`, `pages`); a failure is `{"success": false, "message": "...", "errors": {"field": ["..."]}}`.
Lists take `page` and `per_page` (20 by default, at most 100). Status codes: 400 malformed,
401 not signed in, 403 not allowed, 404 missing, 409 conflict, 413 too large, 422 invalid input,
429 rate limited (with `Retry-After`), 503 a dependency is down. Input objects are allow-lists:
an unknown field is refused."""


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    from arena import config as config_module
    from arena.core import boundary, errors, jobs_setup, limits
    from arena.core.logging import configure_logging
    from arena.extensions import api, babel, cache, csrf, db, jwt, limiter, login, migrate

    import os

    instance_path = (config_override or {}).get("INSTANCE_PATH") or os.environ.get("ARENA_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    config_module.load_config(app, config_override)
    configure_logging(app)
    limits.init_app(app)  # before any route: ids in paths use its bounded converter

    db.init_app(app)
    from arena.core import database

    database.init_app(app)
    migrate.init_app(app, db, directory=str(database.MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login.init_app(app)
    jwt.init_app(app)
    cache.init_app(app)
    limiter.init_app(app)
    from arena.core.i18n_tools import ensure_compiled
    from arena.web.i18n import select_locale, select_timezone

    ensure_compiled()  # a checkout started without ``arena i18n compile`` still speaks Arabic

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    api.init_app(app, spec_kwargs={"info": {"description": API_DESCRIPTION}})
    jobs_setup.init_celery(app)

    errors.register_error_handlers(app)
    boundary.init_app(app)

    for name in DOMAINS:
        import_module(name).init_app(app)

    from arena.core import cli
    from arena.core.api import document_security

    document_security(app, api)
    cli.init_app(app)
    from arena.core import shortcuts

    shortcuts.init_app(app)
    return app
