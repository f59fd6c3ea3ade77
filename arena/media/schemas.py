import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema
from arena.media.models import VISIBILITIES


class UploadStartSchema(ApiSchema):
    total_size = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    filename = ma.fields.String(load_default="", validate=validate.Length(max=255))
    title = ma.fields.String(load_default="", validate=validate.Length(max=200))
    visibility = ma.fields.String(load_default="private", validate=validate.OneOf(VISIBILITIES))
    attached_kind = ma.fields.String(load_default=None, allow_none=True)
    attached_id = ma.fields.Integer(load_default=None, allow_none=True)


class CaptionSchema(ApiSchema):
    language = ma.fields.String(dump_only=True)
    label = ma.fields.String(dump_only=True)
    url = ma.fields.Method("caption_url", dump_only=True)

    def caption_url(self, caption):
        return f"/api/v1/media/{caption.item_id}/captions/{caption.language}"


class MediaItemSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    owner_id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String()
    visibility = ma.fields.String(validate=validate.OneOf(VISIBILITIES))
    status = ma.fields.String(dump_only=True, metadata={"enum": ["uploading", "processing", "ready", "failed"]})
    error = ma.fields.Method("error_message", dump_only=True, allow_none=True)
    attached_kind = ma.fields.String(dump_only=True, allow_none=True)
    attached_id = ma.fields.Integer(dump_only=True, allow_none=True)
    job_id = ma.fields.Integer(dump_only=True, allow_none=True)
    size_bytes = ma.fields.Integer(dump_only=True)
    stored_bytes = ma.fields.Integer(dump_only=True, metadata={"description": "bytes kept in storage now (the quota counts these)"})
    sha256 = ma.fields.String(dump_only=True, allow_none=True)
    duration = ma.fields.Float(dump_only=True, allow_none=True)
    width = ma.fields.Integer(dump_only=True, allow_none=True)
    height = ma.fields.Integer(dump_only=True, allow_none=True)
    fps = ma.fields.Float(dump_only=True, allow_none=True)
    video_codec = ma.fields.String(dump_only=True, allow_none=True)
    audio_codec = ma.fields.String(dump_only=True, allow_none=True)
    rotation = ma.fields.Integer(dump_only=True)
    files = ma.fields.Method("file_urls", dump_only=True)
    sign_language = ma.fields.Method("owner_sign_language", dump_only=True, allow_none=True)
    captions = ma.fields.List(ma.fields.Nested(CaptionSchema), dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)

    def error_message(self, item):
        from arena.media.messages import error_text

        return error_text(item.error_code, item.error_params) or None

    def file_urls(self, item):
        return {name: f"/api/v1/media/{item.id}/files/{name}" for name in item.files or [] if name != "original"}

    def owner_sign_language(self, item):
        return item.owner.sign_language if item.owner else None


class MediaUpdateSchema(ApiSchema):
    title = ma.fields.String(validate=validate.Length(max=200))
    visibility = ma.fields.String(validate=validate.OneOf(VISIBILITIES))


class UploadStateSchema(ApiSchema):
    item_id = ma.fields.Integer(dump_only=True)
    total_size = ma.fields.Integer(dump_only=True)
    received = ma.fields.Integer(dump_only=True)
    complete = ma.fields.Method("is_complete", dump_only=True)
    item = ma.fields.Nested(MediaItemSchema, dump_only=True)

    def is_complete(self, session):
        return session.completed_at is not None


class CaptionInputSchema(ApiSchema):
    vtt = ma.fields.String(required=True)
    label = ma.fields.String(load_default="", validate=validate.Length(max=64))
