"""Plain shapes of attempts, results and statistics, shared by the API and the pages.

While an attempt is open — and afterwards, until results may be shown — nothing here carries a
trace of the correct answers: no correct flags, no explanations, options in the attempt's order.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from arena.competitions import queries
from arena.competitions.kinds import normalise_text
from arena.competitions.models import Attempt, Competition
from arena.core.timeutil import utcnow

BREAKDOWN = ("correct", "wrong", "unanswered", "raw_points", "penalties", "all_correct_bonus", "time_bonus",
             "total", "percent_correct", "reward_share", "points_earned")


def seconds_left(attempt: Attempt, now: datetime | None = None) -> int | None:
    if not attempt.is_open:
        return None
    return max(0, int((attempt.deadline_at - (now or utcnow())).total_seconds()))


def _ordered_questions(attempt: Attempt, competition: Competition):
    by_id = {q.id: q for q in competition.questions}
    ordered = [by_id[qid] for qid in attempt.question_order if qid in by_id]
    return ordered + [q for q in competition.questions if q.id not in attempt.question_order]


def _options(attempt: Attempt, question) -> list[dict[str, str]]:
    texts = {o["id"]: o["text"] for o in question.options}
    order = [oid for oid in attempt.option_orders.get(str(question.id), []) if oid in texts]
    return [{"id": oid, "text": texts[oid]} for oid in order + [oid for oid in texts if oid not in order]]


def attempt_view(attempt: Attempt, now: datetime | None = None) -> dict[str, Any]:
    competition = attempt.competition
    answers = {a.question_id: a for a in attempt.answers}
    questions = []
    for number, question in enumerate(_ordered_questions(attempt, competition), start=1):
        saved = answers.get(question.id)
        questions.append({"id": question.id, "number": number, "kind": question.kind, "text": question.text,
                          "options": _options(attempt, question), "points": question.points,
                          "saved": saved.value if saved else None})
    return {
        "id": attempt.id, "competition_id": attempt.competition_id, "user_id": attempt.user_id,
        "number": attempt.number, "status": attempt.status, "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at, "finished_at": attempt.finished_at,
        "duration_seconds": attempt.duration_seconds, "seconds_left": seconds_left(attempt, now),
        "questions": questions,
        "breakdown": None if attempt.is_open else {name: getattr(attempt, name) for name in BREAKDOWN},
    }


def result_view(attempt: Attempt, now: datetime | None = None) -> dict[str, Any]:
    """The participant's result: the breakdown, and the correct answers and explanations only when
    the competition's results may be shown."""
    view = attempt_view(attempt, now)
    visible = not attempt.is_open and attempt.competition.results_visible_at(now or utcnow())
    view["results_visible"] = visible
    by_id = {q.id: q for q in attempt.competition.questions}
    answers = {a.question_id: a for a in attempt.answers}
    for item in view["questions"]:
        question, answer = by_id[item["id"]], answers.get(item["id"])
        item["credit"] = answer.credit if visible and answer else None
        item["earned"] = answer.points if visible and answer else None
        item["correct_answer"] = question.answer if visible else None
        item["explanation"] = question.explanation if visible else None
    return view


def statistics(competition: Competition) -> dict[str, Any]:
    """Per question: how many answered, how many got full credit, how many chose each option (short
    texts: the most frequent normalised answers)."""
    attempts = queries.closed_attempt_count(competition.id)
    rows = queries.answers_of_closed_attempts(competition.id)
    per_question: dict[int, list[tuple[Any, Any]]] = {}
    for question_id, value, credit in rows:
        per_question.setdefault(question_id, []).append((value, credit))
    out = []
    for question in competition.questions:
        given = per_question.get(question.id, [])
        counts: Counter = Counter()
        for value, _credit in given:
            if question.kind == "multiple":
                counts.update(value or [])
            elif question.kind == "true_false":
                counts["true" if value else "false"] += 1
            elif question.kind == "short_text":
                counts[normalise_text(value or "")] += 1
            else:
                counts[value] += 1
        if question.kind == "true_false":
            options = [{"id": key, "text": key, "chosen": counts[key], "correct": (key == "true") is question.answer}
                       for key in ("true", "false")]
        elif question.kind == "short_text":
            options = []
        else:
            correct = set(question.answer if isinstance(question.answer, list) else [question.answer])
            options = [{"id": o["id"], "text": o["text"], "chosen": counts[o["id"]], "correct": o["id"] in correct}
                       for o in question.options]
        out.append({"id": question.id, "position": question.position, "kind": question.kind, "text": question.text,
                    "answered": len(given), "correct": sum(1 for _v, c in given if c is not None and c >= 1),
                    "unanswered": attempts - len(given), "options": options,
                    "texts": [[text, n] for text, n in counts.most_common(10)] if question.kind == "short_text"
                    else []})
    return {"attempts": attempts, "questions": out}
