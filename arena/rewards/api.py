"""Rewards REST API: the catalogue (admins manage it), redeeming, and the redemption queue."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.limits import body_limit
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import NotFound, ValidationFailed
from arena.identity.auth import request_origin
from arena.rewards import operations, queries
from arena.rewards.schemas import (RedemptionDecisionIn, RedemptionListArgs, RedemptionSchema, RewardCreate, RewardIn,
                                   RewardListArgs, RewardSchema)

blp = Blueprint("rewards_api", __name__, url_prefix="/api/v1/rewards", description="Rewards catalogue")
redemptions_blp = Blueprint("redemptions_api", __name__, url_prefix="/api/v1",
                            description="Redemptions of rewards for points")


me = access.current_user_or_none  # the caller, or None


def _reward_or_404(reward_id: int, *, admin: bool = False):
    reward = queries.get_reward(reward_id)
    if reward is None or (not reward.active and not admin):
        raise NotFound(_("No such reward."))
    return reward


def _redemption_or_404(redemption_id: int):
    redemption = queries.visible_redemption(me(), redemption_id)
    if redemption is None:
        raise NotFound(_("No such redemption."))
    return redemption


@blp.route("")
class Rewards(MethodView):
    @access.public
    @paged(blp, RewardSchema, args=RewardListArgs)
    def get(self, args):
        """Active rewards by points required (admins may ask for ``all``)."""
        user = me()
        return queries.rewards_stmt(include_inactive=bool(args["all"] and user and user.is_admin))

    @access.role("admin")
    @blp.arguments(RewardCreate)
    @blp.response(201, envelope(RewardSchema))
    def post(self, data):
        """Add a reward (``stock`` null for unlimited)."""
        return ok(operations.create_reward(actor=me(), **data), _("Created")), 201


@blp.route("/<int:reward_id>")
class RewardItem(MethodView):
    @access.public
    @blp.response(200, envelope(RewardSchema))
    def get(self, reward_id):
        """One active reward."""
        user = me()
        return ok(_reward_or_404(reward_id, admin=bool(user and user.is_admin)))

    @access.role("admin")
    @blp.arguments(RewardIn)
    @blp.response(200, envelope(RewardSchema))
    def patch(self, data, reward_id):
        """Change a reward."""
        return ok(operations.update_reward(_reward_or_404(reward_id, admin=True), data, actor=me()), _("Updated"))


@blp.route("/<int:reward_id>/image")
class RewardImage(MethodView):
    @access.role("admin")
    @blp.response(200, envelope(RewardSchema))
    @body_limit("REWARD_IMAGE_MAX_BYTES", slack=64 * 1024)
    def put(self, reward_id):
        """Upload the reward's image (multipart field ``image``: PNG, JPEG, WebP or GIF, checked by content)."""
        reward = _reward_or_404(reward_id, admin=True)
        upload = request.files.get("image")
        if upload is None:
            raise ValidationFailed({"image": _("Attach an image file.")})
        return ok(operations.set_reward_image(reward, upload.read(), actor=me()), _("Updated"))


@blp.route("/<int:reward_id>/redemptions")
class Redeem(MethodView):
    @access.signed_in()
    @blp.response(201, envelope(RedemptionSchema))
    def post(self, reward_id):
        """Redeem: the points are taken at once; 409 when the balance or the stock is short."""
        redemption = operations.redeem_reward(_reward_or_404(reward_id), actor=me(), origin=request_origin())
        return ok(redemption, _("Requested")), 201


@redemptions_blp.route("/me/redemptions")
class MyRedemptions(MethodView):
    @access.signed_in()
    @paged(redemptions_blp, RedemptionSchema)
    def get(self, args):
        """Your redemptions, newest first."""
        return queries.redemptions_stmt(user_id=me().id)


@redemptions_blp.route("/redemptions")
class Redemptions(MethodView):
    @access.role("admin")
    @paged(redemptions_blp, RedemptionSchema, args=RedemptionListArgs)
    def get(self, args):
        """The redemption queue (admins), filtered by status, reward or user."""
        return queries.redemptions_stmt(status=args["status"], reward_id=args["reward_id"], user_id=args["user_id"])


@redemptions_blp.route("/redemptions/<int:redemption_id>")
class RedemptionItem(MethodView):
    @access.signed_in()
    @redemptions_blp.response(200, envelope(RedemptionSchema))
    def get(self, redemption_id):
        """One of your redemptions (admins: any)."""
        return ok(_redemption_or_404(redemption_id))


@redemptions_blp.route("/redemptions/<int:redemption_id>/cancel")
class Cancel(MethodView):
    @access.signed_in()
    @redemptions_blp.response(200, envelope(RedemptionSchema))
    def post(self, redemption_id):
        """Withdraw your pending request; the points come back (404 for anybody else's)."""
        redemption = queries.visible_redemption(me(), redemption_id)
        if redemption is None or redemption.user_id != me().id:
            raise NotFound(_("No such redemption."))
        return ok(operations.cancel_redemption(redemption, actor=me(), origin=request_origin()), _("Cancelled"))


def _decision(name: str, action, doc: str):
    class Decision(MethodView):
        @access.role("admin")
        @redemptions_blp.arguments(RedemptionDecisionIn)
        @redemptions_blp.response(200, envelope(RedemptionSchema))
        def post(self, data, redemption_id):
            return ok(action(_redemption_or_404(redemption_id), actor=me(), origin=request_origin(),
                             note=data["note"]), _("Updated"))

    Decision.post.__doc__ = doc
    Decision.__name__ = f"Redemption{name.title()}"
    redemptions_blp.route(f"/redemptions/<int:redemption_id>/{name}", endpoint=f"redemption_{name}")(Decision)


_decision("approve", operations.approve_redemption, "Approve a pending request (admins).")
_decision("deliver", operations.deliver_redemption, "Mark an approved request delivered (admins).")
_decision("reject", operations.reject_redemption, "Reject an open request; the points are refunded (admins).")
