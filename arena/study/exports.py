"""CSV export of a user's sessions, safe against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from datetime import date
from zoneinfo import ZoneInfo

from flask import Response

from arena.core.security import safe_cell
from arena.extensions import db
from arena.study import queries

HEADER = ["id", "subject", "started_at", "ended_at", "duration_minutes", "notes"]


def sessions_csv(user, *, subject_id: int | None, day_from: date | None, day_to: date | None,
                 tz: ZoneInfo) -> Response:
    starts_from, starts_before = queries.local_day_bounds(day_from, day_to, tz)
    stmt = queries.sessions_stmt(user.id, subject_id=subject_id, starts_from=starts_from,
                                 starts_before=starts_before, sort="start")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for s in db.session.scalars(stmt):
        writer.writerow([
            s.id, safe_cell(s.subject.name), s.started_at.astimezone(tz).isoformat(),
            s.ended_at.astimezone(tz).isoformat() if s.ended_at else "",
            "" if s.duration_minutes is None else s.duration_minutes, safe_cell(s.notes),
        ])
    resp = Response(buffer.getvalue(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = 'attachment; filename="study-sessions.csv"'
    return resp
