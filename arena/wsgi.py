"""WSGI entry point for gunicorn: ``gunicorn arena.wsgi:app``."""

from arena import create_app

app = create_app()
