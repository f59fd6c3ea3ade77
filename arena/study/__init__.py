"""Study tracking: a learner's subjects, timed study sessions, totals, streaks and charts.

Private by design: only the owner sees or changes their subjects and sessions (anybody else gets
404). Pages under ``/study/``, API under ``/api/v1/subjects``, ``/api/v1/study-sessions`` and
``/api/v1/study/stats``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext

    from arena.core.cli import register_demo_loader
    from arena.extensions import api
    from arena.study import api as study_api
    from arena.study import demo, limits, session_views, views  # noqa: F401 (session_views adds routes)
    from arena.web import register_nav, register_pages

    register_pages(app, views.bp)
    api.register_blueprint(study_api.subjects_blp)
    api.register_blueprint(study_api.sessions_blp)
    api.register_blueprint(study_api.study_blp)
    limits.declare_settings()
    register_nav(app, "study.dashboard", lazy_gettext("Study"), signed_in=True, order=40)
    register_demo_loader(app, "study", demo.load)
