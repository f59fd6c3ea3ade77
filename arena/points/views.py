"""Points pages: my points (balance, 12-week chart and table, history), the points leaderboard, the
pricing page, and the admin pages for purchases and adjustments. Thin: forms in, operations out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_currency, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from arena.web.forms import ArenaForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from arena.web import charts
from arena.web.choices import choices
from arena.web.form_operations import form_page, run_form_operation
from arena.core import access
from arena.core.api import paginate
from arena.core.errors import ValidationFailed, or_404
from arena.extensions import db
from arena.identity.auth import request_origin
from arena.identity.reauth import fresh_password
from arena.points import codes, operations, queries
from arena.points.models import PERIODS

bp = Blueprint("points", __name__, url_prefix="/points", template_folder="templates")


_me = access.current_user_or_none  # the caller, or None


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@bp.app_template_filter("points")
def _points_filter(value):
    return format_decimal(value or 0)


@bp.app_template_filter("money")
def _money_filter(value, currency):
    return format_currency(value, currency)


@bp.app_template_global("entry_text")
def _entry_text(entry):
    return codes.describe(entry.code, entry.params)


@bp.app_template_global("kind_label")
def _kind_label(kind):
    return codes.kind_label(kind)


# ---- my points ------------------------------------------------------------------------------

@bp.get("/")
@access.signed_in()
def mine():
    me = _me()
    weeks = queries.weekly_net(me.id, 12)
    rtl = str(get_locale()) in current_app.config["RTL_LANGUAGES"]
    chart = charts.bar_chart([(w["week_start"].strftime("%d/%m"), w["gained"]) for w in weeks], rtl=rtl)
    page = paginate(queries.entries_stmt(me.id), _page_arg(), 20)
    return render_template("points/mine.html", account=queries.account_of(me.id), weeks=weeks, chart=chart,
                           page=page)


@bp.get("/leaderboard")
@access.public
def leaderboard():
    period = request.args.get("period", "all")
    if period not in PERIODS:
        period = "all"
    board = queries.leaderboard_page(period, _page_arg(), 50)
    return render_template("points/leaderboard.html", board=board, period=period, periods=PERIODS)


class PaidForm(ArenaForm):
    """A member reports a payment for a package, for an admin to record."""

    package_id = SelectField(_l("Package"), coerce=int, validate_choice=False)
    reference = StringField(_l("Payment reference"), validators=[DataRequired(), Length(max=100)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


def _paid_form(packages, formdata=None) -> PaidForm:
    form = PaidForm(formdata=formdata) if formdata is not None else PaidForm()
    form.package_id.choices = choices([(p.id, f"{p.name} — {format_decimal(p.points)}") for p in packages])
    return form


@bp.get("/pricing")
@access.public
def pricing(form=None, status=200):
    packages = db.session.scalars(queries.packages_stmt()).all()
    me = _me()
    waiting = db.session.scalars(queries.purchase_requests_stmt(user_id=me.id)).all() if me else []
    return render_template("points/pricing.html", packages=packages, form=form or _paid_form(packages),
                           waiting=waiting, instructions=current_app.config["POINTS_PAYMENT_INSTRUCTIONS"]), status


@bp.post("/pricing")
@access.signed_in()
def report_payment():
    packages = db.session.scalars(queries.packages_stmt()).all()
    form = _paid_form(packages)
    if form.validate_on_submit() and run_form_operation(
            form, operations.request_purchase, _me(), queries.get_package(form.package_id.data),
            reference=form.reference.data, note=form.note.data or "").ok:
        flash(_("Thank you: an administrator will record your payment and credit the points."), "success")
        return redirect(url_for("points.pricing"), 303)
    return pricing(form, 422)


# ---- admin ----------------------------------------------------------------------------------

class PurchaseForm(ArenaForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=32)])
    package_id = SelectField(_l("Package"), coerce=int, validate_choice=False)
    points = IntegerField(_l("Points (for a custom sale)"), validators=[Optional(), NumberRange(min=1)])
    amount = DecimalField(_l("Amount paid"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency (ISO 4217)"), validators=[Optional(), Length(min=3, max=3)])
    method = StringField(_l("Payment method"), validators=[DataRequired(), Length(max=50)])
    reference = StringField(_l("Payment reference"), validators=[DataRequired(), Length(max=100)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class AdjustmentForm(ArenaForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=32)])
    amount = IntegerField(_l("Points (negative to remove)"), validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class UserAdjustmentForm(ArenaForm):
    """The adjustment form on the admin's page of one account (the user is in the address)."""

    amount = IntegerField(_l("Points (negative to remove)"), validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


def user_panel(user_id: int) -> dict:
    """Context of the points panel on the admin's page of one account: balance, latest ledger
    entries and the adjustment form."""
    return {"points_account": queries.account_of(user_id), "points_user_id": user_id,
            "points_entries": list(db.session.scalars(queries.entries_stmt(user_id).limit(10))),
            "points_form": UserAdjustmentForm(formdata=None, prefix="points")}


class PackageForm(ArenaForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    points = IntegerField(_l("Points"), validators=[InputRequired()])
    price = DecimalField(_l("Price"), places=2, validators=[InputRequired()])
    currency = StringField(_l("Currency (ISO 4217)"), validators=[DataRequired(), Length(min=3, max=3)])
    position = IntegerField(_l("Order on the pricing page"), default=0, validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)


def _package_values(form: PackageForm) -> dict:
    return {"name": form.name.data, "description": form.description.data or "", "points": form.points.data,
            "price": form.price.data, "currency": form.currency.data, "position": form.position.data or 0,
            "active": form.active.data}


def _user_by_name(form):
    from arena.identity.queries import find_user_by_login

    user = find_user_by_login(form.username.data or "")
    if user is None:
        raise ValidationFailed({"username": [_("No user with this name.")]})
    return user


@bp.route("/admin/purchases", methods=["GET", "POST"])
@access.role("admin")
def admin_purchases():
    form = PurchaseForm()
    packages = db.session.scalars(queries.packages_stmt(include_inactive=True)).all()
    form.package_id.choices = choices([(0, _("Custom (give the points)"))] + [
        (p.id, f"{p.name} — {format_decimal(p.points)}") for p in packages])

    def record():
        user = _user_by_name(form)
        package = queries.get_package(form.package_id.data) if form.package_id.data else None
        operations.record_purchase(user, actor=_me(), package=package, points=form.points.data,
                                   amount=form.amount.data, currency=form.currency.data or None,
                                   method=form.method.data, reference=form.reference.data, note=form.note.data or "",
                                   origin=request_origin())

    return form_page(form, record, _("Purchase recorded; the points are credited."), "points.admin_purchases",
                     lambda: render_template("points/admin_purchases.html", form=form,
                                             page=paginate(queries.purchases_stmt(), _page_arg(), 20)))


@bp.route("/admin/adjustments", methods=["GET", "POST"])
@access.role("admin")
@fresh_password
def admin_adjustments():
    form = AdjustmentForm()
    return form_page(form, lambda: operations.adjust_points(
        _user_by_name(form), amount=form.amount.data, reason=form.reason.data, actor=_me(), origin=request_origin()),
        _("Points adjusted."), "points.admin_adjustments",
        lambda: render_template("points/admin_adjustments.html", form=form,
                                page=paginate(queries.adjustments_stmt(), _page_arg(), 20)))


@bp.route("/admin/packages", methods=["GET", "POST"])
@access.role("admin")
def admin_packages():
    form = PackageForm()
    return form_page(form, lambda: operations.create_package(actor=_me(), **_package_values(form)),
                     _("Package added."), "points.admin_packages",
                     lambda: render_template("points/admin_packages.html", form=form, packages=db.session.scalars(
                         queries.packages_stmt(include_inactive=True)).all()))


@bp.route("/admin/packages/<int:package_id>", methods=["GET", "POST"])
@access.role("admin")
def admin_edit_package(package_id):
    package = or_404(queries.get_package(package_id), _("No such package."))
    form = PackageForm(obj=package)
    return form_page(form, lambda: operations.update_package(package, _package_values(form), actor=_me()),
                     _("Package saved."), "points.admin_packages",
                     lambda: render_template("points/admin_edit_package.html", form=form, package=package))


@bp.get("/admin/users/<int:user_id>/purchases")
@access.role("admin")
def admin_user_purchases(user_id):
    user = or_404(queries.get_user(user_id), _("No such user."))
    page = paginate(queries.purchases_stmt(user_id=user.id), _page_arg(), 20)
    return render_template("points/admin_user_purchases.html", person=user, account=queries.account_of(user.id),
                           page=page, extra={"user_id": user.id})


@bp.post("/admin/users/<int:user_id>/adjust")
@access.role("admin")
@fresh_password
def admin_adjust_user(user_id):
    """Adjust one person's balance from the admin's page of their account; back there either way."""
    user = or_404(queries.get_user(user_id), _("No such user."))
    form = UserAdjustmentForm(prefix="points")
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(message, "error")
    elif run_form_operation(None, operations.adjust_points, user, amount=form.amount.data, reason=form.reason.data,
                            actor=_me(), origin=request_origin()).ok:
        flash(_("Points adjusted."), "success")
    return redirect(url_for("identity_admin.user_detail", user_id=user.id) + "#points-heading", 303)


class DecideForm(ArenaForm):
    method = StringField(_l("Payment method"), validators=[Optional(), Length(max=50)])


@bp.get("/admin/purchase-requests")
@access.role("admin")
def admin_purchase_requests():
    page = paginate(queries.purchase_requests_stmt(), _page_arg(), 20)
    return render_template("points/admin_purchase_requests.html", page=page, form=DecideForm(formdata=None))


@bp.post("/admin/purchase-requests/<int:request_id>/<any(record, decline):decision>")
@access.role("admin")
def admin_decide_purchase_request(request_id, decision):
    req = or_404(queries.get_purchase_request(request_id), _("No such request."))
    form = DecideForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    elif decision == "record":
        if run_form_operation(None, operations.record_requested_purchase, req, actor=_me(),
                              method=form.method.data or _("Reported by the member"), origin=request_origin()).ok:
            flash(_("Purchase recorded; the points are credited."), "success")
    elif run_form_operation(None, operations.decline_purchase_request, req, actor=_me(), origin=request_origin()).ok:
        flash(_("Request declined."), "success")
    return redirect(url_for("points.admin_purchase_requests"), 303)
