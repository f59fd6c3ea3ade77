"""Operations on linked Wikimedia accounts. Flush only; the request boundary commits."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from arena.core import signals
from arena.core.errors import Conflict, Forbidden
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import operations as identity_operations
from arena.identity import queries as identity_queries
from arena.wiki import crypto
from arena.wiki.models import WikimediaAccount

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]+")


def account_for_user(user_id: int) -> WikimediaAccount | None:
    return db.session.scalar(select(WikimediaAccount).where(WikimediaAccount.user_id == user_id))


def account_for_central_id(central_id: str) -> WikimediaAccount | None:
    return db.session.scalar(select(WikimediaAccount).where(WikimediaAccount.central_id == central_id))


def _free_username(wiki_username: str) -> str:
    base = _NOT_ALLOWED.sub("", wiki_username.replace(" ", "_"))[:28] or "wikimedian"
    if len(base) < 3:
        base = (base + "___")[:3]
    candidate, n = base, 1
    while identity_queries.find_user_by_login(candidate) is not None:
        n += 1
        candidate = f"{base[:28]}-{n}"
    return candidate


def store_tokens(account: WikimediaAccount, token: dict) -> None:
    account.access_token_enc = crypto.encrypt(token.get("access_token"))
    account.refresh_token_enc = crypto.encrypt(token.get("refresh_token"))
    expires_in = token.get("expires_in")
    account.token_expires_at = utcnow() + timedelta(seconds=int(expires_in)) if expires_in else None


def sign_in_with_wikimedia(profile: dict, token: dict, *, current_user=None):
    """Return the Arena user for this Wikimedia profile, linking or creating as needed.

    - a known Wikimedia account signs in its Arena user;
    - otherwise a signed-in user gets the Wikimedia account linked;
    - otherwise a new Arena account is created, named after the Wikimedia username.

    A banned user is refused before anything is written (not even their refreshed tokens).
    """
    central_id = str(profile["sub"])
    wiki_username = profile["username"]
    account = account_for_central_id(central_id)
    if account is not None:
        if current_user is not None and account.user_id != current_user.id:
            raise Conflict(_("That Wikimedia account is already linked to another Arena account."))
        user = identity_queries.get_user(account.user_id)
        if user.is_banned:
            raise Forbidden(_("This account cannot sign in."))
        account.username = wiki_username
        store_tokens(account, token)
        db.session.flush()
        return user, False
    if current_user is not None:
        if account_for_user(current_user.id) is not None:
            raise Conflict(_("Your Arena account is already linked to another Wikimedia account."))
        user = current_user
    else:
        email = profile.get("email") or f"wikimedia-{central_id}@users.invalid"
        if identity_queries.find_user_by_login(email) is not None:
            email = f"wikimedia-{central_id}@users.invalid"
        user = identity_operations.create_user(_free_username(wiki_username), email, None, via="wikimedia")
    account = WikimediaAccount(user_id=user.id, central_id=central_id, username=wiki_username)
    store_tokens(account, token)
    db.session.add(account)
    db.session.flush()
    signals.wikimedia_account_linked.send(user, wiki_username=wiki_username)
    return user, True


def editing_token(user_id: int) -> str | None:
    """The user's decrypted Wikimedia access token, for edits made on their behalf."""
    account = account_for_user(user_id)
    if account is None or (account.token_expires_at and account.token_expires_at <= utcnow()):
        return None
    return crypto.decrypt(account.access_token_enc)
