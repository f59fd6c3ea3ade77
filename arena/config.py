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

import copy
import json
import os
import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Setting:
    """One setting: its name in ``app.config``, type, default, bounds and a one-line meaning.

    ``type`` is a Python type or a tuple of them (``float`` also takes whole numbers, ``tuple`` also
    takes a list); ``default=None`` makes the setting optional unless ``required`` says otherwise.
    ``minimum``/``maximum`` bound numbers (and the seconds of a ``timedelta``), ``choices`` lists
    the values allowed. ``shown_default`` replaces the default in the README (derived values), and
    ``secret`` keeps it out of it.
    """

    name: str
    type: type | tuple[type, ...]
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | None = None
    shown_default: str | None = None
    secret: bool = False

    @property
    def env_name(self) -> str:
        """The environment variable that sets it (see :func:`load_config`)."""
        return self.name if self.name in STANDARD_ENV else f"ARENA_{self.name}"

    @property
    def types(self) -> tuple[type, ...]:
        return self.type if isinstance(self.type, tuple) else (self.type,)


S = Setting

#: Every setting Arena reads, declared once. Add a setting here (and nowhere else): a line
#: ``S("NAME", type, default, "what it does", minimum=..., maximum=...)`` in its domain's group;
#: read it as ``app.config["NAME"]`` with no inline default. ``arena config-table`` rewrites the
#: README table.
SETTINGS: tuple[Setting, ...] = (
    # core
    S("ENV", str, "development", "`production` refuses default or short secrets and turns on secure cookies "
      "and HSTS", choices=("development", "production", "testing")),
    S("TESTING", bool, False, "set by `ARENA_ENV=testing`; propagates logs to the test runner"),
    S("INSTANCE_PATH", (str, type(None)), None, "where the SQLite database, outbox and exports live",
      shown_default="`./instance`"),
    S("SECRET_KEY", str, DEV_SECRET, "signs sessions and tokens; required (≥ 32 characters) in production",
      shown_default="development value", secret=True),
    S("JWT_SECRET_KEY", (str, type(None)), None, "separate key for API tokens, if wanted",
      shown_default="`SECRET_KEY`", secret=True),
    S("DATABASE_URL", (str, type(None)), None, "PostgreSQL: `postgresql://user:pass@host/db` (psycopg 3)",
      shown_default="SQLite file `instance/arena.db`"),
    S("SQLITE_BUSY_TIMEOUT_MS", int, 5000, "how long SQLite waits for a lock (ms)", minimum=0, maximum=600_000),
    S("DATABASE_CONNECT_TIMEOUT", int, 5, "seconds before connecting to PostgreSQL gives up (a database that is "
      "down answers 503 quickly instead of holding the request)", minimum=1, maximum=120),
    S("DATABASE_POOL_TIMEOUT", int, 10, "seconds a request waits for a free database connection before it gets "
      "a 503", minimum=1, maximum=300),
    S("SQLALCHEMY_TRACK_MODIFICATIONS", bool, False, "Flask-SQLAlchemy event tracking (keep off)"),
    S("SQLALCHEMY_ENGINE_OPTIONS", dict, {}, "extra SQLAlchemy engine options (JSON object)"),
    S("REDIS_URL", (str, type(None)), None, "shared cache, rate-limit counters, circuit breakers and job "
      "broker; unset means in-process"),
    S("REDIS_SOCKET_TIMEOUT", float, 0.5, "seconds before a Redis call gives up (an outage must not stall "
      "requests)", minimum=0.01, maximum=60),
    S("CELERY_BROKER_URL", (str, type(None)), None, "e.g. `amqp://guest:guest@host:5672//` for RabbitMQ",
      shown_default="`REDIS_URL`, else an SQLite file"),
    S("CELERY_RESULT_BACKEND", (str, type(None)), None, "where task results are kept",
      shown_default="`REDIS_URL`, else an SQLite file"),
    S("CELERY_TASK_ALWAYS_EAGER", bool, False, "run background tasks in the calling process (tests)"),
    S("CELERY_BEAT_SCHEDULE", dict, {}, "extra Celery beat entries, added to the built-in schedules"),
    S("CELERY_TASK_DEFAULT_QUEUE", str, "celery", "broker queue Arena's work goes to (give each install its own "
      "when several share a broker)"),
    S("JOBS_SWEEP_SECONDS", int, 60, "how often work the broker did not take (it was down) is sent again",
      minimum=1, maximum=3600),
    S("JOBS_STALE_SECONDS", int, 120, "a job still queued after this many seconds, or running without a sign of "
      "life (its worker died), is sent again (it runs once however often it is sent)", minimum=1, maximum=86400),
    S("CACHE_TYPE", (str, type(None)), None, "Flask-Caching back end",
      shown_default="Redis when `REDIS_URL` is set, else in-process"),
    S("CACHE_REDIS_URL", (str, type(None)), None, "Redis for the cache", shown_default="`REDIS_URL`"),
    S("CACHE_DEFAULT_TIMEOUT", int, 300, "seconds a cached value lives unless told otherwise", minimum=1),
    S("CACHE_KEY_PREFIX", str, "arena:cache:", "prefix of every cache key (share a Redis between installs)"),
    S("RATELIMIT_ENABLED", bool, True, "turn every rate limit on or off"),
    S("RATELIMIT_DEFAULT", (str, type(None)), None, "limit for every route without its own, e.g. `100/minute`"),
    S("RATELIMIT_HEADERS_ENABLED", bool, True, "send `X-RateLimit-*` headers"),
    S("RATELIMIT_STORAGE_URI", (str, type(None)), None, "where rate-limit counters live",
      shown_default="`REDIS_URL`, else `memory://`"),
    S("RATELIMIT_KEY_PREFIX", str, "arena", "prefix of rate-limit keys"),
    S("LANGUAGES", tuple, ("en", "ar"), "languages offered"),
    S("RTL_LANGUAGES", tuple, ("ar",), "languages written right to left"),
    S("BABEL_DEFAULT_LOCALE", str, "en", "language when nothing else decides"),
    S("BABEL_DEFAULT_TIMEZONE", str, "UTC", "time zone when the viewer's is unknown"),
    S("LOG_LEVEL", str, "INFO", "log level", choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    S("LOG_FILE", (str, type(None)), None, "also log to this rotating file (JSON lines go to stdout always)"),
    S("LOG_FILE_MAX_BYTES", int, 10 * 1024 * 1024, "size at which the log file rotates", minimum=1024),
    S("LOG_FILE_BACKUPS", int, 5, "rotated log files kept", minimum=0, maximum=1000),
    S("MAIL_SERVER", (str, type(None)), None, "SMTP host; unset writes mail to the log and the outbox folder"),
    S("MAIL_PORT", int, 25, "SMTP port", minimum=1, maximum=65535),
    S("MAIL_USERNAME", (str, type(None)), None, "SMTP user"),
    S("MAIL_PASSWORD", (str, type(None)), None, "SMTP password", secret=True),
    S("MAIL_USE_TLS", bool, False, "STARTTLS"),
    S("MAIL_USE_SSL", bool, False, "SMTP over TLS"),
    S("MAIL_DEFAULT_SENDER", str, "Arena <arena@localhost>", "From address"),
    S("MAIL_TIMEOUT", float, 10.0, "seconds an SMTP connection may take", minimum=0.1, maximum=600),
    S("MAIL_OUTBOX_DIR", (str, type(None)), None, "where mail goes (as `.eml` files, and to the log) when "
      "`MAIL_SERVER` is unset", shown_default="`instance/outbox`"),
    S("MAX_CONTENT_LENGTH", int, 1024 * 1024, "largest request body (bytes); upload routes set their own, larger "
      "limit", minimum=64),
    S("METRICS_TOKEN", (str, type(None)), None, "require `Authorization: Bearer <token>` on `/metrics`",
      secret=True),
    S("CONTENT_SECURITY_POLICY", (str, type(None)), None, "replace the built-in Content-Security-Policy",
      shown_default="self only"),
    S("PREFERRED_URL_SCHEME", str, "http", "scheme of external links (`https` in production)",
      choices=("http", "https")),
    # API
    S("API_TITLE", str, "Arena API", "title of the OpenAPI document"),
    S("API_VERSION", str, "v1", "version of the OpenAPI document"),
    S("OPENAPI_VERSION", str, "3.0.3", "OpenAPI version"),
    S("OPENAPI_URL_PREFIX", str, "/api", "where the OpenAPI document is served"),
    S("OPENAPI_JSON_PATH", str, "v1/openapi.json", "path of the OpenAPI document under the prefix"),
    S("DEFAULT_PER_PAGE", int, 20, "list page size when none is asked", minimum=1, maximum=1000),
    S("MAX_PER_PAGE", int, 100, "largest list page", minimum=1, maximum=1000),
    # sessions, cookies and tokens
    S("SESSION_COOKIE_HTTPONLY", bool, True, "session cookie hidden from scripts"),
    S("SESSION_COOKIE_SAMESITE", str, "Lax", "SameSite of the session cookie", choices=("Lax", "Strict", "None")),
    S("SESSION_COOKIE_SECURE", bool, False, "session cookie over HTTPS only (always on in production)"),
    S("REMEMBER_COOKIE_HTTPONLY", bool, True, "remember-me cookie hidden from scripts"),
    S("REMEMBER_COOKIE_SAMESITE", str, "Lax", "SameSite of the remember-me cookie",
      choices=("Lax", "Strict", "None")),
    S("PERMANENT_SESSION_LIFETIME", timedelta, timedelta(days=14), "how long a web session lasts (seconds)",
      minimum=60),
    S("WTF_CSRF_TIME_LIMIT", (int, type(None)), None, "seconds a form's CSRF token is valid; unset: the session",
      minimum=60),
    S("WTF_CSRF_CHECK_DEFAULT", bool, False, "pages check CSRF through their forms; keep off"),
    S("JWT_ACCESS_TOKEN_EXPIRES", timedelta, timedelta(minutes=30), "lifetime of an API access token (seconds)",
      minimum=60, maximum=86400),
    S("JWT_REFRESH_TOKEN_EXPIRES", timedelta, timedelta(days=7), "lifetime of an API refresh token (seconds)",
      minimum=300),
    S("JWT_TOKEN_LOCATION", list, ["headers", "cookies"], "where API tokens are looked for"),
    S("JWT_COOKIE_SECURE", bool, False, "token cookies over HTTPS only (always on in production)"),
    S("JWT_COOKIE_SAMESITE", str, "Lax", "SameSite of the token cookies", choices=("Lax", "Strict", "None")),
    S("JWT_COOKIE_CSRF_PROTECT", bool, True, "double-submit CSRF check on cookie-authenticated writes"),
    S("JWT_ACCESS_COOKIE_NAME", str, "access_token_cookie", "name of the access-token cookie"),
    S("JWT_REFRESH_COOKIE_NAME", str, "refresh_token_cookie", "name of the refresh-token cookie"),
    S("JWT_ACCESS_COOKIE_PATH", str, "/api/", "path of the access-token cookie"),
    S("JWT_REFRESH_COOKIE_PATH", str, "/api/v1/auth/", "path of the refresh-token cookie"),
    # identity
    S("ARGON2_PARAMS", dict, {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
      "argon2id cost (RFC 9106 low-memory profile; OWASP's minimum is m=19 MiB, t=2, p=1)"),
    S("PASSWORD_MIN_LENGTH", int, 12, "shortest password accepted (the 10,000 most common passwords are "
      "refused)", minimum=8, maximum=128),
    S("PASSWORD_RESET_MAX_AGE", int, 1800, "seconds a password-reset link stays valid", minimum=60,
      maximum=86400),
    S("SIGN_IN_LINK_MAX_AGE", int, 86400, "seconds the one-time sign-in link in the welcome mail of a new "
      "account stays valid", minimum=60, maximum=7 * 86400),
    S("LOGIN_MAX_FAILURES", int, 5, "failed sign-ins in a row that lock an account", minimum=1,
      maximum=1_000_000),
    S("LOGIN_LOCKOUT_MINUTES", int, 15, "how long the lock lasts", minimum=1, maximum=10080),
    S("AUTH_RATE_LIMIT", str, "10/minute", "per client IP on the authentication endpoints"),
    S("API_KEY_RATE_LIMIT", str, "30/minute", "per API key"),
    S("API_KEY_MAX_ACTIVE", int, 5, "active API keys per user", minimum=1, maximum=1000),
    S("API_KEY_DEFAULT_DAYS", int, 365, "lifetime of a new API key (days)", minimum=1, maximum=3650),
    S("API_USAGE_KEEP_DAYS", int, 30, "days the raw API-key usage log is kept (the nightly roll-up keeps the daily "
      "summary)", minimum=2, maximum=3650),
    # wikis
    S("WIKIS", (dict, str), {}, "JSON: wiki id → `api.php` URL (or `{\"api\", \"language\", "
      "\"infobox_prefix\"}`); every Wikipedia (`enwiki`, `arwiki`, …) is known without it"),
    S("WIKI_CONTACT", (str, type(None)), None, "contact (URL or e-mail) put in the User-Agent sent to wikis"),
    S("WIKI_TIMEOUT", float, 20.0, "seconds a wiki request may take", minimum=0.1, maximum=600),
    S("WIKI_MAX_RETRIES", int, 4, "retries of a failed wiki request, with back-off (honouring `Retry-After`)",
      minimum=0, maximum=20),
    S("WIKI_BACKOFF", float, 1.0, "first back-off between retries (seconds, doubling)", minimum=0, maximum=600),
    S("WIKI_MAX_BACKOFF", float, 60.0, "longest back-off between retries (seconds)", minimum=0, maximum=3600),
    S("WIKI_QUICK_TIMEOUT", float, 0.5, "per-request timeout while a person waits (submitting an article); "
      "what does not answer in time is checked in the background", minimum=0.05, maximum=30),
    S("WIKI_QUICK_BUDGET", float, 1.0, "seconds of wiki requests a person waits for at most before the rest "
      "is queued", minimum=0.1, maximum=60),
    S("WIKI_MAXLAG", int, 5, "`maxlag` sent to wikis (seconds)", minimum=1, maximum=60),
    S("WIKI_BREAKER_FAIL_MAX", int, 5, "failures in a row that open a wiki's circuit breaker (state shared "
      "through Redis when configured; shown on `/status`)", minimum=1, maximum=1000),
    S("WIKI_BREAKER_RESET_SECONDS", float, 60.0, "seconds an open breaker waits before trying again",
      minimum=1, maximum=86400),
    S("WIKI_FACTS_TTL", int, 600, "seconds article facts stay cached (`refresh=true` bypasses)", minimum=0,
      maximum=86400 * 7),
    S("WIKI_BOT_PASSWORDS", (dict, str), {}, "JSON: wiki id → `{\"username\": \"User@app\", \"password\": "
      "...}` for write-back when the submitter did not sign in with Wikimedia", secret=True),
    S("WIKIMEDIA_OAUTH_CLIENT_ID", (str, type(None)), None, "\"Sign in with Wikimedia\" (OAuth 2) client id"),
    S("WIKIMEDIA_OAUTH_CLIENT_SECRET", (str, type(None)), None, "its client secret", secret=True),
    S("WIKIMEDIA_OAUTH_BASE_URL", str, "https://meta.wikimedia.org/w/rest.php/oauth2",
      "OAuth 2 endpoints (Meta-Wiki's by default)"),
    S("WIKIMEDIA_TOKEN_KEY", (str, type(None)), None, "key that encrypts stored Wikimedia tokens",
      shown_default="`SECRET_KEY`", secret=True),
    # contests and reviews
    S("TRUSTED_MEMBER_MIN_EDITS", int, 300, "wiki edit count that makes a trusted-member request succeed at once",
      minimum=0),
    S("CONTEST_REFRESH_AFTER_END_DAYS", int, 3, "days after a contest ends that its articles are still "
      "re-checked", minimum=0, maximum=365),
    S("REVIEW_NOTIFICATION_MAIL", bool, True, "mail participants when their submission is reviewed"),
    S("REPORT_FONT_PATH", (str, type(None)), None, "TrueType font for PDF reports (Arabic needs one that has it)",
      shown_default="a system font"),
    # competitions
    S("COMPETITION_ANSWER_GRACE_SECONDS", int, 5, "answers and submits still accepted this long after an "
      "attempt's deadline, for network delay", minimum=0, maximum=60),
    S("COMPETITION_SWEEP_SECONDS", int, 60, "how often expired attempts nobody submitted are closed and scored",
      minimum=10, maximum=3600),
    # points and rewards
    S("POINTS_MAX_AMOUNT", int, 1_000_000, "largest single credit, spend or adjustment", minimum=1,
      maximum=1_000_000_000),
    S("POINTS_PAYMENT_INSTRUCTIONS", str, "", "how to pay, shown on the pricing page (empty: contact an admin)"),
    S("POINTS_DEFAULT_CURRENCY", str, "USD", "ISO 4217 currency preselected when adding a package"),
    S("REWARD_IMAGE_MAX_BYTES", int, 2 * 1024 * 1024, "largest reward image accepted (bytes)", minimum=1024,
      maximum=20 * 1024 * 1024),
    S("REWARD_IMAGE_DIR", str, "reward-images", "folder under the instance folder for reward images"),
    # media
    S("MEDIA_STORAGE_PATH", (str, type(None)), None, "folder for video files (a shared volume serves several "
      "hosts)", shown_default="`instance/media`"),
    S("MEDIA_MAX_UPLOAD_BYTES", int, 500 * 1024 * 1024, "largest video accepted (bytes)", minimum=1024 * 1024,
      maximum=50 * 1024 ** 3),
    S("MEDIA_MAX_DURATION_SECONDS", int, 600, "longest video accepted (seconds)", minimum=1, maximum=86400),
    S("MEDIA_USER_QUOTA_BYTES", int, 2 * 1024 ** 3,
      "bytes of video a user may keep (files kept in storage, plus unfinished uploads at their declared size)",
      minimum=1024 * 1024,
      maximum=1024 ** 4),
    S("MEDIA_UPLOADS_PER_HOUR", int, 20, "upload sessions a user may open per hour", minimum=1, maximum=10_000),
    S("MEDIA_CHUNK_MAX_BYTES", int, 8 * 1024 * 1024, "largest chunk one upload request may carry (bytes)",
      minimum=1024, maximum=64 * 1024 * 1024),
    S("MEDIA_SIMPLE_UPLOAD_MAX_BYTES", int, 32 * 1024 * 1024, "largest single-request (no-JavaScript) upload",
      minimum=1024 * 1024, maximum=1024 ** 3),
    S("MEDIA_ABANDONED_HOURS", int, 24, "an unfinished upload untouched this long is removed at night",
      minimum=1, maximum=720),
    S("MEDIA_MAX_HEIGHT", int, 720, "height of the transcoded video (never upscaled)", minimum=144, maximum=2160),
    S("MEDIA_PREVIEW_SECONDS", int, 3, "length of the silent preview loop", minimum=1, maximum=10),
    S("MEDIA_CAPTION_MAX_BYTES", int, 512 * 1024, "largest WebVTT file accepted (bytes)", minimum=1024,
      maximum=5 * 1024 * 1024),
    S("MEDIA_STALLED_SECONDS", int, 300, "a transcode silent this long (its worker died) is started again",
      minimum=30, maximum=86400),
    # study
    S("STUDY_READ_LIMIT", str, "100/minute", "per-user reads of the study pages and API"),
    S("STUDY_WRITE_LIMIT", str, "20/minute", "per-user writes of the study pages and API"),
    # community: notifications, referrals, chat, juror reminders
    S("PUBLIC_URL", str, "", "the site's address, for links in mails sent by workers (empty: relative links)"),
    S("NOTIFICATION_DIGEST_HOUR", int, 7, "UTC hour at which the daily digest mails go out", minimum=0, maximum=23),
    S("NOTIFICATION_POLL_SECONDS", int, 5, "how often open pages ask the bell and chat rooms for news",
      minimum=2, maximum=60),
    S("REFERRAL_WINDOW_DAYS", int, 7, "days a referred user has to verify the referral", minimum=1, maximum=90),
    S("REFERRAL_REFERRER_POINTS", int, 5, "points for the referrer of a verified referral", minimum=0, maximum=1000),
    S("REFERRAL_REFERRED_POINTS", int, 2, "points for the new user of a verified referral", minimum=0, maximum=1000),
    S("REFERRAL_MILESTONES", dict, {5: 10, 10: 20}, "verified referrals → bonus points for the referrer"),
    S("REFERRAL_MONTHLY_CAP", int, 500, "most referral points a referrer earns in a calendar month", minimum=0,
      maximum=100_000),
    S("REFERRAL_TOTAL_CAP", int, 1000, "most referral points a referrer earns in all", minimum=0,
      maximum=1_000_000),
    S("REFERRAL_CLAIM_HOURS", int, 24, "a referral code may be claimed this long after registering", minimum=1,
      maximum=168),
    S("REFERRAL_FRAUD_IP_FLAG", int, 3, "more referral sign-ups than this from one IP in 24 h are flagged",
      minimum=1, maximum=100),
    S("REFERRAL_FRAUD_IP_REFUSE", int, 6, "this many referral sign-ups from one IP in 24 h get no credit",
      minimum=2, maximum=100),
    S("REFERRAL_FRAUD_BURST", int, 5, "this many referrals of one referrer within an hour are suspicious",
      minimum=2, maximum=100),
    S("REFERRAL_IP_HASH_KEY", (str, type(None)), None, "HMAC key for sign-up IPs (falls back to SECRET_KEY)",
      secret=True),
    S("REFERRAL_IP_RETENTION_DAYS", int, 90, "sign-up IP hashes are cleared after this many days", minimum=1,
      maximum=365),
    S("CHAT_MESSAGE_LIMIT", str, "20/minute", "chat messages one user may post (shared across processes on Redis)"),
    S("CHAT_EDIT_MINUTES", int, 15, "own chat messages can be edited or deleted this long after posting",
      minimum=1, maximum=1440),
    S("REVIEW_REMINDER_DAYS_BEFORE", int, 2, "jurors behind are reminded this many days before a contest ends",
      minimum=0, maximum=30),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}

class DefaultConfig:
    """``app.config`` defaults: one attribute per declared setting (filled from :data:`SETTINGS`)."""


for _setting in SETTINGS:
    setattr(DefaultConfig, _setting.name, copy.deepcopy(_setting.default))


def _parse_env_value(raw: str, setting: Setting | None = None) -> Any:
    """An environment value: as it is for a text setting, else parsed as JSON when it is JSON."""
    if setting is not None and str in setting.types and not {dict, list, tuple} & set(setting.types):
        return raw
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        return raw


def load_config(app, config_override: dict[str, Any] | None = None) -> None:
    """Fill ``app.config`` in the documented order, derive, then validate."""
    app.config.from_object(DefaultConfig)
    for setting in SETTINGS:  # a copy per app: no two apps share a mutable default
        app.config[setting.name] = copy.deepcopy(setting.default)

    instance_file = os.environ.get("ARENA_CONFIG") or os.path.join(app.instance_path, "arena.cfg")
    if os.path.exists(instance_file):
        app.config.from_pyfile(instance_file)

    for name in STANDARD_ENV:
        if name in os.environ and os.environ[name] != "":
            app.config[name] = _parse_env_value(os.environ[name], BY_NAME.get(name))
    for key, raw in os.environ.items():
        if key.startswith("ARENA_") and key != "ARENA_CONFIG":
            name = key[len("ARENA_"):]
            app.config[name] = _parse_env_value(raw, BY_NAME.get(name))

    if config_override:
        app.config.update(config_override)

    derive(app)
    validate(app.config)


def derive(app) -> None:
    cfg = app.config
    if cfg["ENV"] == "testing":
        cfg["TESTING"] = True
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    cfg["INSTANCE_PATH"] = app.instance_path

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
    else:  # PostgreSQL: connections that died with a restart are replaced; an outage fails fast
        engine_opts.setdefault("pool_pre_ping", True)
        engine_opts.setdefault("pool_timeout", cfg["DATABASE_POOL_TIMEOUT"])
        connect_args = dict(engine_opts.get("connect_args", {}))
        connect_args.setdefault("connect_timeout", cfg["DATABASE_CONNECT_TIMEOUT"])
        engine_opts["connect_args"] = connect_args
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = engine_opts

    redis_url = cfg.get("REDIS_URL")

    # Cache: Redis (shared across workers, failing soft) or in-process.
    if not cfg["CACHE_TYPE"]:
        if redis_url:
            cfg["CACHE_TYPE"] = "arena.core.cache.fail_soft_redis"
            cfg["CACHE_REDIS_URL"] = redis_url
        else:
            cfg["CACHE_TYPE"] = "SimpleCache"

    # Rate-limit counters: Redis (shared) or memory; fail open when Redis is down.
    if not cfg["RATELIMIT_STORAGE_URI"]:
        cfg["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    cfg.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": cfg["REDIS_SOCKET_TIMEOUT"],
                                                 "socket_connect_timeout": cfg["REDIS_SOCKET_TIMEOUT"]}
                   if redis_url else {})
    cfg.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    cfg.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", False)  # fail open, logged

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
    if cfg["ENV"] == "production":
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = cfg.get(name)
            if not value or value == DEV_SECRET or len(str(value)) < 32:
                problems.append(
                    f"{name} must be set to a random value of at least 32 characters in production "
                    f"(set the {name} environment variable, e.g. from `python -c 'import secrets; "
                    f"print(secrets.token_urlsafe(48))'`)"
                )
    for setting in SETTINGS:
        try:
            cfg[setting.name] = check(setting, cfg.get(setting.name))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ConfigError("Arena cannot start:\n  - " + "\n  - ".join(problems))


_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               dict: "a JSON object", list: "a JSON list", tuple: "a JSON list", timedelta: "a number of seconds",
               type(None): "unset"}


def check(setting: Setting, value: Any) -> Any:
    """``value`` converted to the setting's type (seconds to ``timedelta``, a list to a tuple, ``"on"``
    to ``True``, ...) and checked against its bounds; ``ValueError`` naming the setting otherwise."""
    types = setting.types
    shown = "the value given" if setting.secret else repr(value)
    converted = _convert(value, types)
    if converted is _INVALID:
        expected = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
        raise ValueError(f"{setting.name} ({setting.env_name}) must be {expected}, not {shown}")
    if setting.choices is not None and converted not in setting.choices and converted is not None:
        raise ValueError(f"{setting.name} ({setting.env_name}) must be one of "
                         f"{', '.join(map(str, setting.choices))}, not {shown}")
    number = converted.total_seconds() if isinstance(converted, timedelta) else converted
    if isinstance(number, (int, float)) and not isinstance(number, bool):
        if setting.minimum is not None and number < setting.minimum:
            raise ValueError(f"{setting.name} ({setting.env_name}) must be at least {setting.minimum:g}, not {shown}")
        if setting.maximum is not None and number > setting.maximum:
            raise ValueError(f"{setting.name} ({setting.env_name}) must be at most {setting.maximum:g}, not {shown}")
    return converted


_INVALID = object()


def _convert(value: Any, types: tuple[type, ...]) -> Any:
    if value is None:
        return None if type(None) in types else _INVALID
    for kind in types:
        if kind is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, (int, str)) and str(value).strip().lower() in _TRUE + _FALSE:
                return str(value).strip().lower() in _TRUE
        elif kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif kind is float:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        elif kind is timedelta:
            if isinstance(value, timedelta):
                return value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return timedelta(seconds=value)
        elif kind in (tuple, list):
            if isinstance(value, (tuple, list)):
                return kind(value)
        elif kind is not type(None) and isinstance(value, kind):
            return value
    return _INVALID


def env_table() -> str:
    """The README's configuration table, generated from :data:`SETTINGS`."""
    rows = ["| environment variable | type | default | allowed | meaning |", "|---|---|---|---|---|"]
    for setting in SETTINGS:
        kinds = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in setting.types if t is not type(None))
        if setting.shown_default is not None:
            default = setting.shown_default
        elif setting.default is None:
            default = "unset"
        elif setting.secret:
            default = "set it"
        else:
            default = _shown(setting.default)
        allowed = []
        if setting.choices:
            allowed.append(", ".join(f"`{c}`" for c in setting.choices))
        if setting.minimum is not None:
            allowed.append(f"≥ {setting.minimum:g}")
        if setting.maximum is not None:
            allowed.append(f"≤ {setting.maximum:g}")
        rows.append(f"| `{setting.env_name}` | {kinds} | {default} | {'; '.join(allowed)} | "
                    f"{setting.description.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


def _shown(value: Any) -> str:
    if isinstance(value, timedelta):
        return f"`{int(value.total_seconds())}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (dict, list, tuple)):
        return f"`{json.dumps(value, ensure_ascii=False)}`" if value else "empty"
    return f"`{value}`"


README_BEGIN = "<!-- settings table: generated by `arena config-table`, do not edit by hand -->"
README_END = "<!-- end of settings table -->"


def readme_with_table(readme: str) -> str:
    """``readme`` with the text between the table markers replaced by :func:`env_table`."""
    pattern = re.compile(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(readme):
        raise ValueError("README.md has no settings table markers")
    return pattern.sub(lambda _m: README_BEGIN + "\n\n" + env_table() + "\n" + README_END, readme)
