"""Wikimedia sign-in (OAuth 2.0, Authlib). Endpoints are configurable so tests use a local provider.

Settings: ``WIKIMEDIA_OAUTH_CLIENT_ID``, ``WIKIMEDIA_OAUTH_CLIENT_SECRET`` and
``WIKIMEDIA_OAUTH_BASE_URL`` (default Meta-Wiki's ``https://meta.wikimedia.org/w/rest.php/oauth2``).
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth



def init_app(app) -> None:
    """One Authlib registry per app (clients are cached by name inside a registry)."""
    oauth = OAuth(app)
    app.extensions["arena_oauth"] = oauth
    if not app.config.get("WIKIMEDIA_OAUTH_CLIENT_ID"):
        return
    base = app.config["WIKIMEDIA_OAUTH_BASE_URL"].rstrip("/")
    oauth.register(
        "wikimedia",
        client_id=app.config["WIKIMEDIA_OAUTH_CLIENT_ID"],
        client_secret=app.config.get("WIKIMEDIA_OAUTH_CLIENT_SECRET"),
        authorize_url=f"{base}/authorize",
        access_token_url=f"{base}/access_token",
        api_base_url=f"{base}/",
        client_kwargs={"token_endpoint_auth_method": "client_secret_post", "timeout": 10},
    )


def client():
    """The registered Wikimedia client, or None when sign-in is not configured."""
    from flask import current_app

    if not current_app.config.get("WIKIMEDIA_OAUTH_CLIENT_ID"):
        return None
    return current_app.extensions["arena_oauth"].create_client("wikimedia")
