"""Chat: public and private rooms with roles (owner, moderator, member; banned), messages in plain
text with mentions and safe links, edit/delete within ``CHAT_EDIT_MINUTES``, mutes, direct messages
with blocking, one room per writing contest and per competition kept in step with its people
(``linked``), unread counts from each member's last-read message, history paged backwards by id.
Live updates: pages poll with ``ETag`` answered 304 from the room's cache generation (see ``views``).

Pages under ``/chat``; API under ``/api/v1/chat/rooms`` and ``/api/v1/chat/direct``.
"""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from arena.chat import api as chat_api
    from arena.chat import linked, models, views  # noqa: F401
    from arena.extensions import api
    from arena.web import register_nav

    api.register_blueprint(chat_api.blp)
    app.register_blueprint(views.bp)
    register_nav(app, "chat.rooms", _l("Chat"), signed_in=True, order=65)
    linked.connect()
    from arena.core.cli import register_demo_loader

    register_demo_loader(app, "chat", linked.demo_load)
