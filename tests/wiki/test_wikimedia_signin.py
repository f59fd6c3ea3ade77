"""Wikimedia sign-in end to end: Arena's Authlib client against a local OAuth 2 provider over HTTP."""

from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select

from arena.core import signals
from arena.extensions import db
from arena.identity.models import User
from tests.conftest import sign_in_session
from arena.wiki import accounts
from arena.wiki.models import WikimediaAccount
from tests.support.oauth_provider import LocalOAuthProvider


@pytest.fixture
def provider():
    server = LocalOAuthProvider().start()
    yield server
    server.stop()


@pytest.fixture
def oauth_app(config, provider, request):
    config.update(WIKIMEDIA_OAUTH_CLIENT_ID=provider.client_id, WIKIMEDIA_OAUTH_CLIENT_SECRET=provider.client_secret,
                  WIKIMEDIA_OAUTH_BASE_URL=provider.base_url, SERVER_NAME="arena.test")
    return request.getfixturevalue("app")


def run_flow(client):
    """Start at Arena, let the provider approve, come back to Arena's callback."""
    start = client.get("/auth/wikimedia/login")
    assert start.status_code == 302
    approved = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert approved.status_code == 302
    back = urlsplit(approved.headers["Location"])
    assert back.path == "/auth/wikimedia/callback"
    return client.get(f"{back.path}?{back.query}")


def test_first_sign_in_creates_a_linked_account_and_signs_in(oauth_app, provider):
    linked = []
    signals.wikimedia_account_linked.connect(lambda user, **kw: linked.append(kw["wiki_username"]), weak=False)
    client = oauth_app.test_client()
    done = run_flow(client)
    assert done.status_code == 302
    assert "POST /w/rest.php/oauth2/access_token" in provider.requests
    db.session.rollback()
    account = db.session.scalar(select(WikimediaAccount))
    user = db.session.get(User, account.user_id)
    assert account.username == "Example Wikimedian" and account.central_id == "1001"
    assert user.username == "Example_Wikimedian" and user.password_hash is None
    # tokens are stored encrypted, and can be read back for editing
    assert account.access_token_enc and account.access_token_enc not in provider.tokens
    assert accounts.editing_token(user.id) in provider.tokens
    assert linked == ["Example Wikimedian"]
    # the browser is now signed in
    with client.session_transaction() as sess:
        assert sess["_user_id"] == str(user.id)


def test_second_sign_in_reuses_the_account(oauth_app):
    run_flow(oauth_app.test_client())
    run_flow(oauth_app.test_client())
    db.session.rollback()
    assert len(db.session.scalars(select(User)).all()) == 1
    assert len(db.session.scalars(select(WikimediaAccount)).all()) == 1


def test_signed_in_user_links_their_wikimedia_account(oauth_app, create_user):
    me = create_user("arenauser")
    client = oauth_app.test_client()
    sign_in_session(client, me)
    run_flow(client)
    db.session.rollback()
    account = db.session.scalar(select(WikimediaAccount))
    assert account.user_id == me.id
    assert len(db.session.scalars(select(User)).all()) == 1


def test_tampered_state_is_refused_and_creates_nothing(oauth_app):
    client = oauth_app.test_client()
    start = client.get("/auth/wikimedia/login")
    approved = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(approved.headers["Location"])
    query = back.query.replace("state=", "state=forged")
    resp = client.get(f"{back.path}?{query}")
    assert resp.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(WikimediaAccount)) is None
    assert db.session.scalar(select(User)) is None


def test_blocked_wikimedia_accounts_cannot_sign_in(oauth_app, provider):
    provider.profile["blocked"] = True
    run_flow(oauth_app.test_client())
    db.session.rollback()
    assert db.session.scalar(select(User)) is None


def test_sign_in_is_unavailable_when_not_configured(app):
    assert app.test_client().get("/auth/wikimedia/login").status_code == 404


def test_banned_user_is_refused_and_their_refreshed_tokens_are_not_stored(oauth_app, provider):
    run_flow(oauth_app.test_client())
    db.session.rollback()
    account = db.session.scalar(select(WikimediaAccount))
    first_token = accounts.editing_token(account.user_id)
    db.session.get(User, account.user_id).is_banned = True
    db.session.commit()

    client = oauth_app.test_client()
    done = run_flow(client)

    assert done.status_code == 302
    db.session.rollback()
    assert len(provider.tokens) == 2  # the provider did hand out a fresh token ...
    assert accounts.editing_token(account.user_id) == first_token  # ... which Arena did not keep
    with client.session_transaction() as sess:
        assert "_user_id" not in sess
    with client.session_transaction() as sess:
        flashes = [message for _category, message in sess.get("_flashes", [])]
    assert "This account cannot sign in." in flashes
