"""Signal receivers: submissions changed by the contests domain, reviews and results, jury changes.
They run inside the sender's unit of work and only flush."""

from __future__ import annotations

from arena.core import pagecache, signals
from arena.extensions import db
from arena.notifications.operations import notify
from arena.reviews import operations, present


def on_submission_changed(submission, **kwargs) -> None:
    operations.sync_submission(submission, actor=kwargs.get("actor"))


def on_result_changed(submission, **kwargs) -> None:
    operations.apply_to_leaderboard(operations.outcome_for(submission), submission)
    if submission.status in ("accepted", "rejected") and submission.user_id:
        from arena.reviews.queries import get_outcome

        outcome = get_outcome(submission.id)
        score = outcome.score if outcome is not None else None
        notify(submission.user_id, "submission_result",
               {"submission_id": submission.id, "title": submission.title, "status": submission.status,
                "score": str(score) if score is not None else None}, link="/my-submissions")


def on_reviewed(submission, review=None, **kwargs) -> None:
    if submission.user_id and not kwargs.get("edited"):
        notify(submission.user_id, "submission_reviewed", {"submission_id": submission.id, "title": submission.title},
               link="/my-submissions")


def on_jury_changed(contest, **kwargs) -> None:
    operations.rebalance(contest, actor=kwargs.get("actor"))


def on_contest_visibility_changed(contest, **kwargs) -> None:
    """A contest left or joined the public listing: the cross-contest rows are summed again from
    the per-contest rows (one row per participant and contest, not per submission)."""
    from arena.reviews.operations.leaderboard import rebuild_global

    rebuild_global()


def _boards_changed(contest_id: int) -> None:
    """The contest's board and the cross-contest board are renewed once the change commits."""
    pagecache.mark_changed(db.session, *present.board_scopes(contest_id), *present.board_scopes(None))


def on_submission_board_changed(submission, **kwargs) -> None:
    _boards_changed(submission.contest_id)


def on_contest_board_changed(contest, **kwargs) -> None:
    _boards_changed(contest.id)


def on_scoring_checked(mode: str, config=None, **_extra) -> dict:
    """Answers ``contest_scoring_checked``: the scoring mode checks its own settings."""
    from arena.reviews.scoring import config_errors

    return config_errors(mode, config)


def on_scoring_modes_asked(_sender=None, **_extra) -> list:
    """Answers ``contest_scoring_modes_asked``: each scoring mode and the settings it takes."""
    from arena.reviews.scoring import described_modes

    return described_modes()


def on_settings_collected(contest, **_extra) -> dict | None:
    """Answers ``contest_settings_collected``: the contest's judging rounds (mode and settings), for a
    template or a copy. The rounds' jurors and dates are the old contest's own and are not kept."""
    from arena.reviews.operations.rounds import rounds_of

    found = rounds_of(contest.id)
    if not found:
        return None
    return {"rounds": [{"scoring_mode": r.scoring_mode, "scoring_config": dict(r.scoring_config or {})}
                       for r in found]}


def on_contest_copied(contest, extras=None, actor=None, **_extra) -> None:
    """A contest made from a template or a copy gets the same judging rounds (round 1 opens)."""
    from arena.reviews.operations.rounds import add_round

    for spec in (extras or {}).get("rounds") or []:
        add_round(contest, actor=actor, scoring_mode=spec["scoring_mode"], scoring_config=spec.get("scoring_config"))


def connect() -> None:
    signals.contest_scoring_modes_asked.connect(on_scoring_modes_asked)
    signals.contest_scoring_checked.connect(on_scoring_checked)
    signals.contest_scoring_change_asked.connect(operations.scoring_change_refusal)
    signals.submission_created.connect(on_submission_changed)
    signals.submission_facts_updated.connect(on_submission_changed)
    signals.submission_claimed.connect(on_submission_changed)
    signals.submission_result_changed.connect(on_result_changed)
    signals.submission_reviewed.connect(on_reviewed)
    signals.contest_jury_changed.connect(on_jury_changed)
    signals.contest_visibility_changed.connect(on_contest_visibility_changed)
    signals.contest_settings_collected.connect(on_settings_collected)
    signals.contest_copied.connect(on_contest_copied)
    for signal in (signals.submission_created, signals.submission_facts_updated, signals.submission_claimed,
                   signals.submission_result_changed, signals.submission_reviewed,
                   signals.submission_result_overridden):
        signal.connect(on_submission_board_changed)
    signals.contest_visibility_changed.connect(on_contest_board_changed)
    signals.contest_deleted.connect(on_contest_board_changed)
    pagecache.connect()
    from arena.identity.models import User

    pagecache.watch(User, ("username", "display_name", "is_banned"), (pagecache.EVERYTHING,))
