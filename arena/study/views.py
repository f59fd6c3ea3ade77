"""Study pages: dashboard (timer, subjects, recent sessions, charts), subject page, forms.

Thin: forms in, ``operations`` for every write, ``queries``/``stats`` for reads. Forms work without
JavaScript; with HTMX each field is checked as it changes (``/study/validate/...``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from arena.core import access
from arena.core.api import paginate
from arena.core.errors import NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.study import charts, limits, operations, queries, stats
from arena.study.forms import ConfirmForm, SubjectForm, TimerStartForm, choice
from arena.web.form_operations import run_form_operation

bp = Blueprint("study", __name__, url_prefix="/study", template_folder="templates",
               static_folder="static", static_url_path="/assets")


def study_route(rule: str, *, method: str = "GET", limit=None):
    """A study page: for the signed-in learner only (it shows and changes their own records), counted
    against the learner's study read limit (GET) or write limit (POST) unless ``limit`` names one."""

    def decorator(view):
        counted = limit or (limits.read if method == "GET" else limits.write)
        return bp.route(rule, methods=[method])(access.signed_in()(counted(view)))

    return decorator


# ---- helpers --------------------------------------------------------------------------------

_me = access.current_user_or_none  # the caller, or None


def viewer_tz():
    """The viewer's time zone (the ``tz`` cookie set by the page script), UTC when unknown."""
    try:
        return stats.zone(request.cookies.get("tz"))
    except ValidationFailed:
        return stats.zone("UTC")


def _rtl() -> bool:
    return str(get_locale()) in current_app.config["RTL_LANGUAGES"]


def format_minutes(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(m)d min", m=rest)
    return _("%(h)d h %(m)02d min", h=hours, m=rest)


def local_text(value: datetime | None, tz=None) -> str:
    return value.astimezone(tz or viewer_tz()).strftime("%Y-%m-%d %H:%M") if value else ""


def week_label(day) -> str:
    """A week's first day as the chart and the table both show it (day and short month, localised)."""
    return format_date(day, "d MMM")


def format_axis(minutes: int) -> str:
    """Short labels for a chart axis: whole hours as hours."""
    if minutes % 60 == 0:
        return _("%(h)d h", h=minutes // 60)
    return format_minutes(minutes)


@bp.app_template_filter("study_axis")
def _axis_filter(value):
    return format_axis(value)


@bp.app_template_filter("study_minutes")
def _minutes_filter(value):
    return format_minutes(value)


@bp.app_template_global("study_minute_formats")
def _minute_formats() -> dict[str, str]:
    """The patterns of :func:`format_minutes`, for the script that moves the running timer."""
    return {"m": _("%(m)d min"), "hm": _("%(h)d h %(m)02d min")}


@bp.app_template_filter("study_local")
def _local_filter(value):
    return local_text(value)


def _overlap_text(clash, tz) -> str:
    end = local_text(clash.ended_at, tz) if clash.ended_at else _("now (the timer is running)")
    return _("Overlaps your session of %(subject)s from %(start)s to %(end)s.",
             subject=clash.subject.name, start=local_text(clash.started_at, tz), end=end)


def _word_overlap(form, outcome, tz) -> None:
    """An overlap names the other session in the viewer's time zone, next to the start."""
    clash = getattr(outcome.error, "clash", None)
    if clash is not None:
        form.started_at.errors = [_overlap_text(clash, tz)]
        form.ended_at.errors = []


def _subject_or_404(subject_id):
    subject = queries.owned_subject(_me(), subject_id)
    if subject is None:
        raise NotFound(_("No such subject."))
    return subject


def _session_or_404(session_id):
    session = queries.owned_session(_me(), session_id)
    if session is None:
        raise NotFound(_("No such study session."))
    return session


def _subject_choices(include_id: int | None = None):
    subjects = queries.subject_choices(_me().id)
    choices = [choice(s.id, s.name) for s in subjects]
    if include_id and include_id not in {s.id for s in subjects}:
        current = queries.owned_subject(_me(), include_id)
        if current is not None:
            choices.append(choice(current.id, current.name))
    return choices


def _to_utc(value: datetime | None, tz):
    return value.replace(tzinfo=tz) if value is not None else None


# ---- dashboard and subject page -------------------------------------------------------------

@study_route("/")
def dashboard():
    me, tz, now = _me(), viewer_tz(), utcnow()
    today = now.astimezone(tz).date()
    first_week = stats.week_start(today) - timedelta(weeks=7)
    summary = stats.stats_for(me, day_from=first_week, day_to=today, tz=tz, now=now)
    # one label per week, shared by the chart and the table below it
    weeks = [dict(w, label=week_label(w["week_start"])) for w in summary["weekly"]]
    chart = charts.bar_chart([(w["label"], w["minutes"]) for w in weeks], rtl=_rtl())
    subjects = queries.subjects_with_totals(me.id)
    timer_form = TimerStartForm()
    timer_form.subject_id.choices = _subject_choices()
    return render_template(
        "study/dashboard.html", summary=summary, weeks=weeks, chart=chart, subjects=subjects,
        running=queries.running_session(me.id), recent=queries.recent_sessions(me.id, 10),
        timer_form=timer_form, stop_form=ConfirmForm(), tz=tz, now=now,
        this_week=weeks[-1]["minutes"] if weeks else 0)


@study_route("/subjects/<int:subject_id>")
def subject_page(subject_id):
    subject = _subject_or_404(subject_id)
    queries.attach_totals([subject])
    page = paginate(queries.sessions_stmt(_me().id, subject_id=subject.id),
                    max(request.args.get("page", 1, type=int), 1), 20)
    return render_template("study/subject.html", subject=subject, page=page)


# ---- subjects -------------------------------------------------------------------------------

def _check_name_free(form, subject_id: int | None = None) -> None:
    """Report a taken name with the other field errors (the operation checks it again on save)."""
    if form.name.data and not form.name.errors:
        same = queries.subject_by_name(_me().id, form.name.data)
        if same is not None and same.id != subject_id:
            form.name.errors = list(form.name.errors) + [_("You already have a subject with this name.")]


def _subject_form_page(form, subject=None, status=200):
    return render_template("study/subject_form.html", form=form, subject=subject), status


@study_route("/subjects/new")
def new_subject():
    return _subject_form_page(SubjectForm())


@study_route("/subjects/new", method="POST")
def create_subject():
    form = SubjectForm()
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.create_subject, actor=_me(), **form.values())
        if outcome.ok:
            subject = outcome.value
            flash(_("Subject “%(name)s” added.", name=subject.name), "success")
            return redirect(url_for("study.subject_page", subject_id=subject.id))
    else:
        _check_name_free(form)
    return _subject_form_page(form, status=422)


@study_route("/subjects/<int:subject_id>/edit")
def edit_subject(subject_id):
    subject = _subject_or_404(subject_id)
    return _subject_form_page(SubjectForm(obj=subject), subject)


@study_route("/subjects/<int:subject_id>/edit", method="POST")
def update_subject(subject_id):
    subject = _subject_or_404(subject_id)
    form = SubjectForm()
    if form.validate_on_submit():
        if run_form_operation(form, operations.update_subject, subject, form.values(), actor=_me()).ok:
            flash(_("Subject saved."), "success")
            return redirect(url_for("study.subject_page", subject_id=subject.id))
    else:
        _check_name_free(form, subject.id)
    return _subject_form_page(form, subject, 422)


@study_route("/subjects/<int:subject_id>/delete")
def confirm_delete_subject(subject_id):
    subject = queries.attach_totals([_subject_or_404(subject_id)])[0]
    return render_template("study/confirm_delete.html", form=ConfirmForm(), subject=subject, session=None)


@study_route("/subjects/<int:subject_id>/delete", method="POST")
def delete_subject(subject_id):
    subject = _subject_or_404(subject_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"csrf_token": form.errors.get("csrf_token", [_("Please try again.")])})
    name = subject.name
    removed = operations.delete_subject(subject, actor=_me())
    flash(ngettext("Subject “%(name)s” and its %(num)d session deleted.",
                   "Subject “%(name)s” and its %(num)d sessions deleted.", removed, name=name), "success")
    return redirect(url_for("study.dashboard"))


# ---- inline validation (HTMX) ---------------------------------------------------------------

def _field_fragment(form, field_name: str):
    field = form[field_name] if field_name in form._fields else None
    return render_template("study/_field_error.html", field=field, field_id=field_name)


def _triggered(form) -> str:
    name = request.headers.get("HX-Trigger-Name") or request.form.get("_field", "")
    return name if name in form._fields else ""


@study_route("/validate/subject", method="POST", limit=limits.read)
def validate_subject():
    form = SubjectForm()
    name = _triggered(form)
    form.validate()
    if name == "name":
        _check_name_free(form, request.args.get("subject_id", type=int))
    return _field_fragment(form, name)
