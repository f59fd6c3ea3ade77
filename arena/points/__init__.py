"""Points economy: an append-only ledger of signed entries, balances derived from it, credits for
taking part (exactly once), admin adjustments, points packages and recorded purchases, and the
points leaderboard. Users cannot transfer points to each other.

Pages under ``/points/``; API under ``/api/v1/me/points``, ``/api/v1/users/<id>/points``,
``/api/v1/points/...`` and ``/api/v1/purchases``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core.cli import register_demo_loader
    from arena.extensions import api
    from arena.identity.audit import register_event_types
    from arena.points import api as points_api
    from arena.points import cli, demo, receivers, views
    from arena.web import register_nav

    register_event_types({
        "points.adjusted": _l("Points adjusted"),
        "points.purchase_recorded": _l("Points purchase recorded"),
        "points.purchase_declined": _l("Reported payment declined"),
    }, details={"amount": _l("amount"), "reason": _l("reason"), "entry_id": _l("ledger entry"),
                "request_id": _l("request"), "reference": _l("reference"), "purchase_id": _l("purchase"),
                "points": _l("points"), "currency": _l("currency")})
    api.register_blueprint(points_api.blp)
    api.register_blueprint(points_api.purchases_blp)
    app.register_blueprint(views.bp)
    receivers.connect()  # blinker keeps one connection per receiver, however many apps
    app.cli.add_command(cli.points_verify)
    register_nav(app, "points.mine", _l("My points"), signed_in=True, order=45)
    register_demo_loader(app, "points", demo.load)
    from arena.core.dashboard import register_figure
    from arena.points import queries

    from arena.core.dashboard import counter, oldest, register_queue, register_user_panel
    from arena.points.models import PurchaseRequest

    register_queue(app, "purchases-to-record", _l("Purchases to record"),
                   counter(queries.purchase_requests_stmt()), "points.admin_purchase_requests", order=40,
                   since=oldest(queries.purchase_requests_stmt(), PurchaseRequest.created_at),
                   rows=(PurchaseRequest,))

    register_user_panel(app, "points", "points/_admin_user_panel.html", views.user_panel, order=10)
    register_figure(app, "points-issued", _l("Points issued per week"), _l("Points"), queries.issued_per_week,
                    order=40)
    register_figure(app, "points-spent", _l("Points spent per week"), _l("Points"), queries.spent_per_week,
                    order=41)
    register_figure(app, "purchases-weekly", _l("Purchases recorded per week"), _l("Purchases"),
                    queries.purchases_per_week, order=51)
