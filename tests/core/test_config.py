import pytest

from arena import create_app
from arena.config import DEV_SECRET, ConfigError


def test_production_refuses_the_default_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError) as err:
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path)})
    assert "SECRET_KEY must be set" in str(err.value)


def test_production_refuses_a_short_secret(tmp_path):
    with pytest.raises(ConfigError, match="at least 32 characters"):
        create_app({"ENV": "production", "SECRET_KEY": "short", "INSTANCE_PATH": str(tmp_path)})


def test_production_starts_with_real_secrets_and_secure_cookies(tmp_path):
    app = create_app({"ENV": "production", "SECRET_KEY": "x" * 48, "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["JWT_COOKIE_SECURE"] is True
    assert app.config["JWT_SECRET_KEY"] == "x" * 48


def test_environment_overrides_defaults_and_instance_file(tmp_path, monkeypatch):
    (tmp_path / "arena.cfg").write_text("DEFAULT_PER_PAGE = 7\nLOG_LEVEL = 'WARNING'\n")
    monkeypatch.setenv("ARENA_LOG_LEVEL", "ERROR")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/arena")
    monkeypatch.setenv("ARENA_MAX_PER_PAGE", "50")
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["DEFAULT_PER_PAGE"] == 7  # instance file
    assert app.config["LOG_LEVEL"] == "ERROR"  # ARENA_* beats the instance file
    assert app.config["MAX_PER_PAGE"] == 50  # JSON-parsed
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/arena"


def test_embedded_defaults_need_no_server(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"ENV": "development", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/arena.db"
    assert app.config["CACHE_TYPE"] == "SimpleCache"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["CELERY_BROKER_URL"].startswith("sqla+sqlite:///")
    assert app.config["SECRET_KEY"] == DEV_SECRET


def test_redis_url_switches_cache_limiter_and_broker(tmp_path):
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6399/3"})
    assert app.config["CACHE_TYPE"] == "arena.core.cache.fail_soft_redis"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6399/3"
    assert app.config["CELERY_BROKER_URL"] == "redis://127.0.0.1:6399/3"


def test_invalid_environment_name_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"ENV \(ARENA_ENV\) must be one of development, production, testing"):
        create_app({"ENV": "staging", "INSTANCE_PATH": str(tmp_path)})


def test_readme_settings_table_matches_the_declarations():
    from pathlib import Path

    from arena.config import readme_with_table

    readme = Path(__file__).resolve().parents[2] / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert readme_with_table(text) == text, "run `arena config-table` to regenerate README.md's settings table"


def test_readme_lists_the_names_the_environment_takes():
    from pathlib import Path

    from arena.config import env_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| `ARENA_AUTH_RATE_LIMIT` |" in readme and "| `AUTH_RATE_LIMIT` |" not in readme
    assert "| `DATABASE_URL` |" in readme and "| `ARENA_DATABASE_URL` |" not in readme
    assert "| `ARENA_TRUSTED_MEMBER_MIN_EDITS` |" in env_table()


def test_every_setting_read_by_the_code_is_declared_with_no_inline_default():
    """Reading ``config.get("NAME", default)`` or ``setdefault`` would hide a second default."""
    import re
    from pathlib import Path

    from arena.config import BY_NAME, DefaultConfig

    package = Path(__file__).resolve().parents[2] / "arena"
    read = set()
    for path in package.rglob("*.py"):
        if path.name == "config.py" and path.parent == package:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"config\.(get\(\s*\"[A-Z][A-Z0-9_]+\"\s*,|setdefault\(\s*\"[A-Z])", text), path
        read |= set(re.findall(r"(?:config|cfg)(?:\.get\(|\[)\s*\"([A-Z][A-Z0-9_]+)\"", text))
    assert read - set(BY_NAME) == set()
    plain = {name for name in vars(DefaultConfig) if name.isupper()}
    assert plain - set(BY_NAME) == set(), "declare these with Setting(...) in arena/config.py"


def test_the_environment_sets_a_declared_setting_by_its_type(tmp_path, monkeypatch):
    monkeypatch.setenv("ARENA_AUTH_RATE_LIMIT", "3/minute")
    monkeypatch.setenv("ARENA_METRICS_TOKEN", "12345")  # text stays text, even when it looks like a number
    monkeypatch.setenv("ARENA_WIKI_TIMEOUT", "7")
    monkeypatch.setenv("ARENA_JWT_ACCESS_TOKEN_EXPIRES", "600")
    monkeypatch.setenv("ARENA_REVIEW_NOTIFICATION_MAIL", "false")
    monkeypatch.setenv("ARENA_LANGUAGES", '["en", "ar", "fr"]')
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["AUTH_RATE_LIMIT"] == "3/minute"
    assert app.config["METRICS_TOKEN"] == "12345"
    assert app.config["WIKI_TIMEOUT"] == 7.0
    from datetime import timedelta

    assert app.config["JWT_ACCESS_TOKEN_EXPIRES"] == timedelta(minutes=10)
    assert app.config["REVIEW_NOTIFICATION_MAIL"] is False
    assert app.config["LANGUAGES"] == ("en", "ar", "fr")
    assert app.config["TRUSTED_MEMBER_MIN_EDITS"] == 300  # the declared default, with nothing set


@pytest.mark.parametrize("name, value, message", [
    ("PASSWORD_MIN_LENGTH", 6, "PASSWORD_MIN_LENGTH (ARENA_PASSWORD_MIN_LENGTH) must be at least 8, not 6"),
    ("PASSWORD_MIN_LENGTH", 200, "must be at most 128"),
    ("WIKI_MAX_RETRIES", "four", "WIKI_MAX_RETRIES (ARENA_WIKI_MAX_RETRIES) must be a whole number, not 'four'"),
    ("REDIS_SOCKET_TIMEOUT", True, "REDIS_SOCKET_TIMEOUT (ARENA_REDIS_SOCKET_TIMEOUT) must be a number"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL (ARENA_LOG_LEVEL) must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("MAX_PER_PAGE", 0, "MAX_PER_PAGE (ARENA_MAX_PER_PAGE) must be at least 1"),
])
def test_a_wrong_setting_is_refused_at_start_naming_it(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as err:
        create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), name: value})
    assert message in str(err.value)


def test_a_wrong_secret_setting_is_refused_without_showing_it(tmp_path):
    with pytest.raises(ConfigError) as err:
        create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), "MAIL_PASSWORD": 123456789})
    assert "MAIL_PASSWORD (MAIL_PASSWORD) must be text" in str(err.value)
    assert "123456789" not in str(err.value)
