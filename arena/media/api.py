"""Media REST API under ``/api/v1/media``: resumable uploads (tus-like ``Upload-Offset`` or
``Content-Range``), items, processing retry, files with HTTP range requests, captions.

A video somebody may not see answers 404, like one that does not exist."""

from __future__ import annotations

import re

from flask import current_app, request, send_file
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.limits import body_limit
from arena.core.api import Blueprint, envelope, ok
from arena.core.boundary import keep_changes_on_error
from arena.core.errors import BadRequest, NotFound, PayloadTooLarge
from arena.extensions import db
from arena.media import operations, queries
from arena.media.models import FILES
from arena.media.schemas import (CaptionInputSchema, MediaItemSchema, MediaUpdateSchema, UploadStartSchema,
                                 UploadStateSchema)
from arena.media.storage import get_storage

blp = Blueprint("media_api", __name__, url_prefix="/api/v1/media", description="Videos: upload, processing, playback")

CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")

me = access.current_user_or_none  # the caller, or None


def _own_session(item_id: int):
    session = queries.session_for(item_id)
    if session is None or session.owner_id != me().id:
        raise NotFound(_("No such upload."))
    return session


def _state(session, message="OK", status=200):
    headers = {"Upload-Offset": str(session.received), "Upload-Length": str(session.total_size),
               "Location": f"/api/v1/media/uploads/{session.item_id}"}
    return ok(session, message), status, headers


def chunk_offset(total: int) -> tuple[int, int | None]:
    """The offset a chunk starts at and, from ``Content-Range``, its declared length."""
    if "Upload-Offset" in request.headers:
        raw = request.headers["Upload-Offset"]
        if not raw.isdigit():
            raise BadRequest(_("Upload-Offset must be a whole number of bytes."))
        return int(raw), None
    match = CONTENT_RANGE.match(request.headers.get("Content-Range", ""))
    if not match:
        raise BadRequest(_("Send the chunk's position in an Upload-Offset or Content-Range header."))
    start, end = int(match.group(1)), int(match.group(2))
    if end < start or (match.group(3) != "*" and int(match.group(3)) != total):
        raise BadRequest(_("The Content-Range header does not match this upload."))
    return start, end - start + 1


@blp.route("/uploads")
class Uploads(MethodView):
    @access.signed_in()
    @blp.arguments(UploadStartSchema)
    @blp.response(201, envelope(UploadStateSchema))
    def post(self, args):
        """Open a resumable upload for a video of ``total_size`` bytes; send the bytes with PATCH."""
        session = operations.start_upload(actor=me(), **args)
        return _state(session, _("Upload started."), 201)


@blp.route("/uploads/<int:item_id>")
class UploadItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(UploadStateSchema))
    def get(self, item_id):
        """How many bytes are stored (also in ``Upload-Offset``): resume from there."""
        return _state(_own_session(item_id))

    @access.signed_in()
    @blp.response(200, envelope(UploadStateSchema))
    @blp.doc(parameters=[{"in": "header", "name": "Upload-Offset", "required": True,
                          "description": "where the chunk starts (or send Content-Range instead)",
                          "schema": {"type": "integer", "minimum": 0}}],
             requestBody={"required": True, "description": "the chunk's bytes",
                          "content": {"application/offset+octet-stream": {"schema": {"type": "string",
                                                                                     "format": "binary"}},
                                      "application/octet-stream": {"schema": {"type": "string",
                                                                              "format": "binary"}}}})
    @body_limit("MEDIA_CHUNK_MAX_BYTES")
    def patch(self, item_id):
        """Send the next chunk: the raw body, placed by ``Upload-Offset`` or ``Content-Range``. When the
        last byte is in, the file is checked (it must be a video) and processing is queued."""
        session = _own_session(item_id)
        length = request.content_length
        if length is None:
            raise BadRequest(_("Send the chunk with a Content-Length."))
        limit = current_app.config["MEDIA_CHUNK_MAX_BYTES"]
        if length > limit:
            raise PayloadTooLarge(_("A chunk may carry at most %(limit)s bytes.", limit=limit))
        offset, declared = chunk_offset(session.total_size)
        if declared is not None and declared != length:
            raise BadRequest(_("The Content-Range header does not match this upload."))
        keep_changes_on_error()  # a refused file is deleted, and its deletion must be kept
        operations.write_chunk(session, offset=offset, stream=request.stream, length=length)
        done = session.completed_at is not None
        return _state(session, _("Upload complete; processing has started.") if done else _("Chunk stored."))

    @access.signed_in()
    @blp.response(204)
    def delete(self, item_id):
        """Abandon an upload: the bytes sent so far are deleted."""
        session = _own_session(item_id)
        operations.delete_item(session.item, actor=me())
        return ""


def _item_or_404(item_id: int):
    item = queries.visible_item(item_id, me())
    if item is None:
        raise NotFound(_("No such video."))
    return item


def _editable_or_404(item_id: int):
    item = _item_or_404(item_id)
    if not queries.can_edit(item, me()):
        raise NotFound(_("No such video."))
    return item


def _captionable_or_404(item_id: int):
    item = _item_or_404(item_id)
    if not queries.can_caption(item, me()):
        raise NotFound(_("No such video."))
    return item


@blp.route("/<int:item_id>")
class Item(MethodView):
    @access.public
    @blp.response(200, envelope(MediaItemSchema))
    def get(self, item_id):
        """A video: state, probe facts, file links, captions and the owner's sign language."""
        return ok(_item_or_404(item_id))

    @access.signed_in()
    @blp.arguments(MediaUpdateSchema)
    @blp.response(200, envelope(MediaItemSchema))
    def patch(self, args, item_id):
        """Change the title or who may watch (owner or admin)."""
        return ok(operations.update_item(_editable_or_404(item_id), actor=me(), **args), _("Saved."))

    @access.signed_in()
    @blp.response(204)
    def delete(self, item_id):
        """Delete the video and all its files (owner or admin)."""
        operations.delete_item(_editable_or_404(item_id), actor=me())
        return ""


@blp.route("/<int:item_id>/retry")
class Retry(MethodView):
    @access.signed_in()
    @blp.response(202, envelope(MediaItemSchema))
    def post(self, item_id):
        """Process a video whose processing failed once more."""
        return ok(operations.retry_processing(_editable_or_404(item_id), actor=me()), _("Processing again."))


@blp.route("/<int:item_id>/files/<name>")
class File(MethodView):
    @access.public
    def get(self, item_id, name):
        """A processed file (``video``, ``preview``, ``poster``), with HTTP range requests (206)."""
        item = _item_or_404(item_id)
        if name not in FILES or name == "original" or name not in (item.files or []):
            raise NotFound(_("No such file."))
        path = get_storage().path(item.key(name))
        if not path.is_file():
            raise NotFound(_("No such file."))
        response = send_file(path, mimetype=FILES[name], conditional=True, etag=True, max_age=0)
        response.headers["Cache-Control"] = "private, no-cache" if item.visibility == "private" else "public, no-cache"
        return response


@blp.route("/<int:item_id>/captions/<language>")
class CaptionItem(MethodView):
    @access.public
    def get(self, item_id, language):
        """The captions in one language, as WebVTT."""
        item = _item_or_404(item_id)
        caption = queries.caption(item.id, language)
        if caption is None:
            raise NotFound(_("No captions in that language."))
        return current_app.response_class(caption.content, mimetype="text/vtt", headers={"Cache-Control": "no-cache"})

    @access.signed_in()
    @blp.arguments(CaptionInputSchema)
    @blp.response(200, envelope(MediaItemSchema))
    def put(self, args, item_id, language):
        """Add or replace captions in a language; the WebVTT is parsed and sanitised (the owner, an admin,
        or an organiser of the contest a submission's video belongs to)."""
        item = _captionable_or_404(item_id)
        operations.set_caption(item, language=language, text=args["vtt"], label=args["label"], actor=me())
        db.session.refresh(item)
        return ok(item, _("Captions saved."))

    @access.signed_in()
    @blp.response(204)
    def delete(self, item_id, language):
        """Remove the captions in a language."""
        operations.delete_caption(_captionable_or_404(item_id), language, actor=me())
        return ""
