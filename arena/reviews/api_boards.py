"""Leaderboards, participants' own submissions and report exports."""

from __future__ import annotations

import math
from pathlib import Path

from flask import current_app, send_file
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access, pagecache
from arena.core.api import Blueprint, envelope, ok, ok_page
from arena.core.errors import Conflict, NotFound
from arena.jobs import queries as job_queries
from arena.jobs.schemas import JobSchema
from arena.reviews import operations, permissions, present, queries, reports
from arena.reviews.schemas import (
    LeaderboardArgs, LeaderboardEnvelopeSchema, MySubmissionArgs, MySubmissionSchema, ReportInSchema,
)

blp = Blueprint("leaderboards_api", __name__, url_prefix="/api/v1",
                description="Leaderboards, my submissions and contest reports")


_me = access.current_user_or_none  # the caller, or None


def _board(contest_id, args):
    page, summary = queries.leaderboard_page(contest_id, filter=args["filter"], min_score=args.get("min_score"),
                                             sort_by=args["sort_by"], page=args["page"], per_page=args["per_page"])
    body = ok_page(page, items=[present.leaderboard_row(i) for i in page.items])
    body["meta"]["totals"] = present.totals(summary)
    return body


def _cached_board(contest_id, args):
    """The board as JSON bytes, answered from the page cache (``ETag``, 304) while the contest is
    public; a contest only some may see (unpublished, to its organisers) is answered uncached."""
    def build():
        if contest_id is not None:
            contest = queries.get_contest(contest_id)
            if contest is None or not contest.can_view(None):
                return None
        return pagecache.dumps(LeaderboardEnvelopeSchema().dump(_board(contest_id, args)))

    def fallback():
        contest = queries.get_contest(contest_id)
        if contest is None or not contest.can_view(_me()):
            raise NotFound(_("No such contest."))
        return _board(contest.id, args)

    scopes = present.board_scopes(contest_id)
    parts = ("board", contest_id or "all", args["filter"], args.get("min_score"), args["sort_by"], args["page"],
             args["per_page"])
    return pagecache.json_answer(scopes, parts, build, fallback, until=math.inf)  # parts: the request's alone


@blp.route("/contests/<int:contest_id>/leaderboard")
class ContestLeaderboard(MethodView):
    @access.public
    @blp.arguments(LeaderboardArgs, location="query")
    @blp.response(200, LeaderboardEnvelopeSchema)
    def get(self, args, contest_id):
        """A contest's leaderboard (competition ranking: 1, 2, 2, 4); contest totals in ``meta.totals``."""
        return _cached_board(contest_id, args)


@blp.route("/leaderboard")
class GlobalLeaderboard(MethodView):
    @access.public
    @blp.arguments(LeaderboardArgs, location="query")
    @blp.response(200, LeaderboardEnvelopeSchema)
    def get(self, args):
        """Every participant across every contest."""
        return _cached_board(None, args)


@blp.route("/me/submission-results")
class MySubmissions(MethodView):
    @access.signed_in()
    @blp.arguments(MySubmissionArgs, location="query")
    @blp.response(200, envelope(MySubmissionSchema, many=True))
    def get(self, args):
        """My submissions across contests: status, score and its breakdown, and jurors' comments
        once the result is decided (never the jury's private notes)."""
        me = _me()
        page_no, per_page = args.pop("page"), args.pop("per_page")
        page = queries.page_rows(queries.my_submissions_stmt(me, **args), page_no, per_page)
        comments = queries.public_comments_for([s.id for s, _o in page.items])
        return ok_page(page, items=[present.my_submission(s, o, comments.get(s.id, [])) for s, o in page.items])


@blp.route("/contests/<int:contest_id>/reports")
class ContestReports(MethodView):
    @access.signed_in()
    @blp.arguments(ReportInSchema)
    @blp.response(202, envelope(JobSchema))
    def post(self, args, contest_id):
        """Export the contest (leaderboard CSV, submissions CSV, PDF summary or JSON) in the background;
        follow ``GET /api/v1/jobs/<id>`` and download from ``GET /api/v1/reports/<id>/download``."""
        contest = queries.get_contest(contest_id)
        if contest is None or not permissions.can_export(contest, _me()):
            raise NotFound(_("No such contest."))
        job = reports.start_report(contest, _me(), args["format"], top=args["top"])
        return ok(job, _("Queued"))


@blp.route("/reports/<int:job_id>/download")
class ReportDownload(MethodView):
    @access.signed_in()
    @blp.response(200)
    def get(self, job_id):
        """The finished report file (the contest's organisers, jurors and admins)."""
        job = job_queries.get_job(job_id)
        contest = queries.get_contest((job.params or {}).get("contest_id", -1)) if job is not None \
            and job.kind == reports.JOB_KIND else None
        if contest is None or not permissions.can_export(contest, _me()):
            raise NotFound(_("No such report."))
        if job.status != "succeeded" or not job.result:
            raise Conflict(_("The report is not ready yet."))
        path = reports.report_dir(current_app) / Path(job.result["file"]).name
        if not path.is_file():
            raise NotFound(_("The report file is gone; export it again."))
        return send_file(path, mimetype=job.result["mimetype"], as_attachment=True,
                         download_name=job.result["download_name"], max_age=0)
