"""Taking an attempt: start or resume, answer (saved at once with HTMX, or with the form's save
button without JavaScript), submit, and the result page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.competitions import operations, present, queries
from arena.competitions.forms import ConfirmForm
from arena.competitions.views import bp, me, visible
from arena.core import access
from arena.core.errors import ArenaError, NotFound


def _own_attempt(competition_id: int, attempt_id: int):
    competition = visible(competition_id)
    attempt = queries.get_attempt(competition.id, attempt_id)
    if attempt is None or attempt.user_id != me().id:
        raise NotFound(_("No such attempt."))
    return attempt


def _result_url(attempt):
    return url_for("competitions.attempt_result", competition_id=attempt.competition_id, attempt_id=attempt.id)


def _time_up(attempt):
    flash(str(operations.TimeUp.default_message), "warning")
    return redirect(_result_url(attempt))


def _form_value(kind: str, name: str):
    """The answer a no-JS form posted for one question (None when the field is empty)."""
    if kind == "multiple":
        values = request.form.getlist(name)
        return values or None
    raw = request.form.get(name)
    if raw is None or raw == "":
        return None
    if kind == "true_false":
        return {"true": True, "false": False}.get(raw, raw)
    return raw


@bp.post("/competitions/<int:competition_id>/attempts")
@access.signed_in()
def attempt_start(competition_id: int):
    competition = visible(competition_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("competitions.competition_page", competition_id=competition.id))
    try:
        attempt, created = operations.start_attempt(competition, actor=me())
    except ArenaError as exc:
        flash(exc.message, "error")
        return redirect(url_for("competitions.competition_page", competition_id=competition.id))
    if not created:
        flash(_("Welcome back: your attempt continues where you left it."), "info")
    return redirect(url_for("competitions.attempt_page", competition_id=competition.id, attempt_id=attempt.id))


@bp.get("/competitions/<int:competition_id>/attempts/<int:attempt_id>")
@access.signed_in()
def attempt_page(competition_id: int, attempt_id: int):
    attempt = _own_attempt(competition_id, attempt_id)
    if operations.close_if_expired(attempt):
        return _time_up(attempt)
    if not attempt.is_open:
        return redirect(_result_url(attempt))
    view = present.attempt_view(attempt)
    questions = view["questions"]
    one = attempt.competition.layout == "one"
    index = min(max(request.args.get("q", 1, type=int), 1), len(questions)) if questions else 1
    shown = questions[index - 1:index] if one and questions else questions
    return render_template("competitions/attempt.html", attempt=attempt, view=view, shown=shown, one=one,
                           index=index, count=len(questions), form=ConfirmForm())


@bp.post("/competitions/<int:competition_id>/attempts/<int:attempt_id>/answers/<int:question_id>")
@access.signed_in()
def answer_save(competition_id: int, attempt_id: int, question_id: int):
    """HTMX: save one answer as soon as it changes; answers with a small status fragment."""
    attempt = _own_attempt(competition_id, attempt_id)
    question = queries.get_question(attempt.competition_id, question_id)
    if question is None:
        raise NotFound(_("No such question."))
    if not ConfirmForm().validate_on_submit():
        return render_template("competitions/_saved.html", ok=False,
                               message=_("The form expired; please reload the page.")), 200
    try:
        operations.save_answer(attempt, question_id, _form_value(question.kind, f"q{question_id}"), actor=me())
    except operations.TimeUp:
        response = render_template("competitions/_saved.html", ok=False, message=operations.TimeUp.default_message)
        return response, 200, {"HX-Redirect": _result_url(attempt)}
    except ArenaError as exc:
        return render_template("competitions/_saved.html", ok=False, message=exc.message), 200
    return render_template("competitions/_saved.html", ok=True, message=_("Saved")), 200


@bp.post("/competitions/<int:competition_id>/attempts/<int:attempt_id>/save")
@access.signed_in()
def attempt_save(competition_id: int, attempt_id: int):
    """Without JavaScript: save every answer on the page, then go on, back, or submit."""
    attempt = _own_attempt(competition_id, attempt_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("competitions.attempt_page", competition_id=competition_id, attempt_id=attempt.id))
    by_id = {q.id: q for q in attempt.competition.questions}
    try:
        for key in request.form.getlist("shown"):
            question = by_id.get(int(key)) if key.isdigit() else None
            if question is not None:
                try:
                    operations.save_answer(attempt, question.id, _form_value(question.kind, f"q{question.id}"),
                                           actor=me())
                except operations.TimeUp:
                    raise
                except ArenaError as exc:
                    flash(exc.message, "error")
        if request.form.get("action") == "submit":
            operations.submit_attempt(attempt, actor=me())
            flash(_("Attempt submitted."), "success")
            return redirect(_result_url(attempt))
    except operations.TimeUp:
        return _time_up(attempt)
    if not attempt.is_open:
        return redirect(_result_url(attempt))
    flash(_("Your answers are saved."), "success")
    target = request.form.get("goto", type=int)
    return redirect(url_for("competitions.attempt_page", competition_id=competition_id, attempt_id=attempt.id,
                            q=target or None))


@bp.get("/competitions/<int:competition_id>/attempts/<int:attempt_id>/result")
@access.signed_in()
def attempt_result(competition_id: int, attempt_id: int):
    attempt = _own_attempt(competition_id, attempt_id)
    if attempt.is_open:
        return redirect(url_for("competitions.attempt_page", competition_id=competition_id, attempt_id=attempt.id))
    return render_template("competitions/result.html", attempt=attempt, view=present.result_view(attempt))
