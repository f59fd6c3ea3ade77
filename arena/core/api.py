"""REST API shell: flask-smorest ``Api``/``Blueprint``, the response envelope and pagination.

Handlers stay thin::

    blp = Blueprint("subjects", __name__, url_prefix="/api/v1/subjects")

    @blp.route("")
    class Subjects(MethodView):
        @access.signed_in()
        @paged(blp, SubjectSchema)
        def get(self, args):
            return queries.subjects_stmt(...)

Every success body is ``{"success": true, "message": ..., "data": ..., "meta": {...}}``; the
OpenAPI document describes exactly that, because the envelope is a real marshmallow schema.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

import flask_smorest
import marshmallow as ma
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import validate
from webargs.flaskparser import FlaskParser

from arena.core.limits import DB_INT_MAX, MAX_PAGE


#: the longest text any input field takes unless it says otherwise (the body limit bounds the rest)
MAX_TEXT_LENGTH = 20_000


class _Exactly(frozenset):
    """Membership by type and value: ``0 in _Exactly({False})`` is false (0 == False in Python)."""

    def __contains__(self, value) -> bool:
        return any(type(value) is type(item) and value == item for item in self)


def _no_nul(value) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ma.ValidationError(str(_l("Text may not contain a NUL character.")))


def _bound(name: str, field: ma.fields.Field) -> None:
    """Give an input field the bounds it lacks: text a maximum length, integers the database's range
    (ids from 1), booleans only true and false — so no input can overflow a column or be read as
    something it does not say, and the document says so."""
    # A schema's fields are shallow copies of its class's: their validator list is the class's own,
    # so it is replaced, never appended to (each new schema would add the bounds once more).
    if field.dump_only:
        return
    if isinstance(field, ma.fields.List) and field.inner is not None:
        _bound(name.removesuffix("s") + "_id" if name.endswith("ids") else name, field.inner)
    elif isinstance(field, ma.fields.String):
        if _no_nul in field.validators:
            return
        added = [] if any(isinstance(v, (validate.Length, validate.OneOf)) for v in field.validators) \
            else [validate.Length(max=MAX_TEXT_LENGTH)]
        field.validators = [*field.validators, *added, _no_nul]  # PostgreSQL stores no NUL character in text
    elif isinstance(field, ma.fields.Boolean):  # JSON true/false, or "true"/"false" in a query string
        field.truthy, field.falsy = _Exactly({True, "true"}), _Exactly({False, "false"})
    elif isinstance(field, ma.fields.Integer) and not any(isinstance(v, validate.Range) for v in field.validators):
        is_id = name == "id" or name.endswith("_id")
        field.validators = [*field.validators,
                            validate.Range(min=1 if is_id else -DB_INT_MAX - 1, max=DB_INT_MAX)]


class ApiSchema(ma.Schema):
    """Base of every API schema: unknown input fields are an error, never silently dropped; text
    and integer inputs are bounded (:func:`_bound`)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def on_bind_field(self, field_name: str, field_obj: ma.fields.Field) -> None:
        _bound(field_name, field_obj)


class ErrorEnvelopeSchema(ApiSchema):
    success = ma.fields.Boolean(required=True, metadata={"example": False})
    message = ma.fields.String(required=True)
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))


class PageMetaSchema(ApiSchema):
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    pages = ma.fields.Integer(required=True)


class EnvelopeBase(ma.Schema):
    """``success`` and ``message`` of a success body, for a list that carries a ``meta`` of its own
    (a cursor, an unread count): it adds its ``data`` and ``meta`` (:func:`envelope` makes the rest)."""

    success = ma.fields.Boolean(required=True)
    message = ma.fields.String(required=True)


class PageArgs(ApiSchema):
    """``page`` and ``per_page`` query arguments; asking for more than the maximum is a 422."""

    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))

    @ma.post_load
    def default_per_page(self, data, **kwargs):
        if data.get("per_page") is None:
            data["per_page"] = current_app.config["DEFAULT_PER_PAGE"]
        return data


class UserNames(ApiSchema):
    """How a person is named wherever a record shows them: their username and their display name."""

    username = ma.fields.String()
    name = ma.fields.String()


class UserBrief(UserNames):
    """A person as other records show them (a member, a requester, a competitor, a purchaser)."""

    id = ma.fields.Integer()


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


def paged(blp: "Blueprint", schema: type[ma.Schema], args: type[ma.Schema] = PageArgs):
    """A list endpoint: its query arguments are ``args`` (``page``, ``per_page`` and any filters), its
    handler returns the ``select()`` to page through, and its answer is that page of ``schema`` rows in
    the envelope (and so documented). The access policy stays a decorator of its own, above this one."""

    def decorator(handler):
        @wraps(handler)
        def one_page(self, query, *path_args, **path):
            stmt = handler(self, query, *path_args, **path)
            return ok_page(paginate(stmt, query["page"], query["per_page"]))

        return blp.arguments(args, location="query")(blp.response(200, envelope(schema, many=True))(one_page))

    return decorator


def ok_all(items: list, message: str = "OK") -> dict[str, Any]:
    """Envelope for a whole (short) list answered as its one and only page."""
    return ok(items, message, {"page": 1, "per_page": max(1, len(items)), "total": len(items), "pages": 1})


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema

    def _register_error_handlers(self):
        """Errors are mapped once for the whole app in ``arena.core.errors``; nothing to add here."""

    def _init_spec(self, *args, **kwargs):
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(_numeric_bounds)


def _numeric_bounds(_converter, field, ret, **_kwargs) -> dict:
    """Bounds of a Decimal field are written as JSON numbers (apispec keeps them as ``Decimal``,
    which the JSON encoder writes as text, and a text bound is no valid OpenAPI bound); a Decimal
    sent as text (``as_string``) is documented as a decimal string, not a number."""
    from decimal import Decimal

    if isinstance(field, ma.fields.Decimal) and field.as_string:  # sent as an exact decimal string
        return {"type": "string", "format": "decimal"}
    return {key: (int(ret[key]) if ret[key] == int(ret[key]) else float(ret[key]))
            for key in ("minimum", "maximum") if isinstance(ret.get(key), Decimal)}


def _strict_integers(schema: ma.Schema) -> None:
    if getattr(schema, "_arena_strict", False):
        return
    schema._arena_strict = True
    for field in schema.fields.values():
        inner = field.inner if isinstance(field, ma.fields.List) else field
        if isinstance(inner, ma.fields.Integer):
            inner.strict = True
        elif isinstance(inner, ma.fields.Nested) and isinstance(inner.schema, ma.Schema):
            _strict_integers(inner.schema)


class StrictParser(FlaskParser):
    """Query strings are allow-lists too: an unknown query parameter is a 422, like a body field."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}

    def load_json(self, req, schema):
        """A documented body is a required body (``{}`` is a body; nothing at all is not), and its
        integers are JSON integers (not ``2.5`` read as 2, nor ``"2"``)."""
        _strict_integers(schema)
        data = super().load_json(req, schema)
        if data is ma.missing:
            raise ma.ValidationError({"json": [str(_l("Send a JSON object as the request body."))]})
        return data


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest blueprint with Arena's strict argument parser."""

    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema, *args, **kwargs):
        """As flask-smorest's, with the schema built once: given a class, webargs builds a new schema
        (copying every field) on every request. Argument schemas keep no per-request state."""
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)


SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                   "description": "An access token from `POST /api/v1/auth/login` (30 minutes; renew it with "
                                  "`POST /api/v1/auth/refresh`)."},
    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "access_token_cookie",
                   "description": "The access token in its HttpOnly cookie, as set by sign-in."},
    "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRF-TOKEN",
                   "description": "With the cookie, on unsafe methods: the value of the `csrf_access_token` "
                                  "cookie (double submit)."},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "An API key from `POST /api/v1/api-keys`; its scopes (read, write, admin) "
                              "limit what it may do."},
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def document_security(app, api: Api) -> None:
    """Declare the ways to authenticate and, on every operation, which of them it accepts — read
    from the access policy the view declares, so the document cannot disagree with the code."""
    from flask_smorest.spec.plugins import FlaskPlugin

    from arena.core import access

    for name, scheme in SECURITY_SCHEMES.items():
        if name not in api.spec.components.security_schemes:
            api.spec.components.security_scheme(name, scheme)
    paths = api.spec._paths  # apispec keeps the operations registered so far here
    for rule in app.url_map.iter_rules():
        operations = paths.get(FlaskPlugin.flaskpath2openapi(rule.rule))
        if not operations:
            continue
        view = app.view_functions[rule.endpoint]
        for method, operation in operations.items():
            if method not in HTTP_METHODS or method.upper() not in (rule.methods or ()):
                continue
            policy = access.policy_of(view, method.upper())
            if policy is None or policy.kind == "public":
                operation["security"] = []
                continue
            cookie = {"cookieAuth": []} if method in ("get", "head", "options") else {"cookieAuth": [], "csrfHeader": []}
            operation["security"] = [{"bearerAuth": []}, cookie, {"apiKey": []}]
