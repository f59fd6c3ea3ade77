"""Jury API: reviews, results and overrides, the discussion thread, the review queue."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok, ok_all, ok_page
from arena.core.errors import NotFound
from arena.reviews import operations, permissions, present, queries
from arena.reviews.schemas import (
    MessageInSchema, MessageSchema, OutcomeSchema, OverrideInSchema, OverrideSchema, QueueArgs, QueueItemSchema,
    ReviewInSchema, ReviewPatchSchema, ReviewSchema,
)

blp = Blueprint("reviews_api", __name__, url_prefix="/api/v1", description="Jury reviews, results and discussion")


_me = access.current_user_or_none  # the caller, or None


def jury_submission(submission_id: int):
    """The submission, if the caller sits on its contest's jury (or organises it); 404 otherwise."""
    submission = queries.get_submission(submission_id)
    if submission is None or not permissions.can_view_jury(submission.contest, _me()):
        raise NotFound(_("No such submission."))
    return submission


def jury_contest(contest_id: int):
    contest = queries.get_contest(contest_id)
    if contest is None or not permissions.can_view_jury(contest, _me()):
        raise NotFound(_("No such contest."))
    return contest


def _reviews_view(submission, viewer) -> list[dict]:
    reviews = queries.reviews_of(submission.id)
    voted = any(r.juror_id == viewer.id for r in reviews)
    show = present.marks_visible(submission.contest, viewer, viewer_has_voted=voted)
    return [present.review(r, viewer, show_marks=show) for r in reviews]


@blp.route("/submissions/<int:submission_id>/reviews")
class SubmissionReviews(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ReviewSchema, many=True))
    def get(self, submission_id):
        """Every review of a submission (jury only). With hidden marks, a juror who has not voted
        sees the others' reviews without their decision and marks."""
        submission = jury_submission(submission_id)
        items = _reviews_view(submission, _me())
        return ok_all(items)

    @access.signed_in()
    @blp.arguments(ReviewInSchema)
    @blp.response(201, envelope(ReviewSchema))
    def post(self, args, submission_id):
        """Review a submission (jurors, once each; a second review is a 409)."""
        submission = jury_submission(submission_id)
        review = operations.create_review(submission, actor=_me(), **args)
        return ok(present.review(review, _me(), show_marks=True), _("Review saved"))


@blp.route("/submissions/<int:submission_id>/reviews/<int:review_id>")
class SubmissionReview(MethodView):
    @access.signed_in()
    @blp.arguments(ReviewPatchSchema)
    @blp.response(200, envelope(ReviewSchema))
    def patch(self, args, submission_id, review_id):
        """Edit your own review while the result is not decided (409 afterwards)."""
        submission = jury_submission(submission_id)
        review = queries.get_review(submission.id, review_id)
        if review is None:
            raise NotFound(_("No such review."))
        review = operations.update_review(review, submission, actor=_me(), **args)
        return ok(present.review(review, _me(), show_marks=True), _("Review updated"))


@blp.route("/submissions/<int:submission_id>/result")
class SubmissionResult(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(OutcomeSchema))
    def get(self, submission_id):
        """The jury result: open, tie (waiting for an organiser), decided or overridden."""
        submission = jury_submission(submission_id)
        return ok(present.outcome(queries.get_outcome(submission.id), submission.contest))


@blp.route("/submissions/<int:submission_id>/overrides")
class SubmissionOverrides(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(OverrideSchema, many=True))
    def get(self, submission_id):
        """Every override of the result, oldest first (the newest applies)."""
        submission = jury_submission(submission_id)
        items = [{**_override(o)} for o in queries.overrides_of(submission.id)]
        return ok_all(items)

    @access.signed_in()
    @blp.arguments(OverrideInSchema)
    @blp.response(201, envelope(OverrideSchema))
    def post(self, args, submission_id):
        """Override the result, or settle a tie (organisers and admins; a reason is required)."""
        submission = jury_submission(submission_id)
        record = operations.override_result(submission, actor=_me(), **args)
        return ok(_override(record), _("Result overridden"))


def _override(record) -> dict:
    return {"id": record.id, "actor": present.person(record.actor), "previous_status": record.previous_status,
            "previous_score": record.previous_score, "status": record.status, "score": record.score,
            "reason": record.reason, "created_at": record.created_at}


@blp.route("/submissions/<int:submission_id>/discussion")
class SubmissionDiscussion(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(MessageSchema, many=True))
    def get(self, submission_id):
        """The jury's thread about a submission (jurors and organisers)."""
        submission = jury_submission(submission_id)
        items = [{"id": m.id, "author": present.person(m.author), "body": m.body, "created_at": m.created_at}
                 for m in queries.thread_of(submission.id)]
        return ok_all(items)

    @access.signed_in()
    @blp.arguments(MessageInSchema)
    @blp.response(201, envelope(MessageSchema))
    def post(self, args, submission_id):
        submission = jury_submission(submission_id)
        message = operations.post_message(submission, actor=_me(), body=args["body"])
        return ok({"id": message.id, "author": present.person(message.author), "body": message.body,
                   "created_at": message.created_at}, _("Posted"))


@blp.route("/contests/<int:contest_id>/review-queue")
class ReviewQueue(MethodView):
    @access.signed_in()
    @blp.arguments(QueueArgs, location="query")
    @blp.response(200, envelope(QueueItemSchema, many=True))
    def get(self, args, contest_id):
        """The contest's submissions for the jury, oldest first, with filters (status — including
        ``tie`` for organisers to settle —, juror, assigned_to, flag, rule_failures, todo)."""
        contest = jury_contest(contest_id)
        me = _me()
        page_no, per_page = args.pop("page"), args.pop("per_page")
        pagination = queries.page_rows(queries.queue_stmt(contest, me, **args), page_no, per_page)
        rows = pagination.items
        mine = queries.my_reviews_for([s.id for s, _o in rows], me.id)
        sees_all = permissions.sees_all_marks(contest, me)
        items = [present.queue_item(s, o, contest, reviewed_by_me=s.id in mine, show_marks=sees_all)
                 for s, o in rows]
        return ok_page(pagination, items=items)
