import marshmallow as ma

from arena.core.api import ApiSchema


class JobSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": ["queued", "running", "succeeded", "failed"]})
    progress = ma.fields.Integer(dump_only=True)
    message = ma.fields.String(dump_only=True)
    result = ma.fields.Raw(dump_only=True, allow_none=True)
    error = ma.fields.String(dump_only=True, allow_none=True)
    attempts = ma.fields.Integer(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    started_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    finished_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)


class WorkerCheckArgs(ApiSchema):
    sleep_ms = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=5000))
