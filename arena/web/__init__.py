"""Page shell: layout, error pages, static assets, locale and accessibility selection,
and the operations endpoints (``/status``, ``/metrics``)."""


def init_app(app) -> None:
    from flask_babel import get_locale

    from arena.core import access
    from arena.web import i18n, views

    app.register_blueprint(views.bp)
    app.register_blueprint(views.ops)
    access.declare_endpoint(app, "static", access.Policy("public"))
    access.declare_endpoint(app, "web.static", access.Policy("public"))
    access.declare_endpoint(app, "api-docs.openapi_json", access.Policy("public"))

    @app.context_processor
    def page_context():
        lang = str(get_locale())
        prefs = i18n.current_prefs()
        return {
            "lang": lang,
            "dir": "rtl" if lang in app.config["RTL_LANGUAGES"] else "ltr",
            "prefs": prefs,
            "body_classes": i18n.body_classes(prefs),
            "current_user_or_none": access.current_user_or_none,
            "languages": {"en": "English", "ar": "العربية"},
        }

    @app.after_request
    def vary_on_preferences(response):
        if response.mimetype == "text/html":
            response.vary.add("Cookie")
            response.vary.add("Accept-Language")
        return response
