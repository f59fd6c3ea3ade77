"""Notifications: the one way every domain tells a user something. A registry of kinds (``kinds``),
each a code with its template in every language and a default channel; notifications are stored as
kind + parameters and rendered in the reader's language. Each user chooses per kind: in the app only,
mailed too, in a daily digest mail, or off. Mail goes through ``arena.core.mail``.

Pages: ``/notifications`` (list, mark read), ``/notifications/settings``, and the bell on every page
(``/notifications/bell``, polled with ``ETag``; see ``views``). API under ``/api/v1/notifications``.
Other domains call ``arena.notifications.operations.notify(user_id, kind, params, link=...)``.
Administrators are alerted (``operations.alert_admins``, once per subject and period) about admin
queues waiting over a day (an hourly beat task), failed jobs (``job_failed``) and a wiki's circuit
breaker opening (``wiki_breaker_opened``).
"""


def init_app(app) -> None:
    from arena.core.jobs_setup import add_beat_schedule
    from arena.extensions import api
    from arena.notifications import api as notifications_api
    from arena.notifications import kinds, models, receivers, tasks, views  # noqa: F401

    api.register_blueprint(notifications_api.blp)
    app.register_blueprint(views.bp)
    add_beat_schedule(app, tasks.beat_schedule(app))
    receivers.connect()
