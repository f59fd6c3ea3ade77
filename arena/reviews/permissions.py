"""Who may do what with a contest's reviews (read from the contests domain's own models).

- the jury (jurors and organisers of the contest, and admins) sees submissions, reviews and the thread;
- jurors (``jury`` members) review; a juror never reviews their own submission;
- organisers and admins override results and settle ties;
- organisers, jurors and admins export reports.
"""

from __future__ import annotations


def _live(contest) -> bool:
    return contest is not None and contest.deleted_at is None


def is_juror(contest, user) -> bool:
    return _live(contest) and user is not None and contest.is_juror(user)


def is_organizer(contest, user) -> bool:
    return _live(contest) and user is not None and contest.is_organizer(user)


def can_view_jury(contest, user) -> bool:
    return _live(contest) and user is not None and (user.is_admin or contest.is_organizer(user)
                                                     or contest.is_juror(user))


def can_review(contest, user) -> bool:
    return is_juror(contest, user)


def can_override(contest, user) -> bool:
    return _live(contest) and user is not None and (user.is_admin or contest.is_organizer(user))


def can_export(contest, user) -> bool:
    return can_view_jury(contest, user)


def sees_all_marks(contest, user) -> bool:
    """Organisers and admins always see every mark; jurors too unless marks are hidden."""
    from arena.reviews import scoring

    if can_override(contest, user):
        return True
    return not scoring.contest_config(contest).get("hidden_marks")
