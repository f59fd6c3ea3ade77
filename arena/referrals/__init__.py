"""Referrals ("friend challenge"): every user has a code and a link; signing up through it records a
pending referral, verified when the new user completes a competition attempt or has a contest entry
accepted within the window, else expired. Amounts,
windows, caps and fraud thresholds are run-time settings (``settings``). Credits and milestones go through the points
ledger (capped per month and in total); fraud rules (``fraud``, a registry) flag referrals for the
admin queue. Sign-up IPs are kept only as keyed hashes, cleared after ``REFERRAL_IP_RETENTION_DAYS``.

Pages ``/referrals``, ``/r/<code>``, ``/admin/referrals``; API under ``/api/v1/referrals``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core import signals
    from arena.core.jobs_setup import add_beat_schedule
    from arena.extensions import api
    from arena.identity.audit import register_event_types
    from arena.referrals import api as referrals_api
    from arena.referrals import models, receivers, tasks, views  # noqa: F401
    from arena.web import register_nav

    register_event_types({"referral.verify": _l("Referral verified by an administrator"),
                          "referral.reject": _l("Referral rejected by an administrator")},
                         details={"referral_id": _l("referral"), "referred_id": _l("invited user"),
                                  "reason": _l("reason")})
    api.register_blueprint(referrals_api.blp)
    app.register_blueprint(views.bp)
    add_beat_schedule(app, tasks.BEAT_SCHEDULE)
    receivers.connect()
    from arena.referrals import settings

    settings.declare(app)
    signals.user_registered.connect(views.on_user_registered)
    register_nav(app, "referrals.mine", _l("Invite friends"), signed_in=True, order=70)
    from arena.core.dashboard import counter, oldest, register_queue
    from arena.referrals import queries

    register_queue(app, "flagged-referrals", _l("Flagged referrals"), counter(queries.queue_stmt()),
                   "referrals.queue", order=60, since=oldest(queries.queue_stmt(), models.Referral.created_at),
                   rows=(models.Referral,))
