"""Accessible video: uploads (resumable), processing with PyAV in the background, captions and an
accessible player. A video may hang on a contest submission, a competition answer, a chat message or
a profile introduction (``attachments``). Pages under ``/media/``, API under ``/api/v1/media``; files behind
``storage`` (``instance/media`` by default, ``MEDIA_STORAGE_PATH`` to move it)."""


def init_app(app) -> None:
    from arena.extensions import api
    from arena.media import api as media_api
    from arena.core import signals
    from arena.core.jobs_setup import add_beat_schedule
    from arena.media import answers, attachments, tasks, views
    from arena.web import register_pages

    answers.init_app(app)
    signals.chat_attachments_asked.connect(attachments.chat_attachments)
    signals.video_panel_asked.connect(views.panel)
    signals.video_attach_asked.connect(views.attach_url)
    _declare_settings()

    register_pages(app, views.bp)
    api.register_blueprint(media_api.blp)
    add_beat_schedule(app, tasks.BEAT_SCHEDULE)


def _declare_settings() -> None:
    from flask_babel import lazy_gettext as _l

    from arena.core import runtime

    runtime.declare(
        runtime.RuntimeSetting("media.max_upload_bytes", int, _l("Largest video accepted (bytes)"),
                               config="MEDIA_MAX_UPLOAD_BYTES", group="uploads"),
        runtime.RuntimeSetting("media.uploads_per_hour", int, _l("Uploads a user may start per hour"),
                               config="MEDIA_UPLOADS_PER_HOUR", group="uploads"),
    )
