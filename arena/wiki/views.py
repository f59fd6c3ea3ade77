"""Wikimedia sign-in pages: start the OAuth flow, and the callback."""

from __future__ import annotations

import logging

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, current_app, flash, redirect, url_for
from flask_babel import gettext as _

from arena.core import access
from arena.core.errors import NotFound
from arena.identity import auth as identity_auth
from arena.wiki import accounts, oauth
from arena.web.form_operations import run_form_operation

bp = Blueprint("wiki", __name__, template_folder="templates")
log = logging.getLogger("arena.wiki")


@bp.get("/auth/wikimedia/login")
@access.public
def wikimedia_login():
    client = oauth.client()
    if client is None:
        raise NotFound(_("Wikimedia sign-in is not configured on this Arena."))
    return client.authorize_redirect(url_for("wiki.wikimedia_callback", _external=True))


@bp.get("/auth/wikimedia/callback")
@access.public
def wikimedia_callback():
    client = oauth.client()
    if client is None:
        raise NotFound(_("Wikimedia sign-in is not configured on this Arena."))
    try:
        token = client.authorize_access_token()
        profile = client.get("resource/profile", token=token).json()
    except (OAuthError, ValueError, OSError) as exc:
        log.warning("wikimedia sign-in failed: %s", exc)
        flash(_("Signing in with Wikimedia did not work. Please try again."), "error")
        return redirect(url_for("web.home")), 302
    if profile.get("blocked"):
        flash(_("This Wikimedia account is blocked and cannot sign in."), "error")
        return redirect(url_for("web.home"))
    me = access.current_user_or_none()
    outcome = run_form_operation(None, accounts.sign_in_with_wikimedia, profile, token, current_user=me)
    if not outcome.ok:  # refused before anything was written (a banned user's tokens are not kept)
        return redirect(url_for("web.home"))
    user, created = outcome.value
    if me is None:
        identity_auth.start_web_session(user, method="wikimedia")  # a fresh, recorded session
    flash(_("Signed in with Wikimedia as %(name)s.", name=profile["username"]) if me is None
          else _("Your Wikimedia account %(name)s is now linked.", name=profile["username"]), "success")
    current_app.logger.info("wikimedia sign-in", extra={"user_id": user.id, "account_created": created})
    return redirect(url_for("web.home"))
