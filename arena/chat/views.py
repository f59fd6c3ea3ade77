"""Chat pages: rooms, a room with its history and post form, direct messages; reporting a message,
and the administrators' queue of reported messages (``/admin/chat-reports``).

A room page polls its messages fragment (HTMX, every ``NOTIFICATION_POLL_SECONDS``) with
``If-None-Match``: the ``ETag`` is the room's generation (replaced after each committed change), so an
unchanged poll is answered 304 before the caller is loaded — no SQL, in any process sharing Redis."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale, gettext as _

from arena.chat import limits, operations, queries, text
from arena.core import access, pagecache, signals
from arena.core.errors import ArenaError, NotFound, Unauthorized
from arena.extensions import db
from arena.identity.auth import request_origin
from arena.web.form_operations import run_form_operation
from arena.web.forms import ArenaForm

bp = Blueprint("chat", __name__, template_folder="templates")


class CsrfForm(ArenaForm):
    pass


_me = access.current_user_or_none  # the caller, or None


@bp.app_template_filter("chat_text")
def chat_text(body: str):
    return text.render(body)


def _room(room_id: int):
    room = queries.visible_room(room_id, _me())
    if room is None:
        raise NotFound(_("No such room."))
    return room


def _run(operation) -> bool:
    """Run a write in a savepoint; on refusal flash its message."""
    try:
        with db.session.begin_nested():
            operation()
    except ArenaError as exc:
        flash(exc.message, "error")
        return False
    return True


def _lang() -> str:
    lang = request.args.get("lang") or ""
    if lang not in current_app.config["LANGUAGES"]:
        from flask_babel import get_locale

        lang = str(get_locale())
    return lang


def _etag(room_id: int, user_id: int, lang: str) -> str:
    return f"r{room_id}-u{user_id}-{_generation(operations.scope_for(room_id))}-{lang}"


@bp.get("/chat")
@access.signed_in()
def rooms():
    me = _me()
    return render_template("chat/rooms.html", mine=queries.rooms_of(me, kind="rooms"),
                           direct=queries.rooms_of(me, kind="direct"), public=queries.public_rooms(),
                           partner=lambda room: queries.direct_partner(room, me), form=CsrfForm())


@bp.post("/chat/rooms")
@access.signed_in()
def create_room():
    if CsrfForm().validate_on_submit():
        made = {}
        if _run(lambda: made.setdefault("room", operations.create_room(
                actor=_me(), name=request.form.get("name", ""), kind=request.form.get("kind", "public")))):
            return redirect(url_for("chat.room", room_id=made["room"].id)), 303
    return redirect(url_for("chat.rooms")), 303


@bp.post("/chat/direct")
@access.signed_in()
def open_direct():
    if CsrfForm().validate_on_submit():
        other = queries.user_by_username(request.form.get("username", ""))
        if other is None:
            flash(_("No such person."), "error")
        else:
            made = {}
            if _run(lambda: made.setdefault("room", operations.open_direct(other, actor=_me()))):
                return redirect(url_for("chat.room", room_id=made["room"].id)), 303
    return redirect(url_for("chat.rooms")), 303


def _history(room, before=None):
    return queries.messages_before(room.id, before=before, limit=50)


def _attachments(room, messages, user) -> dict[int, list[dict]]:
    """What other domains hang on these messages (a video), keyed by message id."""
    ids = [m.id for m in messages if m.deleted_at is None]
    found: dict[int, list[dict]] = {}
    if ids:
        for answer in signals.values_from_signal(signals.chat_attachments_asked, room, message_ids=ids, user=user):
            for message_id, entries in answer.items():
                found.setdefault(message_id, []).extend(entries)
    return found


@bp.get("/chat/rooms/<int:room_id>")
@access.signed_in()
def room(room_id: int):
    room = _room(room_id)
    me = _me()
    member = queries.membership(room.id, me.id)
    before = request.args.get("before", type=int)
    messages = _history(room, before)
    if member is not None and before is None:
        operations.mark_read(room, actor=me)
    partner = queries.direct_partner(room, me) if room.kind == "direct" else None
    return render_template("chat/room.html", room=room, member=member, messages=messages, form=CsrfForm(),
                           attachments=_attachments(room, messages, me),
                           partner=partner, members=queries.members(room.id), before=before,
                           takes_videos=bool(signals.video_attach_asked.receivers), me_id=me.id,
                           etag=_etag(room.id, me.id, _lang()))


def _session_user_id() -> int | None:
    try:
        return int(session.get("_user_id"))
    except (TypeError, ValueError):
        return None


@bp.get("/chat/rooms/<int:room_id>/messages")
@access.public  # answers 304 to the holder of a still-current tag; anything else needs a reader of the room
def messages_fragment(room_id: int):
    lang = _lang()
    user_id = _session_user_id()
    if user_id is not None and _etag(room_id, user_id, lang) in request.if_none_match:
        response = make_response("", 304)
    else:
        if _me() is None:
            raise Unauthorized()
        room = _room(room_id)
        messages = _history(room)
        with force_locale(lang):
            html = render_template("chat/_messages.html", room=room, messages=messages, lang=lang,
                                   attachments=_attachments(room, messages, _me()),
                                   member=queries.membership(room.id, _me().id), me_id=_me().id)
        operations.mark_read(room, actor=_me())
        response = make_response(html)
        response.set_etag(_etag(room.id, _me().id, lang))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


@bp.post("/chat/rooms/<int:room_id>/messages")
@access.signed_in()
@limits.post
def post(room_id: int):
    room = _room(room_id)
    posted = {}
    if CsrfForm().validate_on_submit():
        _run(lambda: posted.setdefault("message", operations.post_message(room, request.form.get("body", ""),
                                                                          actor=_me())))
    if "message" in posted and request.form.get("with_video"):
        attach = _video_attach_url(room, posted["message"])
        if attach:
            if request.headers.get("HX-Request"):
                response = make_response("", 204)
                response.headers["HX-Redirect"] = attach
                return response
            return redirect(attach), 303
    if request.headers.get("HX-Request"):
        return messages_fragment(room_id)
    return redirect(url_for("chat.room", room_id=room.id)), 303


def _video_attach_url(room, message) -> str | None:
    """The page where the sender attaches a video to the message just posted (asked of whoever takes
    videos), which comes back to the room."""
    answers = signals.values_from_signal(signals.video_attach_asked, "chat_message", object_id=message.id,
                                         user=_me(), next=url_for("chat.room", room_id=room.id))
    return answers[0] if answers else None


@bp.post("/chat/rooms/<int:room_id>/join")
@access.signed_in()
def join(room_id: int):
    room = _room(room_id)
    if CsrfForm().validate_on_submit():
        _run(lambda: operations.join(room, actor=_me()))
    return redirect(url_for("chat.room", room_id=room.id)), 303


@bp.post("/chat/rooms/<int:room_id>/leave")
@access.signed_in()
def leave(room_id: int):
    room = _room(room_id)
    if CsrfForm().validate_on_submit():
        _run(lambda: operations.leave(room, actor=_me()))
    return redirect(url_for("chat.rooms")), 303


def _generation(scope: str) -> str:
    return "-".join(pagecache.generations([scope]))  # the global generation and the scope's


@bp.post("/chat/messages/<int:message_id>/report")
@access.signed_in()
def report(message_id: int):
    from arena.chat.api import readable_message

    message = readable_message(message_id)
    if not CsrfForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    elif run_form_operation(None, operations.report_message, message, actor=_me(),
                            reason=request.form.get("reason", "")).ok:
        flash(_("Thank you: the administrators will look at this message."), "success")
    return redirect(url_for("chat.room", room_id=message.room_id)), 303


@bp.route("/admin/chat-reports", methods=["GET", "POST"])
@access.role("admin")
def reports_queue():
    form = CsrfForm()
    if request.method == "POST":
        report = queries.get_report(request.form.get("id", type=int) or -1)
        if report is None:
            raise NotFound(_("No such report."))
        if not form.validate_on_submit():
            flash(_("The form expired; please try again."), "error")
        elif run_form_operation(None, operations.resolve_report, report, request.form.get("action", ""),
                                actor=_me(), reason=request.form.get("reason", ""), origin=request_origin()).ok:
            flash(_("The report is resolved."), "success")
        return redirect(url_for("chat.reports_queue")), 303
    items = list(db.session.scalars(queries.report_queue_stmt().limit(100)))
    rooms = queries.rooms_by_id(r.message.room_id for r in items)
    return render_template("chat/reports.html", items=items, rooms=rooms, form=form)
