"""Reviews: jury review and scoring (a registry of scoring modes), quorum and assignments, the jury's
discussion, organisers' overrides, incrementally kept leaderboards, contest reports (CSV, PDF, JSON).
Contests and submissions belong to ``arena.contests``."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core.cli import register_demo_loader
    from arena.core.jobs_setup import add_beat_schedule
    from arena.extensions import api
    from arena.jobs.tasks import register_dispatch
    from arena.reviews import api as reviews_api
    from arena.reviews import api_boards, api_rounds, cli, models, queries, receivers, tasks, views, views_rounds  # noqa: F401
    from arena.reviews.reports import JOB_KIND
    from arena.web import register_nav, register_pages

    api.register_blueprint(reviews_api.blp)
    api.register_blueprint(api_boards.blp)
    api.register_blueprint(api_rounds.blp)
    register_pages(app, views.bp)
    register_nav(app, "reviews.leaderboard_global", _l("Leaderboard"), order=40)
    register_nav(app, "reviews.jury_dashboard", _l("Jury"), order=60,
                 when=queries.judges_or_organises)  # jurors and organisers only
    register_nav(app, "reviews.my_submissions", _l("My submissions"), signed_in=True, order=61)
    register_dispatch(JOB_KIND, tasks.build_report)
    add_beat_schedule(app, tasks.BEAT_SCHEDULE)
    from arena.identity.audit import register_event_types

    from flask_babel import gettext

    from arena.notifications.kinds import Kind, register_kind

    register_kind(Kind("round_opened", _l("A judging round I am on opens"),
                       lambda p: gettext("Judging round %(round)s is open for your reviews.", round=p.get("round", "")),
                       lambda p: gettext("A judging round is open")))
    register_event_types({"contest.round_added": _l("Judging round added"),
                          "contest.round_closed": _l("Judging round closed")},
                         details={"contest_id": _l("contest"), "round": _l("round"),
                                  "scoring_mode": _l("scoring mode"), "rule": _l("rule"), "kept": _l("kept"),
                                  "candidates": _l("candidates")})
    if not app.extensions.get("arena_reviews_connected"):
        receivers.connect()  # blinker holds receivers process-wide: connect once
    app.extensions["arena_reviews_connected"] = True
    app.cli.add_command(cli.leaderboard_rebuild)
    from arena.reviews import demo

    register_demo_loader(app, "reviews", demo.load)
    from arena.core.dashboard import register_figure
    from arena.reviews import queries

    register_figure(app, "reviews-daily", _l("Reviews per day"), _l("Reviews"), queries.reviews_per_day, order=31)
