"""Rewards: a catalogue managed by admins, and people's redemptions of rewards for points
(pending → approved → delivered, or rejected / cancelled with a refund).

Pages under ``/rewards/``; API under ``/api/v1/rewards`` and ``/api/v1/redemptions``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core.cli import register_demo_loader
    from arena.extensions import api
    from arena.identity.audit import register_event_types
    from arena.rewards import api as rewards_api
    from arena.rewards import demo, views
    from arena.web import register_nav

    register_event_types({
        "reward.redeemed": _l("Reward redeemed"),
        "redemption.approved": _l("Reward request approved"),
        "redemption.delivered": _l("Reward delivered"),
        "redemption.rejected": _l("Reward request rejected"),
        "redemption.cancelled": _l("Reward request cancelled"),
    }, details={"redemption_id": _l("request"), "reward_id": _l("reward"), "points": _l("points"),
                "previous": _l("previous state")})
    api.register_blueprint(rewards_api.blp)
    api.register_blueprint(rewards_api.redemptions_blp)
    app.register_blueprint(views.bp)
    register_nav(app, "rewards.catalogue", _l("Rewards"), order=46)
    from arena.core.dashboard import counter, oldest, register_queue
    from arena.rewards import queries
    from arena.rewards.models import Redemption

    register_queue(app, "redemptions", _l("Redemptions to handle"),
                   counter(queries.redemptions_stmt(status="pending")), "rewards.admin_queue", order=30,
                   since=oldest(queries.redemptions_stmt(status="pending"), Redemption.created_at),
                   rows=(Redemption,))
    register_demo_loader(app, "rewards", demo.load)
    from arena.core.dashboard import register_figure
    from arena.rewards.views import STATUS_LABELS

    register_figure(app, "redemptions-status", _l("Redemptions by status"), _l("Redemptions"),
                    lambda: queries.redemptions_by_status(STATUS_LABELS), order=50)
