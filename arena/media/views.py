"""Media pages: your videos and the upload form (JavaScript sends resumable chunks with a progress
bar; without it the form posts the whole file in one request, for small files), the player page
with processing state and captions management."""

from __future__ import annotations

import os

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core import access
from arena.core.limits import body_limit
from arena.core.errors import ArenaError, NotFound
from arena.extensions import db
from arena.jobs import queries as job_queries
from arena.media import operations, queries
from arena.media.forms import ActionForm, CaptionForm, UploadForm
from arena.media.messages import error_text

bp = Blueprint("media", __name__, url_prefix="/media", template_folder="templates",
               static_folder="static", static_url_path="/assets")


def _me():
    return access.current_user_or_none()


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


@bp.route("/upload", methods=["POST"])
@access.signed_in()
@body_limit("MEDIA_SIMPLE_UPLOAD_MAX_BYTES", slack=64 * 1024)
def upload():
    """The no-JavaScript path: the whole file in one request (up to MEDIA_SIMPLE_UPLOAD_MAX_BYTES)."""
    form = UploadForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("media.index"))
    stream = form.file.data.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    created = {}

    def run():
        session = operations.start_upload(actor=_me(), total_size=size, filename=form.file.data.filename or "",
                                          title=form.title.data or "", visibility=form.visibility.data)
        created["id"] = session.item_id
        operations.write_chunk(session, offset=0, stream=stream, length=size)

    problem = _attempt(run)
    if problem:
        flash(problem, "error")
        return redirect(url_for("media.index"))
    flash(_("Upload complete; processing has started."), "success")
    return redirect(url_for("media.watch", item_id=created["id"]))


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
