from arena.core.access import unguarded_routes


def test_every_route_declares_an_access_policy(app):
    assert unguarded_routes(app) == []
