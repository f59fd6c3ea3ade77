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
)


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    from arena import config as config_module
    from arena.core import boundary, errors, jobs_setup
    from arena.core.logging import configure_logging
    from arena.extensions import api, babel, cache, csrf, db, jwt, limiter, login, migrate

    import os

    instance_path = (config_override or {}).get("INSTANCE_PATH") or os.environ.get("ARENA_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    config_module.load_config(app, config_override)
    configure_logging(app)

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
    api.init_app(app, spec_kwargs={"info": {"description": "Arena REST API. Every response uses the "
                                                        "envelope described in DESIGN.md §4."}})
    jobs_setup.init_celery(app)

    errors.register_error_handlers(app)
    boundary.init_app(app)

    for name in DOMAINS:
        import_module(name).init_app(app)

    from arena.core import cli

    cli.init_app(app)
    return app
