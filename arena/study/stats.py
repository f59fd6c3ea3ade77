"""Study statistics: minutes per day, per week and per subject, streaks and goal progress.

Rules (also in the API description):

- Days are calendar days in the time zone asked for (IANA name, default UTC). A session that
  crosses local midnight is split there: each day gets the minutes that fell in it (times are kept
  to the minute, so the parts are whole minutes and add up to the session's duration).
- Weeks start on Monday (ISO 8601); a week is reported with the minutes of its days inside the
  range.
- A study day is a day with at least one minute of finished study. The longest streak is the
  longest run of consecutive study days ever; the current streak is the run ending today, or
  ending yesterday when today has no study yet (it is still alive until today ends).
- Running sessions (a timer with no end yet) count once they are stopped.
- Goal progress uses all finished sessions of the subject, whatever the range.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo, available_timezones

from arena.core.errors import ValidationFailed

MAX_RANGE_DAYS = 366
DEFAULT_RANGE_DAYS = 28


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone called ``name`` (UTC when empty); anything else is a 422 naming ``tz``."""
    from flask_babel import lazy_gettext as _l

    name = name or "UTC"
    if name not in _zone_names():
        raise ValidationFailed({"tz": _l("Unknown time zone; use an IANA name such as Asia/Riyadh.")})
    return ZoneInfo(name)


def check_range(day_from: date | None, day_to: date | None, today: date) -> tuple[date, date]:
    from flask_babel import lazy_gettext as _l

    day_to = day_to or today
    day_from = day_from or day_to - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if day_from > day_to:
        raise ValidationFailed({"from": _l("The start date must not be after the end date.")})
    if (day_to - day_from).days + 1 > MAX_RANGE_DAYS:
        raise ValidationFailed({"to": _l("Ask for at most %(days)s days at a time.", days=MAX_RANGE_DAYS)})
    return day_from, day_to


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def split_by_day(start: datetime, end: datetime, tz: ZoneInfo) -> Iterable[tuple[date, int]]:
    """``(local day, minutes)`` parts of the span [start, end) cut at local midnights."""
    start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)  # real, not wall-clock, time
    day = start.astimezone(tz).date()
    while True:
        next_midnight = local_midnight(day + timedelta(days=1), tz).astimezone(timezone.utc)
        piece_end = min(end, next_midnight)
        piece_start = max(start, local_midnight(day, tz).astimezone(timezone.utc))
        minutes = int((piece_end - piece_start).total_seconds() // 60)
        if minutes > 0:
            yield day, minutes
        if end <= next_midnight:
            return
        day += timedelta(days=1)


def minutes_by_day_and_subject(spans, tz: ZoneInfo) -> dict[tuple[date, int], int]:
    totals: dict[tuple[date, int], int] = defaultdict(int)
    for subject_id, start, end in spans:
        for day, minutes in split_by_day(start, end, tz):
            totals[(day, subject_id)] += minutes
    return totals


def streaks(study_days: set[date], today: date) -> tuple[int, int]:
    """``(current, longest)`` runs of consecutive study days."""
    longest = 0
    for day in study_days:
        if day - timedelta(days=1) in study_days:
            continue  # not the first day of a run
        length = 1
        while day + timedelta(days=length) in study_days:
            length += 1
        longest = max(longest, length)
    anchor = today if today in study_days else today - timedelta(days=1)
    current = 0
    while anchor - timedelta(days=current) in study_days:
        current += 1
    return current, longest


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class SubjectInfo:
    id: int
    name: str
    hours_goal: float | None
    completed_minutes: int


def compute(*, range_spans, history_spans, subjects: list[SubjectInfo], day_from: date, day_to: date,
            tz: ZoneInfo, today: date) -> dict:
    """Everything the stats endpoint and the study page show, from plain rows (no database here)."""
    names = {s.id: s.name for s in subjects}
    by_day_subject = {key: m for key, m in minutes_by_day_and_subject(range_spans, tz).items()
                      if day_from <= key[0] <= day_to}
    daily_totals: dict[date, int] = defaultdict(int)
    subject_totals: dict[int, int] = defaultdict(int)
    weekly: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (day, subject_id), minutes in by_day_subject.items():
        daily_totals[day] += minutes
        subject_totals[subject_id] += minutes
        weekly[week_start(day)][subject_id] += minutes

    days = [day_from + timedelta(days=i) for i in range((day_to - day_from).days + 1)]
    weeks = sorted({week_start(d) for d in days})
    history_days = {day for (day, _s), m in minutes_by_day_and_subject(history_spans, tz).items() if m > 0}
    current, longest = streaks(history_days, today)

    def subject_rows(minutes_by_subject: dict[int, int]) -> list[dict]:
        return [{"subject_id": sid, "name": names.get(sid, "?"), "minutes": m}
                for sid, m in sorted(minutes_by_subject.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
                if m > 0]

    progress = []
    for s in subjects:
        goal_minutes = round(s.hours_goal * 60) if s.hours_goal else None
        percent = round(100 * s.completed_minutes / goal_minutes, 1) if goal_minutes else None
        progress.append({"subject_id": s.id, "name": s.name, "completed_minutes": s.completed_minutes,
                         "goal_minutes": goal_minutes, "percent": percent})
    return {
        "date_from": day_from, "date_to": day_to, "tz": tz.key,
        "total_minutes": sum(daily_totals.values()),
        "study_days": sum(1 for d in days if daily_totals.get(d)),
        "daily": [{"date": d, "minutes": daily_totals.get(d, 0)} for d in days],
        "weekly": [{"week_start": w, "minutes": sum(weekly[w].values()), "subjects": subject_rows(weekly[w])}
                   for w in weeks],
        "subjects": subject_rows(subject_totals),
        "current_streak": current,
        "longest_streak": longest,
        "progress": progress,
    }


def stats_for(user, *, day_from: date | None, day_to: date | None, tz: ZoneInfo, now: datetime) -> dict:
    """Load a user's rows (three queries) and compute the stats for the local-date range."""
    from arena.study import queries

    today = now.astimezone(tz).date()
    day_from, day_to = check_range(day_from, day_to, today)
    since, until = local_midnight(day_from, tz), local_midnight(day_to + timedelta(days=1), tz)
    subjects = queries.subjects_with_totals(user.id)
    infos = [SubjectInfo(s.id, s.name, s.hours_goal, s.completed_minutes) for s in subjects]
    history = queries.finished_spans(user.id)
    in_range = [row for row in history if row[2] > since and row[1] < until]
    return compute(range_spans=in_range, history_spans=history, subjects=infos, day_from=day_from,
                   day_to=day_to, tz=tz, today=today)
