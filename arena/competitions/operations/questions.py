"""Writes on questions. Once a competition has attempts, a change to its questions is refused
(409) unless the organiser confirms a re-score: then the change is made, every closed attempt is
scored again, the standings follow, and the re-score is recorded."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from arena.competitions import queries
from arena.competitions.kinds import KINDS, InvalidQuestion, kind_of
from arena.competitions.models import Competition, Question, Rescore
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from arena.extensions import db

FIELDS = ("kind", "text", "options", "answer", "partial", "points", "explanation")


def _check_editor(competition: Competition, actor) -> None:
    if not competition.can_edit(actor):
        raise Forbidden(_("Only the competition's organisers may change its questions."))


def _guard(competition: Competition, confirm_rescore: bool) -> bool:
    """True when the change needs a re-score; 409 when it does and it was not confirmed."""
    if not queries.has_attempts(competition.id):
        return False
    if not confirm_rescore:
        raise Conflict(_("This competition already has attempts. Confirm a re-score to change its questions: "
                         "every attempt will be scored again."))
    return True


def validate_question(data: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    values = {"options": [], "partial": False, "points": Decimal("1"), "explanation": "", **(current or {}),
              **{k: v for k, v in data.items() if k in FIELDS}}
    errors: dict[str, Any] = {}
    if values.get("kind") not in KINDS:
        raise ValidationFailed({"kind": _("Choose one of: %(choices)s.", choices=", ".join(KINDS))})
    text = (values.get("text") or "").strip()
    if not text:
        errors["text"] = _("Write the question.")
    values["text"] = text
    try:
        points = Decimal(str(values["points"]))
        if not (Decimal(0) < points <= Decimal(10000)) or not points.is_finite():
            raise InvalidOperation
        values["points"] = points
    except (InvalidOperation, ValueError):
        errors["points"] = _("Points are a number above 0 and up to 10000.")
    values["partial"] = bool(values["partial"]) and values["kind"] == "multiple"
    try:
        values["options"], values["answer"] = kind_of(values["kind"]).check(
            values.get("options") or [], values.get("answer"), values["partial"])
    except InvalidQuestion as exc:
        errors.update({k: str(v) for k, v in exc.errors.items()})
    values["explanation"] = (values.get("explanation") or "").strip()
    if errors:
        raise ValidationFailed(errors)
    return {name: values[name] for name in FIELDS}


def _record(competition: Competition, change: str, question_id: int | None, *, actor) -> int:
    from arena.competitions.operations.attempts import score_attempt

    attempts = queries.closed_attempts(competition.id)
    for attempt in attempts:
        score_attempt(attempt)
    db.session.add(Rescore(competition_id=competition.id, actor_id=actor.id, change=change,
                           question_id=question_id, attempts=len(attempts)))
    db.session.flush()
    signals.competition_attempts_rescored.send(competition, attempts=len(attempts), change=change)
    return len(attempts)


def create_question(competition: Competition, data: dict[str, Any], *, actor,
                    confirm_rescore: bool = False) -> Question:
    _check_editor(competition, actor)
    rescore = _guard(competition, confirm_rescore)
    values = validate_question(data)
    position = max((q.position for q in competition.questions), default=-1) + 1
    question = Question(competition_id=competition.id, position=position, **values)
    competition.questions.append(question)
    db.session.flush()
    if rescore:
        _record(competition, "question_created", question.id, actor=actor)
    return question


def update_question(question: Question, data: dict[str, Any], *, actor, confirm_rescore: bool = False) -> Question:
    competition = question.competition
    _check_editor(competition, actor)
    rescore = _guard(competition, confirm_rescore)
    current = {name: getattr(question, name) for name in FIELDS}
    for name, value in validate_question(data, current).items():
        setattr(question, name, value)
    db.session.flush()
    if rescore:
        _record(competition, "question_updated", question.id, actor=actor)
    return question


def delete_question(question: Question, *, actor, confirm_rescore: bool = False) -> None:
    competition = question.competition
    _check_editor(competition, actor)
    rescore = _guard(competition, confirm_rescore)
    question_id = question.id
    competition.questions.remove(question)
    db.session.delete(question)
    db.session.flush()
    if rescore:
        _record(competition, "question_deleted", question_id, actor=actor)


def reorder_questions(competition: Competition, order: list[int], *, actor) -> list[Question]:
    """Give the questions the order of ``order`` (every question id, once). Order does not change any
    score, so it is allowed after attempts started (attempts keep the order they were given)."""
    _check_editor(competition, actor)
    by_id = {q.id: q for q in competition.questions}
    if sorted(order) != sorted(by_id) or len(set(order)) != len(order):
        raise ValidationFailed({"order": _("List every question of the competition once.")})
    for position, question_id in enumerate(order):
        by_id[question_id].position = position
    db.session.flush()
    db.session.expire(competition, ["questions"])
    return list(competition.questions)


def move_question(competition: Competition, question_id: int, direction: str, *, actor) -> list[Question]:
    """Move one question up or down by one place (the keyboard-friendly editor's buttons)."""
    ids = [q.id for q in competition.questions]
    if question_id not in ids:
        raise NotFound(_("No such question."))
    index = ids.index(question_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return reorder_questions(competition, ids, actor=actor)
