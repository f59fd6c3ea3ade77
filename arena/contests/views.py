"""Contest pages: list, contest page with the submit form, create/edit, requests, admin decisions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup

from arena.contests import caching, facts, operations, queries
from arena.contests.forms import (
    ApproveForm, ContestForm, ContestRequestForm, DeleteContestForm, RejectForm, SubmitForm, TrustedRequestForm,
    contest_form,
)
from arena.contests.models import ContestRequest, ContestTemplate, TrustedMemberRequest
from arena.contests.operations import templates
from arena.contests.rules import default_rules, described as described_rules, label_for
from arena.contests.verdicts import verdict_text
from arena.core import access, signals
from arena.core.api import paginate
from arena.core.errors import ArenaError, NotFound, ValidationFailed
from arena.extensions import db
from arena.identity import reauth
from arena.web.form_operations import run_form_operation, run_in_savepoint, show_error

bp = Blueprint("contests", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets/contests")
TABS = ("current", "upcoming", "past")
FORM_FIELDS = ("name", "slug", "description", "rules", "submission_type", "min_bytes", "min_references",
               "max_submissions_per_participant", "template", "template_target", "write_back", "scoring_mode",
               "visibility", "allow_jury_to_compete", "is_published")


@bp.app_context_processor
def page_helpers():
    return {"rule_label": label_for, "verdict_text": verdict_text,
            "current_tz": lambda: str(get_timezone())}


@bp.app_template_filter("markdown")
def markdown_filter(text: str | None):
    from markupsafe import Markup

    from arena.core.security import render_markdown

    return Markup(render_markdown(text))  # sanitised by nh3


_me = access.current_user_or_none  # the caller, or None


def _visible(ref: str):
    contest = queries.get_contest(ref)
    if contest is None or not contest.can_view(_me()):
        raise NotFound(_("No such contest."))
    return contest


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _to_utc(value: datetime | None) -> datetime | None:
    """A ``datetime-local`` value is in the viewer's time zone (the ``tz`` cookie)."""
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(str(get_timezone()))).astimezone(ZoneInfo("UTC"))


def _to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(ZoneInfo(str(get_timezone()))).replace(tzinfo=None) if value else None


def _form_settings(form: ContestForm) -> dict:
    data = {name: getattr(form, name).data for name in FORM_FIELDS}
    data["slug"] = data["slug"] or None
    data["wikis"] = _split(form.wikis.data)
    data["required_categories"] = _split(form.required_categories.data)
    data["write_back_categories"] = _split(form.write_back_categories.data)
    data["starts_at"], data["ends_at"] = _to_utc(form.starts_at.data), _to_utc(form.ends_at.data)
    data["eligibility_rules"] = None if form.default_rules.data else _rules_from_form(form.eligibility_rules.data)
    data["scoring_config"] = _scoring_from_form(form)
    return data


def _rules_from_form(values: dict) -> dict:
    """``{rule: {level, **parameters}}`` for each rule not switched off; empty parameters keep their default."""
    return {name: {"level": fields["level"], **{k: v for k, v in fields.items() if k != "level" and v is not None}}
            for name, fields in values.items() if fields.get("level") in ("required", "advisory")}


def _plain_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _parameters_from_text(text: str) -> list[dict]:
    """``name: weight`` lines as ``[{name, weight}]``; the scoring domain says what is wrong with them."""
    params = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _sep, weight = line.rpartition(":") if ":" in line else (line, "", "")
        weight = weight.strip()
        try:
            number = Decimal(weight)
            weight = _plain_number(number) if number.is_finite() else weight
        except ArithmeticError:
            weight = weight or None
        params.append({"name": name.strip(), "weight": weight})
    return params


def _scoring_from_form(form) -> dict:
    """The chosen mode's settings from the form (an empty field keeps the mode's default)."""
    mode = next((m for m in form.scoring_modes if m["name"] == form.scoring_mode.data), None)
    config = {}
    for setting in (mode["settings"] if mode else ()):
        value = form.scoring_config.form[setting.key].data
        if setting.kind == "parameters":
            value = _parameters_from_text(value) if (value or "").strip() else None
        if value is not None:
            config[setting.key] = _plain_number(value)
    return config


def _form_data(contest) -> dict:
    """The form's values for an existing contest."""
    return _settings_data(operations.contest_settings(contest))


def _settings_data(values: dict) -> dict:
    """The form's values for a contest's settings (a contest's own, or a template's)."""
    data = {name: values.get(name) for name in FORM_FIELDS}
    data.update(wikis=", ".join(values.get("wikis") or []),
                required_categories=", ".join(values.get("required_categories") or []),
                write_back_categories=", ".join(values.get("write_back_categories") or []),
                starts_at=_to_local(values.get("starts_at")), ends_at=_to_local(values.get("ends_at")))
    current = values.get("eligibility_rules") or {}
    data["default_rules"] = current == default_rules(SimpleNamespace(**values))
    data["eligibility_rules"] = {name: dict(settings) for name, settings in current.items()}
    config = dict(values.get("scoring_config") or {})
    if isinstance(config.get("parameters"), list):
        config["parameters"] = "\n".join(f"{p.get('name')}: {p.get('weight')}" for p in config["parameters"]
                                         if isinstance(p, dict))
    data["scoring_config"] = config
    return data


def _chosen_template():
    """The template a form starts from (``?from_template=`` or the form's hidden field), if any."""
    template_id = request.values.get("from_template", type=int)
    if template_id is None:
        return None
    template = db.session.get(ContestTemplate, template_id)
    if template is None or not templates.may_use(template, _me()):
        raise NotFound(_("No such template."))
    return template


def _start_data(template) -> dict:
    """A new contest's form: the template's settings, or the defaults."""
    return _settings_data(templates.template_settings(template)) if template else {"default_rules": True}


def _gallery() -> list:
    return list(db.session.scalars(templates.templates_stmt(_me()).limit(50)))


@bp.get("/contests")
@access.public
def contest_list():
    tab = request.args.get("status") if request.args.get("status") in TABS else "current"
    q = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", 1, type=int)
    pagination = paginate(queries.contests_stmt(_me(), status=tab, q=q or None), max(page, 1), 20)
    return render_template("contests/list.html", tab=tab, tabs=TABS, q=q, pagination=pagination,
                           can_create=queries.is_trusted(_me()))


@bp.route("/contests/new", methods=["GET", "POST"])
@access.signed_in()
def contest_new():
    if not queries.is_trusted(_me()):
        flash(_("Only trusted members create contests directly. Ask for your contest here."), "warning")
        return redirect(url_for("contests.request_new"))
    template = _chosen_template()
    form = contest_form(data=_start_data(template))
    if form.validate_on_submit():
        creating = (templates.start_from_template, template) if template else (operations.create_contest,)
        outcome = run_form_operation(form, *creating, _form_settings(form), actor=_me())
        if outcome.ok:
            flash(_("Contest created."), "success")
            return redirect(url_for("contests.contest_page", ref=outcome.value.slug))
    return render_template("contests/form.html", form=form, contest=None, from_template=template,
                           gallery=_gallery()), 422 if form.errors else 200


@bp.route("/contests/<ref>/edit", methods=["GET", "POST"])
@access.signed_in()
def contest_edit(ref: str):
    contest = _visible(ref)
    if not contest.can_edit(_me()):
        raise NotFound(_("No such contest."))
    form = contest_form(data=_form_data(contest))
    if form.validate_on_submit():
        if run_form_operation(form, operations.update_contest, contest, _form_settings(form), actor=_me()).ok:
            flash(_("Contest saved."), "success")
            return redirect(url_for("contests.contest_page", ref=contest.slug))
    return render_template("contests/form.html", form=form, contest=contest), 422 if form.errors else 200


@bp.route("/contests/<ref>/delete", methods=["GET", "POST"])
@access.signed_in()
@reauth.fresh_password
def contest_delete(ref: str):
    """Ask, then delete the contest as ``DELETE /api/v1/contests/<ref>`` does (kept hidden when it has
    submissions); organisers and admins, with a password entered in the last 10 minutes."""
    contest = _visible(ref)
    if not contest.can_edit(_me()):
        raise NotFound(_("No such contest."))
    form = DeleteContestForm()
    status = 200
    if form.validate_on_submit():
        name = contest.name
        outcome = run_form_operation(None, operations.delete_contest, contest, actor=_me())
        if outcome.ok:
            flash(_("Contest “%(name)s” deleted.", name=name), "success")
            return redirect(url_for("contests.contest_list"), 303)
        status = outcome.status
    elif request.method == "POST":
        flash(_("The form expired; please try again."), "error")
        status = 422
    return render_template("contests/delete.html", form=form, contest=contest,
                           has_submissions=queries.contest_has_submissions(contest.id)), status


@bp.get("/contests/<ref>")
@access.public
def contest_page(ref: str):
    me = _me()
    if me is None:
        shared = _public_article(ref)
        if shared is not None:
            title, article = shared
            return render_template("contests/detail.html", title=title, article_html=Markup(article))
    contest = _visible(ref)
    mine = _mine(contest, me) if me is not None else []
    form = _submit_form(contest)
    account = queries.wiki_account(me.id) if me else None
    return render_template("contests/detail.html", title=contest.name, contest=contest, form=form, mine=mine,
                           account=account, can_edit=contest.can_edit(me),
                           can_judge=contest.can_edit(me) or contest.is_juror(me),
                           blocked=_blocked_reason(contest, me), checked_rules=described_rules(contest),
                           page_links=signals.page_links("contest", contest.id, me))


def _public_article(ref: str) -> tuple[str, str] | None:
    """The contest page's article as anonymous readers see it, from the page cache; ``None`` for a
    contest not everyone may see (answered uncached)."""
    def build():
        contest = queries.get_contest(ref)
        if contest is None or not contest.can_view(None):
            return None
        return contest.name, render_template("contests/_contest_article.html", contest=contest, form=None, mine=[],
                                             account=None, can_edit=False, can_judge=False, blocked=None,
                                             checked_rules=described_rules(contest), page_links=[])

    parts = ("contest-page", ref.lower(), str(get_locale()), str(get_timezone()), request.full_path)
    return caching.public_value(parts, build)


def _submit_form(contest) -> SubmitForm:
    """The submit form, its example link on the contest's own wiki."""
    form = SubmitForm()
    if contest.wiki_ids:
        form.article_url.description = _("For example %(url)s", url=facts.example_article_url(contest.wiki_ids[0]))
    return form


def _mine(contest, me) -> list:
    return list(db.session.scalars(queries.submissions_stmt(contest, user_id=me.id).limit(100)))


def _blocked_reason(contest, me) -> str | None:
    if me is None:
        return None
    try:
        operations.check_may_submit(contest, me)
    except ArenaError as exc:
        return exc.message
    return None


@bp.post("/contests/<ref>/submit")
@access.signed_in()
def contest_submit(ref: str):
    """The submit form: an HTMX fragment with the result, or a redirect without JavaScript."""
    contest = _visible(ref)
    form = SubmitForm()
    htmx = bool(request.headers.get("HX-Request"))
    submission, error = None, None
    if form.validate_on_submit():
        outcome = run_in_savepoint(operations.submit_article, contest, form.article_url.data,
                                   wiki_username=form.wiki_username.data or None,
                                   actor=_me())  # nothing of a refused submission is kept
        submission, error = outcome.value, outcome.error
    else:
        error = ValidationFailed({k: v for k, v in form.errors.items()}, message=_("Check the form."))
    if htmx:
        status = 201 if submission else error.status
        return render_template("contests/_submit_result.html", submission=submission, error=error,
                               contest=contest, mine=_mine(contest, _me()) if submission else []), status
    if submission is None:
        show_error(None, error)
        return redirect(url_for("contests.contest_page", ref=contest.slug, _anchor="submit")), 303
    flash(_("Submitted: %(title)s", title=submission.title), "success")
    return redirect(url_for("contests.contest_page", ref=contest.slug, _anchor="my-submissions")), 303


@bp.get("/contests/<ref>/submissions/<int:submission_id>")
@access.signed_in()
def submission_page(ref: str, submission_id: int):
    """A participant's own submission: its checks and, from whoever takes videos, the videos on it
    (a signed summary) with the upload form. Also open to those who may see every submission."""
    contest, me = _visible(ref), _me()
    submission = queries.get_submission(submission_id)
    if submission is None or submission.contest_id != contest.id or not (
            submission.user_id == me.id or contest.can_see_all_submissions(me)):
        raise NotFound(_("No such submission."))
    here = url_for("contests.submission_page", ref=contest.slug, submission_id=submission.id)
    panels = signals.values_from_signal(signals.video_panel_asked, "submission", object_id=submission.id,
                                        user=me, next=here)
    return render_template("contests/submission.html", contest=contest, submission=submission, panels=panels)


@bp.route("/contest-requests/new", methods=["GET", "POST"])
@access.signed_in()
def request_new():
    template = _chosen_template()
    form = contest_form(ContestRequestForm, data=_start_data(template))
    if form.validate_on_submit():
        filing = (templates.request_from_template, template) if template else (operations.file_contest_request,)
        if run_form_operation(form, *filing, _form_settings(form), message=form.message.data, actor=_me()).ok:
            flash(_("Your request was sent to the admins."), "success")
            return redirect(url_for("contests.my_requests"))
    return render_template("contests/request_form.html", form=form, from_template=template,
                           gallery=_gallery()), 422 if form.errors else 200


@bp.get("/contest-requests")
@access.signed_in()
def my_requests():
    reqs = list(db.session.scalars(queries.contest_requests_stmt(_me()).limit(100)))
    trusted = list(db.session.scalars(queries.trusted_requests_stmt(_me()).limit(20)))
    return render_template("contests/my_requests.html", requests=reqs, trusted=trusted)


@bp.route("/trusted-member-requests/new", methods=["GET", "POST"])
@access.signed_in()
def trusted_new():
    form = TrustedRequestForm()
    if form.validate_on_submit():
        outcome = run_form_operation(form, operations.request_trusted_membership, form.wiki_id.data,
                                     form.wiki_username.data, actor=_me())
        if outcome.ok:
            flash(_("You are now a trusted member.") if outcome.value.status == "approved"
                  else _("Your request is waiting for an admin."), "success")
            return redirect(url_for("contests.my_requests"))
    return render_template("contests/trusted_form.html", form=form), 422 if form.errors else 200


@bp.get("/admin/contest-requests")
@access.role("admin", scope=None)
def admin_requests():
    status = request.args.get("status", "pending")
    stmt = queries.contest_requests_stmt(_me(), status=status if status in ("pending", "approved", "rejected")
                                         else None, everyone=True)
    return render_template("contests/admin_requests.html", requests=list(db.session.scalars(stmt.limit(200))),
                           status=status, approve_form=ApproveForm(), reject_form=RejectForm())


@bp.post("/admin/contest-requests/<int:request_id>/<any(approve, reject):decision>")
@access.role("admin", scope=None)
def admin_decide_request(request_id: int, decision: str):
    req = db.session.get(ContestRequest, request_id) or _missing()
    form = RejectForm() if decision == "reject" else ApproveForm()
    if not form.validate_on_submit():
        flash(_("Give a reason to reject a request."), "error")
    elif decision == "approve":
        contest = operations.approve_contest_request(req, actor=_me())
        flash(_("Approved: %(name)s was created for its requester.", name=contest.name), "success")
    else:
        operations.reject_contest_request(req, form.reason.data, actor=_me())
        flash(_("Request rejected."), "success")
    return redirect(url_for("contests.admin_requests")), 303


@bp.get("/admin/trusted-member-requests")
@access.role("admin", scope=None)
def admin_trusted():
    status = request.args.get("status", "pending")
    stmt = queries.trusted_requests_stmt(_me(), status=status if status in ("pending", "approved", "rejected")
                                         else None, everyone=True)
    return render_template("contests/admin_trusted.html", requests=list(db.session.scalars(stmt.limit(200))),
                           status=status, approve_form=ApproveForm(), reject_form=RejectForm())


@bp.post("/admin/trusted-member-requests/<int:request_id>/<any(approve, reject):decision>")
@access.role("admin", scope=None)
def admin_decide_trusted(request_id: int, decision: str):
    req = db.session.get(TrustedMemberRequest, request_id) or _missing()
    form = RejectForm() if decision == "reject" else ApproveForm()
    if not form.validate_on_submit():
        flash(_("Give a reason to reject a request."), "error")
    else:
        operations.decide_trusted_request(req, decision == "approve",
                                          form.reason.data if decision == "reject" else "", actor=_me())
        flash(_("Decision saved."), "success")
    return redirect(url_for("contests.admin_trusted")), 303


def _missing():
    raise NotFound(_("No such request."))
