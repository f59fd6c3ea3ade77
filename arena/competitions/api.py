"""REST API of quiz competitions. Thin: parse → load → authorise → operate → envelope."""

from __future__ import annotations

import math

from flask import Response
from flask.views import MethodView
from flask_babel import gettext as _

from arena.competitions import exports, operations, present, queries, receivers
from arena.competitions.schemas import (
    AnswerIn, AttemptListArgs, AttemptOut, AttemptSummaryOut, CompetitionCreate, CompetitionIn, CompetitionListArgs,
    CompetitionOut, LeaderboardRowOut, QuestionCreate, QuestionIn, QuestionOut, ReorderIn, RescoreArgs, ResultOut,
    StatisticsOut,
)
from arena.core import access, pagecache
from arena.core.api import Blueprint, PageArgs, envelope, ok, paged
from arena.core.boundary import keep_changes_on_error
from arena.core.errors import Forbidden, NotFound

blp = Blueprint("competitions_api", __name__, url_prefix="/api/v1/competitions",
                description="Quiz competitions, questions, timed attempts, results")


def visible_competition(competition_id: int):
    competition = queries.get_competition(competition_id)
    if competition is None or not competition.can_view(access.current_user_or_none()):
        raise NotFound(_("No such competition."))
    return competition


def editable_competition(competition_id: int):
    competition = visible_competition(competition_id)
    if not competition.can_edit(access.current_user_or_none()):
        raise Forbidden(_("Only the competition's organisers may do that."))
    return competition


def own_attempt(competition_id: int, attempt_id: int, *, organisers_too: bool = False):
    """The caller's attempt (404 for anybody else's — organisers may read them when allowed)."""
    competition = visible_competition(competition_id)
    attempt = queries.get_attempt(competition.id, attempt_id)
    me = access.current_user_or_none()
    if attempt is None or not (attempt.user_id == me.id or (organisers_too and competition.can_edit(me))):
        raise NotFound(_("No such attempt."))
    return attempt


def keeping_time_up(call):
    """Run ``call``; when the deadline had passed, the attempt was closed and scored — keep that
    although the request is refused."""
    try:
        return call()
    except operations.TimeUp:
        keep_changes_on_error()
        raise


@blp.route("")
class Competitions(MethodView):
    @access.public
    @paged(blp, CompetitionOut, args=CompetitionListArgs)
    def get(self, args):
        """Competitions (filters: status; ``mine`` for those you organise). Unlisted ones are not listed."""
        return queries.competitions_stmt(access.current_user_or_none(), status=args.get("status"), mine=args["mine"])

    @access.signed_in()
    @blp.arguments(CompetitionCreate)
    @blp.response(201, envelope(CompetitionOut))
    def post(self, data):
        """Create a competition (admins and trusted members); you become its organiser."""
        return ok(operations.create_competition(data, actor=access.current_user_or_none()), _("Competition created"))


@blp.route("/<int:competition_id>")
class CompetitionItem(MethodView):
    @access.public
    @blp.response(200, envelope(CompetitionOut))
    def get(self, competition_id):
        """One competition (drafts only for organisers and admins)."""
        return ok(visible_competition(competition_id))

    @access.signed_in()
    @blp.arguments(CompetitionIn)
    @blp.response(200, envelope(CompetitionOut))
    def patch(self, data, competition_id):
        """Change a competition's settings (organisers and admins)."""
        competition = operations.update_competition(editable_competition(competition_id), data,
                                                    actor=access.current_user_or_none())
        return ok(competition, _("Competition updated"))

    @access.signed_in()
    @blp.response(200, envelope())
    def delete(self, competition_id):
        """Delete a competition; one with attempts is hidden and kept (soft delete)."""
        kind = operations.delete_competition(editable_competition(competition_id), actor=access.current_user_or_none())
        return ok({"deleted": kind}, _("Competition deleted"))


@blp.route("/<int:competition_id>/questions")
class Questions(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(QuestionOut, many=True))
    def get(self, competition_id):
        """The questions with their answers (organisers and admins)."""
        return ok(editable_competition(competition_id).questions)

    @access.signed_in()
    @blp.arguments(QuestionCreate)
    @blp.arguments(RescoreArgs, location="query")
    @blp.response(201, envelope(QuestionOut))
    def post(self, data, args, competition_id):
        """Add a question. With attempts already taken, 409 unless ``confirm_rescore=true``."""
        question = operations.create_question(editable_competition(competition_id), data,
                                              actor=access.current_user_or_none(),
                                              confirm_rescore=args["confirm_rescore"])
        return ok(question, _("Question added"))


@blp.route("/<int:competition_id>/questions/<int:question_id>")
class QuestionItem(MethodView):
    def _question(self, competition_id, question_id):
        question = queries.get_question(editable_competition(competition_id).id, question_id)
        if question is None:
            raise NotFound(_("No such question."))
        return question

    @access.signed_in()
    @blp.response(200, envelope(QuestionOut))
    def get(self, competition_id, question_id):
        """One question with its answer (organisers and admins)."""
        return ok(self._question(competition_id, question_id))

    @access.signed_in()
    @blp.arguments(QuestionIn)
    @blp.arguments(RescoreArgs, location="query")
    @blp.response(200, envelope(QuestionOut))
    def patch(self, data, args, competition_id, question_id):
        """Change a question. With attempts already taken, 409 unless ``confirm_rescore=true``."""
        question = operations.update_question(self._question(competition_id, question_id), data,
                                              actor=access.current_user_or_none(),
                                              confirm_rescore=args["confirm_rescore"])
        return ok(question, _("Question updated"))

    @access.signed_in()
    @blp.arguments(RescoreArgs, location="query")
    @blp.response(200, envelope())
    def delete(self, args, competition_id, question_id):
        """Delete a question. With attempts already taken, 409 unless ``confirm_rescore=true``."""
        operations.delete_question(self._question(competition_id, question_id), actor=access.current_user_or_none(),
                                   confirm_rescore=args["confirm_rescore"])
        return ok(None, _("Question deleted"))


@blp.route("/<int:competition_id>/questions/reorder")
class QuestionOrder(MethodView):
    @access.signed_in()
    @blp.arguments(ReorderIn)
    @blp.response(200, envelope(QuestionOut, many=True))
    def post(self, data, competition_id):
        """Put the questions in the given order (every question id once)."""
        questions = operations.reorder_questions(editable_competition(competition_id), data["order"],
                                                 actor=access.current_user_or_none())
        return ok(questions, _("Questions reordered"))


@blp.route("/<int:competition_id>/attempts")
class Attempts(MethodView):
    @access.signed_in()
    @paged(blp, AttemptSummaryOut, args=AttemptListArgs)
    def get(self, args, competition_id):
        """Your attempts; organisers and admins pass ``everyone=true`` for every attempt."""
        competition = visible_competition(competition_id)
        me = access.current_user_or_none()
        if args["everyone"] and not competition.can_edit(me):
            raise Forbidden(_("Only the competition's organisers may do that."))
        return queries.attempts_stmt(competition.id, user_id=None if args["everyone"] else me.id)

    @access.signed_in()
    @blp.response(201, envelope(AttemptOut))
    def post(self, competition_id):
        """Start an attempt (or resume the open one, with 200): its questions carry no trace of the answers."""
        competition = visible_competition(competition_id)
        attempt, created = operations.start_attempt(competition, actor=access.current_user_or_none())
        body = ok(present.attempt_view(attempt), _("Attempt started") if created else _("Attempt resumed"))
        return body, 201 if created else 200


@blp.route("/<int:competition_id>/attempts/<int:attempt_id>")
class AttemptItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(AttemptOut))
    def get(self, competition_id, attempt_id):
        """Your attempt as it stands (resume here after signing in again)."""
        return ok(present.attempt_view(own_attempt(competition_id, attempt_id)))


@blp.route("/<int:competition_id>/attempts/<int:attempt_id>/answers/<int:question_id>")
class AttemptAnswer(MethodView):
    @access.signed_in()
    @blp.arguments(AnswerIn)
    @blp.response(200, envelope())
    def put(self, data, competition_id, attempt_id, question_id):
        """Save the answer to one question (``null`` clears it). After the deadline and its grace: 409,
        and the attempt is closed and scored with what was saved."""
        attempt = own_attempt(competition_id, attempt_id)
        answer = keeping_time_up(lambda: operations.save_answer(attempt, question_id, data["value"],
                                                                actor=access.current_user_or_none()))
        return ok({"question_id": question_id, "value": answer.value if answer else None,
                   "seconds_left": present.seconds_left(attempt)}, _("Answer saved"))


@blp.route("/<int:competition_id>/attempts/<int:attempt_id>/submit")
class AttemptSubmit(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ResultOut))
    def post(self, competition_id, attempt_id):
        """End the attempt and score it (submitting again returns the same result)."""
        attempt = own_attempt(competition_id, attempt_id)
        keeping_time_up(lambda: operations.submit_attempt(attempt, actor=access.current_user_or_none()))
        return ok(present.result_view(attempt), _("Attempt submitted"))


@blp.route("/<int:competition_id>/attempts/<int:attempt_id>/result")
class AttemptResult(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ResultOut))
    def get(self, competition_id, attempt_id):
        """The score breakdown; correct answers and explanations once results may be shown."""
        return ok(present.result_view(own_attempt(competition_id, attempt_id, organisers_too=True)))


def _board(competition_id: int, args) -> dict:
    items, total = queries.leaderboard_page(competition_id, page=args["page"], per_page=args["per_page"])
    rows = [{"rank": i["rank"], "user": i["standing"].user, "total": i["standing"].total,
             "duration_seconds": i["standing"].duration_seconds, "finished_at": i["standing"].finished_at,
             "attempt_id": i["standing"].attempt_id} for i in items]
    pages = -(-total // args["per_page"]) if total else 0
    return ok(rows, meta={"page": args["page"], "per_page": args["per_page"], "total": total, "pages": pages})


@blp.route("/<int:competition_id>/leaderboard")
class Leaderboard(MethodView):
    @access.public
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, envelope(LeaderboardRowOut, many=True))
    def get(self, args, competition_id):
        """Ranked participants: best total, then shorter time, then earlier finish (ties 1, 2, 2, 4)."""
        def build():  # shared only while everyone may see the competition
            competition = queries.get_competition(competition_id)
            if competition is None or not competition.can_view(None):
                return None
            return pagecache.dumps(envelope(LeaderboardRowOut, many=True)().dump(_board(competition.id, args)))

        parts = ("competition-board", competition_id, args["page"], args["per_page"])
        return pagecache.json_answer((receivers.board_scope(competition_id),), parts, build,
                                     lambda: _board(visible_competition(competition_id).id, args), until=math.inf)


@blp.route("/<int:competition_id>/statistics")
class Statistics(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(StatisticsOut))
    def get(self, competition_id):
        """Per question: answered, correct, and how many chose each option (organisers and admins)."""
        return ok(present.statistics(editable_competition(competition_id)))


@blp.route("/<int:competition_id>/attempts.csv")
class AttemptsExport(MethodView):
    @access.signed_in()
    @blp.response(200, {"format": "binary", "type": "string"}, content_type="text/csv")
    def get(self, competition_id):
        """Every closed attempt with its score breakdown as CSV (formula-safe; organisers and admins)."""
        competition = editable_competition(competition_id)
        resp = Response(exports.attempts_csv(competition), mimetype="text/csv")
        resp.headers["Content-Disposition"] = f'attachment; filename="competition-{competition.id}-attempts.csv"'
        return resp
