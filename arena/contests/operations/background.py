"""Long work on a contest, done by a worker: fact refreshes and category imports."""

from __future__ import annotations

from flask_babel import gettext as _

from arena.contests.models import Contest
from arena.core.errors import Conflict, Forbidden, ValidationFailed
from arena.core.jobs_setup import enqueue
from arena.jobs import operations as jobs
from arena.jobs import queries as job_queries


def start_facts_refresh(contest: Contest, *, actor):
    from arena.contests import tasks

    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers refresh its facts."))
    running = job_queries.active_job("contests.refresh_facts", {"contest_id": contest.id})
    if running is not None:
        raise Conflict(_("The facts of this contest are already being refreshed (job %(id)s); "
                         "follow that job or cancel it first.", id=running.id))
    job = jobs.create_job("contests.refresh_facts", actor=actor, params={"contest_id": contest.id})
    enqueue(tasks.refresh_facts, job.id)
    return job


def start_category_import(contest: Contest, wiki_id: str, category: str, depth: int = 0, *, actor):
    from arena.contests import tasks

    if not contest.can_edit(actor):
        raise Forbidden(_("Only the contest's organisers import articles."))
    if wiki_id not in contest.wiki_ids:
        raise ValidationFailed({"wiki_id": _("This contest covers %(wikis)s.", wikis=", ".join(contest.wiki_ids))})
    category = " ".join((category or "").replace("_", " ").split())
    if category.lower().startswith("category:"):
        category = category.split(":", 1)[1].strip()
    if not category:
        raise ValidationFailed({"category": _("Give a category name.")})
    if not isinstance(depth, int) or not 0 <= depth <= 5:
        raise ValidationFailed({"depth": _("Choose a depth from 0 to 5.")})
    job = jobs.create_job("contests.import_category", actor=actor, params={
        "contest_id": contest.id, "wiki_id": wiki_id, "category": category, "depth": depth, "actor_id": actor.id})
    enqueue(tasks.import_category, job.id)
    return job
