"""Notification pages: the list, settings, and the bell fragment polled by every page.

The bell is polled (HTMX, every few seconds) with ``If-None-Match``: its ``ETag`` is the user's
notification generation, so an unchanged poll is answered 304 from the cache before the caller is
even loaded — no SQL. Anything else (a changed generation, no cookie) goes the ordinary way."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale, gettext as _

from arena.core import access, pagecache
from arena.core.errors import ArenaError, Unauthorized
from arena.extensions import db
from arena.notifications import forms, operations, queries
from arena.notifications.kinds import get_kind
from arena.notifications.models import CHANNELS

bp = Blueprint("notifications", __name__, template_folder="templates")


_me = access.current_user_or_none  # the caller, or None


@bp.app_context_processor
def bell_context():
    def bell():
        me = access.current_user_or_none()
        if me is None:
            return None
        return {"unread": queries.cached_unread_count(me.id), "etag": _etag(me.id, _lang())}

    return {"notification_bell": bell, "render_notification": operations.render,
            "notification_poll_ms": int(current_app.config["NOTIFICATION_POLL_SECONDS"]) * 1000}


def _lang() -> str:
    lang = request.args.get("lang") or ""
    if lang not in current_app.config["LANGUAGES"]:
        from flask_babel import get_locale

        lang = str(get_locale())
    return lang


def _etag(user_id: int, lang: str) -> str:
    return f"n{user_id}-{_generation(operations.scope_for(user_id))}-{lang}"


def _session_user_id() -> int | None:
    """The user id in the signed session cookie, read without touching the database."""
    try:
        return int(session.get("_user_id"))
    except (TypeError, ValueError):
        return None


@bp.get("/notifications/bell")
@access.public  # answers 304 to the owner of a still-current tag; anything else needs a signed-in caller
def bell():
    lang = _lang()
    user_id = _session_user_id()
    if user_id is not None and _etag(user_id, lang) in request.if_none_match:
        response = make_response("", 304)
    else:
        me = _me()
        if me is None:
            raise Unauthorized()
        with force_locale(lang):
            html = render_template("notifications/_bell.html", unread=queries.cached_unread_count(me.id), lang=lang)
        response = make_response(html)
        response.set_etag(_etag(me.id, lang))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


@bp.route("/notifications", methods=["GET", "POST"])
@access.signed_in()
def notifications_page():
    form = forms.MarkReadForm()
    if request.method == "POST" and form.validate_on_submit():
        ids = [int(i) for i in request.form.getlist("id") if i.isdigit()] or None
        operations.mark_read(_me(), ids)
        flash(_("Marked read.") if ids else _("All notifications are marked read."), "success")
        return redirect(url_for("notifications.notifications_page")), 303
    items = list(db.session.scalars(queries.notifications_stmt(_me()).limit(100)))
    return render_template("notifications/list.html", items=items, form=form)


def _run(operation) -> dict:
    """Run a write in a savepoint; on refusal flash its message and return its field errors."""
    try:
        with db.session.begin_nested():
            operation()
    except ArenaError as exc:
        flash(exc.message, "error")
        return exc.errors or {"": [exc.message]}
    return {}


def _channel_labels():
    return {"in_app": _("In the app"), "mail": _("In the app and by mail"), "digest": _("Daily digest by mail"),
            "off": _("Off")}


@bp.route("/notifications/settings", methods=["GET", "POST"])
@access.signed_in()
def settings_page():
    form = forms.ChannelsForm()
    errors: dict = {}
    if request.method == "POST" and form.validate_on_submit():
        chosen = {kind: request.form[f"channel-{kind}"] for kind in queries.channels_of(_me())
                  if f"channel-{kind}" in request.form}
        errors = _run(lambda: operations.set_channels(_me(), chosen))
        if not errors:
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.settings_page")), 303
    rows = [(get_kind(kind), channel) for kind, channel in queries.channels_of(_me()).items()]
    return render_template("notifications/settings.html", form=form, rows=rows, channels=CHANNELS,
                           labels=_channel_labels(), errors=errors), (422 if errors else 200)


def _generation(scope: str) -> str:
    return "-".join(pagecache.generations([scope]))  # the global generation and the scope's
