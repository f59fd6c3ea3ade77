"""A submission's status has one writer: ``record_result``, which the jury's domain calls and which
tells everyone else (``submission_result_changed``) only when the result really moved."""

import pytest

from arena.contests import operations
from arena.contests.models import Submission
from arena.core import signals
from arena.extensions import db


@pytest.fixture
def entry(create_user, create_contest):
    owner = create_user("owner")
    contest = create_contest(owner)
    submission = operations.import_article(contest, "enwiki", "Some article", None, actor=owner)
    db.session.commit()
    return submission


def recorded(submission, status, **kwargs):
    heard = []

    def receiver(sender, **extra):
        heard.append((sender.id, extra["previous"], extra["previous_score"]))

    with signals.submission_result_changed.connected_to(receiver):
        moved = operations.record_result(submission, status, **kwargs)
    db.session.commit()
    return moved, heard


def test_a_new_status_is_stored_and_announced(entry):
    moved, heard = recorded(entry, "accepted", score=5, previous_score=None)
    assert moved is True and heard == [(entry.id, "awaiting_check", None)]
    db.session.expire_all()
    assert db.session.get(Submission, entry.id).status == "accepted"


def test_a_changed_score_is_announced_even_when_the_status_stays(entry):
    recorded(entry, "accepted", score=5)
    assert recorded(entry, "accepted", score=7, previous_score=5) == (True, [(entry.id, "accepted", 5)])


def test_nothing_is_announced_when_nothing_moved(entry):
    recorded(entry, "rejected", score=1)
    assert recorded(entry, "rejected", score=1, previous_score=1) == (False, [])


def test_an_unknown_status_is_refused_and_nothing_changes(entry):
    with pytest.raises(ValueError):
        operations.record_result(entry, "maybe")
    db.session.rollback()
    assert db.session.get(Submission, entry.id).status == "awaiting_check"
