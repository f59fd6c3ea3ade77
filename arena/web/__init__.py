"""Page shell: layout, error pages, static assets, locale and accessibility selection,
and the operations endpoints (``/status``, ``/metrics``)."""


def register_nav(app, endpoint: str, label, *, signed_in: bool = False, order: int = 50, when=None) -> None:
    """Domains add a main-navigation link (``label`` a lazy_gettext string). ``when(user)``, if
    given, says whether a signed-in user can use the page (the link is shown only then)."""
    if when is not None:
        signed_in = True
    app.extensions.setdefault("arena_nav", []).append((order, endpoint, label, signed_in, when))


def register_pages(app, bp) -> None:
    """Register a domain's blueprint of pages; its static files (``<name>.static``) are public."""
    from arena.core import access

    app.register_blueprint(bp)
    if bp.has_static_folder:
        access.declare_endpoint(app, f"{bp.name}.static", access.Policy("public"))


def init_app(app) -> None:
    from flask import url_for
    from flask_babel import get_locale

    from arena.core import access
    from arena.web import i18n, views

    register_pages(app, views.bp)
    app.register_blueprint(views.ops)
    if app.config.get("REDIS_URL"):
        from arena.core.cache import redis_status

        views.register_status_check(app, "redis", redis_status)
    access.declare_endpoint(app, "static", access.Policy("public"))
    access.declare_endpoint(app, "api-docs.openapi_json", access.Policy("public"))

    @app.context_processor
    def page_context():
        lang = str(get_locale())
        prefs = i18n.current_prefs()
        me = access.current_user_or_none()
        nav = [{"url": url_for(endpoint), "label": str(label)}
               for _order, endpoint, label, needs_user, when in sorted(app.extensions.get("arena_nav", []),
                                                                        key=lambda item: item[0])
               if (me is not None or not needs_user) and (when is None or when(me))]
        return {
            "nav_items": nav,
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
