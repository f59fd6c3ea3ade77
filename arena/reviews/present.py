"""Plain dicts for the API and pages, with what a viewer may not see already left out."""

from __future__ import annotations

from arena.reviews import permissions, scoring

HIDDEN_FIELDS = ("decision", "marks", "parameter_scores", "score", "breakdown")


def person(user) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def marks_visible(contest, viewer, *, viewer_has_voted: bool) -> bool:
    """Hidden marks: a juror sees the others' marks only once they have voted themselves."""
    return permissions.sees_all_marks(contest, viewer) or viewer_has_voted


def review(item, viewer, *, show_marks: bool) -> dict:
    mine = viewer is not None and item.juror_id == viewer.id
    data = {"id": item.id, "submission_id": item.submission_id, "juror": person(item.juror), "mine": mine,
            "hidden": False, "decision": item.decision, "marks": item.marks,
            "parameter_scores": item.parameter_scores, "score": item.score, "breakdown": item.breakdown,
            "comment": item.comment, "private_note": item.private_note, "flags": item.flags or [],
            "created_at": item.created_at, "updated_at": item.updated_at}
    if not mine and not show_marks:
        data.update({field: None for field in HIDDEN_FIELDS})
        data["hidden"] = True
    return data


def outcome(item, contest) -> dict:
    config = scoring.contest_config(contest)
    if item is None:
        return {"state": "open", "tie": False, "decision": None, "score": None, "breakdown": {}, "review_count": 0,
                "quorum": config["quorum"], "flags": [], "decided_at": None}
    return {"state": item.state, "tie": item.state == "tie", "decision": item.decision, "score": item.score,
            "breakdown": item.breakdown or {}, "review_count": item.review_count, "quorum": config["quorum"],
            "flags": item.flags or [], "decided_at": item.decided_at}


def queue_item(submission, result, contest, *, reviewed_by_me: bool, show_marks: bool) -> dict:
    data = {"id": submission.id, "contest_id": submission.contest_id, "title": submission.title,
            "wiki_id": submission.wiki_id, "article_url": submission.article_url,
            "participant": person(submission.user), "status": submission.status,
            "created_at": submission.created_at, "rule_failures": len(submission.required_failures),
            "outcome": outcome(result, contest), "reviewed_by_me": reviewed_by_me}
    if not show_marks and not reviewed_by_me and data["outcome"]["state"] == "open":
        data["outcome"]["flags"] = []
    return data


def board_scopes(contest_id: int | None) -> tuple[str, ...]:
    """The page-cache scopes a leaderboard depends on: a contest's own, or every contest's."""
    return ("boards",) if contest_id is None else (f"contest:{contest_id}",)


def leaderboard_row(item) -> dict:
    entry = item["entry"]
    return {"rank": item["rank"], "participant": person(entry.user), "total_score": entry.total_score,
            "submissions": entry.submissions, "accepted": entry.accepted, "rejected": entry.rejected,
            "pending": entry.pending}


def totals(row) -> dict:
    if row is None:
        return {"participants": 0, "submissions": 0, "accepted": 0, "rejected": 0, "pending": 0,
                "total_score": "0.00", "updated_at": None}
    return {"participants": row.participants, "submissions": row.submissions, "accepted": row.accepted,
            "rejected": row.rejected, "pending": row.pending, "total_score": str(scoring.money(row.total_score)),
            "updated_at": row.updated_at.isoformat() if row.updated_at else None}


def my_submission(submission, result, comments: list[str]) -> dict:
    decided = result is not None and result.state in ("decided", "overridden")
    return {"id": submission.id, "contest": {"id": submission.contest.id, "name": submission.contest.name},
            "title": submission.title, "article_url": submission.article_url, "status": submission.status,
            "decided": decided, "score": result.score if decided else None,
            "breakdown": (result.breakdown or {}) if decided else {},
            "comments": comments if decided else [], "created_at": submission.created_at}
