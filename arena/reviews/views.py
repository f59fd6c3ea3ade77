"""Jury pages (dashboard, queue, review page, reports), leaderboards, my results.
Thin: load, authorise, call an operation, render."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from arena.core import access, pagecache
from arena.core.errors import NotFound
from arena.extensions import db
from arena.jobs import queries as job_queries
from arena.reviews import forms, operations, permissions, present, queries, reminders, reports, scoring
from arena.reviews.operations import rounds
from arena.web.form_operations import run_form_operation

bp = Blueprint("reviews", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets/reviews")


@bp.app_context_processor
def review_helpers():
    labels = {term.fact: term.label for term in scoring.AUTOMATED_TERMS}
    return {"term_label": lambda term: labels.get(term, term), "format_labels": forms.FORMAT_LABELS}


_me = access.current_user_or_none  # the caller, or None


def _jury_contest(contest_id: int):
    contest = queries.get_contest(contest_id)
    if contest is None or not permissions.can_view_jury(contest, _me()):
        raise NotFound(_("No such contest."))
    return contest


def _jury_submission(submission_id: int):
    submission = queries.get_submission(submission_id)
    if submission is None or not permissions.can_view_jury(submission.contest, _me()):
        raise NotFound(_("No such submission."))
    return submission


@bp.get("/jury")
@access.signed_in()
def jury_dashboard():
    me = _me()
    contests = queries.jury_contests(me)
    todo = queries.todo_counts([c.id for c, role in contests if role == "jury"], me)
    return render_template("reviews/dashboard.html", contests=contests, todo=todo)


@bp.get("/jury/contests/<int:contest_id>")
@access.signed_in()
def queue_page(contest_id: int):
    contest = _jury_contest(contest_id)
    me = _me()
    status = request.args.get("status") or None
    status = status if status in queries.QUEUE_STATUSES else None
    flag = request.args.get("flag") if request.args.get("flag") in forms.FLAG_LABELS else None
    todo = request.args.get("todo") == "1"
    page_no = max(1, request.args.get("page", 1, type=int) or 1)
    page = queries.page_rows(queries.queue_stmt(contest, me, status=status, flag=flag, todo=todo), page_no, 25)
    mine = queries.my_reviews_for([s.id for s, _o in page.items], me.id)
    organiser = permissions.can_override(contest, me)
    return render_template("reviews/queue.html", contest=contest, page=page, mine=mine, status=status, flag=flag,
                           todo=todo, flags=forms.FLAG_LABELS, is_juror=permissions.is_juror(contest, me),
                           can_export=permissions.can_export(contest, me),
                           behind=reminders.behind(contest) if organiser else None,
                           reminded=reminders.reminded_today(contest) if organiser else set(),
                           remind_form=forms.RemindForm())


@bp.post("/jury/contests/<int:contest_id>/remind")
@access.signed_in()
def remind_now(contest_id: int):
    contest = _jury_contest(contest_id)
    if not permissions.can_override(contest, _me()):
        raise NotFound(_("No such contest."))
    if forms.RemindForm().validate_on_submit():
        sent = reminders.remind(contest)
        flash(ngettext("%(num)s juror reminded.", "%(num)s jurors reminded.", sent) if sent else
              _("Nobody to remind: every juror who is behind was reminded today."), "success")
    return redirect(url_for("reviews.queue_page", contest_id=contest.id)), 303


def _review_context(submission, review_form=None, message_form=None, override_form=None):
    me = _me()
    contest = submission.contest
    mode, config, number, is_open = rounds.judging_of(submission)
    reviews = queries.reviews_of(submission.id)
    own = next((r for r in reviews if r.juror_id == me.id and r.round_number == number), None)
    show = present.marks_visible(contest, me, viewer_has_voted=own is not None)
    outcome = queries.get_outcome(submission.id)
    if review_form is None:
        form_cls = forms.review_form_class(mode, config)
        data = {}
        if own is not None:
            data = {"decision": own.decision, "comment": own.comment, "private_note": own.private_note,
                    "flags": own.flags, "marks": own.marks}
            for index, param in enumerate(config.get("parameters", [])):
                data[f"param_{index}"] = (own.parameter_scores or {}).get(param["name"])
        review_form = form_cls(data=data)
    return {
        "submission": submission, "contest": contest, "config": config,
        "reviews": [present.review(r, me, show_marks=show) for r in reviews], "own": own,
        "outcome": present.outcome(outcome, contest), "overrides": queries.overrides_of(submission.id),
        "thread": queries.thread_of(submission.id),
        "can_review": permissions.can_review(contest, me) and submission.user_id != me.id and is_open
        and mode != "ranking",
        "can_override": permissions.can_override(contest, me), "is_open": is_open,
        "review_form": review_form, "message_form": message_form or forms.MessageForm(),
        "override_form": override_form or forms.OverrideForm(),
    }


def _preview(submission) -> str | None:
    """Sanitised article HTML from the wiki service, when it is installed and the wiki answers."""
    try:
        from arena.wiki import service
    except ImportError:
        return None
    if not hasattr(service, "rendered_html"):
        return None
    from arena.core.security import sanitize_html

    try:
        return sanitize_html(service.rendered_html(submission.wiki_id, submission.title))
    except Exception:  # noqa: BLE001 - the page still works with the link alone
        return None


@bp.get("/jury/submissions/<int:submission_id>/preview")
@access.signed_in()
def preview_fragment(submission_id: int):
    """The article preview, fetched by HTMX after the page loads (the page never waits on the wiki)."""
    submission = _jury_submission(submission_id)
    return render_template("reviews/_preview.html", submission=submission, preview=_preview(submission))


@bp.get("/jury/submissions/<int:submission_id>")
@access.signed_in()
def review_page(submission_id: int):
    submission = _jury_submission(submission_id)
    return render_template("reviews/review.html", **_review_context(submission))


@bp.post("/jury/submissions/<int:submission_id>/review")
@access.signed_in()
def review_submit(submission_id: int):
    submission = _jury_submission(submission_id)
    mode, config, number, _open = rounds.judging_of(submission)
    form = forms.review_form_class(mode, config)()
    if not form.validate_on_submit():
        return render_template("reviews/review.html", **_review_context(submission, review_form=form)), 422
    data = {"decision": form.decision.data, "comment": form.comment.data or "",
            "private_note": form.private_note.data or "", "flags": form.flags.data or []}
    if mode == "simple" and form.decision.data == "accept":
        data["marks"] = form.marks.data
    if mode == "multi_parameter" and form.decision.data == "accept":
        data["parameter_scores"] = {p["name"]: getattr(form, f"param_{i}").data
                                    for i, p in enumerate(config.get("parameters", []))
                                    if getattr(form, f"param_{i}").data is not None}
    own = next((r for r in queries.reviews_of(submission.id)
                if r.juror_id == _me().id and r.round_number == number), None)
    if own is None:
        outcome = run_form_operation(None, operations.create_review, submission, actor=_me(), **data)
    else:
        outcome = run_form_operation(None, operations.update_review, own, submission, actor=_me(), **data)
    if not outcome.ok:
        return render_template("reviews/review.html", **_review_context(submission, review_form=form)), \
            outcome.status
    flash(_("Your review is saved."), "success")
    return redirect(url_for("reviews.review_page", submission_id=submission.id)), 303


@bp.post("/jury/submissions/<int:submission_id>/discussion")
@access.signed_in()
def discussion_post(submission_id: int):
    submission = _jury_submission(submission_id)
    form = forms.MessageForm()
    if form.validate_on_submit():
        if run_form_operation(None, operations.post_message, submission, actor=_me(), body=form.body.data).ok:
            flash(_("Message posted."), "success")
            return redirect(url_for("reviews.review_page", submission_id=submission.id, _anchor="discussion")), 303
    return render_template("reviews/review.html", **_review_context(submission, message_form=form)), 422


@bp.post("/jury/submissions/<int:submission_id>/override")
@access.signed_in()
def override_post(submission_id: int):
    submission = _jury_submission(submission_id)
    form = forms.OverrideForm()
    if form.validate_on_submit():
        outcome = run_form_operation(None, operations.override_result, submission, actor=_me(),
                                     status=form.status.data, reason=form.reason.data, score=form.score.data)
        if not outcome.ok:
            return render_template("reviews/review.html", **_review_context(submission, override_form=form)), \
                outcome.status
        flash(_("The result is overridden."), "success")
        return redirect(url_for("reviews.review_page", submission_id=submission.id)), 303
    return render_template("reviews/review.html", **_review_context(submission, override_form=form)), 422


# --- leaderboards ------------------------------------------------------------------------------
def _board_args():
    page_no = max(1, request.args.get("page", 1, type=int) or 1)
    flt = request.args.get("filter") if request.args.get("filter") in ("reviewed", "pending") else "all"
    sort_by = "submissions" if request.args.get("sort_by") == "submissions" else "score"
    return {"page": page_no, "per_page": 50, "filter": flt, "sort_by": sort_by}


def _board(contest):
    """The page's context; the table is rendered once per generation, page, filter and language and
    kept in the page cache (``arena.core.pagecache``) while the contest is public."""
    args = _board_args()
    contest_id = contest.id if contest else None

    def render():
        page, summary = queries.leaderboard_page(contest_id, **args)
        rows = [present.leaderboard_row(i) for i in page.items]
        return render_template("reviews/_leaderboard_table.html", page=page, rows=rows,
                               totals=present.totals(summary), args=args)

    if contest is not None and not contest.can_view(None):
        table = render()  # seen by its organisers only: not shared
    else:
        parts = ("board-html", contest_id or "all", args["filter"], args["sort_by"], args["page"], str(get_locale()))
        table = pagecache.cached_value(present.board_scopes(contest_id), parts, render)
    return {"contest": contest, "table": Markup(table), "args": args}


def _visible_contest(contest_id: int):
    contest = queries.get_contest(contest_id, alone=True)
    if contest is None or not contest.can_view(_me()):
        raise NotFound(_("No such contest."))
    return contest


@bp.get("/leaderboard")
@access.public
def leaderboard_global():
    return render_template("reviews/leaderboard.html", **_board(None))


@bp.get("/leaderboard/fragment")
@access.public
def leaderboard_global_fragment():
    return _board(None)["table"]


@bp.get("/leaderboards/<int:contest_id>")
@access.public
def leaderboard_page(contest_id: int):
    return render_template("reviews/leaderboard.html", **_board(_visible_contest(contest_id)))


@bp.get("/leaderboards/<int:contest_id>/fragment")
@access.public
def leaderboard_fragment(contest_id: int):
    return _board(_visible_contest(contest_id))["table"]


# --- reports -----------------------------------------------------------------------------------
@bp.route("/jury/contests/<int:contest_id>/reports", methods=["GET", "POST"])
@access.signed_in()
def reports_page(contest_id: int):
    contest = _jury_contest(contest_id)
    form = forms.ReportForm()
    if request.method == "POST":
        if form.validate_on_submit():
            reports.start_report(contest, _me(), form.format.data, top=form.top.data)
            flash(_("The export is being prepared; this page shows when it is ready."), "success")
            return redirect(url_for("reviews.reports_page", contest_id=contest.id)), 303
        status = 422
    else:
        status = 200
    return render_template("reviews/reports.html", contest=contest, form=form,
                           jobs=_report_jobs(contest)), status


@bp.get("/jury/contests/<int:contest_id>/reports/jobs")
@access.signed_in()
def report_jobs_fragment(contest_id: int):
    """The exports table alone: the reports page polls it while an export is being prepared."""
    contest = _jury_contest(contest_id)
    return render_template("reviews/_report_jobs.html", contest=contest, jobs=_report_jobs(contest))


def _report_jobs(contest) -> list:
    return job_queries.recent_jobs(reports.JOB_KIND, user_id=_me().id, params={"contest_id": contest.id})


# --- participants ------------------------------------------------------------------------------
@bp.get("/my-submissions")
@access.signed_in()
def my_submissions():
    page_no = max(1, request.args.get("page", 1, type=int) or 1)
    page = queries.page_rows(queries.my_submissions_stmt(_me()), page_no, 20)
    comments = queries.public_comments_for([s.id for s, _o in page.items])
    items = [present.my_submission(s, o, comments.get(s.id, [])) for s, o in page.items]
    return render_template("reviews/my_submissions.html", page=page, items=items)
