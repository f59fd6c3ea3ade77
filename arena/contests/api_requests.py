"""REST API: contest requests and trusted-member requests (admins decide)."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.contests import operations, queries
from arena.contests.models import ContestRequest, TrustedMemberRequest
from arena.contests.schemas import (
    ContestOut, ContestRequestIn, ContestRequestOut, DecisionIn, RejectIn, RequestListArgs, TrustedRequestIn,
    TrustedRequestOut,
)
from arena.core import access
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import NotFound
from arena.extensions import db

blp = Blueprint("contest_requests_api", __name__, url_prefix="/api/v1",
                description="Contest requests and trusted-member requests")


def _load(model, request_id: int):
    req = db.session.get(model, request_id)
    if req is None or not req.can_view(access.current_user_or_none()):
        raise NotFound(_("No such request."))
    return req


@blp.route("/contest-requests")
class ContestRequests(MethodView):
    @access.signed_in()
    @paged(blp, ContestRequestOut, args=RequestListArgs)
    def get(self, args):
        """Your contest requests (admins: ``all=true`` for everyone's)."""
        return queries.contest_requests_stmt(access.current_user_or_none(), status=args.get("status"),
                                             everyone=args["all"])

    @access.signed_in()
    @blp.arguments(ContestRequestIn)
    @blp.response(201, envelope(ContestRequestOut))
    def post(self, data):
        """Ask for a contest; an admin approves it (it becomes your contest) or rejects it with a reason."""
        req = operations.file_contest_request(data["contest"], message=data["message"],
                                              actor=access.current_user_or_none())
        return ok(req, _("Request filed"))


@blp.route("/contest-requests/<int:request_id>")
class ContestRequestItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(ContestRequestOut))
    def get(self, request_id):
        """One contest request (its requester and admins)."""
        return ok(_load(ContestRequest, request_id))


@blp.route("/contest-requests/<int:request_id>/approve")
class ContestRequestApprove(MethodView):
    @access.role("admin")
    @blp.response(201, envelope(ContestOut))
    def post(self, request_id):
        """Approve: the contest is created (as a draft) and owned by the requester."""
        contest = operations.approve_contest_request(_load(ContestRequest, request_id),
                                                     actor=access.current_user_or_none())
        return ok(contest, _("Approved: the contest was created"))


@blp.route("/contest-requests/<int:request_id>/reject")
class ContestRequestReject(MethodView):
    @access.role("admin")
    @blp.arguments(RejectIn)
    @blp.response(200, envelope(ContestRequestOut))
    def post(self, data, request_id):
        """Reject with a reason the requester sees."""
        req = operations.reject_contest_request(_load(ContestRequest, request_id), data["reason"],
                                                actor=access.current_user_or_none())
        return ok(req, _("Rejected"))


@blp.route("/trusted-member-requests")
class TrustedRequests(MethodView):
    @access.signed_in()
    @paged(blp, TrustedRequestOut, args=RequestListArgs)
    def get(self, args):
        """Your trusted-member requests (admins: ``all=true`` for everyone's)."""
        return queries.trusted_requests_stmt(access.current_user_or_none(), status=args.get("status"),
                                             everyone=args["all"])

    @access.signed_in()
    @blp.arguments(TrustedRequestIn)
    @blp.response(201, envelope(TrustedRequestOut))
    def post(self, data):
        """Ask to become a trusted member: granted at once with enough wiki edits, else pending."""
        req = operations.request_trusted_membership(data["wiki_id"], data["wiki_username"],
                                                    actor=access.current_user_or_none())
        return ok(req, _("Granted") if req.status == "approved" else _("Pending: an admin will decide"))


@blp.route("/trusted-member-requests/<int:request_id>")
class TrustedRequestItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(TrustedRequestOut))
    def get(self, request_id):
        """One trusted-member request (its author and admins)."""
        return ok(_load(TrustedMemberRequest, request_id))


@blp.route("/trusted-member-requests/<int:request_id>/approve")
class TrustedRequestApprove(MethodView):
    @access.role("admin")
    @blp.arguments(DecisionIn)
    @blp.response(200, envelope(TrustedRequestOut))
    def post(self, data, request_id):
        """Grant trusted membership."""
        req = operations.decide_trusted_request(_load(TrustedMemberRequest, request_id), True, data["reason"],
                                                actor=access.current_user_or_none())
        return ok(req, _("Approved"))


@blp.route("/trusted-member-requests/<int:request_id>/reject")
class TrustedRequestReject(MethodView):
    @access.role("admin")
    @blp.arguments(RejectIn)
    @blp.response(200, envelope(TrustedRequestOut))
    def post(self, data, request_id):
        """Refuse trusted membership, with a reason."""
        req = operations.decide_trusted_request(_load(TrustedMemberRequest, request_id), False, data["reason"],
                                                actor=access.current_user_or_none())
        return ok(req, _("Rejected"))
