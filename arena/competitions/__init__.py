"""Quiz competitions: competitions and their questions (a registry of kinds), participants' timed
attempts with the deadline kept on the server, scoring with penalties and bonuses, results,
leaderboards kept incrementally, per-question statistics and CSV export.

Pages under ``/competitions/``, API under ``/api/v1/competitions``. Scored attempts are announced
with ``competition_attempt_scored`` so the points domain can credit the competition points.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.competitions import api, demo, receivers, tasks, views
    from arena.core.cli import register_demo_loader
    from arena.core.jobs_setup import add_beat_schedule
    from arena.extensions import api as rest_api
    from arena.web import register_nav, register_pages

    rest_api.register_blueprint(api.blp)
    register_pages(app, views.bp)
    register_nav(app, "competitions.competition_list", _l("Competitions"), order=25)
    add_beat_schedule(app, tasks.beat_schedule(app))
    register_demo_loader(app, "competitions", demo.load)
    receivers.connect()
    from arena.competitions import queries
    from arena.core.dashboard import register_figure

    register_figure(app, "competitions-status", _l("Competitions by status"), _l("Competitions"),
                    queries.competitions_by_status, order=21)
