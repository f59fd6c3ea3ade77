"""Structured logging: JSON lines to stdout, plus a rotating file when ``LOG_FILE`` is set."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from pythonjsonlogger.json import JsonFormatter

_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record logged inside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            try:
                from flask import g, has_request_context

                record.request_id = g.get("request_id") if has_request_context() else None
            except Exception:  # pragma: no cover - logging must never fail
                record.request_id = None
        return True


def configure_logging(app) -> None:
    from flask.logging import default_handler

    root = logging.getLogger("arena")  # also Flask's app.logger, since the app is named "arena"
    root.removeHandler(default_handler)
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = app.config["TESTING"]  # pytest's caplog reads propagated records
    for handler in list(root.handlers):
        if getattr(handler, "_arena", False):
            root.removeHandler(handler)
    formatter = JsonFormatter(_FORMAT, rename_fields={"asctime": "time", "levelname": "level"})
    handlers: list[logging.Handler] = []
    if not app.config.get("TESTING"):
        handlers.append(logging.StreamHandler(sys.stdout))
    if app.config.get("LOG_FILE"):
        handlers.append(logging.handlers.RotatingFileHandler(
            app.config["LOG_FILE"], maxBytes=app.config["LOG_FILE_MAX_BYTES"],
            backupCount=app.config["LOG_FILE_BACKUPS"], encoding="utf-8"))
    for handler in handlers:
        handler._arena = True  # type: ignore[attr-defined]
        handler.setFormatter(formatter)
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    app.logger.setLevel(app.config["LOG_LEVEL"])
