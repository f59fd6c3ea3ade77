"""Judging rounds pages (the rounds of a contest, closing a round with a previewed rule, ranking a
ranking round) and an umbrella contest's public page. Thin: load, authorise, operate, render."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from arena.core import access
from arena.reviews import forms, permissions, queries, umbrella
from arena.reviews.operations import rounds
from arena.reviews.views import _jury_contest, _me, bp
from arena.web.form_operations import run_form_operation, run_in_savepoint


def _rule_from(values) -> dict:
    """The advance rule as the form gives it; numbers are read for the rules that take them."""
    kind, raw = values.get("rule") or "all", (values.get("value") or "").strip()
    value: object = raw or None
    if raw and kind == "top_n" and raw.isdigit():
        value = int(raw)
    elif raw and kind == "top_percent":
        try:
            value = float(raw)
        except ValueError:
            value = raw
    return {"rule": kind, "value": value}


def _round_or_404(contest, position: int):
    rnd = rounds.get_round(contest.id, position)
    if rnd is None:
        abort(404)
    return rnd


@bp.get("/jury/contests/<int:contest_id>/rounds")
@access.signed_in()
def rounds_page(contest_id: int):
    contest = _jury_contest(contest_id)
    me = _me()
    found = rounds.rounds_of(contest.id)
    current = next((r for r in found if r.state == "open"), None)
    organiser = permissions.can_override(contest, me)
    asked = bool(request.args.get("rule"))
    close_form = forms.CloseRoundForm(formdata=request.args if asked else None)
    preview = None
    if current is not None and organiser and asked:
        outcome = run_in_savepoint(rounds.preview_close, contest, current, _rule_from(request.args), actor=me)
        if outcome.error is not None:
            close_form.value.errors = [m for msgs in (outcome.error.errors or {}).values() for m in msgs] \
                or [str(outcome.error)]
        preview = outcome.value
    ranking = (current is not None and current.scoring_mode == "ranking" and me.id in rounds.round_jurors(current))
    return render_template("reviews/rounds.html", contest=contest, rounds=found, current=current,
                           entries={r.id: rounds.entries_of(r) for r in found}, organiser=organiser,
                           close_form=close_form,
                           preview=preview, ranking=ranking, ranking_form=forms.RankingForm(),
                           me_id=me.id)


@bp.post("/jury/contests/<int:contest_id>/rounds/<int:position>/close")
@access.signed_in()
def round_close(contest_id: int, position: int):
    contest = _jury_contest(contest_id)
    rnd = _round_or_404(contest, position)
    form = forms.CloseRoundForm()
    if form.validate_on_submit():
        outcome = run_form_operation(None, rounds.close_round, contest, rnd, _rule_from(request.form), actor=_me())
        if outcome.ok:
            flash(_("Round %(number)s is closed; %(kept)s entries move on.", number=position,
                    kept=outcome.value["kept"]), "success")
    return redirect(url_for("reviews.rounds_page", contest_id=contest.id)), 303


@bp.post("/jury/contests/<int:contest_id>/rounds/<int:position>/ranking")
@access.signed_in()
def round_ranking(contest_id: int, position: int):
    contest = _jury_contest(contest_id)
    rnd = _round_or_404(contest, position)
    if forms.RankingForm().validate_on_submit():
        ranks = {}
        for key, value in request.form.items():
            if key.startswith("rank_") and key[5:].isdigit():
                ranks[int(key[5:])] = int(value) if value.strip().isdigit() else 10 ** 6
        order = sorted(ranks, key=lambda sid: (ranks[sid], sid))
        if len(set(ranks.values())) != len(ranks):
            flash(_("Give every entry a different rank."), "error")
        elif run_form_operation(None, rounds.submit_ranking, contest, rnd, actor=_me(), order=order).ok:
            flash(_("Your ranking is saved."), "success")
    return redirect(url_for("reviews.rounds_page", contest_id=contest.id)), 303


@bp.get("/contests/<int:contest_id>/umbrella")
@access.public
def umbrella_page(contest_id: int):
    contest = queries.get_contest(contest_id)
    board = umbrella.combined_board(contest) if contest is not None and contest.can_view(_me()) else None
    if board is None:
        abort(404)
    return render_template("reviews/umbrella.html", contest=contest, board=board)
