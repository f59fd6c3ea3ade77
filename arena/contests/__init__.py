"""Contests: contests, organisers and jury, contest and trusted-member requests, submissions,
eligibility rules, fact refreshes, category imports and write-back."""

import logging

audit_log = logging.getLogger("arena.audit")


def _audit_contest_deleted(contest, actor=None, soft=False, **_extra):
    from arena.identity import audit

    audit.record("contest.deleted", actor=actor, details={"contest_id": contest.id, "slug": contest.slug,
                                                          "name": contest.name, "soft": soft})
    audit_log.info("contest %s (%s) deleted by user %s (%s)", contest.id, contest.slug, getattr(actor, "id", None),
                   "soft: it has submissions" if soft else "hard", extra={
                       "event": "contest.deleted", "contest_id": contest.id, "actor_id": getattr(actor, "id", None),
                       "soft": soft})


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.contests import api, api_requests, api_templates, api_umbrella, demo, models, operations, tasks, views  # noqa: F401
    from arena.core import signals
    from arena.core.cli import register_demo_loader
    from arena.core.jobs_setup import add_beat_schedule
    from arena.identity.audit import register_event_types
    from arena.extensions import api as rest_api
    from arena.web import register_nav, register_pages

    rest_api.register_blueprint(api.blp)
    rest_api.register_blueprint(api_requests.blp)
    rest_api.register_blueprint(api_umbrella.blp)
    rest_api.register_blueprint(api_templates.blp)
    register_pages(app, views.bp)
    register_nav(app, "contests.contest_list", _l("Contests"), order=20)
    _register_admin(app)
    add_beat_schedule(app, tasks.BEAT_SCHEDULE)
    register_event_types({"contest.deleted": _l("Contest deleted")})
    signals.contest_deleted.connect(_audit_contest_deleted, weak=False)
    from arena.contests import caching

    caching.watch()
    signals.wikimedia_account_linked.connect(operations.on_wikimedia_account_linked, weak=False)
    register_demo_loader(app, "contests", demo.load)
    from arena.contests import receivers

    receivers.connect()


def _register_admin(app) -> None:
    """Run-time settings and admin queues this domain shows on the admin dashboard."""
    from flask_babel import lazy_gettext as _l

    from arena.contests import queries
    from arena.core import runtime
    from arena.contests.models import ContestRequest, TrustedMemberRequest
    from arena.core.dashboard import counter, oldest, register_queue

    runtime.declare(runtime.RuntimeSetting(
        "contests.points_per_accepted_default", int,
        _l("Points per accepted submission offered by default when a contest is created"),
        default=0, minimum=0, maximum=1_000_000, group="points"))
    register_queue(app, "contest-requests", _l("Contest requests"),
                   counter(queries.pending_stmt("contest")), "contests.admin_requests", order=10,
                   since=oldest(queries.pending_stmt("contest"), ContestRequest.created_at), rows=(ContestRequest,))
    register_queue(app, "trusted-member-requests", _l("Trusted-member requests"),
                   counter(queries.pending_stmt("trusted")), "contests.admin_trusted", order=20,
                   since=oldest(queries.pending_stmt("trusted"), TrustedMemberRequest.created_at),
                   rows=(TrustedMemberRequest,))
    from arena.core.dashboard import register_figure

    register_figure(app, "contests-status", _l("Contests by status"), _l("Contests"), queries.contests_by_status,
                    order=20)
    register_figure(app, "submissions-daily", _l("Submissions per day"), _l("Submissions"),
                    queries.submissions_per_day, order=30)
