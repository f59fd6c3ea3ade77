"""Command line: ``arena ...`` (same as ``flask --app arena ...``).

- ``arena db upgrade`` — create or upgrade the database (Flask-Migrate);
- ``arena create-admin`` — create a superadmin (or promote an existing user);
- ``arena demo-data`` — load demo data; running it again changes nothing;
- ``arena serve`` — run the web server and a Celery worker (with its scheduler) together;
- ``arena worker-check`` — queue a check and wait until a worker has run it (a deployment health check);
- ``arena config-table`` — rewrite the README's settings table from the declarations.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

DEMO_PASSWORD = "arena-demo-password"


def register_demo_loader(app, name: str, loader) -> None:
    """Domains add their demo data; loaders must be idempotent and only flush."""
    app.extensions.setdefault("arena_demo_loaders", {})[name] = loader


@click.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="ARENA_ADMIN_PASSWORD")
@with_appcontext
def create_admin(username: str, email: str, password: str) -> None:
    """Create a superadmin account, or make an existing account superadmin."""
    from arena.extensions import db
    from arena.identity import operations, queries

    user = queries.find_user_by_login(username)
    if user is not None:
        user.role = "superadmin"
        click.echo(f"{user.username} is now superadmin.")
    else:
        try:
            user = operations.create_user(username, email, password, role="superadmin")
        except Exception as exc:  # domain errors carry a message a person can act on
            db.session.rollback()
            raise click.ClickException(getattr(exc, "message", str(exc)) + _field_errors(exc))
        click.echo(f"Created superadmin {user.username}.")
    db.session.commit()


def _field_errors(exc) -> str:
    errors = getattr(exc, "errors", None) or {}
    return "".join(f"\n  {field}: {' '.join(msgs)}" for field, msgs in errors.items())


@click.command("demo-data")
@with_appcontext
def demo_data() -> None:
    """Load demo data (idempotent)."""
    from arena.extensions import db

    for name, loader in current_app.extensions.get("arena_demo_loaders", {}).items():
        summary = loader()
        click.echo(f"demo data: {name}: {summary}")
    db.session.commit()
    click.echo(f"Demo accounts use the password: {DEMO_PASSWORD}")


@click.command("worker-check")
@click.option("--timeout", default=60, show_default=True)
@with_appcontext
def worker_check(timeout: int) -> None:
    """Queue a check and wait until a worker has run it (exit 1 if none did): a health check for
    deployments, and the time work waits in the queue."""
    from arena.core.jobs_setup import send
    from arena.extensions import db
    from arena.jobs import operations, queries, tasks

    job = operations.create_job(tasks.WORKER_CHECK, actor=None)
    db.session.commit()
    send(tasks.check_worker, job.id)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = queries.get_job(job.id)
        if job.status in ("succeeded", "failed"):
            click.echo(f"job {job.id}: {job.status} {job.result} (this process: {os.getpid()})")
            return
        time.sleep(0.5)
    raise click.ClickException(f"job {job.id} still {job.status} after {timeout}s: is a worker running?")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--web-workers", default=None, type=int,
              help="Web processes (default: 1 on the embedded default, whose rate-limit counters "
                   "live in the process; 2 when REDIS_URL is set).")
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per web process.")
@click.option("--no-worker", is_flag=True, help="Run only the web server.")
@with_appcontext
def serve(host: str, port: int, web_workers: int | None, threads: int, no_worker: bool) -> None:
    """Run the web server (gunicorn) and a Celery worker with its scheduler, until Ctrl-C."""
    shared_counters = bool(current_app.config.get("REDIS_URL"))
    if web_workers is None:
        web_workers = 2 if shared_counters else 1
    elif web_workers > 1 and not shared_counters:
        click.echo("warning: without REDIS_URL each web process counts rate limits on its own, so "
                   f"{web_workers} processes allow {web_workers} times each limit", err=True)
    env = dict(os.environ)
    procs: list[subprocess.Popen] = []
    web = [sys.executable, "-m", "gunicorn", "--workers", str(web_workers), "--threads", str(threads),
           # idle connections kept 5 s (gunicorn's default is 2): a client that pauses between two
           # requests for a few seconds would otherwise send into a connection being closed
           "--keep-alive", "5",
           "--bind", f"{host}:{port}", "--access-logfile", "-", "arena.wsgi:app"]
    procs.append(subprocess.Popen(web, env=env))
    if not no_worker:
        worker = [sys.executable, "-m", "celery", "-A", "arena.celery_app", "worker", "--beat",
                  "--loglevel", "INFO", "--concurrency", "2", "--pool", "threads"]
        procs.append(subprocess.Popen(worker, env=env))
    click.echo(f"Arena is running at http://{host}:{port}/  (Ctrl-C stops it)")

    def stop(*_args):
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
        failed = [p.args[2:5] for p in procs if p.poll() not in (None, 0)]
        if failed:
            click.echo(f"a process stopped unexpectedly: {failed}", err=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop()


@click.group("i18n")
def i18n() -> None:
    """Translation catalogues (one per domain)."""


@i18n.command("compile")
def i18n_compile() -> None:
    from arena.core import i18n_tools

    for path in i18n_tools.compile_all():
        click.echo(f"compiled {path.relative_to(i18n_tools.PACKAGE_DIR.parent)}")


@i18n.command("update")
def i18n_update() -> None:
    """Add new strings of every domain to its catalogue (then translate them)."""
    from arena.core import i18n_tools

    for path in i18n_tools.update():
        click.echo(f"updated {path.relative_to(i18n_tools.PACKAGE_DIR.parent)}")


@i18n.command("check")
def i18n_check() -> None:
    from arena.core import i18n_tools

    gaps = i18n_tools.check()
    for where, ids in gaps.items():
        click.echo(f"{where}: {len(ids)} untranslated")
        for msgid in ids:
            click.echo(f"  {msgid!r}")
    unmarked = i18n_tools.unmarked()
    if unmarked:
        click.echo(f"{len(unmarked)} messages not marked for translation (wrap them in gettext):")
        for where in unmarked:
            click.echo(f"  {where}")
    if gaps or unmarked:
        raise SystemExit(1)
    click.echo("every string is marked and translated")


@click.command("config-table")
@click.option("--readme", type=click.Path(dir_okay=False), default="README.md", show_default=True)
@click.option("--check", is_flag=True, help="Only report whether the README's table is current.")
def config_table(readme: str, check: bool) -> None:
    """Write the settings table (generated from arena/config.py) into the README."""
    from pathlib import Path

    from arena.config import readme_with_table

    path = Path(readme)
    text = path.read_text(encoding="utf-8")
    updated = readme_with_table(text)
    if check:
        if updated != text:
            raise click.ClickException(f"{path}'s settings table is out of date: run `arena config-table`")
        click.echo(f"{path}'s settings table is current")
        return
    path.write_text(updated, encoding="utf-8")
    click.echo(f"wrote the settings table into {path}")


def init_app(app) -> None:
    for command in (create_admin, demo_data, worker_check, serve, i18n, config_table):
        app.cli.add_command(command)


def main() -> None:
    from arena import create_app

    cli = FlaskGroup(create_app=create_app, help="Arena command line.")
    cli.main()
