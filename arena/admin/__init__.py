"""Admin dashboard and run-time settings.

``/admin`` gathers the queues other domains register (``arena.core.dashboard``); ``/admin/settings``
and ``GET/PATCH /api/v1/admin/settings`` edit the run-time settings domains declare
(``arena.core.runtime``). Changing a setting needs a fresh password (``arena.identity.reauth``).
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.admin import api as admin_api
    from arena.admin import queries, views
    from arena.core import runtime
    from arena.extensions import api
    from arena.identity.audit import register_event_types
    from arena.web import register_nav

    register_event_types({"setting.changed": _l("Run-time setting changed")},
                          details={"name": _l("setting"), "old": _l("before"), "new": _l("after")})
    runtime.set_loader(queries.stored_values)
    runtime.declare(
        runtime.RuntimeSetting("site.notice", str, _l("Notice shown at the top of every page (empty: none)"),
                               default="", max_length=500, group="site"),
        runtime.RuntimeSetting("mail.digest_hour", int, _l("Hour of the day (UTC) the daily mail digest is sent"),
                               default=8, minimum=0, maximum=23, group="mail"),
    )
    app.register_blueprint(views.bp)
    api.register_blueprint(admin_api.blp)
    app.context_processor(views.site_notice)
    register_nav(app, "admin.dashboard", _l("Admin"), when=lambda user: user is not None and user.is_admin,
                 order=90)
