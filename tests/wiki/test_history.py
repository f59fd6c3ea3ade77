"""Page histories, sizes over time and user statistics against the fixture wiki."""
from datetime import datetime, timedelta, timezone

import pytest

from arena.wiki.client import WikiClient
from tests.support.dump import read_dumps
from tests.wiki.conftest import FAST_POLICY, FIXTURES

pytestmark = pytest.mark.wiki

DUMP = read_dumps(FIXTURES)
TIMELINE = "Timeline of computing"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def expected_window(title, user, since, until):
    """Independent computation from the XML dump."""
    revisions = DUMP[title]
    before = [r for r in revisions if r.timestamp < since]
    start = before[-1].size if before else 0
    previous, added = start, 0
    for rev in revisions:
        if since <= rev.timestamp <= until:
            if rev.user == user:
                added += max(0, rev.size - previous)
            previous = rev.size
    return {"user_bytes_added": added, "expansion_bytes": previous - start}


def test_size_at(client):
    title = "Ada Lovelace"
    assert client.size_at(title, utc(2026, 3, 5, 9, 59, 59)) == 0          # before creation
    assert client.size_at(title, utc(2026, 3, 5, 10, 0, 0)) == 225         # exactly at creation
    assert client.size_at(title, utc(2026, 4, 10, 11, 59, 59)) == 225
    assert client.size_at(title, utc(2026, 4, 10, 12, 0, 0)) == 1151
    assert client.size_at(title, utc(2030, 1, 1)) == 1199
    assert client.size_at("Nonexistent article", utc(2030, 1, 1)) == 0
    # Naive datetimes are taken as UTC.
    assert client.size_at(title, datetime(2026, 4, 15)) == 1151


def test_user_window_hand_checked(client):
    april = (utc(2026, 4, 1), utc(2026, 4, 30, 23, 59, 59))
    bob = client.user_window("Ada Lovelace", "Bob", *april)
    assert bob["user_bytes_added"] == 1151 - 225
    assert bob["expansion_bytes"] == 1199 - 225
    assert bob["user_edits"] == 1
    alice = client.user_window("Ada Lovelace", "alice", *april)  # user names normalised
    assert alice["user_bytes_added"] == 1199 - 1151
    assert alice["expansion_bytes"] == 1199 - 225
    march = client.user_window("Ada Lovelace", "Alice", utc(2026, 3, 1), utc(2026, 3, 31))
    assert march == {"user_bytes_added": 225, "expansion_bytes": 225, "user_edits": 1}
    nobody = client.user_window("Ada Lovelace", "Carol", *april)
    assert nobody["user_bytes_added"] == 0 and nobody["user_edits"] == 0


def test_user_window_includes_size_decreases(client):
    # Revisions 0..9 (1-10 January): 0-8 add a 48-byte line each, revision 9
    # removes two lines.  Alice made revisions 2, 5 and 8.
    window = (utc(2026, 1, 1), utc(2026, 1, 10, 23, 0, 0))
    alice = client.user_window(TIMELINE, "Alice", *window)
    assert alice["user_bytes_added"] == 3 * 48
    sizes = [r.size for r in DUMP[TIMELINE][:10]]
    assert sizes[9] == sizes[8] - 2 * 48
    assert alice["expansion_bytes"] == sizes[9]
    historian = client.user_window(TIMELINE, "Historian", *window)
    # Historian created the page (113 bytes) and added five lines (1, 3, 4, 6, 7).
    assert historian["user_bytes_added"] == 113 + 5 * 48
    # Additions minus the removal made by revision 9.
    assert alice["expansion_bytes"] == alice["user_bytes_added"] + historian["user_bytes_added"] - 2 * 48


@pytest.mark.parametrize("user, since, until", [
    ("Historian", utc(2026, 1, 15), utc(2026, 2, 20)),
    ("Alice", utc(2026, 1, 20, 9, 0, 0), utc(2026, 3, 1, 9, 0, 0)),   # bounds are inclusive
    ("Alice", utc(2025, 1, 1), utc(2027, 1, 1)),
    ("Historian", utc(2026, 2, 1), utc(2026, 2, 1, 8, 0, 0)),       # no revisions in window
])
def test_user_window_matches_dump(wiki, user, since, until):
    # A small page size forces continuation over the 65-revision history.
    client = WikiClient(wiki.api_url, policy=FAST_POLICY, revisions_per_request=7)
    result = client.user_window(TIMELINE, user, since, until)
    expected = expected_window(TIMELINE, user, since, until)
    assert {k: result[k] for k in expected} == expected


def test_long_history_is_followed_across_continuations(wiki):
    client = WikiClient(wiki.api_url, policy=FAST_POLICY, revisions_per_request=20)
    client.siteinfo()
    before = client.request_count
    revisions = client.revisions(TIMELINE)
    assert client.request_count - before == 4  # 20 + 20 + 20 + 5
    dump = DUMP[TIMELINE]
    assert len(revisions) == len(dump) == 65
    assert [(r.timestamp, r.user, r.size) for r in revisions] == [(r.timestamp, r.user, r.size) for r in dump]
    assert len({r.id for r in revisions}) == 65


def test_revisions_window(client):
    revisions = client.revisions(TIMELINE, utc(2026, 2, 1, 9, 0, 0), utc(2026, 2, 3, 9, 0, 0))
    assert [r.timestamp for r in revisions] == [utc(2026, 2, 1, 9), utc(2026, 2, 2, 9), utc(2026, 2, 3, 9)]
    assert client.revisions("Nonexistent article") == []


def test_user_info(client):
    alice = client.user_info("Alice")
    # Ada Lovelace x2, Lovelace, User:Alice/Sandbox, and 21 of the 65 timeline revisions.
    assert alice == {
        "exists": True, "name": "Alice", "edit_count": 25,
        "registered_at": utc(2025, 1, 5, 9, 30, 0),
    }
    historian = client.user_info("historian")
    assert historian["name"] == "Historian"
    assert historian["edit_count"] == 44
    assert historian["registered_at"] == utc(2025, 12, 31, 23, 0, 0)
    assert client.user_info("No such user 2026") == {
        "exists": False, "name": "No such user 2026", "edit_count": 0, "registered_at": None,
    }
    assert client.user_info("Bad<name>")["exists"] is False


def test_timestamps_are_timezone_aware(client):
    revision = client.revisions("Ada Lovelace")[0]
    assert revision.timestamp.utcoffset() == timedelta(0)
