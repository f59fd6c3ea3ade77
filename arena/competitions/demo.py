"""Demo data: an Arabic and an English quiz competition, both running, with questions of every kind,
organised by the demo admin ``quizmaster``.

Idempotent (competitions are found by title); flushes only.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from arena.competitions import operations
from arena.competitions.models import Competition
from arena.core.timeutil import utcnow
from arena.extensions import db

ORGANISER = "quizmaster"

ARABIC = {
    "title": "مسابقة الثقافة العامة",
    "description": "أسئلة قصيرة في الجغرافيا واللغة والتاريخ. لديك عشر دقائق.",
    "questions": [
        {"kind": "single", "text": "ما عاصمة مصر؟", "options": ["الإسكندرية", "القاهرة", "أسوان"], "answer": 2,
         "explanation": "القاهرة عاصمة مصر منذ القرن العاشر."},
        {"kind": "multiple", "text": "أيّ هذه الدول عربية؟", "options": ["المغرب", "تركيا", "الأردن", "إيران"],
         "answer": [1, 3], "partial": True, "explanation": "المغرب والأردن عضوان في جامعة الدول العربية."},
        {"kind": "true_false", "text": "نهر النيل أطول أنهار أفريقيا.", "answer": True,
         "explanation": "يبلغ طوله نحو ٦٦٥٠ كيلومترًا."},
        {"kind": "short_text", "text": "ما اسم أكبر صحراء حارة في العالم؟", "answer": ["الصحراء الكبرى", "الكبرى"],
         "explanation": "الصحراء الكبرى في شمال أفريقيا."},
    ],
}
ENGLISH = {
    "title": "General knowledge quiz",
    "description": "A few questions on geography and science. You have ten minutes.",
    "questions": [
        {"kind": "single", "text": "Which planet is the largest?", "options": ["Mars", "Jupiter", "Venus"],
         "answer": 2, "explanation": "Jupiter is more than twice as massive as all other planets together."},
        {"kind": "multiple", "text": "Which of these are noble gases?", "options": ["Neon", "Oxygen", "Argon"],
         "answer": [1, 3], "explanation": "Neon and argon are noble gases; oxygen is not."},
        {"kind": "true_false", "text": "Water boils at 100 °C at sea level.", "answer": True,
         "explanation": "At standard atmospheric pressure."},
        {"kind": "short_text", "text": "What is the capital of France?", "answer": ["Paris"],
         "explanation": "Paris has been the capital since the 10th century."},
    ],
}


def _organiser():
    from arena.core.cli import DEMO_PASSWORD
    from arena.identity import operations as identity_ops
    from arena.identity import queries as identity_queries

    user = identity_queries.find_user_by_login(ORGANISER)
    if user is None:
        user = identity_ops.create_user(ORGANISER, f"{ORGANISER}@example.org", DEMO_PASSWORD, role="admin")
        user.display_name = "Quiz master"
    return user


def _question(spec: dict) -> dict:
    options = [{"id": f"o{i + 1}", "text": text} for i, text in enumerate(spec.get("options", []))]
    answer = spec["answer"]
    if spec["kind"] == "single":
        answer = f"o{answer}"
    elif spec["kind"] == "multiple":
        answer = [f"o{n}" for n in answer]
    return {"kind": spec["kind"], "text": spec["text"], "options": options, "answer": answer,
            "partial": spec.get("partial", False), "points": 10, "explanation": spec["explanation"]}


def load() -> str:
    organiser = _organiser()
    db.session.flush()
    now = utcnow()
    added = 0
    for spec in (ARABIC, ENGLISH):
        if db.session.scalar(select(Competition.id).where(Competition.title == spec["title"])) is not None:
            continue
        competition = operations.create_competition({
            "title": spec["title"], "description": spec["description"], "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=30), "is_published": True, "time_limit_seconds": 600,
            "competition_points": 100, "wrong_penalty": 2, "all_correct_bonus": 5}, actor=organiser)
        for question in spec["questions"]:
            operations.create_question(competition, _question(question), actor=organiser)
        added += 1
    return f"{added} quiz competitions added"
