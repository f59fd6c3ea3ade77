"""``arena points-verify``: recompute every balance from the ledger; report, and with ``--fix`` repair."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("points-verify")
@click.option("--fix", is_flag=True, help="Bring each account back to what its ledger says.")
@with_appcontext
def points_verify(fix: bool) -> None:
    """Compare every points balance with its ledger; exit 1 when one differs (unless --fix)."""
    from arena.core.boundary import commit_unit_of_work
    from arena.points.operations import verify_balances

    differences = verify_balances(fix=fix)
    for d in differences:
        click.echo(f"user {d.user_id}: {d.field} stored {d.stored}, ledger says {d.ledger}")
    if fix:
        commit_unit_of_work()
        click.echo(f"repaired {len(differences)} difference(s)" if differences else "every balance matches its ledger")
        return
    if differences:
        click.echo(f"{len(differences)} difference(s); run with --fix to repair")
        raise SystemExit(1)
    click.echo("every balance matches its ledger")
