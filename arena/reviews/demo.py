"""Demo data of the reviews domain: the demo jurors' reviews (with comments) of the demo entries,
a tie waiting for the organisers, an organiser's override, a discussion, and a ready report of the
past contest. Runs after the contests' demo loader, through the real operations, so the statuses,
results and leaderboards are what a real jury would have produced.

Idempotent: an entry that already has a review or an override is left alone; the report is built
once. Flushes only.
"""

from __future__ import annotations

from sqlalchemy import select

from arena.contests import queries as contest_queries
from arena.contests.demo import CURRENT, PAST
from arena.extensions import db
from arena.jobs import operations as job_operations
from arena.jobs.models import Job
from arena.reviews import operations, queries, reports

A, R = "accept", "reject"
#: contest slug → article title → [(juror, decision, marks, comment)], optional override (status, reason)
PLAN = {
    CURRENT: {
        "Ada Lovelace": ([("juror1", A, 9, "Thorough and well sourced."),
                          ("juror2", A, 10, "Excellent new article.")], None),
        "Lise Meitner": ([("juror1", A, 7, "Good expansion of the research section."),
                          ("juror3", A, 8, "Clear and well referenced.")], None),
        "Mary Anning": ([("juror2", A, 6, "Good start; waiting for a second juror.")], None),
        "Rosalind Franklin": ([("juror2", A, 8, "Careful expansion."),
                               ("juror3", A, 7, "Adds the later career well.")], None),
        "Chien-Shiung Wu": ([("juror1", R, None, "Too close to the source's wording."),
                             ("juror3", R, None, "Paraphrase the early-life section.")], None),
        "Barbara McClintock": ([("juror1", A, 6, "Meets the rules."),
                                ("juror2", R, None, "Most of the added text is a list of awards.")], None),
        "Maryam Mirzakhani": ([("juror2", A, 10, "A model article."),
                               ("juror3", A, 9, "Very good.")], None),
        "Sameera Moussa": ([("juror1", R, None, "I could not verify two of the references."),
                            ("juror3", A, 7, "References check out in the library edition.")],
                           ("accepted", "The organisers checked the printed references: they are sound.")),
        "Emmy Noether": ([("juror1", A, 8, "Fine expansion of the mathematics."),
                          ("juror2", A, 9, "Good work.")], None),
    },
    PAST: {
        "Tide pool": ([("juror1", A, 9, "Well illustrated.")], None),
        "Hedgerow": ([("juror2", A, 7, "Good sources.")], None),
        "Water mill": ([("juror3", A, 6, "Solid.")], None),
        "Dry stone wall": ([("juror1", R, None, "The expansion is too small for this contest.")], None),
    },
}
DISCUSSION = ("Barbara McClintock", "juror1", "We are split on this one; can an organiser settle it?")


def _by_title(contest):
    return {s.title: s for s in contest_queries.submissions_of(contest.id)}


def load() -> str:
    reviewed = 0
    for slug, plan in PLAN.items():
        contest = contest_queries.get_contest(slug)
        if contest is None:
            continue
        organiser = contest_queries.find_user(username="organiser")
        entries = _by_title(contest)
        for title, (reviews, override) in plan.items():
            submission = entries.get(title)
            if submission is None or queries.reviews_of(submission.id) or submission.status != "pending":
                continue
            for username, decision, marks, comment in reviews:
                operations.create_review(submission, actor=contest_queries.find_user(username=username),
                                         decision=decision, marks=marks, comment=comment, private_note="",
                                         flags=[])
            if override is not None and organiser is not None:
                operations.override_result(submission, actor=organiser, status=override[0], reason=override[1])
            reviewed += 1
        title, author, body = DISCUSSION
        if slug == CURRENT and title in entries and not queries.thread_of(entries[title].id):
            operations.post_message(entries[title], actor=contest_queries.find_user(username=author), body=body)
    report = _report(contest_queries.get_contest(PAST))
    return f"{reviewed} entries reviewed" + (", past contest's report built" if report else "")


def _report(contest) -> bool:
    """The past contest's final leaderboard as a ready export for its organiser."""
    organiser = contest_queries.find_user(username="organiser")
    if contest is None or organiser is None:
        return False
    done = db.session.scalar(select(Job.id).where(Job.kind == reports.JOB_KIND, Job.user_id == organiser.id,
                                                  Job.status == "succeeded").limit(1))
    if done is not None:
        return False
    job = job_operations.create_job(reports.JOB_KIND, actor=organiser, params={
        "contest_id": contest.id, "format": "leaderboard_csv", "top": 10, "locale": "en"})
    job_operations.finish_job(job, reports.build(job), "Report ready")
    return True
