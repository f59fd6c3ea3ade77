"""Judging rounds API: define rounds, list a round's entries, preview and close a round with an
advance rule, and rank a ranking round's entries. Also an umbrella contest's combined leaderboard."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok, ok_all
from arena.core.errors import NotFound
from arena.reviews import permissions, present, queries, umbrella
from arena.reviews.operations import rounds
from arena.reviews.schemas import (
    AdvancePreviewSchema, AdvanceRuleSchema, RankingInSchema, RoundEntrySchema, RoundInSchema, RoundSchema,
    UmbrellaBoardSchema,
)

blp = Blueprint("rounds_api", __name__, url_prefix="/api/v1", description="Judging rounds and umbrella leaderboards")


_me = access.current_user_or_none  # the caller, or None


def _contest(contest_id: int):
    contest = queries.get_contest(contest_id)
    if contest is None or not permissions.can_view_jury(contest, _me()):
        raise NotFound(_("No such contest."))
    return contest


def _round(contest, position: int):
    rnd = rounds.get_round(contest.id, position)
    if rnd is None:
        raise NotFound(_("No such round."))
    return rnd


def round_data(rnd) -> dict:
    return {field: getattr(rnd, field) for field in ("id", "position", "scoring_mode", "scoring_config", "jury_ids",
                                                     "starts_at", "ends_at", "state", "advance_rule", "closed_at")}


def _entries(rnd) -> list[dict]:
    return [{"submission_id": s.id, "title": s.title, "participant": present.person(s.user), "state": r.state,
             "decision": r.decision, "score": r.score, "review_count": r.review_count, "advanced": r.advanced,
             "breakdown": r.breakdown or {}} for r, s in rounds.entries_of(rnd)]


@blp.route("/contests/<int:contest_id>/rounds")
class ContestRounds(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(RoundSchema, many=True))
    def get(self, contest_id):
        """The contest's judging rounds in order (jury and organisers). Empty: one implicit round
        with the contest's own scoring settings."""
        items = [round_data(r) for r in rounds.rounds_of(_contest(contest_id).id)]
        return ok_all(items)

    @access.signed_in()
    @blp.arguments(RoundInSchema)
    @blp.response(201, envelope(RoundSchema))
    def post(self, args, contest_id):
        """Add the next round (organisers; at most 3, until the first round closes). Round 1 opens at
        once; a later round opens when the one before it closes. Its jurors are notified."""
        rnd = rounds.add_round(_contest(contest_id), actor=_me(), **args)
        return ok(round_data(rnd), _("Round added"))


@blp.route("/contests/<int:contest_id>/rounds/<int:position>/entries")
class RoundEntries(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(RoundEntrySchema, many=True))
    def get(self, contest_id, position):
        """The round's entries with their result in this round, best first."""
        contest = _contest(contest_id)
        rnd = _round(contest, position)
        items = _entries(rnd)
        return ok_all(items)


@blp.route("/contests/<int:contest_id>/rounds/<int:position>/preview")
class RoundPreview(MethodView):
    @access.signed_in()
    @blp.arguments(AdvanceRuleSchema)
    @blp.response(200, envelope(AdvancePreviewSchema))
    def post(self, args, contest_id, position):
        """What closing the round with this rule would keep — changes nothing. Entries tied with the
        last kept one are all kept (``extra_for_ties``)."""
        contest = _contest(contest_id)
        return ok(rounds.preview_close(contest, _round(contest, position), args, actor=_me()))


@blp.route("/contests/<int:contest_id>/rounds/<int:position>/close")
class RoundClose(MethodView):
    @access.signed_in()
    @blp.arguments(AdvanceRuleSchema)
    @blp.response(200, envelope(AdvancePreviewSchema))
    def post(self, args, contest_id, position):
        """Close the round (organisers): 409 while entries are open or tied. The rule's entries move on
        to the next round, which opens; closing the last round ends judging."""
        contest = _contest(contest_id)
        return ok(rounds.close_round(contest, _round(contest, position), args, actor=_me()), _("Round closed"))


@blp.route("/contests/<int:contest_id>/rounds/<int:position>/ranking")
class RoundRanking(MethodView):
    @access.signed_in()
    @blp.arguments(RankingInSchema)
    @blp.response(201, envelope(RoundEntrySchema, many=True))
    def post(self, args, contest_id, position):
        """A juror ranks every entry of a ranking round, best first (once). Scores are Borda counts:
        of n entries, rank r earns n − r points; an entry's score is the sum over the jurors."""
        contest = _contest(contest_id)
        rnd = _round(contest, position)
        rounds.submit_ranking(contest, rnd, actor=_me(), order=args["order"])
        items = _entries(rnd)
        return ok_all(items, _("Ranking saved"))


@blp.route("/contests/<int:contest_id>/umbrella")
class UmbrellaBoard(MethodView):
    @access.public
    @blp.response(200, envelope(UmbrellaBoardSchema))
    def get(self, contest_id):
        """An umbrella contest: its children with their status and totals, and the combined
        leaderboard (each participant's total across the children; an article entered in two
        children — the same page, or pages sharing a Wikidata item — counted once by the umbrella's
        rule). 404 for a contest that is not an umbrella."""
        contest = queries.get_contest(contest_id)
        board = umbrella.combined_board(contest) if contest is not None and contest.can_view(_me()) else None
        if board is None:
            raise NotFound(_("No such umbrella contest."))
        return ok(board)
