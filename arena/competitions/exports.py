"""CSV export of a competition's attempts, safe against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io

from arena.competitions import queries
from arena.competitions.models import Competition
from arena.core.timeutil import isoformat
from arena.core.security import safe_cell

HEADER = ["attempt_id", "participant", "user_id", "number", "status", "started_at", "finished_at",
          "duration_seconds", "correct", "wrong", "unanswered", "raw_points", "penalties", "all_correct_bonus",
          "time_bonus", "total", "percent_correct", "reward_share", "points_earned"]


def attempts_csv(competition: Competition) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for a in queries.closed_attempts(competition.id):
        row = [a.id, a.user.name, a.user_id, a.number, a.status, isoformat(a.started_at), isoformat(a.finished_at),
               a.duration_seconds, a.correct, a.wrong, a.unanswered, a.raw_points, a.penalties, a.all_correct_bonus,
               a.time_bonus, a.total, a.percent_correct, a.reward_share, a.points_earned]
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
