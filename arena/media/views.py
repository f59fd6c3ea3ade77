"""Media pages: your videos and the upload form (JavaScript sends resumable chunks with a progress
bar; without it the form posts the whole file in one request, for small files), the player page
with processing state and captions management."""

from __future__ import annotations

import os
from types import SimpleNamespace
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from arena.core import access
from arena.core.limits import body_limit
from arena.core.errors import ArenaError, NotFound
from arena.extensions import db
from arena.jobs import queries as job_queries
from arena.media import attachments, operations, queries
from arena.media.forms import ActionForm, CaptionForm, UploadForm
from arena.media.messages import error_text

bp = Blueprint("media", __name__, url_prefix="/media", template_folder="templates",
               static_folder="static", static_url_path="/assets")


_me = access.current_user_or_none  # the caller, or None


def _attempt(action) -> str | None:
    """Run an operation in a savepoint: its refusal becomes a message and changes nothing else."""
    savepoint = db.session.begin_nested()
    try:
        action()
    except ArenaError as err:
        savepoint.rollback()
        return "; ".join([err.message] + [m for msgs in err.errors.values() for m in msgs])
    savepoint.commit()
    return None


@bp.route("/")
@access.signed_in()
def index():
    items = list(db.session.scalars(queries.items_of(_me().id).limit(100)))
    return render_template("media/index.html", items=items, form=UploadForm(),
                           simple_max=current_app.config["MEDIA_SIMPLE_UPLOAD_MAX_BYTES"],
                           chunk_size=current_app.config["MEDIA_CHUNK_MAX_BYTES"])


def _same_site(target: str | None) -> str | None:
    """A same-site path to come back to, or ``None`` (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.route("/upload", methods=["POST"])
@access.signed_in()
@body_limit("MEDIA_SIMPLE_UPLOAD_MAX_BYTES", slack=64 * 1024)
def upload():
    """The no-JavaScript path: the whole file in one request (up to MEDIA_SIMPLE_UPLOAD_MAX_BYTES),
    from the videos page or from the page of what the video goes on (``next`` brings you back)."""
    form = UploadForm()
    back = _same_site(form.next.data) or url_for("media.index")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(back)
    stream = form.file.data.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    created = {}

    def run():
        session = operations.start_upload(actor=_me(), total_size=size, filename=form.file.data.filename or "",
                                          title=form.title.data or "", visibility=form.visibility.data,
                                          attached_kind=form.attached_kind.data or None,
                                          attached_id=form.attached_id.data)
        created["id"] = session.item_id
        operations.write_chunk(session, offset=0, stream=stream, length=size)

    problem = _attempt(run)
    if problem:
        flash(problem, "error")
        return redirect(back)
    flash(_("Upload complete; processing has started."), "success")
    return redirect(_same_site(form.next.data) or url_for("media.watch", item_id=created["id"]))


@bp.route("/attach/<kind>/<int:object_id>")
@access.signed_in()
def attach(kind, object_id):
    """A page of its own to attach a video to an object whose page has no room for the form (a chat
    message); ``next`` is where the "Back" link goes."""
    found = attachments.KINDS.get(kind)
    if found is None or not found.may_attach(_me(), object_id):
        raise NotFound(_("You cannot attach a video to that."))
    here = url_for("media.attach", kind=kind, object_id=object_id, next=request.args.get("next"))
    return render_template("media/attach.html", label=found.label,
                           back=_same_site(request.args.get("next")) or url_for("media.index"),
                           panel=panel(kind, object_id=object_id, user=_me(), next=here))


def panel(kind: str, *, object_id: int, user, next: str | None = None, **_kwargs) -> Markup | None:
    """Answers ``video_panel_asked``: the videos on an object that ``user`` may watch, each in its
    state (processing progress, the reason of a failure, the player), and the upload form for whoever
    may attach one. ``None`` for a kind media does not know or an object with nothing to show."""
    found = attachments.KINDS.get(kind)
    if found is None or user is None:
        return None
    may_attach = found.may_attach(user, object_id)
    items = queries.visible_attached(kind, [object_id], user).get(object_id, [])
    if not items and not may_attach:
        return None
    entries = [SimpleNamespace(item=item, job=job_queries.get_job(item.job_id) if item.job_id else None,
                               error=error_text(item.error_code, item.error_params)) for item in items]
    heading = _("Introduction video") if kind == "profile" else _("Videos")
    return Markup(render_template(
        "media/_panel.html", kind=kind, object_id=object_id, entries=entries, heading=heading,
        prefix=f"{kind}-{object_id}-", next=_same_site(next), form=UploadForm() if may_attach else None,
        captions_on=bool(user.sign_language), reduced_motion=bool(user.reduced_motion),
        simple_max=current_app.config["MEDIA_SIMPLE_UPLOAD_MAX_BYTES"],
        chunk_size=current_app.config["MEDIA_CHUNK_MAX_BYTES"]))


def attach_url(kind: str, *, object_id: int, user, next: str | None = None, **_kwargs) -> str | None:
    """Answers ``video_attach_asked``: the page where ``user`` attaches a video to the object."""
    found = attachments.KINDS.get(kind)
    if found is None or user is None or not found.may_attach(user, object_id):
        return None
    return url_for("media.attach", kind=kind, object_id=object_id, next=_same_site(next))


@bp.route("/<int:item_id>")
@access.public
def watch(item_id):
    me = _me()
    item = queries.visible_item(item_id, me)
    if item is None:
        raise NotFound(_("No such video."))
    job = job_queries.get_job(item.job_id) if item.job_id else None
    captions_on = bool(me and me.sign_language)
    return render_template("media/watch.html", item=item, job=job, can_edit=queries.can_edit(item, me),
                           can_caption=queries.can_caption(item, me),
                           error=error_text(item.error_code, item.error_params),
                           captions_on=captions_on, reduced_motion=bool(me and me.reduced_motion),
                           caption_form=CaptionForm(), retry_form=ActionForm())


@bp.route("/<int:item_id>/retry", methods=["POST"])
@access.signed_in()
def retry(item_id):
    item = queries.visible_item(item_id, _me())
    if item is None or not queries.can_edit(item, _me()) or not ActionForm().validate_on_submit():
        raise NotFound(_("No such video."))
    problem = _attempt(lambda: operations.retry_processing(item, actor=_me()))
    flash(problem or _("Processing again."), "error" if problem else "success")
    return redirect(url_for("media.watch", item_id=item.id))


@bp.route("/<int:item_id>/captions", methods=["POST"])
@access.signed_in()
def add_caption(item_id):
    item = queries.visible_item(item_id, _me())
    if item is None or not queries.can_caption(item, _me()):
        raise NotFound(_("No such video."))
    form = CaptionForm()
    if not form.validate_on_submit():
        problem = "; ".join(m for msgs in form.errors.values() for m in msgs)
    else:
        text = form.file.data.read(current_app.config["MEDIA_CAPTION_MAX_BYTES"] + 1).decode("utf-8", "replace")
        problem = _attempt(lambda: operations.set_caption(item, language=form.language.data, text=text,
                                                          label=form.label.data or "", actor=_me()))
    flash(problem or _("Captions saved."), "error" if problem else "success")
    return redirect(url_for("media.watch", item_id=item.id))
