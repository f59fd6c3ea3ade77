"""Shared mail sending: SMTP when configured, else the log and the outbox folder."""

import email
import email.policy

from arena.core.mail import send_mail
from arena.extensions import db


def test_without_a_mail_server_messages_go_to_the_outbox(app, tmp_path, caplog):
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    app.config["MAIL_SERVER"] = None
    with caplog.at_level("INFO", logger="arena.mail"):
        send_mail("someone@example.org", "Hello", "Plain text body", html="<p>HTML body</p>")
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    msg = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "someone@example.org" and msg["Subject"] == "Hello"
    assert msg.get_body(("plain",)).get_content().strip() == "Plain text body"
    assert "HTML body" in msg.get_body(("html",)).get_content()
    assert "Plain text body" in caplog.text


def test_with_a_mail_server_messages_are_delivered(mail_config, app):
    send_mail(["a@example.org", "b@example.org"], "Greetings", "Body text")
    msg = mail_config.wait_for("b@example.org")
    assert msg["Subject"] == "Greetings" and "Body text" in msg.get_body(("plain",)).get_content()
    assert msg["From"] == app.config["MAIL_DEFAULT_SENDER"]


def test_mail_is_sent_only_after_the_request_commits(mail_config, app, client, create_user):
    """A failed request sends nothing (the mail task is queued for after the commit)."""
    create_user("alice", email="alice@example.org")
    resp = client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org", "extra": 1})
    assert resp.status_code == 422
    db.session.rollback()
    assert mail_config.to("alice@example.org") == []


def test_unreachable_server_is_retried_with_backoff(app, caplog):
    """Connection refused: the task retries with doubling delays, then gives up loudly."""
    from arena.core import mail
    from tests.support.services import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=1)
    conf = app.extensions["celery"].conf
    conf.task_eager_propagates = False  # as in a worker: a failed attempt is a task state, not an exception
    try:
        with caplog.at_level("WARNING", logger="arena.mail"):
            result = mail.send.apply(args=(["x@example.org"], "s", "t"))  # eager: retries run at once
    finally:
        conf.task_eager_propagates = True
    assert result.failed() and isinstance(result.result, ConnectionRefusedError)
    delays = [int(m.split("retrying in ")[1].rstrip("s")) for m in caplog.messages if "retrying in" in m]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600]
