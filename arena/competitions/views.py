"""Competition pages: list, competition page, create/edit, the organisers' question editor and
statistics. Taking an attempt and its result are in ``attempt_views``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _

from arena.competitions import operations, present, queries
from arena.competitions.forms import CompetitionForm, ConfirmForm, QuestionForm
from arena.competitions.kinds import KINDS
from arena.core import access, signals
from arena.core.api import paginate
from arena.core.errors import ArenaError, NotFound
from arena.extensions import db

bp = Blueprint("competitions", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets/competitions")
TABS = ("current", "upcoming", "past")
SETTINGS = ("title", "description", "time_limit_seconds", "attempts_allowed", "layout", "shuffle_questions",
            "shuffle_options", "results_shown", "counted_attempt", "competition_points", "wrong_penalty",
            "all_correct_bonus", "time_bonus_percent", "visibility", "is_published")


me = access.current_user_or_none  # the caller, or None


def visible(competition_id: int):
    competition = queries.get_competition(competition_id)
    if competition is None or not competition.can_view(me()):
        raise NotFound(_("No such competition."))
    return competition


def editable(competition_id: int):
    competition = visible(competition_id)
    if not competition.can_edit(me()):
        raise NotFound(_("No such competition."))
    return competition


def run_for_form(form, call):
    """Run an operation for a form page inside a savepoint; when it refuses, undo its changes and show
    its errors next to the fields (others at the top). Returns ``(result, succeeded)``."""
    try:
        with db.session.begin_nested():
            return call(), True
    except ArenaError as exc:
        for field, messages in (exc.errors or {}).items():
            target = getattr(form, field.split(".")[0], None) if form is not None else None
            if target is not None and hasattr(target, "errors"):
                target.errors = list(target.errors or []) + messages
            else:
                flash(" ".join(messages), "error")
        if not exc.errors:
            flash(exc.message, "error")
        return None, False


def _tz() -> ZoneInfo:
    return ZoneInfo(str(get_timezone()))


def _to_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=_tz()).astimezone(ZoneInfo("UTC")) if value else None


def _to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(_tz()).replace(tzinfo=None) if value else None


@bp.get("/competitions")
@access.public
def competition_list():
    tab = request.args.get("status") if request.args.get("status") in TABS else "current"
    page = max(request.args.get("page", 1, type=int), 1)
    pagination = paginate(queries.competitions_stmt(me(), status=tab), page, 20)
    return render_template("competitions/list.html", tab=tab, pagination=pagination,
                           can_create=queries.may_create(me()))


@bp.get("/competitions/<int:competition_id>")
@access.public
def competition_page(competition_id: int):
    competition = visible(competition_id)
    user = me()
    page = max(request.args.get("page", 1, type=int), 1)
    board, total = queries.leaderboard_page(competition.id, page=page, per_page=20)
    return render_template(
        "competitions/detail.html", competition=competition, board=board, board_total=total, page=page,
        attempts=queries.user_attempts(competition.id, user.id) if user else [],
        open_attempt=queries.open_attempt(competition.id, user.id) if user else None,
        can_edit=competition.can_edit(user), may_take_part=competition.may_take_part(user), form=ConfirmForm(),
        page_links=signals.page_links("competition", competition.id, user))


def _settings(form: CompetitionForm) -> dict:
    data = {name: getattr(form, name).data for name in SETTINGS}
    data["starts_at"], data["ends_at"] = _to_utc(form.starts_at.data), _to_utc(form.ends_at.data)
    return data


@bp.route("/competitions/new", methods=["GET", "POST"])
@access.signed_in()
def competition_new():
    if not queries.may_create(me()):
        flash(_("Only trusted members and admins create competitions."), "warning")
        return redirect(url_for("competitions.competition_list"))
    form = CompetitionForm()
    if form.validate_on_submit():
        competition, done = run_for_form(form, lambda: operations.create_competition(_settings(form), actor=me()))
        if done:
            flash(_("Competition created. Now add its questions."), "success")
            return redirect(url_for("competitions.question_editor", competition_id=competition.id))
    return render_template("competitions/form.html", form=form, competition=None), 422 if form.errors else 200


@bp.route("/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
@access.signed_in()
def competition_edit(competition_id: int):
    competition = editable(competition_id)
    data = {name: getattr(competition, name) for name in SETTINGS}
    data.update(starts_at=_to_local(competition.starts_at), ends_at=_to_local(competition.ends_at))
    form = CompetitionForm(data=data)
    if form.validate_on_submit():
        _result, done = run_for_form(form, lambda: operations.update_competition(competition, _settings(form),
                                                                                 actor=me()))
        if done:
            flash(_("Competition saved."), "success")
            return redirect(url_for("competitions.competition_page", competition_id=competition.id))
    return render_template("competitions/form.html", form=form, competition=competition), \
        422 if form.errors else 200


# --- the organisers' question editor -----------------------------------------------------------
@bp.get("/competitions/<int:competition_id>/questions")
@access.signed_in()
def question_editor(competition_id: int):
    competition = editable(competition_id)
    return render_template("competitions/questions.html", competition=competition, form=ConfirmForm(),
                           kinds=KINDS, has_attempts=queries.has_attempts(competition.id))


@bp.post("/competitions/<int:competition_id>/questions/<int:question_id>/move")
@access.signed_in()
def question_move(competition_id: int, question_id: int):
    competition = editable(competition_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    form = ConfirmForm()
    if form.validate_on_submit():
        _result, done = run_for_form(None, lambda: operations.move_question(competition, question_id, direction,
                                                                            actor=me()))
        if done:
            flash(_("Question moved."), "success")
    return redirect(url_for("competitions.question_editor", competition_id=competition.id,
                            _anchor=f"question-{question_id}"))


def _question_data(form: QuestionForm) -> dict:
    kind = form.kind.data
    options = [line.strip() for line in (form.options.data or "").splitlines() if line.strip()]
    correct = (form.correct.data or "").strip()
    if kind == "true_false":
        answer = {"true": True, "false": False}.get(correct.lower(), correct)
    elif kind == "short_text":
        answer = [part.strip() for part in correct.split("|") if part.strip()]
    else:
        numbers = [part.strip() for part in correct.replace("،", ",").split(",") if part.strip()]
        ids = [f"o{n}" if n.isdigit() else n for n in numbers]
        answer = ids[0] if kind == "single" and len(ids) == 1 else ids
    return {"kind": kind, "text": form.text.data, "options": [{"id": f"o{i + 1}", "text": t}
                                                             for i, t in enumerate(options)],
            "answer": answer, "partial": form.partial.data, "points": form.points.data or Decimal(1),
            "explanation": form.explanation.data or ""}


def _question_form_data(question) -> dict:
    if question.kind == "true_false":
        correct = "true" if question.answer else "false"
    elif question.kind == "short_text":
        correct = " | ".join(question.answer)
    else:
        ids = [o["id"] for o in question.options]
        chosen = question.answer if isinstance(question.answer, list) else [question.answer]
        correct = ", ".join(str(ids.index(c) + 1) for c in chosen if c in ids)
    return {"kind": question.kind, "text": question.text, "options": "\n".join(o["text"] for o in question.options),
            "correct": correct, "partial": question.partial, "points": question.points,
            "explanation": question.explanation}


@bp.route("/competitions/<int:competition_id>/questions/new", methods=["GET", "POST"])
@bp.route("/competitions/<int:competition_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@access.signed_in()
def question_form(competition_id: int, question_id: int | None = None):
    competition = editable(competition_id)
    question = queries.get_question(competition.id, question_id) if question_id else None
    if question_id and question is None:
        raise NotFound(_("No such question."))
    form = QuestionForm(data=_question_form_data(question) if question else None)
    if form.validate_on_submit():
        data, confirm = _question_data(form), form.confirm_rescore.data
        if question is None:
            call = lambda: operations.create_question(competition, data, actor=me(), confirm_rescore=confirm)  # noqa
        else:
            call = lambda: operations.update_question(question, data, actor=me(), confirm_rescore=confirm)  # noqa
        saved, done = run_for_form(form, call)
        if done:
            flash(_("Question saved."), "success")
            return redirect(url_for("competitions.question_editor", competition_id=competition.id,
                                    _anchor=f"question-{saved.id}"))
    return render_template("competitions/question_form.html", competition=competition, question=question,
                           form=form, has_attempts=queries.has_attempts(competition.id)), 422 if form.errors else 200


@bp.post("/competitions/<int:competition_id>/questions/<int:question_id>/delete")
@access.signed_in()
def question_delete(competition_id: int, question_id: int):
    competition = editable(competition_id)
    question = queries.get_question(competition.id, question_id)
    if question is None:
        raise NotFound(_("No such question."))
    form = ConfirmForm()
    if form.validate_on_submit():
        confirm = request.form.get("confirm_rescore") == "y"
        _result, done = run_for_form(None, lambda: operations.delete_question(question, actor=me(),
                                                                              confirm_rescore=confirm))
        if done:
            flash(_("Question deleted."), "success")
    return redirect(url_for("competitions.question_editor", competition_id=competition.id))


@bp.get("/competitions/<int:competition_id>/statistics")
@access.signed_in()
def statistics(competition_id: int):
    competition = editable(competition_id)
    attempts = queries.closed_attempts(competition.id)
    return render_template("competitions/statistics.html", competition=competition,
                           stats=present.statistics(competition), attempts=attempts)


from arena.competitions import attempt_views  # noqa: E402,F401  (adds the attempt routes to ``bp``)
