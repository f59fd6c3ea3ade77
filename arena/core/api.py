"""REST API shell: flask-smorest ``Api``/``Blueprint``, the response envelope and pagination.

Handlers stay thin::

    blp = Blueprint("subjects", __name__, url_prefix="/api/v1/subjects")

    @blp.route("")
    class Subjects(MethodView):
        @access.signed_in()
        @blp.arguments(PageArgs, location="query")
        @blp.response(200, envelope(SubjectSchema, many=True))
        def get(self, args):
            return ok_page(queries.subjects_page(...), args)

Every success body is ``{"success": true, "message": ..., "data": ..., "meta": {...}}``; the
OpenAPI document describes exactly that, because the envelope is a real marshmallow schema.
"""

from __future__ import annotations

from typing import Any

import flask_smorest
import marshmallow as ma
from flask import current_app
from marshmallow import validate
from webargs.flaskparser import FlaskParser

from arena.core.limits import DB_INT_MAX, MAX_PAGE


class ApiSchema(ma.Schema):
    """Base of every API schema: unknown input fields are an error, never silently dropped."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class ErrorEnvelopeSchema(ApiSchema):
    success = ma.fields.Boolean(required=True, metadata={"example": False})
    message = ma.fields.String(required=True)
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))


class PageMetaSchema(ApiSchema):
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    pages = ma.fields.Integer(required=True)


class PageArgs(ApiSchema):
    """``page`` and ``per_page`` query arguments; asking for more than the maximum is a 422."""

    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))

    @ma.post_load
    def default_per_page(self, data, **kwargs):
        if data.get("per_page") is None:
            data["per_page"] = current_app.config["DEFAULT_PER_PAGE"]
        return data


_ENVELOPES: dict[tuple, type[ma.Schema]] = {}


def envelope(schema: type[ma.Schema] | ma.Schema | None = None, *, many: bool = False) -> type[ma.Schema]:
    """A schema class ``{success, message, data, meta}`` wrapping ``schema`` (cached per shape)."""
    schema_cls = type(schema) if isinstance(schema, ma.Schema) else schema
    key = (schema_cls, many)
    if key not in _ENVELOPES:
        fields: dict[str, Any] = {
            "success": ma.fields.Boolean(required=True, metadata={"example": True}),
            "message": ma.fields.String(required=True),
        }
        if schema_cls is not None:
            fields["data"] = ma.fields.List(ma.fields.Nested(schema_cls)) if many else ma.fields.Nested(schema_cls)
        else:
            fields["data"] = ma.fields.Raw(allow_none=True)
        if many:
            fields["meta"] = ma.fields.Nested(PageMetaSchema)
        base_name = schema_cls.__name__.removesuffix("Schema") if schema_cls else "Empty"
        name = f"{base_name}{'List' if many else ''}Envelope"
        _ENVELOPES[key] = type(name, (ma.Schema,), {**fields, "Meta": type("Meta", (), {"ordered": True})})
    return _ENVELOPES[key]


def ok(data: Any = None, message: str = "OK", meta: dict | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": True, "message": message, "data": data}
    if meta is not None:
        body["meta"] = meta
    return body


def paginate(stmt, page: int, per_page: int):
    """Run a ``select()`` as one page: two queries (count and items) whatever the page size."""
    from arena.extensions import db

    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, max_per_page=None)


def ok_page(pagination, message: str = "OK", items: list | None = None) -> dict[str, Any]:
    """Envelope for a ``db.paginate`` result (``items`` may replace the raw rows)."""
    meta = {
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total or 0,
        "pages": pagination.pages,
    }
    return ok(pagination.items if items is None else items, message, meta)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema

    def _register_error_handlers(self):
        """Errors are mapped once for the whole app in ``arena.core.errors``; nothing to add here."""


class StrictParser(FlaskParser):
    """Query strings are allow-lists too: an unknown query parameter is a 422, like a body field."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest blueprint with Arena's strict argument parser."""

    ARGUMENTS_PARSER = StrictParser()
