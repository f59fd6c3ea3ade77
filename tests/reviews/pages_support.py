"""Helpers shared by the page tests of the reviews domain."""

import re


def sign_in(client, user):
    from tests.conftest import sign_in_session

    sign_in_session(client, user)


def csrf_of(html):
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
