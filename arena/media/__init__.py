"""Accessible video: uploads (resumable), processing with PyAV in the background, captions and an
accessible player. A video may hang on a contest submission, a competition answer or a profile
introduction (``attachments``). Pages under ``/media/``, API under ``/api/v1/media``; files behind
``storage`` (``instance/media`` by default, ``MEDIA_STORAGE_PATH`` to move it)."""


def init_app(app) -> None:
    from arena.core import access
    from arena.extensions import api
    from arena.media import api as media_api
    from arena.media import answers, tasks, views

    answers.init_app(app)

    app.register_blueprint(views.bp)
    access.declare_endpoint(app, "media.static", access.Policy("public"))
    api.register_blueprint(media_api.blp)
    media_api.init_app(app)
    celery = app.extensions["celery"]
    celery.conf.beat_schedule = {**tasks.BEAT_SCHEDULE, **(celery.conf.beat_schedule or {})}
