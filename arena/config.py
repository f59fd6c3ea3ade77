"""Configuration: defaults, then an optional instance file, then the environment.

Order of precedence (later wins):

1. ``DefaultConfig`` below;
2. ``instance/arena.cfg`` (a Python file of UPPERCASE names), or the file named by ``ARENA_CONFIG``;
3. standard environment names (``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY``, ``CELERY_BROKER_URL``,
   ``MAIL_*``) and every ``ARENA_<NAME>`` variable (value parsed as JSON when it is JSON);
4. ``config_override`` passed to ``create_app`` (tests).

Derived settings (database URI, cache, limiter and Celery back ends) are then filled in from what
is set, and the result is validated: production refuses default or missing secrets.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

DEV_SECRET = "dev-insecure-secret-change-me"

#: environment names read as they are (no ARENA_ prefix), as deployments conventionally name them
STANDARD_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_DEFAULT_SENDER",
)


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot be used."""


class DefaultConfig:
    ENV = "development"  # "development", "production" or "testing"
    SECRET_KEY = DEV_SECRET
    JWT_SECRET_KEY: str | None = None  # falls back to SECRET_KEY

    DATABASE_URL: str | None = None  # default: SQLite file under instance/
    SQLITE_BUSY_TIMEOUT_MS = 5000
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}

    REDIS_URL: str | None = None
    REDIS_SOCKET_TIMEOUT = 0.5  # seconds: a Redis outage must not stall requests

    CELERY_BROKER_URL: str | None = None
    CELERY_RESULT_BACKEND: str | None = None
    CELERY_TASK_ALWAYS_EAGER = False
    JOBS_SWEEP_SECONDS = 60  # int, 1..3600: how often queued work that was not sent is sent again
    JOBS_STALE_SECONDS = 120  # int, 1..86400: a job still queued after this is sent again

    CACHE_DEFAULT_TIMEOUT = 300
    RATELIMIT_ENABLED = True
    RATELIMIT_DEFAULT: str | None = None
    RATELIMIT_HEADERS_ENABLED = True

    LANGUAGES = ("en", "ar")
    RTL_LANGUAGES = ("ar",)
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    LOG_LEVEL = "INFO"
    LOG_FILE: str | None = None  # rotating file log when set
    LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
    LOG_FILE_BACKUPS = 5

    MAIL_SERVER: str | None = None  # outbox folder + log when unset
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Arena <arena@localhost>"

    MAX_CONTENT_LENGTH = 64 * 1024 * 1024

    # API
    API_TITLE = "Arena API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "v1/openapi.json"
    DEFAULT_PER_PAGE = 20
    MAX_PER_PAGE = 100

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_CHECK_DEFAULT = False  # pages check through forms; the caller loader checks cookie writes
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=30)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=7)
    JWT_TOKEN_LOCATION = ["headers", "cookies"]
    JWT_COOKIE_SECURE = False
    JWT_COOKIE_SAMESITE = "Lax"
    JWT_COOKIE_CSRF_PROTECT = True
    JWT_ACCESS_COOKIE_PATH = "/api/"
    JWT_REFRESH_COOKIE_PATH = "/api/v1/auth/"

    PREFERRED_URL_SCHEME = "http"
    DEMO_DATA = False

    # Competitions
    COMPETITION_ANSWER_GRACE_SECONDS = 5  # int, 0..60: answers and submits accepted this long after a deadline
    COMPETITION_SWEEP_SECONDS = 60  # int, 10..3600: how often expired attempts nobody submitted are closed
    # Points and rewards
    POINTS_MAX_AMOUNT = 1_000_000  # int, 1..1_000_000_000: largest single credit, spend or adjustment
    POINTS_PAYMENT_INSTRUCTIONS = ""  # str, up to 2000 chars: how to pay, shown on the pricing page
    POINTS_DEFAULT_CURRENCY = "USD"  # str, an ISO 4217 code: preselected when adding a package
    REWARD_IMAGE_MAX_BYTES = 2 * 1024 * 1024  # int, 1 KiB..20 MiB: largest reward image accepted
    REWARD_IMAGE_DIR = "reward-images"  # str: folder under the instance folder for reward images
    # Community: notifications, referrals, chat, juror reminders
    PUBLIC_URL = ""  # str, an http(s) URL or empty: the site's address, for links in mails sent by workers
    NOTIFICATION_DIGEST_HOUR = 7  # int, 0..23: UTC hour at which the daily digest mails go out
    NOTIFICATION_POLL_SECONDS = 5  # int, 2..60: how often open pages ask the bell and chat rooms for news
    REFERRAL_WINDOW_DAYS = 7  # int, 1..90: days a new user has to verify the referral
    REFERRAL_REFERRER_POINTS = 5  # int, 0..1000: points for the referrer of a verified referral
    REFERRAL_REFERRED_POINTS = 2  # int, 0..1000: points for the new user of a verified referral
    REFERRAL_MILESTONES = {5: 10, 10: 20}  # dict int→int: verified referrals → bonus points
    REFERRAL_MONTHLY_CAP = 500  # int, 0..100000: most referral points a referrer earns in a calendar month
    REFERRAL_TOTAL_CAP = 1000  # int, 0..1000000: most referral points a referrer earns in all
    REFERRAL_CLAIM_HOURS = 24  # int, 1..168: a code may be claimed this long after registering, never later
    REFERRAL_FRAUD_IP_FLAG = 3  # int, 1..100: more sign-ups than this from one IP in 24 h are flagged
    REFERRAL_FRAUD_IP_REFUSE = 6  # int, 2..100: this many from one IP in 24 h get no referral credit
    REFERRAL_FRAUD_BURST = 5  # int, 2..100: this many referrals of one referrer in an hour are suspicious
    REFERRAL_IP_HASH_KEY = ""  # str, secret (required in production): HMAC key for sign-up IPs
    REFERRAL_IP_RETENTION_DAYS = 90  # int, 1..365: sign-up IP hashes are cleared after this many days
    CHAT_MESSAGE_LIMIT = "20/minute"  # str, a Flask-Limiter rate: messages one user may post
    CHAT_EDIT_MINUTES = 15  # int, 1..1440: own messages can be edited or deleted this long after posting
    REVIEW_REMINDER_DAYS_BEFORE = 2  # int, 0..30: jurors behind are reminded this many days before a contest ends


def _parse_env_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        return raw


def load_config(app, config_override: dict[str, Any] | None = None) -> None:
    """Fill ``app.config`` in the documented order, derive, then validate."""
    app.config.from_object(DefaultConfig)

    instance_file = os.environ.get("ARENA_CONFIG") or os.path.join(app.instance_path, "arena.cfg")
    if os.path.exists(instance_file):
        app.config.from_pyfile(instance_file)

    for name in STANDARD_ENV:
        if name in os.environ and os.environ[name] != "":
            app.config[name] = _parse_env_value(os.environ[name])
    for key, raw in os.environ.items():
        if key.startswith("ARENA_") and key != "ARENA_CONFIG":
            app.config[key[len("ARENA_"):]] = _parse_env_value(raw)

    if config_override:
        app.config.update(config_override)

    derive(app)
    validate(app.config)


def derive(app) -> None:
    cfg = app.config
    if cfg["ENV"] == "testing":
        cfg["TESTING"] = True
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    # Database: SQLite file under instance/ unless DATABASE_URL says otherwise.
    url = cfg.get("SQLALCHEMY_DATABASE_URI") or cfg.get("DATABASE_URL")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "arena.db")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    engine_opts = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        connect_args = dict(engine_opts.get("connect_args", {}))
        connect_args.setdefault("timeout", cfg["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        engine_opts["connect_args"] = connect_args
    else:
        engine_opts.setdefault("pool_pre_ping", True)
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = engine_opts

    redis_url = cfg.get("REDIS_URL")

    # Cache: Redis (shared across workers, failing soft) or in-process.
    if "CACHE_TYPE" not in cfg:
        if redis_url:
            cfg["CACHE_TYPE"] = "arena.core.cache.fail_soft_redis"
            cfg["CACHE_REDIS_URL"] = redis_url
        else:
            cfg["CACHE_TYPE"] = "SimpleCache"

    cfg.setdefault("CACHE_KEY_PREFIX", "arena:cache:")

    # Rate-limit counters: Redis (shared) or memory; fail open when Redis is down.
    if "RATELIMIT_STORAGE_URI" not in cfg:
        cfg["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    cfg.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": cfg["REDIS_SOCKET_TIMEOUT"],
                                                 "socket_connect_timeout": cfg["REDIS_SOCKET_TIMEOUT"]}
                   if redis_url else {})
    cfg.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    cfg.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", False)  # fail open, logged
    cfg.setdefault("RATELIMIT_KEY_PREFIX", "arena")

    # Celery: explicit broker, else Redis, else an embedded broker in a SQLite file.
    if not cfg.get("CELERY_BROKER_URL"):
        if redis_url:
            cfg["CELERY_BROKER_URL"] = redis_url
        else:
            cfg["CELERY_BROKER_URL"] = "sqla+sqlite:///" + os.path.join(app.instance_path, "celery-broker.db")
    if not cfg.get("CELERY_RESULT_BACKEND"):
        if redis_url:
            cfg["CELERY_RESULT_BACKEND"] = redis_url
        else:
            cfg["CELERY_RESULT_BACKEND"] = "db+sqlite:///" + os.path.join(app.instance_path, "celery-results.db")

    if "BABEL_TRANSLATION_DIRECTORIES" not in cfg:
        from arena.core.i18n_tools import translation_dirs

        cfg["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_dirs()) or "translations"

    cfg["JWT_SECRET_KEY"] = cfg.get("JWT_SECRET_KEY") or cfg["SECRET_KEY"]
    if cfg["ENV"] == "production":
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["REMEMBER_COOKIE_SECURE"] = True
        cfg["JWT_COOKIE_SECURE"] = True
        cfg["PREFERRED_URL_SCHEME"] = "https"


def validate(cfg) -> None:
    """Refuse to start with settings that cannot work or are unsafe."""
    problems: list[str] = []
    if cfg["ENV"] not in ("development", "production", "testing"):
        problems.append(f"ENV must be development, production or testing, not {cfg['ENV']!r}")
    if cfg["ENV"] == "production":
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = cfg.get(name)
            if not value or value == DEV_SECRET or len(str(value)) < 32:
                problems.append(
                    f"{name} must be set to a random value of at least 32 characters in production "
                    f"(set the {name} environment variable, e.g. from `python -c 'import secrets; "
                    f"print(secrets.token_urlsafe(48))'`)"
                )
    for name in ("DEFAULT_PER_PAGE", "MAX_PER_PAGE"):
        if not isinstance(cfg.get(name), int) or cfg[name] < 1:
            problems.append(f"{name} must be a positive integer")
    if problems:
        raise ConfigError("Arena cannot start:\n  - " + "\n  - ".join(problems))
