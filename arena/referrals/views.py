"""Referral pages: mine (code, link, statuses, progress), the link that leads to registration, and
the admin queue. A registration that follows a referral link is recorded here, at the web boundary
(the code travels in a cookie; the sign-up IP is passed on to be hashed)."""

from __future__ import annotations

from flask import (Blueprint, flash, has_request_context, redirect, render_template, request, url_for)
from flask_babel import gettext as _

from arena.core import access
from arena.core.errors import ArenaError, NotFound
from arena.extensions import db
from arena.identity.audit import Origin
from arena.referrals import operations, queries
from arena.referrals.api import summary
from arena.web.forms import ArenaForm

bp = Blueprint("referrals", __name__, template_folder="templates")
COOKIE = "arena_ref"


_me = access.current_user_or_none  # the caller, or None


@bp.get("/r/<code>")
@access.public
def follow(code: str):
    response = redirect(url_for("identity.register"))
    response.set_cookie(COOKIE, code[:16], max_age=7 * 24 * 3600, httponly=True, samesite="Lax")
    return response


def on_user_registered(user, **_kwargs) -> None:
    """A new account registered with a referral cookie: record the referral (refusals are silent —
    the account is made either way)."""
    if not has_request_context() or not request.cookies.get(COOKIE):
        return
    try:
        with db.session.begin_nested():
            operations.record_signup(user, request.cookies[COOKIE], ip=request.remote_addr)
    except ArenaError:
        pass


@bp.get("/referrals")
@access.signed_in()
def mine():
    return render_template("referrals/mine.html", s=summary(_me()))


class DecisionForm(ArenaForm):
    pass


@bp.route("/admin/referrals", methods=["GET", "POST"])
@access.role("admin")
def queue():
    form = DecisionForm()
    errors: dict = {}
    if request.method == "POST" and form.validate_on_submit():
        referral = queries.get_referral(request.form.get("id", type=int) or -1)
        if referral is None:
            raise NotFound(_("No such referral."))
        verdict = request.form.get("verdict", "")
        origin = Origin(ip=request.remote_addr or "", user_agent=request.user_agent.string or "")
        try:
            with db.session.begin_nested():
                operations.decide(referral, verdict, actor=_me(), reason=request.form.get("reason", ""),
                                  origin=origin)
        except ArenaError as exc:
            flash(exc.message, "error")
            errors = {referral.id: [m for v in exc.errors.values() for m in v] or [exc.message]}
        else:
            flash(_("The referral is decided."), "success")
            return redirect(url_for("referrals.queue")), 303
    items = list(db.session.scalars(queries.queue_stmt().limit(100)))
    return render_template("referrals/queue.html", items=items, form=form, errors=errors), (422 if errors else 200)
