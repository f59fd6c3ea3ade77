"""Admin page of the jobs domain: failed jobs, each with why it failed and a retry button."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import paginate
from arena.core.errors import or_404
from arena.core.messages import render
from arena.identity.auth import request_origin
from arena.jobs import operations, queries
from arena.web.form_operations import run_form_operation
from arena.web.forms import ArenaForm

bp = Blueprint("jobs_admin", __name__, url_prefix="/admin/jobs", template_folder="templates")


class RetryForm(ArenaForm):
    pass


@bp.get("/failed")
@access.role("admin")
def admin_failed():
    page = paginate(queries.failed_jobs_stmt(), max(request.args.get("page", 1, type=int), 1), 20)
    rows = [{"job": job, "error": render(job.error, job.error_params) if job.error else ""} for job in page.items]
    return render_template("jobs/admin_failed.html", page=page, rows=rows, form=RetryForm())


@bp.post("/<int:job_id>/retry")
@access.role("admin")
def admin_retry(job_id):
    job = or_404(queries.get_job(job_id), _("No such job."))
    form = RetryForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    elif run_form_operation(None, operations.retry_job, job, actor=access.current_user_or_none(),
                            origin=request_origin()).ok:
        flash(_("Job %(id)d is queued again.", id=job.id), "success")
    return redirect(url_for("jobs_admin.admin_failed"), 303)
