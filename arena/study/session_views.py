"""Study pages for sessions: add, edit and delete sessions, the timer, inline checks, CSV export.

Routes live on the study blueprint of ``views`` (same helpers, same URL space ``/study/``).
"""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core.errors import NotFound, ValidationFailed
from arena.core.timeutil import utcnow
from arena.study import exports, limits, operations, queries
from arena.study.forms import ConfirmForm, SessionForm, TimerStartForm
from arena.web.form_operations import run_form_operation
from arena.study.views import (_field_fragment, _me, _overlap_text, _session_or_404,
                               _subject_choices, _to_utc, _triggered, _word_overlap, format_minutes, study_route,
                               viewer_tz)

# ---- sessions -------------------------------------------------------------------------------

def _session_form(session=None):
    form = SessionForm()
    form.subject_id.choices = _subject_choices(session.subject_id if session else None)
    return form


def _session_form_page(form, session=None, status=200):
    return render_template("study/session_form.html", form=form, session=session, tz=viewer_tz()), status


@study_route("/sessions/new")
def new_session():
    form = _session_form()
    tz = viewer_tz()
    end = utcnow().astimezone(tz).replace(second=0, microsecond=0, tzinfo=None)
    if not form.is_submitted():
        form.subject_id.data = request.args.get("subject_id", type=int)
        form.ended_at.data = end
        form.started_at.data = end - timedelta(hours=1)
    return _session_form_page(form)


@study_route("/sessions/new", method="POST")
def create_session():
    form, tz = _session_form(), viewer_tz()
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.create_session, actor=_me(), subject_id=form.subject_id.data,
                                     started_at=_to_utc(form.started_at.data, tz),
                                     ended_at=_to_utc(form.ended_at.data, tz), notes=form.notes.data or "")
        _word_overlap(form, outcome, tz)
        if outcome.ok:
            flash(_("Session recorded."), "success")
            return redirect(url_for("study.dashboard"))
    return _session_form_page(form, status=422)


@study_route("/sessions/<int:session_id>/edit")
def edit_session(session_id):
    session, tz = _session_or_404(session_id), viewer_tz()
    form = _session_form(session)
    form.subject_id.data = session.subject_id
    form.started_at.data = session.started_at.astimezone(tz).replace(tzinfo=None)
    form.ended_at.data = session.ended_at.astimezone(tz).replace(tzinfo=None) if session.ended_at else None
    form.notes.data = session.notes
    return _session_form_page(form, session)


@study_route("/sessions/<int:session_id>/edit", method="POST")
def update_session(session_id):
    session, tz = _session_or_404(session_id), viewer_tz()
    form = _session_form(session)
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.update_session, session, {
            "subject_id": form.subject_id.data, "started_at": _to_utc(form.started_at.data, tz),
            "ended_at": _to_utc(form.ended_at.data, tz), "notes": form.notes.data or ""}, actor=_me())
        _word_overlap(form, outcome, tz)
        if outcome.ok:
            flash(_("Session saved."), "success")
            return redirect(url_for("study.subject_page", subject_id=session.subject_id))
    return _session_form_page(form, session, 422)


@study_route("/sessions/<int:session_id>/delete")
def confirm_delete_session(session_id):
    session = _session_or_404(session_id)
    return render_template("study/confirm_delete.html", form=ConfirmForm(), subject=None, session=session)


@study_route("/sessions/<int:session_id>/delete", method="POST")
def delete_session(session_id):
    session = _session_or_404(session_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"csrf_token": form.errors.get("csrf_token", [_("Please try again.")])})
    subject_id = session.subject_id
    operations.delete_session(session, actor=_me())
    flash(_("Session deleted."), "success")
    return redirect(url_for("study.subject_page", subject_id=subject_id))


# ---- timer ----------------------------------------------------------------------------------

@study_route("/timer/start", method="POST")
def timer_start():
    form = TimerStartForm()
    form.subject_id.choices = _subject_choices()
    if not form.validate_on_submit():
        flash(" ".join(m for msgs in form.errors.values() for m in msgs), "error")
        return redirect(url_for("study.dashboard"))
    if run_form_operation(None, operations.start_timer, actor=_me(), subject_id=form.subject_id.data).ok:
        flash(_("Timer started. Stop it when you finish."), "success")
    return redirect(url_for("study.dashboard"))


@study_route("/timer/stop", method="POST")
def timer_stop():
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"csrf_token": form.errors.get("csrf_token", [_("Please try again.")])})
    try:
        session, outcome = operations.stop_timer(actor=_me())
    except NotFound:
        flash(_("No timer is running."), "warning")
        return redirect(url_for("study.dashboard"))
    if outcome == "discarded":
        flash(_("The timer ran for less than a minute, so nothing was recorded."), "warning")
    elif outcome == "capped":
        flash(_("The timer ran for more than 24 hours; the session was ended at 24 hours. Edit it if "
                "needed."), "warning")
    else:
        flash(_("Session recorded: %(duration)s.", duration=format_minutes(session.duration_minutes)), "success")
    return redirect(url_for("study.dashboard"))


@study_route("/validate/session", method="POST", limit=limits.read)
def validate_session():
    session_id = request.args.get("session_id", type=int)
    session = queries.owned_session(_me(), session_id) if session_id else None
    form = _session_form(session)
    name = _triggered(form)
    form.validate()
    tz = viewer_tz()
    if name and not form[name].errors and name != "notes":
        problems, clash = operations.session_problems(
            _me(), subject_id=form.subject_id.data, started_at=_to_utc(form.started_at.data, tz),
            ended_at=_to_utc(form.ended_at.data, tz), exclude_id=session.id if session else None)
        if clash is not None:
            problems = {"started_at": [_overlap_text(clash, tz)], "ended_at": [_overlap_text(clash, tz)]}
        form[name].errors = problems.get(name, [])
    return _field_fragment(form, name)


# ---- export ---------------------------------------------------------------------------------

@study_route("/export.csv")
def export_csv():
    return exports.sessions_csv(_me(), subject_id=request.args.get("subject_id", type=int), day_from=None,
                                day_to=None, tz=viewer_tz())
