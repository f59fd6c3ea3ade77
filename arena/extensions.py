"""Extension singletons, created unbound and initialised in ``create_app``."""

from __future__ import annotations

from celery import Celery
from flask_babel import Babel
from flask_caching import Cache
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from arena.core.api import Api
from arena.core.models import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()
jwt = JWTManager()
login = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
cache = Cache()
babel = Babel()
celery = Celery("arena", set_as_current=True)
# One Celery app for the whole process. ``set_as_current`` only reaches the importing thread; a task
# sent from any other thread (gunicorn's request threads, a thread-pool worker, the CLI) would be
# bound to Celery's lazily made *default* app, whose broker is ``amqp://localhost`` — so the work
# would go to a broker nobody consumes from. Making Arena's app the default closes that for every
# thread at once.
celery.set_default()
