"""Wiki integration: wiki registry, MediaWiki client, article facts, write-back, circuit breaker,
Wikimedia sign-in."""


def init_app(app) -> None:
    from arena.extensions import api as rest
    from arena.web.views import register_status_check
    from arena.wiki import api, oauth, service, views

    oauth.init_app(app)
    app.register_blueprint(views.bp)
    rest.register_blueprint(api.blp)
    register_status_check(app, "wikis", service.breaker_states)
