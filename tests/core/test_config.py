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
    with pytest.raises(ConfigError, match="ENV must be"):
        create_app({"ENV": "staging", "INSTANCE_PATH": str(tmp_path)})
