"""Run-time settings: values an administrator changes while Arena runs, without a restart.

Each run-time setting is declared once, by the domain that reads it, with :func:`declare` in its
``init_app``: a dotted name (``"media.max_upload_bytes"``), a type, a default (or the start-up
setting of ``arena.config`` whose value is the default), bounds or choices, and a description as a
``lazy_gettext`` string (so it reads in English and Arabic). Code reads the current value with
:func:`value`; the admin domain stores changed values in the database and edits them at
``/admin/settings`` and ``PATCH /api/v1/admin/settings``.

Every process keeps the stored values in memory together with the *generation* they were loaded
under (the page cache's generation of :data:`SCOPE`, kept in the shared cache — Redis when
configured). A change renews the generation after its commit, so every process, on its next
request, sees a generation it has not loaded and reads the values again: a change made through one
process is seen by all of them at once, and a rollback changes nothing.

Domains built later (referral amounts, windows and caps, fraud thresholds, ...) declare theirs the
same way; nothing in the admin domain needs to change for them to appear on its page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app, g
from flask_babel import gettext as _

SCOPE = "runtime-settings"
TYPES = (int, float, bool, str)


@dataclass(frozen=True)
class RuntimeSetting:
    """One run-time setting. ``config`` names the ``arena.config`` setting that gives the default
    (and, unless given here, the bounds); ``default`` is used otherwise. ``max_length`` bounds text,
    ``check`` is an extra test that returns an error message (or None)."""

    name: str
    type: type
    description: Any
    default: Any = None
    config: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | None = None
    max_length: int | None = None
    group: str = "general"
    check: Callable[[Any], str | None] | None = None

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"run-time setting {self.name}: type must be one of {TYPES}")
        if self.config is None and self.default is None:
            raise ValueError(f"run-time setting {self.name}: give a default or a config setting")

    def bounds(self) -> tuple[float | None, float | None]:
        if self.config and (self.minimum is None or self.maximum is None):
            from arena.config import SETTINGS

            declared = next(s for s in SETTINGS if s.name == self.config)
            return (self.minimum if self.minimum is not None else declared.minimum,
                    self.maximum if self.maximum is not None else declared.maximum)
        return self.minimum, self.maximum

    def default_value(self) -> Any:
        return current_app.config[self.config] if self.config else self.default


_REGISTRY: dict[str, RuntimeSetting] = {}


def declare(*settings: RuntimeSetting) -> None:
    """Add run-time settings (called from a domain's ``init_app``; declaring again replaces)."""
    for setting in settings:
        _REGISTRY[setting.name] = setting


def declared() -> list[RuntimeSetting]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.group, s.name))


def get_setting(name: str) -> RuntimeSetting | None:
    return _REGISTRY.get(name)


class InvalidValue(ValueError):
    """A value the setting does not accept; ``str()`` is the translated reason."""


def convert(setting: RuntimeSetting, raw: Any) -> Any:
    """``raw`` (JSON or form text) as the setting's type, within its bounds; :class:`InvalidValue` if not."""
    kind = setting.type
    value: Any = raw
    if kind is bool:
        if isinstance(raw, str) and raw.strip().lower() in ("true", "on", "yes", "1", "false", "off", "no", "0"):
            value = raw.strip().lower() in ("true", "on", "yes", "1")
        elif not isinstance(raw, bool):
            raise InvalidValue(_("Must be true or false."))
    elif kind in (int, float):
        if isinstance(raw, str):
            try:
                value = kind(raw.strip())
            except ValueError:
                raise InvalidValue(_("Must be a whole number.") if kind is int else _("Must be a number.")) from None
        elif isinstance(raw, bool) or not isinstance(raw, (int, float)) or (kind is int and isinstance(raw, float)
                                                                             and not raw.is_integer()):
            raise InvalidValue(_("Must be a whole number.") if kind is int else _("Must be a number."))
        value = kind(value)
        low, high = setting.bounds()
        if low is not None and value < low:
            raise InvalidValue(_("Must be at least %(low)s.", low=_number(low)))
        if high is not None and value > high:
            raise InvalidValue(_("Must be at most %(high)s.", high=_number(high)))
    elif kind is str:
        if not isinstance(raw, str):
            raise InvalidValue(_("Must be text."))
        value = raw.strip()
        if setting.max_length is not None and len(value) > setting.max_length:
            raise InvalidValue(_("Must be at most %(n)s characters.", n=setting.max_length))
    if setting.choices is not None and value not in setting.choices:
        raise InvalidValue(_("Must be one of: %(v)s.", v=", ".join(map(str, setting.choices))))
    if setting.check is not None and (problem := setting.check(value)):
        raise InvalidValue(problem)
    return value


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


# --- the values in force -------------------------------------------------------------------------

_loader: Callable[[], dict[str, Any]] | None = None
_lock = threading.Lock()
_loaded: dict[str, Any] = {"generation": None, "values": {}}


def set_loader(loader: Callable[[], dict[str, Any]]) -> None:
    """The admin domain gives the function that reads the stored values (name → JSON value)."""
    global _loader
    from arena.core import pagecache

    _loader = loader
    pagecache.read_along(SCOPE)  # most pages read a setting: its generation comes with the first read


def _current_generation() -> str:
    from arena.core import pagecache

    if "arena_runtime_generation" not in g:
        g.arena_runtime_generation = pagecache.generations([SCOPE])[1]
    return g.arena_runtime_generation


def stored_values() -> dict[str, Any]:
    """Every stored value (name → raw value), read again only when the generation moved on."""
    if _loader is None:
        return {}
    if g.get("arena_runtime_changed"):  # this request changed values: read them, cache nothing
        return _loader()
    generation = _current_generation()
    if _loaded["generation"] != generation:
        values = _loader()
        with _lock:
            _loaded.update(generation=generation, values=values)
    return _loaded["values"]


def value(name: str) -> Any:
    """The value of run-time setting ``name`` in force now (a stored value that no longer fits the
    declaration — its bounds were narrowed since — gives way to the default)."""
    setting = _REGISTRY[name]
    raw = stored_values().get(name)
    if raw is not None:
        try:
            return convert(setting, raw)
        except InvalidValue:
            current_app.logger.warning("stored run-time setting %s=%r no longer valid; default used", name, raw)
    return setting.default_value()


def changed(session) -> None:
    """Called by the operation that stores a value: every process reloads once this commits.
    Cached pages are renewed too (the site notice is on every page)."""
    from arena.core import pagecache

    g.arena_runtime_changed = True
    pagecache.mark_changed(session, SCOPE, pagecache.EVERYTHING)
