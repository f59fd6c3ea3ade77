from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok
from arena.core.errors import NotFound
from arena.core.jobs_setup import enqueue
from arena.identity import auth
from arena.jobs import operations, queries, tasks
from arena.jobs.schemas import WorkerCheckArgs, JobSchema

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Background jobs and their state")


@blp.route("/<int:job_id>")
class JobItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(JobSchema))
    def get(self, job_id):
        """State and progress of a background job you started (admins see all)."""
        job = queries.get_job(job_id)
        if job is None or not job.can_view(access.current_user_or_none()):
            raise NotFound(_("No such job."))
        return ok(job)


@blp.route("/worker-check")
class WorkerCheck(MethodView):
    @access.role("admin")
    @blp.arguments(WorkerCheckArgs)
    @blp.response(202, envelope(JobSchema))
    def post(self, args):
        """Check that a Celery worker takes this installation's work: follow the job; its result
        names the worker process and how long the work waited in the queue."""
        job = operations.create_job(tasks.WORKER_CHECK, actor=access.current_user_or_none(), params=args)
        enqueue(tasks.check_worker, job.id)
        return ok(job, _("Queued"))


@blp.route("/<int:job_id>/cancel")
class JobCancel(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(JobSchema))
    def post(self, job_id):
        """Cancel a queued or running job you started (admins: any); 409 when it has finished."""
        job = queries.get_job(job_id)
        if job is None:
            raise NotFound(_("No such job."))
        return ok(operations.cancel_job(job, actor=access.current_user_or_none()), _("Cancelled"))


@blp.route("/<int:job_id>/retry")
class JobRetry(MethodView):
    @access.role("admin")
    @blp.response(202, envelope(JobSchema))
    def post(self, job_id):
        """Send a failed job again (admins): it is queued with its error cleared; 409 when it has not
        failed or its kind cannot be sent again."""
        job = queries.get_job(job_id)
        if job is None:
            raise NotFound(_("No such job."))
        return ok(operations.retry_job(job, actor=access.current_user_or_none(), origin=auth.request_origin()),
                  _("Queued"))
