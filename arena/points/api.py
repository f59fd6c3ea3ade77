"""Points REST API: balances and history, admin adjustments, the points leaderboard, packages and
purchases. Another user's entries or purchases answer 404; admin routes refuse plain users (403)."""

from __future__ import annotations

import csv
import io

from flask import Response
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access, pagecache
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import ValidationFailed, or_404
from arena.core.timeutil import utcnow
from arena.identity.auth import request_origin
from arena.identity.reauth import fresh_password
from arena.points import operations, queries, receivers
from arena.points.schemas import (AdjustmentIn, BalanceSchema, EntryListArgs, EntrySchema, LeaderboardArgs,
                                  PointsLeaderboardRowSchema, PackageCreate, PackageIn, PackageSchema, PurchaseIn,
                                  PurchaseSchema)

blp = Blueprint("points_api", __name__, url_prefix="/api/v1", description="Points: balances, history, leaderboard")
purchases_blp = Blueprint("points_purchases", __name__, url_prefix="/api/v1",
                          description="Points packages and purchases")


me = access.current_user_or_none  # the caller, or None


def _user_or_404(user_id: int):
    return or_404(queries.get_user(user_id), _("No such user."))


def _entries_stmt(user_id: int, args):
    return queries.entries_stmt(user_id, kind=args["kind"], since=args["date_from"], until=args["date_to"])


# ---- balances and history -------------------------------------------------------------------

@blp.route("/me/points")
class MyPoints(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(BalanceSchema))
    def get(self):
        """Your balance and totals earned and spent."""
        return ok(queries.account_of(me().id))


@blp.route("/me/points/entries")
class MyEntries(MethodView):
    @access.signed_in()
    @paged(blp, EntrySchema, args=EntryListArgs)
    def get(self, args):
        """Your ledger entries, newest first; filter by ``kind`` and time (``from`` inclusive, ``to`` exclusive)."""
        return _entries_stmt(me().id, args)


@blp.route("/users/<int:user_id>/points")
class UserPoints(MethodView):
    @access.role("admin")
    @blp.response(200, envelope(BalanceSchema))
    def get(self, user_id):
        """Any user's balance (admins)."""
        return ok(queries.account_of(_user_or_404(user_id).id))


@blp.route("/users/<int:user_id>/points/entries")
class UserEntries(MethodView):
    @access.role("admin")
    @paged(blp, EntrySchema, args=EntryListArgs)
    def get(self, args, user_id):
        """Any user's ledger entries (admins)."""
        return _entries_stmt(_user_or_404(user_id).id, args)


@blp.route("/users/<int:user_id>/points/adjustments")
class Adjustments(MethodView):
    @access.role("admin")
    @fresh_password
    @blp.arguments(AdjustmentIn)
    @blp.response(201, envelope(EntrySchema))
    def post(self, data, user_id):
        """Add (positive) or remove (negative) points with a reason; 409 when it would go below zero."""
        entry = operations.adjust_points(_user_or_404(user_id), amount=data["amount"], reason=data["reason"],
                                         actor=me(), origin=request_origin())
        return ok(entry, _("Adjusted")), 201


@blp.route("/points/leaderboard")
class Leaderboard(MethodView):
    @access.public
    @blp.arguments(LeaderboardArgs, location="query")
    @blp.response(200, envelope(PointsLeaderboardRowSchema, many=True))
    def get(self, args):
        """People ranked by points earned (``period`` all, week or month); ties share a rank."""
        def build():
            page = queries.leaderboard_page(args["period"], args["page"], args["per_page"])
            meta = {k: page[k] for k in ("page", "per_page", "total", "pages")}
            return pagecache.dumps(envelope(PointsLeaderboardRowSchema, many=True)().dump(ok(page["items"], meta=meta)))

        now = utcnow()
        start = queries.period_starts(now)[args["period"]]  # a new week or month is a new page
        parts = ("points", args["period"], start, args["page"], args["per_page"])
        until = queries.periods_stay_until(now).timestamp()  # until then the parts are the request's alone
        return pagecache.json_answer((receivers.BOARD_SCOPE,), parts, build, until=until)


# ---- packages and purchases -----------------------------------------------------------------

@purchases_blp.route("/points/packages")
class Packages(MethodView):
    @access.public
    @paged(purchases_blp, PackageSchema)
    def get(self, args):
        """Active packages in their order (admins see inactive ones too)."""
        user = me()
        return queries.packages_stmt(include_inactive=bool(user and user.is_admin))

    @access.role("admin")
    @purchases_blp.arguments(PackageCreate)
    @purchases_blp.response(201, envelope(PackageSchema))
    def post(self, data):
        """Add a package (price with up to two decimals, ISO 4217 currency)."""
        return ok(operations.create_package(actor=me(), **data), _("Created")), 201


@purchases_blp.route("/points/packages/<int:package_id>")
class PackageItem(MethodView):
    @access.role("admin")
    @purchases_blp.arguments(PackageIn)
    @purchases_blp.response(200, envelope(PackageSchema))
    def patch(self, data, package_id):
        """Change a package."""
        package = or_404(queries.get_package(package_id), _("No such package."))
        return ok(operations.update_package(package, data, actor=me()), _("Updated"))


@purchases_blp.route("/me/purchases")
class MyPurchases(MethodView):
    @access.signed_in()
    @paged(purchases_blp, PurchaseSchema)
    def get(self, args):
        """Your purchases, newest first."""
        return queries.purchases_stmt(user_id=me().id)


@purchases_blp.route("/purchases")
class Purchases(MethodView):
    @access.role("admin")
    @paged(purchases_blp, PurchaseSchema)
    def get(self, args):
        """Every purchase, newest first (admins)."""
        return queries.purchases_stmt()

    @access.role("admin")
    @purchases_blp.arguments(PurchaseIn)
    @purchases_blp.response(201, envelope(PurchaseSchema))
    def post(self, data):
        """Record a payment and credit its points; the same ``reference`` twice is refused (409)."""
        user = queries.get_user(data.pop("user_id"))
        if user is None:
            raise ValidationFailed({"user_id": _("No such user.")})
        package = None
        package_id = data.pop("package_id")
        if package_id is not None:
            package = queries.get_package(package_id)
            if package is None:
                raise ValidationFailed({"package_id": _("No such package.")})
        purchase = operations.record_purchase(user, actor=me(), package=package, origin=request_origin(), **data)
        return ok(purchase, _("Recorded")), 201


@purchases_blp.route("/purchases.csv")
class PurchasesCsv(MethodView):
    @access.role("admin")
    @purchases_blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self):
        """Every purchase as CSV, safe to open in a spreadsheet."""
        return purchases_csv()


def purchases_csv() -> Response:
    from arena.extensions import db
    from arena.core.security import safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "user", "package", "points", "amount", "currency", "method", "reference",
                     "note", "recorded_by"])
    for p in db.session.scalars(queries.purchases_stmt()).unique():
        writer.writerow([safe_cell(v) for v in (
            p.id, p.created_at.isoformat(), p.user.username, p.package.name if p.package else "", p.points,
            str(p.amount), p.currency, p.method, p.reference, p.note,
            p.recorded_by.username if p.recorded_by else "")])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=purchases.csv"})
