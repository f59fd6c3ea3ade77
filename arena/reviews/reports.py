"""Contest reports, built in the background: leaderboard CSV, submissions CSV (facts, rule results,
every juror's marks, comments and flags), a PDF summary and a JSON export. Files are kept under the
instance folder ``reports/`` and downloaded through ``GET /api/v1/reports/<job id>/download``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app

from arena.core.messages import N_
from arena.contests.verdicts import verdict_text
from arena.core.jobs_setup import enqueue
from arena.core.security import safe_cell
from arena.core.timeutil import isoformat
from arena.jobs import operations as job_operations
from arena.reviews import present, queries, scoring

JOB_KIND = "contest_report"
FORMATS = {
    "leaderboard_csv": ("text/csv", "leaderboard.csv"),
    "submissions_csv": ("text/csv", "submissions.csv"),
    "pdf": ("application/pdf", "summary.pdf"),
    "json": ("application/json", "export.json"),
}
FACT_COLUMNS = ("size", "expansion_bytes", "bytes", "incoming_links", "outgoing_links", "new_references",
                "reused_references", "infoboxes", "images")


def report_dir(app) -> Path:
    path = Path(app.instance_path) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_report(contest, actor, fmt: str, *, top: int = 10):
    from arena.reviews import tasks

    from flask_babel import get_locale

    job = job_operations.create_job(JOB_KIND, actor=actor, params={"contest_id": contest.id, "format": fmt,
                                                                   "top": top, "locale": str(get_locale() or "en")})
    enqueue(tasks.build_report, job.id)
    return job


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets then read UTF-8 names right


def _round_positions(contest_id: int) -> list[int]:
    from arena.reviews.operations import rounds

    return [r.position for r in rounds.rounds_of(contest_id)]


def leaderboard_rows(contest_id: int) -> list[list[Any]]:
    """With judging rounds, ``total_score`` counts each entry's final result (the last round that
    decided it) and ``round N score`` sums the participant's entries' scores in round N."""
    from arena.reviews.operations import rounds

    positions = _round_positions(contest_id)
    per_round: dict[int, dict[int, Decimal]] = {}
    if positions:
        owners = {s.id: s.user_id for s, _o in queries.contest_submissions(contest_id)}
        for sid, results in rounds.scores_by_round(contest_id).items():
            for position, result in results.items():
                if result.score is not None and owners.get(sid) is not None:
                    row = per_round.setdefault(owners[sid], {})
                    row[position] = row.get(position, Decimal(0)) + Decimal(result.score)
    rows = [["rank", "participant", "user_id", "total_score", "submissions", "accepted", "rejected", "pending",
             *[f"round {p} score" for p in positions]]]
    for item in queries.full_leaderboard(contest_id):
        e = item["entry"]
        mine = per_round.get(e.user_id, {})
        rows.append([item["rank"], e.user.name, e.user_id, scoring.money(e.total_score), e.submissions, e.accepted,
                     e.rejected, e.pending, *[scoring.money(mine[p]) if p in mine else "" for p in positions]])
    return rows


def submissions_rows(contest) -> list[list[Any]]:
    subs = queries.contest_submissions(contest.id)
    reviews = queries.contest_reviews(contest.id)
    jurors: dict[int, str] = {}
    for items in reviews.values():
        for r in items:
            jurors.setdefault(r.juror_id, r.juror.name if r.juror else f"#{r.juror_id}")
    juror_ids = sorted(jurors)
    from arena.reviews.operations import rounds

    positions = _round_positions(contest.id)
    by_round = rounds.scores_by_round(contest.id) if positions else {}
    header = ["id", "title", "wiki", "article_url", "participant", "wiki_username", "submitted_at", "status",
              "result", "score", *FACT_COLUMNS, "rule_results", "flags"]
    header += [f"round {p} {what}" for p in positions for what in ("result", "score")]
    if positions:
        header.append("final round")
    for jid in juror_ids:
        name = jurors[jid]
        header += [f"{name}: decision", f"{name}: marks", f"{name}: score", f"{name}: comment", f"{name}: flags",
                   f"{name}: private note"]
    rows = [header]
    bytes_measure = scoring.contest_config(contest).get("bytes_measure", "size")
    for sub, outcome in subs:
        snap = sub.snapshot or {}
        facts = scoring.snapshot_facts(snap, bytes_measure)
        fact_values = [snap.get("size"), snap.get("expansion_bytes"), *[facts[k] for k in FACT_COLUMNS[2:]]]
        rules = "; ".join(f"{r.get('rule')}={r.get('status')}" + (f" ({text})" if (text := verdict_text(r)) else "")
                          for r in sub.rule_results or [])
        row = [sub.id, sub.title, sub.wiki_id, sub.article_url, sub.user.name if sub.user else "",
               sub.wiki_username or "", isoformat(sub.created_at), sub.status,
               outcome.state if outcome else "open",
               scoring.money(outcome.score) if outcome and outcome.score is not None else "",
               *fact_values, rules, " ".join(outcome.flags or []) if outcome else ""]
        results = by_round.get(sub.id, {})
        for p in positions:
            result = results.get(p)
            row += ([result.decision or result.state, scoring.money(result.score) if result.score is not None else ""]
                    if result else ["", ""])
        if positions:
            row.append((outcome.breakdown or {}).get("round", "") if outcome else "")
        by_juror = {r.juror_id: r for r in reviews.get(sub.id, [])}
        for jid in juror_ids:
            r = by_juror.get(jid)
            row += ([r.decision, r.marks if r.marks is not None else json.dumps(r.parameter_scores or {}),
                     scoring.money(r.score), r.comment, " ".join(r.flags or []), r.private_note]
                    if r else ["", "", "", "", "", ""])
        rows.append(row)
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return isoformat(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def json_export(contest) -> bytes:
    reviews = queries.contest_reviews(contest.id)
    data = {
        "contest": {"id": contest.id, "name": contest.name, "slug": contest.slug, "starts_at": contest.starts_at,
                    "ends_at": contest.ends_at, "scoring_mode": contest.scoring_mode,
                    "scoring_config": contest.scoring_config},
        "totals": present.totals(queries.totals(contest.id)),
        "leaderboard": [present.leaderboard_row(i) for i in queries.full_leaderboard(contest.id)],
        "submissions": [
            {"id": s.id, "title": s.title, "wiki_id": s.wiki_id, "article_url": s.article_url,
             "participant": present.person(s.user), "status": s.status, "submitted_at": s.created_at,
             "snapshot": s.snapshot,
             "rule_results": [{**r, "message": verdict_text(r)} for r in s.rule_results or []],
             "outcome": present.outcome(o, contest),
             "reviews": [present.review(r, None, show_marks=True) for r in reviews.get(s.id, [])]}
            for s, o in queries.contest_submissions(contest.id)],
    }
    return json.dumps(_jsonable(data), ensure_ascii=False, indent=2).encode("utf-8")


def build(job) -> dict[str, Any]:
    """Write the report file of ``job``; returns the job result (file name, type, download link)."""
    from arena.reviews.pdf import summary_pdf

    params = job.params or {}
    contest = queries.get_contest(params.get("contest_id", -1))
    if contest is None:
        raise LookupError("The contest no longer exists.")
    fmt = params.get("format")
    mimetype, suffix = FORMATS[fmt]
    job_operations.report_progress(job, 10, N_("Collecting"))
    if fmt == "leaderboard_csv":
        content = _csv(leaderboard_rows(contest.id))
    elif fmt == "submissions_csv":
        content = _csv(submissions_rows(contest))
    elif fmt == "json":
        content = json_export(contest)
    else:
        content = summary_pdf(contest, top=params.get("top", 10), locale=params.get("locale", "en"))
    job_operations.report_progress(job, 90, N_("Writing"))
    name = f"{job.id}-{contest.slug}-{suffix}"
    (report_dir(current_app) / name).write_bytes(content)
    return {"file": name, "mimetype": mimetype, "download_name": f"{contest.slug}-{suffix}",
            "download_url": f"/api/v1/reports/{job.id}/download", "bytes": len(content)}
