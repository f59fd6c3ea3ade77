"""A contest's totals row is written at the end of the unit of work (the hot row every reviewer of
the contest changes): the differences count at the commit, count for readers in the same unit of
work, and vanish with a savepoint or a transaction rolled back."""

from decimal import Decimal

from tests.reviews.conftest import fresh

CONFIG = {"marks_accepted": 10, "marks_rejected": -2, "quorum": 1}


def _totals(contest_id):
    from arena.reviews import queries

    row = queries.totals(contest_id)
    return (row.submissions, row.accepted, row.pending, Decimal(row.total_score)) if row is not None else None


def _review(sub, juror):
    from arena.reviews.operations import reviews

    return reviews.create_review(sub, actor=juror, decision="accept", marks=10)


def test_totals_follow_reviews_committed_rolled_back_and_in_savepoints(app, people, jury_contest, submit):
    from arena.extensions import db

    contest = jury_contest("simple", CONFIG)
    s1, s2, s3 = (submit(contest, people[n], t) for n, t in (("alice", "A1"), ("bob", "B1"), ("carol", "C1")))
    db.session.commit()
    fresh()
    assert _totals(contest.id) == (3, 0, 3, Decimal("0.00"))

    # a review committed: its difference is in the row (read in another unit of work)
    _review(s1, people["jury1"])
    db.session.commit()
    fresh()
    assert _totals(contest.id) == (3, 1, 2, Decimal("10.00"))

    # a review rolled back leaves the row as it was
    _review(s2, people["jury1"])
    assert _totals(contest.id) == (3, 2, 1, Decimal("20.00"))  # seen by its own unit of work
    db.session.rollback()
    fresh()
    assert _totals(contest.id) == (3, 1, 2, Decimal("10.00"))

    # a savepoint undone takes its difference with it; one released keeps it
    try:
        with db.session.begin_nested():
            _review(s2, people["jury1"])
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    with db.session.begin_nested():
        _review(s3, people["jury1"])
    db.session.commit()
    fresh()
    assert _totals(contest.id) == (3, 2, 1, Decimal("20.00"))
    assert _totals(None) is not None and _totals(None)[1] >= 2  # the global row too
