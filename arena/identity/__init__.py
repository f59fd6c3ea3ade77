"""Identity and access: accounts, roles, web sessions, JWT, API keys, audit log, preferences."""


def init_app(app) -> None:
    from arena.identity import auth

    auth.init_app(app)
