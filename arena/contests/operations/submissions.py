"""Submitting articles, capturing their facts, applying the eligibility rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from arena.contests import facts, queries, rules
from arena.contests.models import Contest, Submission
from arena.contests.models.accounts import normalise_wiki_username
from arena.contests.models.submission import title_key
from arena.contests.operations.accounts import link_wiki_account
from arena.core import signals
from arena.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.extensions import db

REVIEWED = ("accepted", "rejected")


def _refuse_field(field: str, message: str):
    raise ValidationFailed({field: message}, message=message)


def check_may_submit(contest: Contest, user) -> None:
    """Raise the reason ``user`` may not submit to ``contest`` now (nothing when they may)."""
    if not contest.can_view(user):
        raise NotFound("No such contest.")
    if not contest.is_published:
        _refuse_field("contest", "This contest is not published yet.")
    if not contest.has_started():
        _refuse_field("contest", "This contest has not started yet; come back when it opens.")
    if contest.has_ended():
        _refuse_field("contest", "This contest has ended; submissions are closed.")
    if not contest.may_compete(user):
        raise Forbidden("Organisers and jurors of this contest may not take part in it.")
    limit = contest.max_submissions_per_participant
    if limit is not None and queries.count_user_submissions(contest.id, user.id) >= limit:
        raise Forbidden(f"You have reached this contest's limit of {limit} submissions.")


def submit_article(contest: Contest, article_url: str, *, wiki_username: str | None = None,
                   actor) -> Submission:
    check_may_submit(contest, actor)
    url = (article_url or "").strip()
    if not url:
        _refuse_field("article_url", "Give the link to the article.")
    try:
        wiki_id, title = facts.resolve_article_url(url)
    except facts.WikiLinkError as exc:
        _refuse_field("article_url", str(exc) or "This is not a link to a wiki article.")
    if wiki_id not in contest.wiki_ids:
        _refuse_field("article_url", f"This contest does not cover {wiki_id}; it accepts articles from "
                                     f"{', '.join(contest.wiki_ids)}.")
    key = title_key(title)
    if queries.find_duplicate(contest.id, wiki_id, key) is not None:
        raise Conflict(f"“{title}” has already been submitted to this contest.")
    if wiki_username:
        account = link_wiki_account(actor, wiki_username, actor=actor)
    else:
        account = queries.wiki_account(actor.id)
    submission = Submission(contest_id=contest.id, user_id=actor.id, submitted_by_id=actor.id,
                            source="submitted", wiki_id=wiki_id, title=title, title_key=key, article_url=url,
                            wiki_username=account.username if account else None, status="awaiting_check")
    _insert(submission, title)
    if not check_submission(submission, raise_unavailable=False):
        from arena.contests import tasks
        from arena.core.jobs_setup import enqueue

        enqueue(tasks.check_submission, submission.id)  # retried with backoff until the wiki answers
    signals.submission_created.send(submission, actor=actor)
    return submission


def _insert(submission: Submission, title: str) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        raise Conflict(f"“{title}” has already been submitted to this contest.") from None


def check_submission(submission: Submission, *, raise_unavailable: bool = True, refresh: bool = False) -> bool:
    """Capture the facts of one submission and apply the rules. False when the wiki was unreachable."""
    contest = submission.contest
    try:
        snapshot = facts.snapshots_for(contest, [submission], refresh=refresh)[submission.id]
    except facts.WikiUnavailable as exc:
        mark_unavailable(submission, str(exc))
        if raise_unavailable:
            raise
        return False
    apply_snapshot(submission, snapshot)
    return True


def mark_unavailable(submission: Submission, error: str) -> None:
    submission.check_attempts += 1
    submission.last_check_error = (error or "The wiki could not be reached.")[:1000]
    if submission.snapshot is None:
        submission.status = "awaiting_check"
        submission.rule_results = rules.evaluate_all(None, submission.contest, submission)
    db.session.flush()


def apply_snapshot(submission: Submission, snapshot: dict[str, Any]) -> None:
    """Store a fresh snapshot, re-run the rules and update the status (reviewed entries keep theirs)."""
    contest = submission.contest
    changed = snapshot != submission.snapshot
    page_id = snapshot.get("page_id")
    if page_id and page_id != submission.page_id:
        other = queries.find_duplicate(contest.id, submission.wiki_id, "\0", page_id)
        if other is not None and other.id != submission.id:
            submission.last_check_error = f"Same article as submission {other.id}."
        else:
            submission.page_id = page_id
    if snapshot.get("title") and snapshot.get("exists", True):
        submission.title = snapshot["title"]
    submission.snapshot = snapshot
    submission.facts_fetched_at = utcnow()
    submission.check_attempts += 1
    if not (submission.last_check_error or "").startswith("Same article"):
        submission.last_check_error = None
    submission.rule_results = rules.evaluate_all(snapshot, contest, submission)
    previous = submission.status
    if previous not in REVIEWED:
        submission.status = "ineligible" if submission.required_failures else "pending"
    db.session.flush()
    signals.submission_facts_updated.send(submission, changed=changed)
    if submission.status != previous:
        signals.submission_result_changed.send(submission, previous=previous)
    if submission.status == "pending" and contest.write_back and submission.write_back_status is None:
        queue_write_back(submission)


def queue_write_back(submission: Submission) -> None:
    from arena.contests import tasks
    from arena.core.jobs_setup import enqueue

    submission.write_back_status = "queued"
    db.session.flush()
    enqueue(tasks.write_back_submission, submission.id)


def record_write_back(submission: Submission, outcome: dict[str, Any] | str) -> None:
    if isinstance(outcome, str):
        status = outcome
    else:
        status = str(outcome.get("status") or outcome.get("outcome") or "edited")
        reason = outcome.get("reason") or outcome.get("error")
        if status == "failed" and reason:
            status = f"failed: {reason}"
    submission.write_back_status = status[:255]
    submission.write_back_at = utcnow()
    db.session.flush()


def import_article(contest: Contest, wiki_id: str, title: str, creator: str | None, *, actor) -> Submission | None:
    """One imported entry (category import): credited to the creator's Arena account, if any."""
    key = title_key(title)
    if queries.find_duplicate(contest.id, wiki_id, key) is not None:
        return None
    name = normalise_wiki_username(creator) if creator else None
    owner_id = queries.user_ids_for_wiki_usernames([name]).get(name) if name else None
    submission = Submission(contest_id=contest.id, user_id=owner_id, submitted_by_id=actor.id if actor else None,
                            source="imported", wiki_id=wiki_id, title=title, title_key=key,
                            wiki_username=name, status="awaiting_check")
    db.session.add(submission)
    db.session.flush()
    return submission
