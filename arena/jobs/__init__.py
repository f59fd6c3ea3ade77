"""Background jobs: a durable record of work handed to Celery, its state and progress.

Any domain that starts long work (fact refreshes, imports, reports) creates a ``Job`` with
``operations.create_job`` and enqueues its task with the job id; the task reports progress through
``operations`` and the person who asked sees the state at ``GET /api/v1/jobs/<id>``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core.dashboard import counter, oldest, register_queue
    from arena.extensions import api
    from arena.identity.audit import register_event_types
    from arena.jobs import api as jobs_api
    from arena.jobs import queries, views
    from arena.jobs.models import Job
    from arena.jobs import tasks  # noqa: F401  (registers the task names)

    api.register_blueprint(jobs_api.blp)
    app.register_blueprint(views.bp)
    register_event_types({"job.retried": _l("Failed job sent again")},
                          details={"job_id": _l("job"), "kind": _l("kind")})
    register_queue(app, "failed-jobs", _l("Failed jobs"), counter(queries.failed_jobs_stmt()),
                   "jobs_admin.admin_failed", order=70, since=oldest(queries.failed_jobs_stmt(), Job.finished_at),
                   rows=(Job,))

    from arena.core.jobs_setup import on_send_failed
    from arena.jobs.operations import keep_unsent

    on_send_failed(keep_unsent)
    from arena.core.dashboard import register_figure

    job_states = {"queued": _l("Queued"), "running": _l("Running"), "failed": _l("Failed")}
    register_figure(app, "jobs-status", _l("Background jobs waiting, running and failed"), _l("Jobs"),
                    lambda: queries.jobs_by_status(job_states), order=60)
