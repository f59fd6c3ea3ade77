from arena import create_app


def test_status_reports_database_up_with_latency(client):
    resp = client.get("/status")
    body = resp.get_json()
    assert resp.status_code == 200
    assert body["status"] == "ok" and body["database"]["status"] == "up"
    assert isinstance(body["database"]["latency_ms"], float)


def test_status_is_degraded_when_the_database_is_unreachable(config, tmp_path):
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://postgres@127.0.0.1:1/arena?connect_timeout=1"
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/missing-dir/nope/arena.db"
    app = create_app(config)
    resp = app.test_client().get("/status")
    assert resp.status_code == 503
    assert resp.get_json()["status"] == "degraded"
    assert resp.get_json()["database"]["status"] == "down"


def test_metrics_count_requests_per_endpoint(client):
    client.get("/")
    client.get("/")
    client.get("/nope")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'arena_http_requests_total{endpoint="/",method="GET",status="200"} 2.0' in text
    assert 'endpoint="<unmatched>",method="GET",status="404"' in text
    assert "arena_http_request_duration_seconds_bucket" in text


def test_metrics_token_when_configured(config):
    config["METRICS_TOKEN"] = "s3cret-token"
    client = create_app(config).test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_requests_are_logged_with_a_request_id(client, caplog):
    caplog.set_level("INFO", logger="arena.request")
    resp = client.get("/", headers={"X-Request-ID": "req-42"})
    records = [r for r in caplog.records if r.name == "arena.request"]
    assert records and records[-1].request_id == "req-42" and records[-1].status == resp.status_code


def test_rotating_file_log_when_configured(config, tmp_path):
    import json
    import logging

    config["LOG_FILE"] = str(tmp_path / "arena.log")
    app = create_app(config)
    app.test_client().get("/status", headers={"X-Request-ID": "file-log-1"})
    for handler in logging.getLogger("arena").handlers:
        handler.flush()
    lines = [json.loads(line) for line in (tmp_path / "arena.log").read_text().splitlines()]
    assert any(entry.get("request_id") == "file-log-1" and entry.get("path") == "/status" for entry in lines)
