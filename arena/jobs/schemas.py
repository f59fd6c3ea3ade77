import marshmallow as ma

from arena.core.api import ApiSchema
from arena.core.messages import render


class JobSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": ["queued", "running", "succeeded", "failed", "cancelled"]})
    progress = ma.fields.Integer(dump_only=True)
    message = ma.fields.Method("_message", metadata={"type": "string", "description": "in the caller's language"})
    result = ma.fields.Raw(dump_only=True, allow_none=True)
    error = ma.fields.Method("_error", allow_none=True,
                             metadata={"type": "string", "description": "why it failed, in the caller's language"})
    attempts = ma.fields.Integer(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    started_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    finished_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)

    def _message(self, job) -> str:
        return render(job.message, job.message_params)

    def _error(self, job) -> str | None:
        return render(job.error, job.error_params) if job.error else None


class WorkerCheckArgs(ApiSchema):
    sleep_ms = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=5000))
