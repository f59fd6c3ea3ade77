"""Rewards pages: the catalogue (redeem with one button), my redemptions (cancel a pending one),
reward images, and the admin pages for the catalogue and the redemption queue."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from arena.web.choices import choices
from arena.core import access
from arena.core.limits import body_limit
from arena.core.api import paginate
from arena.core.errors import NotFound, or_404
from arena.extensions import db
from arena.identity.auth import request_origin
from arena.points.queries import account_of
from arena.web.form_operations import form_page, run_form_operation
from arena.rewards import images, operations, queries
from arena.rewards.models import REDEMPTION_STATUSES
from arena.web.forms import ArenaForm

bp = Blueprint("rewards", __name__, url_prefix="/rewards", template_folder="templates")

STATUS_LABELS = {"pending": _l("Pending"), "approved": _l("Approved"), "delivered": _l("Delivered"),
                 "rejected": _l("Rejected"), "cancelled": _l("Cancelled")}


class ConfirmForm(ArenaForm):
    note = StringField(_l("Note to the user"), validators=[Optional(), Length(max=1000)])


class RewardForm(ArenaForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    points_required = IntegerField(_l("Points required"), validators=[DataRequired(), NumberRange(min=1)])
    stock = IntegerField(_l("Stock (empty for unlimited)"), validators=[Optional(), NumberRange(min=0)])
    active = BooleanField(_l("Active"), default=True)
    image = FileField(_l("Image (PNG, JPEG, WebP or GIF)"))


class QueueFilterForm(ArenaForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validate_choice=False)
    user = StringField(_l("User name"), validators=[Optional(), Length(max=32)])
    reward = SelectField(_l("Reward"), coerce=int, validate_choice=False)


_me = access.current_user_or_none  # the caller, or None


@bp.app_template_global("redemption_status")
def _status_label(status):
    return str(STATUS_LABELS.get(status, status))


@bp.get("/")
@access.public
def catalogue():
    me = _me()
    rewards = db.session.scalars(queries.rewards_stmt()).all()
    balance = account_of(me.id)["balance"] if me else None
    return render_template("rewards/catalogue.html", rewards=rewards, balance=balance, form=ConfirmForm())


@bp.get("/images/<name>")
@access.public
def image(name):
    return send_from_directory(images.folder(), name, max_age=86400)


@bp.post("/<int:reward_id>/redeem")
@access.signed_in()
def redeem(reward_id):
    reward = queries.get_reward(reward_id)
    if reward is None or not reward.active:
        raise NotFound(_("No such reward."))
    if ConfirmForm().validate_on_submit() and run_form_operation(
            None, operations.redeem_reward, reward, actor=_me(), origin=request_origin()).ok:
        flash(_("You redeemed “%(name)s”; the request is pending.", name=reward.name), "success")
        return redirect(url_for("rewards.mine"))
    return redirect(url_for("rewards.catalogue"))


@bp.get("/mine")
@access.signed_in()
def mine():
    page = paginate(queries.redemptions_stmt(user_id=_me().id), max(request.args.get("page", 1, type=int), 1), 20)
    return render_template("rewards/mine.html", page=page, form=ConfirmForm(),
                           balance=account_of(_me().id)["balance"])


@bp.post("/mine/<int:redemption_id>/cancel")
@access.signed_in()
def cancel(redemption_id):
    redemption = queries.visible_redemption(_me(), redemption_id)
    if redemption is None or redemption.user_id != _me().id:
        raise NotFound(_("No such request."))
    if ConfirmForm().validate_on_submit() and run_form_operation(
            None, operations.cancel_redemption, redemption, actor=_me(), origin=request_origin()).ok:
        flash(_("Request cancelled; the points are back."), "success")
    return redirect(url_for("rewards.mine"))


# ---- admin ----------------------------------------------------------------------------------

def _reward_changes(form: RewardForm) -> dict:
    return {"name": form.name.data, "description": form.description.data or "",
            "points_required": form.points_required.data, "stock": form.stock.data, "active": form.active.data}


def _reward_saver(form: RewardForm, reward=None):
    """What creates (``reward`` None) or changes a reward from the form, with its image if one was sent."""

    def save():
        target = reward
        if target is None:
            target = operations.create_reward(actor=_me(), **_reward_changes(form))
        else:
            operations.update_reward(target, _reward_changes(form), actor=_me())
        if form.image.data:
            operations.set_reward_image(target, form.image.data.read(), actor=_me())

    return save


@bp.route("/admin", methods=["GET", "POST"])
@access.role("admin")
@body_limit("REWARD_IMAGE_MAX_BYTES", slack=64 * 1024)
def admin_rewards():
    form = RewardForm()
    return form_page(form, _reward_saver(form), _("Reward added."), "rewards.admin_rewards",
                     lambda: render_template("rewards/admin_rewards.html", form=form, rewards=db.session.scalars(
                         queries.rewards_stmt(include_inactive=True)).all()))


@bp.route("/admin/<int:reward_id>", methods=["GET", "POST"])
@access.role("admin")
@body_limit("REWARD_IMAGE_MAX_BYTES", slack=64 * 1024)
def admin_edit_reward(reward_id):
    reward = or_404(queries.get_reward(reward_id), _("No such reward."))
    form = RewardForm(obj=reward)
    return form_page(form, _reward_saver(form, reward), _("Reward saved."), "rewards.admin_rewards",
                     lambda: render_template("rewards/admin_edit_reward.html", form=form, reward=reward))


@bp.get("/admin/redemptions")
@access.role("admin")
def admin_queue():
    from arena.identity.queries import find_user_by_login

    rewards = db.session.scalars(queries.rewards_stmt(include_inactive=True)).all()
    filters = QueueFilterForm(request.args)
    filters.status.choices = choices([("", _("Any"))] + [(s, _status_label(s)) for s in REDEMPTION_STATUSES])
    filters.reward.choices = choices([(0, _("Any"))] + [(r.id, r.name) for r in rewards])
    status = filters.status.data if filters.status.data in REDEMPTION_STATUSES else None
    reward_id = filters.reward.data or None
    user_id, code = None, 200
    if filters.user.data and filters.user.data.strip():
        user = find_user_by_login(filters.user.data)
        if user is None:
            filters.user.errors = [_("No user with this name.")]
            user_id, code = -1, 422  # nobody: an empty list, and the field says why
        else:
            user_id = user.id
    stmt = queries.redemptions_stmt(status=status, user_id=user_id, reward_id=reward_id)
    page = paginate(stmt, max(request.args.get("page", 1, type=int), 1), 20)
    extra = {k: v for k, v in (("status", status), ("user", (filters.user.data or "").strip()),
                               ("reward", reward_id)) if v}
    return render_template("rewards/admin_queue.html", page=page, filters=filters, extra=extra,
                           form=ConfirmForm()), code


ACTIONS = {"approve": operations.approve_redemption, "deliver": operations.deliver_redemption,
           "reject": operations.reject_redemption}


@bp.post("/admin/redemptions/<int:redemption_id>/<action>")
@access.role("admin")
def admin_decide(redemption_id, action):
    if action not in ACTIONS:
        abort(404)
    redemption = or_404(queries.visible_redemption(_me(), redemption_id), _("No such request."))
    form = ConfirmForm()
    if form.validate_on_submit() and run_form_operation(
            form, ACTIONS[action], redemption, actor=_me(), origin=request_origin(), note=form.note.data or "").ok:
        flash(_("Request updated."), "success")
    kept = {k: request.args[k] for k in ("status", "user", "reward") if request.args.get(k)}
    return redirect(url_for("rewards.admin_queue", **kept))
