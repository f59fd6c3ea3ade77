"""Celery tasks of the contests domain (explicit names; ids in, rows re-loaded in the worker).

Schedules (added to Celery beat by ``init_app``):

- ``contests.sweep_awaiting_checks`` every 10 minutes: submissions whose wiki was unreachable are
  checked again (besides each one's own retries with exponential backoff);
- ``contests.nightly_refresh`` daily at 02:30 UTC: facts of every contest running, or ended in the
  last ``CONTEST_REFRESH_AFTER_END_DAYS`` days (default 3), are refreshed.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from flask import current_app

from arena.core.boundary import commit_unit_of_work
from arena.contests import facts, operations, queries
from arena.contests.facts import WikiUnavailable
from arena.core.jobs_setup import send
from arena.core.timeutil import utcnow
from arena.jobs import operations as jobs
from arena.jobs.tasks import claim, register_dispatch

BEAT_SCHEDULE = {
    "contests-sweep-awaiting-checks": {"task": "contests.sweep_awaiting_checks", "schedule": 600.0},
    "contests-nightly-refresh": {"task": "contests.nightly_refresh", "schedule": crontab(hour=2, minute=30)},
}


@shared_task(name="contests.check_submission", autoretry_for=(WikiUnavailable,), retry_backoff=30,
             retry_backoff_max=3600, retry_jitter=True, max_retries=12)
def check_submission(submission_id: int) -> str:
    """Fetch one submission's facts; raises ``WikiUnavailable`` (retried) while the wiki is down."""
    submission = queries.get_submission(submission_id)
    if submission is None or submission.contest.deleted_at is not None:
        return "missing"
    try:
        operations.check_submission(submission)
    except WikiUnavailable:
        commit_unit_of_work()  # the attempt and its error stay visible to the submitter
        raise
    return submission.status


@shared_task(name="contests.sweep_awaiting_checks")
def sweep_awaiting_checks() -> int:
    """Nothing submitted is dropped: every entry still awaiting its check is tried again."""
    ids = queries.awaiting_check()
    for submission_id in ids:
        send(check_submission, submission_id)
    return len(ids)


@shared_task(name="contests.refresh_facts", bind=True)
def refresh_facts(self, job_id: int) -> dict:
    """Refresh the facts of every submission of a contest, 50 titles a call, reporting progress."""
    job = claim(self, job_id)
    if job is None:
        return {"skipped": job_id}
    contest = queries.get_contest(job.params["contest_id"])
    if contest is None:
        jobs.fail_job(job, "The contest no longer exists.")
        return {}
    submissions = queries.submissions_of(contest.id)
    done = unreachable = 0
    for start in range(0, len(submissions), facts.BATCH_SIZE):
        batch = submissions[start:start + facts.BATCH_SIZE]
        try:
            snapshots = facts.snapshots_for(contest, batch, refresh=True)
        except WikiUnavailable as exc:
            for submission in batch:
                operations.mark_unavailable(submission, str(exc))
            unreachable += len(batch)
        else:
            for submission in batch:
                operations.apply_snapshot(submission, snapshots[submission.id])
        done += len(batch)
        jobs.report_progress(job, 100 * done // max(1, len(submissions)),
                             f"{done} of {len(submissions)} submissions checked")
        commit_unit_of_work()  # progress is visible while the job runs
    result = {"submissions": len(submissions), "unreachable": unreachable}
    jobs.finish_job(job, result, f"Refreshed {len(submissions) - unreachable} of {len(submissions)} submissions")
    return result


@shared_task(name="contests.nightly_refresh")
def nightly_refresh() -> int:
    days = current_app.config["CONTEST_REFRESH_AFTER_END_DAYS"]
    now = utcnow()
    contests = queries.contests_to_refresh(now, now - timedelta(days=days))
    job_ids = []
    for contest in contests:
        job = jobs.create_job("contests.refresh_facts", actor=None, params={"contest_id": contest.id})
        job_ids.append(job.id)
    commit_unit_of_work()
    for job_id in job_ids:
        send(refresh_facts, job_id)
    return len(job_ids)


@shared_task(name="contests.import_category", bind=True)
def import_category(self, job_id: int) -> dict:
    """Import every article of a category (to a depth) as submissions, credited to creators."""
    job = claim(self, job_id)
    if job is None:
        return {"skipped": job_id}
    params = job.params
    contest = queries.get_contest(params["contest_id"])
    actor = queries.find_user(params.get("actor_id"))
    if contest is None:
        jobs.fail_job(job, "The contest no longer exists.")
        return {}
    try:
        titles = facts.category_members(params["wiki_id"], params["category"], params["depth"])
    except WikiUnavailable as exc:
        jobs.fail_job(job, f"The wiki could not be reached: {exc}")
        return {}
    jobs.report_progress(job, 5, f"{len(titles)} articles found")
    commit_unit_of_work()
    created = skipped = unclaimed = 0
    for start in range(0, len(titles), facts.BATCH_SIZE):
        batch = titles[start:start + facts.BATCH_SIZE]
        try:
            found = facts.article_facts(params["wiki_id"], batch)
        except WikiUnavailable:
            found = {}
        new = []
        for title in batch:
            item = found.get(title)
            if item is not None and not item.exists:
                skipped += 1
                continue
            submission = operations.import_article(
                contest, params["wiki_id"], item.title if item else title, item.creator if item else None,
                page_id=item.page_id if item else None, actor=actor)
            if submission is None:
                skipped += 1
                continue
            created += 1
            unclaimed += submission.user_id is None
            new.append((submission, item))
        for submission, item in new:
            operations.check_submission(submission, raise_unavailable=False, known=item)
        jobs.report_progress(job, 5 + 95 * min(len(titles), start + len(batch)) // max(1, len(titles)),
                             f"{min(len(titles), start + len(batch))} of {len(titles)} articles imported")
        commit_unit_of_work()
    result = {"found": len(titles), "created": created, "skipped": skipped, "unclaimed": unclaimed}
    jobs.finish_job(job, result, f"Imported {created} articles ({unclaimed} unclaimed, {skipped} already there)")
    return result


@shared_task(name="contests.write_back_submission", autoretry_for=(WikiUnavailable,), retry_backoff=60,
             retry_backoff_max=6 * 3600, retry_jitter=True, max_retries=10)
def write_back_submission(submission_id: int) -> str:
    """Add the contest's template / categories to the article (or its talk page)."""
    submission = queries.get_submission(submission_id)
    if submission is None:
        return "missing"
    contest = submission.contest
    if not contest.write_back or not (contest.template or contest.write_back_categories):
        operations.record_write_back(submission, "skipped")
        return "skipped"
    try:
        outcome = facts.write_back(
            submission.wiki_id, submission.title, template=f"{{{{{contest.template}}}}}" if contest.template else None,
            talk=contest.template_target == "talk", categories=tuple(contest.write_back_categories or ()),
            summary=f"Article submitted to the contest “{contest.name}”", user=submission.user)
    except WikiUnavailable as exc:
        if write_back_submission.request.retries >= write_back_submission.max_retries:
            operations.record_write_back(submission, f"failed: the wiki could not be reached ({exc})")
            return "failed"
        raise
    except Exception as exc:  # noqa: BLE001 - recorded on the submission, never blocks it
        operations.record_write_back(submission, f"failed: {exc}")
        return "failed"
    operations.record_write_back(submission, outcome)
    return submission.write_back_status


register_dispatch("contests.refresh_facts", refresh_facts)
register_dispatch("contests.import_category", import_category)
