"""A local OAuth 2.0 authorization server shaped like Wikimedia's (rest.php/oauth2), served over
HTTP on a free port, so Arena's real Authlib client runs the whole flow against it.

Wikimedia's own servers cannot be reached from here; this provider implements the parts of the
protocol Arena uses: ``/authorize`` (authorization code, auto-approved for the configured user),
``/access_token`` (code exchange, client authentication, single-use codes) and
``/resource/profile`` (Bearer token).
"""

from __future__ import annotations

import secrets
import threading
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from werkzeug.serving import make_server

from tests.support.services import free_port


class LocalOAuthProvider:
    def __init__(self, client_id="arena-test-client", client_secret="arena-test-secret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.profile = {"sub": "1001", "username": "Example Wikimedian", "editcount": 512,
                        "confirmed_email": True, "blocked": False, "registered": "20150101000000",
                        "groups": ["*", "user", "autoconfirmed"], "rights": ["read", "edit"]}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.port = free_port()
        self.app = self._build()
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/w/rest.php/oauth2"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    def _build(self) -> Flask:
        app = Flask("local-oauth-provider")
        provider = self

        @app.before_request
        def record():
            provider.requests.append(f"{request.method} {request.path}")

        @app.get("/w/rest.php/oauth2/authorize")
        def authorize():
            args = request.args
            if args.get("client_id") != provider.client_id or args.get("response_type") != "code":
                return jsonify(error="invalid_client"), 400
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {"redirect_uri": args["redirect_uri"], "profile": dict(provider.profile)}
            return redirect(args["redirect_uri"] + "?" + urlencode({"code": code, "state": args.get("state", "")}))

        @app.post("/w/rest.php/oauth2/access_token")
        def access_token():
            form = request.form
            if form.get("client_id") != provider.client_id or form.get("client_secret") != provider.client_secret:
                return jsonify(error="invalid_client"), 401
            grant = provider.codes.pop(form.get("code", ""), None)  # single use
            if form.get("grant_type") != "authorization_code" or grant is None \
                    or grant["redirect_uri"] != form.get("redirect_uri"):
                return jsonify(error="invalid_grant"), 400
            token = secrets.token_urlsafe(24)
            provider.tokens[token] = grant["profile"]
            return jsonify(access_token=token, refresh_token=secrets.token_urlsafe(24), token_type="Bearer",
                           expires_in=14400)

        @app.get("/w/rest.php/oauth2/resource/profile")
        def profile():
            auth = request.headers.get("Authorization", "")
            profile = provider.tokens.get(auth.removeprefix("Bearer "))
            if profile is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(profile)

        return app
