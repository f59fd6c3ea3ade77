"""Admin pages: the dashboard (queues of every domain) and the run-time settings."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from arena.admin import operations, present
from arena.admin.forms import SettingsForm
from arena.core import access, pagecache, runtime
from arena.core.dashboard import QUEUES_SCOPE
from arena.core.dashboard import queues as registered_queues
from arena.core.errors import ValidationFailed
from arena.identity import auth, reauth
from arena.web.form_operations import run_in_savepoint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


def site_notice() -> dict:
    """Context for every page: the site notice banner (a run-time setting)."""
    try:
        return {"site_notice": runtime.value("site.notice")}
    except Exception:  # a page must render even if the settings cannot be read (database away)
        current_app.logger.exception("site notice unavailable")
        return {"site_notice": ""}


@bp.get("")
@access.role("admin", scope=None)
def dashboard():
    """The queues and the overview are the same for every administrator: their HTML is rendered once
    a minute per language (and again at once when a queue's rows change), the page around it for
    each request (the person's menu, the site notice)."""
    locale = str(get_locale())
    body = pagecache.cached_value((QUEUES_SCOPE,), ("admin-dashboard", locale, present.overview_minute()),
                                  lambda: _dashboard_body(locale), timeout=present.OVERVIEW_SECONDS)
    return render_template("admin/dashboard.html", body=Markup(body))


def _dashboard_body(locale: str) -> str:
    queues = [{"label": str(q.label), "count": q.count(), "url": url_for(q.endpoint)}
              for q in registered_queues(current_app)]
    charts = present.overview_charts(current_app, locale, rtl=locale in current_app.config["RTL_LANGUAGES"])
    return render_template("admin/_dashboard_body.html", queues=queues, charts=charts)


@bp.get("/settings")
@access.role("admin", scope=None)
def settings():
    return render_template("admin/settings.html", form=SettingsForm(), rows=present.settings_view(), errors={},
                           posted={})


@bp.post("/settings")
@access.role("admin", scope=None)
@reauth.fresh_password
def save_settings():
    form = SettingsForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"csrf_token": _("The form expired; please try again.")})
    posted = {s.name: request.form.get(s.name, "false" if s.type is bool else "") for s in runtime.declared()
              if s.name in request.form or s.type is bool}
    current = {row["name"]: row["value"] for row in present.settings_view()}
    changes = {name: raw for name, raw in posted.items() if _differs(runtime.get_setting(name), raw, current[name])}
    outcome = run_in_savepoint(operations.change_settings, changes, actor=access.current_user_or_none(),
                               origin=auth.request_origin())
    if not outcome.ok:
        return render_template("admin/settings.html", form=form, rows=present.settings_view(),
                               errors=outcome.error.errors, posted=posted), outcome.status
    flash(_("Settings saved: %(n)s changed.", n=len(outcome.value)), "success")
    return redirect(url_for("admin.settings"), 303)


def _differs(setting, raw: str, current) -> bool:
    try:
        return runtime.convert(setting, raw) != current
    except runtime.InvalidValue:
        return True
