"""The last superadmin who is not banned keeps the role: nobody demotes or bans them, through the
API or the pages, and the refusal says why (409)."""

import re

from arena.extensions import db
from arena.identity.models import User
from tests.conftest import sign_in_session

LAST = "This is the last superadmin"


def csrf(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def role_of(user) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).role


def test_the_last_superadmin_cannot_be_demoted_or_banned_through_the_api(client, create_user, auth_headers):
    boss, keeper = create_user("boss", role="superadmin"), create_user("keeper", role="admin")
    create_user("fallen", role="superadmin", is_banned=True)  # a banned superadmin does not count
    for actor in (keeper, boss):
        for role in ("admin", "user"):
            resp = client.put(f"/api/v1/users/{boss.id}/role", json={"role": role}, headers=auth_headers(actor))
            assert resp.status_code == 409 and resp.get_json()["message"].startswith(LAST)
        resp = client.post(f"/api/v1/users/{boss.id}/ban", json={"reason": "x"}, headers=auth_headers(actor))
        assert resp.status_code == 409 and "cannot be banned" in resp.get_json()["message"]
    assert role_of(boss) == "superadmin" and not db.session.get(User, boss.id).is_banned

    deputy = create_user("deputy", role="superadmin")  # with a second one, the first may step down
    assert client.put(f"/api/v1/users/{boss.id}/role", json={"role": "admin"},
                      headers=auth_headers(keeper)).status_code == 403  # though not by an admin
    assert client.post(f"/api/v1/users/{boss.id}/ban", json={}, headers=auth_headers(keeper)).status_code == 403
    assert client.put(f"/api/v1/users/{boss.id}/role", json={"role": "admin"},
                      headers=auth_headers(deputy)).status_code == 200
    assert role_of(boss) == "admin"
    resp = client.put(f"/api/v1/users/{deputy.id}/role", json={"role": "user"}, headers=auth_headers(boss))
    assert resp.status_code == 409 and resp.get_json()["message"].startswith(LAST)
    assert role_of(deputy) == "superadmin"


def test_the_last_superadmin_cannot_be_demoted_or_banned_from_the_pages(client, create_user):
    boss, keeper = create_user("boss", role="superadmin"), create_user("keeper", role="admin")
    sign_in_session(client, keeper)
    token = csrf(client.get(f"/admin/users/{boss.id}").get_data(as_text=True))
    for path, data in ((f"/admin/users/{boss.id}/role", {"role": "user"}),
                       (f"/admin/users/{boss.id}/ban", {"reason": "x"})):
        resp = client.post(path, data={"csrf_token": token, **data})
        assert resp.status_code == 303
        page = client.get(resp.headers["Location"]).get_data(as_text=True)
        assert LAST in page
    assert role_of(boss) == "superadmin" and not db.session.get(User, boss.id).is_banned
