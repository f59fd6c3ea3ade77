"""Fixtures for identity tests: a real SMTP server (aiosmtpd) and sign-in helpers."""

from __future__ import annotations

import email
import email.policy
import re
import threading

import pytest

from tests.conftest import PASSWORD, envelope_ok
from tests.support.processes import wait_until
from tests.support.services import free_port


class MailSink:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(msg)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        with self.lock:
            return [m for m in self.messages if address in m["X-Envelope-To"]]

    def wait_for(self, address: str, count: int = 1):
        found = wait_until(lambda: len(self.to(address)) >= count, timeout=10)
        assert found, f"no mail reached {address}"
        return self.to(address)[-1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, sink
    finally:
        controller.stop()


@pytest.fixture
def mail_config(config, smtp_server):
    """Deliver mail to the test SMTP server (set before ``app`` is created)."""
    controller, sink = smtp_server
    config["MAIL_SERVER"] = "127.0.0.1"
    config["MAIL_PORT"] = controller.port
    return sink


def body_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def reset_link(msg) -> str:
    match = re.search(r"https?://\S+/password/reset/(\S+)", body_of(msg))
    assert match, body_of(msg)
    return match.group(0)


@pytest.fixture
def api_login(client):
    """``api_login("alice")`` → the token pair (body of a successful ``POST /api/v1/auth/login``)."""

    def login(login: str, password: str = PASSWORD, *, on=None):
        resp = (on or client).post("/api/v1/auth/login", json={"login": login, "password": password})
        return envelope_ok(resp)

    return login


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
