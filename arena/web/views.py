"""Pages of the shell (home, language switch, API docs) and the operations endpoints."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from arena.core import access
from arena.core.database import ping
from arena.core.errors import NotFound, Unauthorized
from arena.extensions import db

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")
ops = Blueprint("ops", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after a switch (no open redirect)."""
    if not target:
        return url_for("web.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("web.home")
    return target


@bp.get("/")
@access.public
def home():
    return render_template("web/home.html")


@bp.get("/lang/<code>")
@access.public
def switch_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        raise NotFound(_("Unknown language."))
    me = access.current_user_or_none()
    if me is not None:
        from arena.core import signals

        signals.language_chosen.send(me, language=code)  # the account keeps it (identity answers)
    resp = redirect(_safe_next(request.args.get("next")))
    resp.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                    secure=current_app.config["SESSION_COOKIE_SECURE"])
    return resp


@bp.route("/display", methods=["GET", "POST"])
@access.public
def display():
    """Display preferences (density, contrast, motion) for visitors, kept in a cookie."""
    from flask import flash
    from flask_babel import gettext as _

    from arena.web import i18n
    from arena.web.forms import DisplayForm

    current = i18n.anonymous_prefs()
    form = DisplayForm(data=current)
    if form.validate_on_submit():
        prefs = {"density": form.density.data, "contrast": form.contrast.data,
                 "reduced_motion": form.reduced_motion.data}
        flash(_("Display preferences saved."), "success")
        resp = redirect(url_for("web.display"))
        resp.set_cookie(i18n.PREF_COOKIE, i18n.encode_prefs(prefs), max_age=365 * 24 * 3600,
                        samesite="Lax", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        return resp
    status = 422 if form.errors else 200
    return render_template("web/display.html", form=form), status


@bp.get("/api/docs")
@access.public
def api_docs():
    """The API reference, rendered on the server from the OpenAPI document, in the site's layout."""
    from arena.extensions import api
    from arena.web import api_reference

    reference = current_app.extensions.get("arena_api_reference")
    if reference is None:  # the document is fixed once the app is built
        reference = current_app.extensions["arena_api_reference"] = api_reference.build(api.spec.to_dict())
    return render_template("web/api_docs.html", ref=reference)


@ops.get("/status")
@access.public
def status():
    """Liveness: database reachable (``SELECT 1``) and its latency; 503 ``degraded`` otherwise."""
    body: dict = {"status": "ok", "version": _version()}
    try:
        latency = ping(db)
        body["database"] = {"status": "up", "latency_ms": round(latency, 2),
                            "engine": db.engine.dialect.name}
    except Exception as exc:  # noqa: BLE001 - any failure means the database is down for us
        current_app.logger.warning("status: database unreachable: %s", exc)
        db.session.rollback()
        body["status"] = "degraded"
        body["database"] = {"status": "down", "engine": db.engine.dialect.name}
    for name, check in current_app.extensions.get("arena_status_checks", {}).items():
        try:
            body[name] = check()
        except Exception:  # noqa: BLE001 - the details go to the log, not to a public page
            current_app.logger.warning("status: the %s check failed", name, exc_info=True)
            body[name] = {"status": "unknown"}
    code = 200 if body["status"] == "ok" else 503
    resp = jsonify(body)
    resp.status_code = code
    resp.headers["Cache-Control"] = "no-store"
    return resp


def register_status_check(app, name: str, check) -> None:
    """Domains add a section to ``/status`` (e.g. each wiki's circuit breaker)."""
    app.extensions.setdefault("arena_status_checks", {})[name] = check


@ops.get("/metrics")
@access.public
def metrics():
    """Prometheus text format; guarded by ``METRICS_TOKEN`` (Bearer) when configured."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given, token):
            raise Unauthorized(_("A metrics token is required."))
    registry = current_app.extensions["arena_metrics"].registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _version() -> str:
    from arena import __version__

    return __version__
