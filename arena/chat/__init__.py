"""Chat: public and private rooms with roles (owner, moderator, member; banned), messages in plain
text with mentions and safe links, edit/delete within ``CHAT_EDIT_MINUTES``, mutes, direct messages
with blocking, one room per writing contest and per competition kept in step with its people
(``linked``), unread counts from each member's last-read message, history paged backwards by id.
Live updates: pages poll with ``ETag`` answered 304 from the room's cache generation (see ``views``).

Members report messages (``Report``) to the admin queue "Reported chat messages" (``/admin/chat-reports``),
where an administrator deletes the message or dismisses the report, audited.

Pages under ``/chat``; API under ``/api/v1/chat/rooms``, ``/api/v1/chat/direct``,
``/api/v1/chat/messages/<id>/report`` and ``/api/v1/admin/chat-reports``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.chat import api as chat_api
    from arena.chat import linked, models, views  # noqa: F401
    from arena.extensions import api
    from arena.web import register_nav

    api.register_blueprint(chat_api.blp)
    api.register_blueprint(chat_api.admin_blp)
    app.register_blueprint(views.bp)
    register_nav(app, "chat.rooms", _l("Chat"), signed_in=True, order=65)
    linked.connect()
    from arena.core.cli import register_demo_loader

    register_demo_loader(app, "chat", linked.demo_load)
    from arena.chat import queries
    from arena.core.dashboard import counter, oldest, register_queue
    from arena.identity.audit import register_event_types

    register_event_types({"chat.report.delete": _l("Reported chat message deleted by an administrator"),
                          "chat.report.dismiss": _l("Chat message report dismissed by an administrator")},
                         details={"report_id": _l("report"), "message_id": _l("message"), "room_id": _l("room"),
                                  "reason": _l("reason")})
    register_queue(app, "chat-reports", _l("Reported chat messages"), counter(queries.report_queue_stmt()),
                   "chat.reports_queue", order=65,
                   since=oldest(queries.report_queue_stmt(), models.Report.created_at), rows=(models.Report,))
