"""Celery entry point: ``celery -A arena.celery_app worker``."""

from arena import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
app = celery_app
