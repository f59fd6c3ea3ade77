"""The one way a page runs an operation whose refusal it shows to the person.

A page that answers an operation's refusal with its form again (a 4xx status) has its request rolled
back by the boundary anyway; a page that answers with a redirect (a 3xx status, e.g. "flash the
reason and go back") would have the refused operation's half-done writes committed. Both run the
operation through :func:`run_form_operation`: it runs in a savepoint, a domain error rolls back that
savepoint only (what the request did before stays), and the error is shown:

- field errors next to the form's fields of the same name (``contest.name`` goes to ``contest``);
  a dotted name reaches into sub-forms (``scoring_config.quorum`` goes to the ``quorum`` field of the
  ``scoring_config`` sub-form; an error on a whole sub-form goes to its first field, unless more
  precise errors for its fields were placed);
- the general message, and any field error the form has no field for, as an ``error`` flash —
  unless every message found its field (the form's own summary then says "correct the fields").

Without a form (``form=None``) everything is flashed: the shape of "refuse and redirect".

::

    outcome = run_form_operation(form, operations.create_contest, settings, actor=me)
    if outcome.ok:
        return redirect(url_for("contests.contest_page", ref=outcome.value.slug))
    return render_template("contests/form.html", form=form), outcome.status
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import flash, redirect, request, url_for

from arena.core.errors import ArenaError


@dataclass(frozen=True)
class Outcome:
    """What :func:`run_form_operation` did: the operation's return value, or the error it raised."""

    value: Any = None
    error: ArenaError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        """The status for a page that shows the refusal (200 when nothing was refused)."""
        return self.error.status if self.error is not None else 200


def run_form_operation(form, operation: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Outcome:
    """Run ``operation(*args, **kwargs)`` in a savepoint; on an :class:`ArenaError` roll the
    savepoint back and put the error on ``form`` (or flash it when ``form`` is None)."""
    outcome = run_in_savepoint(operation, *args, **kwargs)
    if outcome.error is not None:
        show_error(form, outcome.error)
    return outcome


def form_page(form, operation: Callable[[], Any], message: str, endpoint: str, page: Callable[[], str]):
    """A form that posts to its own page: once a valid post's operation succeeded, ``message`` is
    flashed and the browser goes on to ``endpoint``; otherwise the page ``page()`` renders is shown
    (200 for a visit, the refusal's status after a refused post, 422 for an invalid form)."""
    if request.method != "POST":
        return page(), 200
    if not form.validate_on_submit():
        return page(), 422
    outcome = run_form_operation(form, operation)
    if outcome.ok:
        flash(message, "success")
        return redirect(url_for(endpoint))
    return page(), outcome.status


def run_in_savepoint(operation: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Outcome:
    """The savepoint half of :func:`run_form_operation`, for a page that shows the error its own way
    (an HTMX fragment)."""
    from arena.extensions import db

    try:
        with db.session.begin_nested():
            value = operation(*args, **kwargs)
    except ArenaError as exc:  # the savepoint is rolled back by now; earlier work stays
        return Outcome(error=exc)
    return Outcome(value=value)


def show_error(form, exc: ArenaError) -> None:
    """Put ``exc`` on ``form`` as described in the module docstring."""
    unplaced: list[str] = []
    errors = exc.errors or {}
    for name, messages in errors.items():
        field = _field_for(form, name, errors) if form is not None else None
        if field is _COVERED:
            continue
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors or []) + [m for m in messages if m not in (field.errors or [])]
        else:
            unplaced.extend(m for m in messages if m != exc.message and m not in unplaced)
    if unplaced or not exc.errors or form is None:
        flash(" ".join([exc.message, *unplaced]), "error")


_COVERED = object()


def _field_for(form, name: str, errors: dict | None = None):
    """The field ``name`` points at (descending into sub-forms), or None."""
    from wtforms import FormField

    parts = name.split(".")
    field = getattr(form, parts[0], None)
    for part in parts[1:]:
        if not isinstance(field, FormField) or part not in field.form:
            break
        field = field.form[part]
    if isinstance(field, FormField):
        if len(parts) == 1 and any(other.startswith(f"{name}.") for other in (errors or {})):
            return _COVERED
        return next(iter(field.form), None)
    return field
