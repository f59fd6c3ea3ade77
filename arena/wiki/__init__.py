"""Wiki integration: wiki registry, MediaWiki client, article facts, write-back, circuit breaker,
Wikimedia sign-in."""


def init_app(app) -> None:
    from arena.wiki import oauth, views

    oauth.init_app(app)
    app.register_blueprint(views.bp)
