"""``arena leaderboard-rebuild``: verify (``--check``) or repair the incrementally kept leaderboards."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select


@click.command("leaderboard-rebuild")
@click.option("--contest", "contest_ids", type=int, multiple=True, help="Only this contest (repeatable).")
@click.option("--check", is_flag=True, help="Only compare with a recount; exit 1 when they differ.")
@with_appcontext
def leaderboard_rebuild(contest_ids: tuple[int, ...], check: bool) -> None:
    """Recount leaderboards from the submissions and compare or rewrite the kept rows."""
    from arena.contests.models import Contest
    from arena.core.boundary import commit_unit_of_work
    from arena.extensions import db
    from arena.reviews.operations import leaderboard

    ids = list(contest_ids) or list(db.session.scalars(select(Contest.id).order_by(Contest.id)))
    differing = 0
    for contest_id in ids:
        diff = leaderboard.differences(contest_id)
        differing += len(diff)
        click.echo(f"contest {contest_id}: {len(diff)} row(s) differ from a recount")
        for user_id, (kept, fresh) in sorted(diff.items()):
            click.echo(f"  user {user_id}: kept {kept} recount {fresh}")
        if not check and diff:
            leaderboard.rebuild(contest_id)
    if check:
        if differing:
            raise SystemExit(1)
        return
    if ids:
        leaderboard.rebuild_global()
    commit_unit_of_work()
    click.echo("leaderboards rebuilt" if differing else "leaderboards already match a recount")
