"""Submitting articles, capturing their facts, applying the eligibility rules."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from arena.contests import facts, queries, rules
from arena.contests.models import Contest, Submission
from arena.contests.models.accounts import normalise_wiki_username
from arena.contests.models.submission import SUBMISSION_STATUSES, title_key
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
        raise NotFound(_("No such contest."))
    if not contest.is_published:
        _refuse_field("contest", _("This contest is not published yet."))
    if not contest.has_started():
        _refuse_field("contest", _("This contest has not started yet; come back when it opens."))
    if contest.has_ended():
        _refuse_field("contest", _("This contest has ended; submissions are closed."))
    if not contest.may_compete(user):
        raise Forbidden(_("Organisers and jurors of this contest may not take part in it."))
    limit = contest.max_submissions_per_participant
    if limit is not None and queries.count_user_submissions(contest.id, user.id) >= limit:
        raise Forbidden(_("You have reached this contest's limit of %(limit)s submissions.", limit=limit))


def _refuse_duplicate(contest: Contest, wiki_id: str, title: str, page_id: int | None = None,
                      asked: str | None = None) -> None:
    if queries.find_duplicate(contest.id, wiki_id, title_key(title), page_id) is not None:
        if asked and title_key(asked) != title_key(title):
            raise Conflict(_("“%(asked)s” leads to “%(title)s”, which has already been submitted to this "
                             "contest.", asked=asked, title=title))
        raise Conflict(_("“%(title)s” has already been submitted to this contest.", title=title))


def submit_article(contest: Contest, article_url: str, *, wiki_username: str | None = None,
                   actor) -> Submission:
    """Store an entry for the article at ``article_url`` and check it.

    The link is resolved and the article looked up on its wiki first: a missing article, a link that
    leads outside the article namespace, or an article already entered (also through a redirect) is
    refused and nothing is stored. The wiki is asked once, briefly (``facts.quick``: no retry ladder
    while the person waits); when it cannot be reached in that time the entry is stored as
    ``awaiting_check`` and checked in the background (retried with backoff, and by the sweep).
    """
    check_may_submit(contest, actor)
    url = (article_url or "").strip()
    if not url:
        _refuse_field("article_url", _("Give the link to the article."))
    try:
        wiki_id, title = facts.resolve_article_url(url)
    except facts.WikiLinkError as exc:
        _refuse_field("article_url", str(exc) or _("This is not a link to a wiki article."))
    if wiki_id not in contest.wiki_ids:
        _refuse_field("article_url", _("This contest does not cover %(wiki)s; it accepts articles from %(wikis)s.",
                                       wiki=wiki_id, wikis=", ".join(contest.wiki_ids)))
    _refuse_duplicate(contest, wiki_id, title)
    found, unavailable = None, None
    try:
        with facts.quick():
            found = facts.article_facts(wiki_id, [title]).get(title)
    except facts.WikiUnavailable as exc:
        unavailable = str(exc) or "The wiki could not be reached."
    if found is not None:
        if not found.exists:
            _refuse_field("article_url", _("There is no article “%(title)s” on %(wiki)s.",
                                           title=found.title, wiki=wiki_id))
        if not facts.in_main_namespace(wiki_id, found.title):
            _refuse_field("article_url", _("“%(asked)s” leads to “%(title)s”, which is not an article.",
                                           asked=title, title=found.title))
        _refuse_duplicate(contest, wiki_id, found.title, found.page_id, asked=title)
    if wiki_username:
        account = link_wiki_account(actor, wiki_username, actor=actor)
    else:
        account = queries.wiki_account(actor.id)
    final = found.title if found is not None else title
    submission = Submission(contest_id=contest.id, user_id=actor.id, submitted_by_id=actor.id,
                            source="submitted", wiki_id=wiki_id, title=final, title_key=title_key(final),
                            page_id=found.page_id if found is not None else None, article_url=url,
                            wiki_username=account.username if account else None, status="awaiting_check")
    _insert(submission, final)
    if found is None:
        mark_unavailable(submission, unavailable)
        checked = False
    else:
        with facts.quick():  # the person waits: one brief try, the rest in the background
            checked = check_submission(submission, raise_unavailable=False, known=found)
    if not checked:
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
        raise Conflict(_("“%(title)s” has already been submitted to this contest.", title=title)) from None


def check_submission(submission: Submission, *, raise_unavailable: bool = True, refresh: bool = False,
                     known=None) -> bool:
    """Capture the facts of one submission and apply the rules. False when the wiki was unreachable.

    ``known``: the article's facts when the caller already fetched them.
    """
    contest = submission.contest
    try:
        snapshot = facts.snapshots_for(contest, [submission], refresh=refresh,
                                       known={submission.id: known} if known is not None else None)[submission.id]
    except facts.WikiUnavailable as exc:
        mark_unavailable(submission, str(exc))
        if raise_unavailable:
            raise
        return False
    apply_snapshot(submission, snapshot)
    return True


def mark_unavailable(submission: Submission, error: str | None) -> None:
    """Count a check that could not reach the wiki; the entry keeps its last snapshot, if any."""
    submission.check_attempts += 1
    submission.last_check_error = (error or "The wiki could not be reached.")[:1000]
    if submission.snapshot is None:
        submission.status = "awaiting_check"
        submission.rule_results = rules.evaluate_all(None, submission.contest, submission)
    db.session.flush()


def _place(submission: Submission, snapshot: dict[str, Any]) -> None:
    """Give the entry the article's real title and page id, unless another entry already has them
    (an article entered twice, for example once through a redirect): then note ``duplicate_of``."""
    if not snapshot.get("exists"):
        return
    # snapshots stored before ``title`` named the article carry it as ``normalized_title``
    final, page_id = snapshot.get("normalized_title") or snapshot["title"], snapshot.get("page_id")
    other = queries.find_duplicate(submission.contest_id, submission.wiki_id, title_key(final), page_id,
                                   exclude_id=submission.id)
    if other is not None:
        snapshot["duplicate_of"] = other.id
        return
    submission.title, submission.title_key, submission.page_id = final, title_key(final), page_id


def apply_snapshot(submission: Submission, snapshot: dict[str, Any]) -> None:
    """Store a fresh snapshot, re-run the rules and update the status (reviewed entries keep theirs)."""
    contest = submission.contest
    _place(submission, snapshot)
    changed = {k: v for k, v in snapshot.items() if k != "fetched_at"} != {
        k: v for k, v in (submission.snapshot or {}).items() if k != "fetched_at"}
    submission.snapshot = snapshot
    submission.facts_fetched_at = utcnow()
    submission.check_attempts += 1
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


def record_result(submission: Submission, status: str, *, score=None, previous_score=None, actor=None) -> bool:
    """Set a submission's result as its jury decided it (the only way another domain changes
    ``Submission.status``). ``score`` and ``previous_score`` are the deciding domain's, passed on to
    the receivers of ``submission_result_changed``, which is sent when the status or the score moved.
    Returns whether anything moved."""
    if status not in SUBMISSION_STATUSES:
        raise ValueError(f"unknown submission status {status!r}")
    previous = submission.status
    submission.status = status
    db.session.flush()
    moved = previous != status or previous_score != score
    if moved:
        signals.submission_result_changed.send(submission, previous=previous, previous_score=previous_score,
                                               actor=actor)
    return moved


def queue_write_back(submission: Submission) -> None:
    from arena.contests import tasks
    from arena.core.jobs_setup import enqueue

    submission.write_back_status = "queued"
    db.session.flush()
    enqueue(tasks.write_back_submission, submission.id)


def write_back_status(outcome: dict[str, Any] | str) -> str:
    """One status from the wiki service's outcome: ``edited``, ``skipped`` (all there already) or
    ``failed: …`` naming what failed."""
    if isinstance(outcome, str):
        return outcome
    parts = {k: str(outcome[k]) for k in ("template", "categories") if outcome.get(k)}
    failures = [f"{k} {v}" for k, v in parts.items() if v.startswith("failed")]
    if failures:
        return "failed: " + "; ".join(failures)
    if parts and all(v == "skipped_already_present" for v in parts.values()):
        return "skipped"
    return "edited" if parts else "skipped"


def record_write_back(submission: Submission, outcome: dict[str, Any] | str) -> None:
    submission.write_back_status = write_back_status(outcome)[:255]
    submission.write_back_at = utcnow()
    db.session.flush()


def import_article(contest: Contest, wiki_id: str, title: str, creator: str | None, *, page_id: int | None = None,
                   actor) -> Submission | None:
    """One imported entry (category import): credited to the creator's Arena account, if any.

    ``None`` when the article (by title or page id) is already entered.
    """
    key = title_key(title)
    if queries.find_duplicate(contest.id, wiki_id, key, page_id) is not None:
        return None
    name = normalise_wiki_username(creator) if creator else None
    owner_id = queries.user_ids_for_wiki_usernames([name]).get(name) if name else None
    submission = Submission(contest_id=contest.id, user_id=owner_id, submitted_by_id=actor.id if actor else None,
                            source="imported", wiki_id=wiki_id, title=title, title_key=key, page_id=page_id,
                            wiki_username=name, status="awaiting_check")
    db.session.add(submission)
    db.session.flush()
    return submission
