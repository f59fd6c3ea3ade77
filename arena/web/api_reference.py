"""The API reference page's content, built from the app's OpenAPI document (flask-smorest's spec).

The document is read once per process and turned into plain values the template lays out: one
section per tag, one entry per operation (method, path, summary and description as Markdown,
parameters, request body and responses as field tables, security). Texts written in the code's
docstrings are Markdown: ````code```` renders as code.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

METHODS = ("get", "post", "put", "patch", "delete")
_MAX_DEPTH = 3  # nested objects are listed as dotted names this deep
_TAGS = {"p", "code", "em", "strong", "a", "ul", "ol", "li", "pre", "br"}
_BOUNDS = (("minLength", "min length"), ("maxLength", "max length"), ("minimum", "≥"),
           ("maximum", "≤"), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<"),
           ("minItems", "min items"), ("maxItems", "max items"), ("pattern", "pattern"))


def md(text: str | None, *, inline: bool = False) -> Markup:
    """Markdown to clean HTML; ``inline`` drops the paragraph around a one-line text."""
    if not text:
        return Markup("")
    html = nh3.clean(markdown.markdown(text), tags=_TAGS, attributes={"a": {"href"}})
    if inline:
        html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)
    return Markup(html)


def anchor(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-").lower() for p in parts if p)


class _Resolver:
    def __init__(self, spec: dict):
        self.components = spec.get("components", {})

    def ref(self, node: dict) -> tuple[dict, str | None]:
        """Follow a ``$ref``; answer the node and the component's name (None when inline)."""
        name = None
        while isinstance(node, dict) and "$ref" in node:
            _, _, kind, name = node["$ref"].split("/", 3)
            node = self.components.get(kind, {}).get(name, {})
        return node, name

    def type_of(self, schema: dict) -> str:
        schema, name = self.ref(schema)
        for key in ("allOf", "oneOf", "anyOf"):
            if key in schema:
                return " | ".join(self.type_of(s) for s in schema[key])
        kind = schema.get("type") or ("object" if "properties" in schema else "any")
        if kind == "array":
            kind = f"array of {self.type_of(schema.get('items', {}))}"
        elif name and kind == "object":
            kind = name
        if schema.get("format"):
            kind += f" ({schema['format']})"
        if schema.get("nullable"):
            kind += ", nullable"
        return kind

    def fields(self, schema: dict, prefix: str = "", depth: int = 0, seen: tuple = ()) -> list[dict]:
        """The properties of an object schema as rows: name, type, required, bounds, description."""
        schema, name = self.ref(schema)
        if name in seen or depth > _MAX_DEPTH:
            return []
        seen = seen + (name,) if name else seen
        if schema.get("type") == "array":
            return self.fields(schema.get("items", {}), prefix + "[]", depth, seen)
        if "allOf" in schema:
            return [row for part in schema["allOf"] for row in self.fields(part, prefix, depth, seen)]
        required = set(schema.get("required", ()))
        rows = []
        for prop, sub in (schema.get("properties") or {}).items():
            resolved, _ = self.ref(sub)
            full = f"{prefix}.{prop}" if prefix else prop
            rows.append({"name": full, "type": self.type_of(sub), "required": prop in required,
                         "read_only": bool(resolved.get("readOnly")), "bounds": bounds(resolved),
                         "description": md(resolved.get("description") or sub.get("description"), inline=True)})
            rows.extend(self.fields(sub, full, depth + 1, seen))
        return rows

    def body(self, content: dict | None) -> list[dict]:
        """Each media type of a body with its field rows."""
        out = []
        for media, spec in (content or {}).items():
            schema = spec.get("schema", {})
            out.append({"media": media, "type": self.type_of(schema), "fields": self.fields(schema)})
        return out


def bounds(schema: dict) -> list[str]:
    out = [f"{label} {schema[key]}" for key, label in _BOUNDS if key in schema]
    if "enum" in schema:
        out.append("one of " + ", ".join(str(v) for v in schema["enum"]))
    if "default" in schema:
        out.append(f"default {schema['default']}")
    return out


def _parameters(resolver: _Resolver, params: list[dict]) -> list[dict]:
    rows = []
    for param in params:
        param, _ = resolver.ref(param)
        schema, _ = resolver.ref(param.get("schema", {}))
        rows.append({"name": param["name"], "in": param["in"], "required": bool(param.get("required")),
                     "type": resolver.type_of(param.get("schema", {})), "bounds": bounds(schema),
                     "description": md(param.get("description"), inline=True)})
    return rows


def _operation(resolver: _Resolver, path: str, method: str, op: dict, shared: list[dict], default_security):
    responses = []
    for status, answer in op.get("responses", {}).items():
        answer, _ = resolver.ref(answer)
        responses.append({"status": status, "description": md(answer.get("description"), inline=True),
                          "bodies": resolver.body(answer.get("content"))})
    request_body, _ = resolver.ref(op.get("requestBody", {}))
    security = op.get("security", default_security) or []
    return {
        "id": anchor(method, path), "method": method.upper(), "path": path,
        "summary": md(op.get("summary"), inline=True), "description": md(op.get("description")),
        "deprecated": bool(op.get("deprecated")),
        "parameters": _parameters(resolver, shared + op.get("parameters", [])),
        "request": resolver.body(request_body.get("content")) if request_body else [],
        "request_required": bool(request_body.get("required")),
        "responses": responses,
        "security": [sorted(alternative) for alternative in security],
    }


def build(spec: dict) -> dict:
    """The page's model: info, security schemes, and one section per tag in the document's order."""
    resolver = _Resolver(spec)
    tags = {t["name"]: t for t in spec.get("tags", [])}
    sections: dict[str, dict] = {}
    for name, tag in tags.items():
        sections[name] = {"name": name, "id": anchor("tag", name),
                          "description": md(tag.get("description"), inline=True), "operations": []}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            for tag in op.get("tags") or ["default"]:
                section = sections.setdefault(tag, {"name": tag, "id": anchor("tag", tag),
                                                    "description": Markup(""), "operations": []})
                section["operations"].append(_operation(resolver, path, method, op, shared,
                                                        spec.get("security")))
    info = spec.get("info", {})
    schemes = spec.get("components", {}).get("securitySchemes", {})
    return {
        "title": info.get("title", ""), "version": info.get("version", ""),
        "description": md(info.get("description")),
        "schemes": [{"name": name, "type": s.get("type"), "where": s.get("in") or s.get("scheme"),
                     "header": s.get("name") or s.get("bearerFormat") or "",
                     "description": md(s.get("description"), inline=True)} for name, s in schemes.items()],
        "sections": [s for s in sections.values() if s["operations"]],
    }
