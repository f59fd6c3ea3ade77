"""``/api/v1/referrals``: my code, link and referrals; claiming a code just after signing up; the
admin queue of flagged referrals with verify / reject."""

from __future__ import annotations

from flask import request, url_for
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import NotFound
from arena.extensions import db
from arena.identity.audit import Origin
from arena.referrals import operations, queries, settings
from arena.referrals.schemas import AdminReferralSchema, ClaimSchema, DecisionSchema, MyReferralsSchema, ReferralSchema

blp = Blueprint("referrals_api", __name__, url_prefix="/api/v1/referrals",
                description="Friend challenge: referral codes, referrals and the admin queue")


_me = access.current_user_or_none  # the caller, or None


def summary(user) -> dict:
    code = operations.code_for(user).code
    referrals = list(db.session.scalars(queries.mine_stmt(user).limit(200)))
    verified = queries.verified_count(user.id)
    upcoming = queries.next_milestone(verified, settings.milestones())
    return {"code": code, "link": url_for("referrals.follow", code=code, _external=True), "verified": verified,
            "points_earned": queries.referral_points(user.id), "referrals": referrals,
            "next_milestone": {"at": upcoming[0], "bonus": upcoming[1], "remaining": upcoming[0] - verified}
            if upcoming else None}


@blp.route("")
class MyReferrals(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(MyReferralsSchema))
    def get(self):
        """My referral code and link, each referral's status, points earned, the next milestone."""
        return ok(summary(_me()))


@blp.route("/claim")
class Claim(MethodView):
    @access.signed_in()
    @blp.arguments(ClaimSchema)
    @blp.response(201, envelope(ReferralSchema))
    def post(self, args):
        """Record that I signed up through ``code`` (only just after registering; once; not my own)."""
        return ok(operations.record_signup(_me(), args["code"], ip=request.remote_addr), _("Created"))


@blp.route("/queue")
class Queue(MethodView):
    @access.role("admin")
    @paged(blp, AdminReferralSchema)
    def get(self, args):
        """Flagged referrals waiting for an administrator."""
        return queries.queue_stmt()


def _decide(referral_id: int, verdict: str, reason: str):
    referral = queries.get_referral(referral_id)
    if referral is None:
        raise NotFound(_("No such referral."))
    origin = Origin(ip=request.remote_addr or "", user_agent=request.user_agent.string or "")
    return ok(operations.decide(referral, verdict, actor=_me(), reason=reason, origin=origin))


@blp.route("/<int:referral_id>/verify")
class Verify(MethodView):
    @access.role("admin")
    @blp.arguments(DecisionSchema)
    @blp.response(200, envelope(AdminReferralSchema))
    def post(self, args, referral_id):
        """Verify a flagged referral (credits are paid now); the reason is audited."""
        return _decide(referral_id, "verify", args["reason"])


@blp.route("/<int:referral_id>/reject")
class Reject(MethodView):
    @access.role("admin")
    @blp.arguments(DecisionSchema)
    @blp.response(200, envelope(AdminReferralSchema))
    def post(self, args, referral_id):
        """Reject a flagged referral (no credit); the reason is audited."""
        return _decide(referral_id, "reject", args["reason"])
