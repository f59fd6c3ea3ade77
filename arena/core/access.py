"""Deny-by-default access policies.

Every view declares who may call it with one of the decorators below. A ``before_request`` hook
finds the policy of the matched view (for a flask-smorest ``MethodView``, of the method being
called) and enforces it; a view without a policy is refused with 403, and a test walks the URL map
to make sure none is left without one.

Who the caller is comes from a *caller loader* registered by the identity domain (session cookie,
JWT, API key). A caller carries the user and the scopes of this request: ``read``, ``write``,
``admin``. Unsafe methods need ``write`` unless the policy says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from flask import current_app, g, request
from flask_babel import gettext as _

from arena.core.errors import Forbidden, Unauthorized

POLICY_ATTR = "_arena_policy"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ROLE_RANK = {"user": 0, "admin": 1, "superadmin": 2}


@dataclass
class Caller:
    user: Any
    via: str  # "session", "jwt", "jwt-cookie", "api-key"
    scopes: frozenset[str] = field(default_factory=lambda: frozenset({"read", "write", "admin"}))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def role(self) -> str:
        return getattr(self.user, "role", "user")


@dataclass(frozen=True)
class Policy:
    kind: str  # "public", "signed_in", "role"
    role: str | None = None
    scope: str | None = None  # None: "read" for safe methods, "write" otherwise

    def describe(self) -> str:
        return self.kind if self.kind != "role" else f"role:{self.role}"


_caller_loader: Callable[[], Caller | None] | None = None


def set_caller_loader(loader: Callable[[], Caller | None]) -> None:
    global _caller_loader
    _caller_loader = loader


def current_caller() -> Caller | None:
    """The authenticated caller of this request, or None (resolved once per request)."""
    if "arena_caller" not in g:
        # Set first: if the loader refuses the credential (bad token, missing CSRF token), the
        # error page rendered next sees an anonymous caller instead of raising again.
        g.arena_caller = None
        g.arena_caller = _caller_loader() if _caller_loader else None
    return g.arena_caller


def current_user_or_none():
    caller = current_caller()
    return caller.user if caller else None


def _mark(policy: Policy):
    def decorator(func):
        setattr(func, POLICY_ATTR, policy)
        return func

    return decorator


def public(func=None):
    """Anybody, signed in or not."""
    deco = _mark(Policy("public"))
    return deco(func) if func is not None else deco


def signed_in(scope: str | None = None):
    """Any signed-in, non-banned user (with ``scope`` for API keys)."""
    return _mark(Policy("signed_in", scope=scope))


def role(name: str, scope: str | None = "admin"):
    """Users whose role is ``name`` or higher (``admin`` < ``superadmin``)."""
    if name not in ROLE_RANK:
        raise ValueError(f"unknown role {name!r}")
    return _mark(Policy("role", role=name, scope=scope))


def policy_of(view_func, method: str) -> Policy | None:
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        handler = getattr(view_class, method.lower(), None)
        if handler is None and method == "HEAD":
            handler = getattr(view_class, "get", None)
        return getattr(handler, POLICY_ATTR, None) if handler else getattr(view_class, POLICY_ATTR, None)
    return getattr(view_func, POLICY_ATTR, None)


def check(policy: Policy, method: str) -> None:
    if policy.kind == "public":
        return
    caller = current_caller()
    if caller is None:
        raise Unauthorized()
    if policy.kind == "role" and ROLE_RANK.get(caller.role, -1) < ROLE_RANK[policy.role]:
        raise Forbidden()
    needed = policy.scope or ("read" if method in SAFE_METHODS else "write")
    if needed not in caller.scopes:
        raise Forbidden(_("This credential lacks the '%(scope)s' scope.", scope=needed))


def enforce_policy() -> None:
    """``before_request``: deny anything without a declared policy; enforce the declared one."""
    if request.endpoint is None:  # 404/405: let routing errors through
        return
    view_func = current_app.view_functions.get(request.endpoint)
    policy = policy_of(view_func, request.method) if view_func else None
    if policy is None:
        policy = current_app.extensions.get("arena_endpoint_policies", {}).get(request.endpoint)
    if policy is None:
        current_app.logger.error("route %s declares no access policy; refused", request.endpoint)
        raise Forbidden(_("This route declares no access policy."))
    check(policy, request.method)


def declare_endpoint(app, endpoint: str, policy: Policy) -> None:
    """For endpoints Arena does not define itself (``static``, the OpenAPI document)."""
    app.extensions.setdefault("arena_endpoint_policies", {})[endpoint] = policy


def unguarded_routes(app) -> list[str]:
    """Every (rule, method) whose view has no policy; the access test asserts this is empty."""
    declared = app.extensions.get("arena_endpoint_policies", {})
    missing = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        for method in sorted((rule.methods or set()) - {"OPTIONS", "HEAD"}):
            if rule.endpoint in declared:
                continue
            if policy_of(view, method) is None:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    return missing
