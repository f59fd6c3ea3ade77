"""REST API: contests, organisers and jury, submissions. Thin: parse → authorise → operate → envelope."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.contests import caching, operations, queries
from arena.contests.schemas import (
    CategoryImportIn, ContestCreate, ContestIn, ContestListArgs, ContestOut, MemberIn, MemberSchema,
    MySubmissionListArgs, SubmissionIn, SubmissionListArgs, SubmissionOut, WikiAccountIn, WikiAccountOut,
)
from arena.core import access, pagecache
from arena.core.api import Blueprint, envelope, ok, ok_page, paged, paginate
from arena.core.errors import NotFound
from arena.identity import reauth
from arena.jobs.schemas import JobSchema

blp = Blueprint("contests_api", __name__, url_prefix="/api/v1", description="Contests and submissions")

ROLE_PATHS = {"organizers": "organizer", "jury": "jury"}


def visible_contest(ref: str):
    """The contest named by id or slug, if the caller may see it (404 otherwise)."""
    contest = queries.get_contest(ref)
    if contest is None or not contest.can_view(access.current_user_or_none()):
        raise NotFound(_("No such contest."))
    return contest


def editable_contest(ref: str):
    """Organisers' and admins' view; others get 404 for drafts and 403 for visible contests."""
    contest = visible_contest(ref)
    if not contest.can_edit(access.current_user_or_none()):
        from arena.core.errors import Forbidden

        raise Forbidden(_("Only the contest's organisers may do that."))
    return contest


@blp.route("/contests")
class Contests(MethodView):
    @access.public
    @blp.arguments(ContestListArgs, location="query")
    @blp.response(200, envelope(ContestOut, many=True))
    def get(self, args):
        """Contests (filters: status, wiki, q; ``mine`` for those you organise). Unlisted ones are not listed."""
        viewer = access.current_user_or_none()

        def build():
            stmt = queries.contests_stmt(viewer, status=args.get("status"), wiki=args.get("wiki"), q=args.get("q"),
                                         mine=args["mine"])
            return pagecache.dumps(envelope(ContestOut, many=True)().dump(
                ok_page(paginate(stmt, args["page"], args["per_page"]))))

        # anonymous callers share one answer, admins another; members see their own drafts too
        who = "anon" if viewer is None else "admin" if viewer.is_admin else f"user{viewer.id}"
        return caching.json_list(("contests", who, args.get("status"), args.get("wiki"), args.get("q"), args["mine"],
                                  args["page"], args["per_page"]), build)

    @access.signed_in()
    @blp.arguments(ContestCreate)
    @blp.response(201, envelope(ContestOut))
    def post(self, data):
        """Create a contest (trusted members and admins; others file a contest request)."""
        contest = operations.create_contest(data, actor=access.current_user_or_none())
        return ok(contest, _("Contest created"))


@blp.route("/contests/<ref>")
class ContestItem(MethodView):
    @access.public
    @blp.response(200, envelope(ContestOut))
    def get(self, ref):
        """One contest, by id or slug (drafts only for organisers and admins)."""
        return ok(visible_contest(ref))

    @access.signed_in()
    @blp.arguments(ContestIn)
    @blp.response(200, envelope(ContestOut))
    def patch(self, data, ref):
        """Change a contest's settings (organisers)."""
        contest = operations.update_contest(editable_contest(ref), data, actor=access.current_user_or_none())
        return ok(contest, _("Contest updated"))

    @access.signed_in()
    @reauth.fresh_password
    @blp.response(200, envelope())
    def delete(self, ref):
        """Delete a contest; one with submissions is hidden and kept (soft delete). Needs a password
        entered in the last 10 minutes (401 with ``errors.reauthentication`` otherwise)."""
        kind = operations.delete_contest(editable_contest(ref), actor=access.current_user_or_none())
        return ok({"deleted": kind}, _("Contest deleted"))


for _path, _role in ROLE_PATHS.items():
    def _make(path: str, role: str):
        class Members(MethodView):
            @access.public
            @blp.response(200, envelope(MemberSchema, many=True))
            def get(self, ref):
                contest = visible_contest(ref)
                return ok([m for m in contest.members if m.role == role])

            @access.signed_in()
            @blp.arguments(MemberIn)
            @blp.response(201, envelope(MemberSchema))
            def post(self, data, ref):
                contest = editable_contest(ref)
                member = operations.add_member(contest, role, user_id=data.get("user_id"),
                                               username=data.get("username"), actor=access.current_user_or_none())
                return ok(member, _("Added"))

        class Member(MethodView):
            @access.signed_in()
            @blp.response(200, envelope())
            def delete(self, ref, user_id):
                operations.remove_member(editable_contest(ref), role, user_id, actor=access.current_user_or_none())
                return ok(None, _("Removed"))

        Members.__name__ = Members.__qualname__ = f"Contest{role.title()}s"
        Member.__name__ = Member.__qualname__ = f"Contest{role.title()}"
        Members.get.__doc__ = f"The contest's {path} (list)."
        Members.post.__doc__ = f"Add to the contest's {path} by ``user_id`` or ``username`` (organisers)."
        Member.delete.__doc__ = f"Remove from the contest's {path} (organisers)."
        blp.route(f"/contests/<ref>/{path}", endpoint=f"contest_{path}")(Members)
        blp.route(f"/contests/<ref>/{path}/<int:user_id>", endpoint=f"contest_{path}_member")(Member)

    _make(_path, _role)


@blp.route("/contests/<ref>/submissions")
class ContestSubmissions(MethodView):
    @access.signed_in()
    @paged(blp, SubmissionOut, args=SubmissionListArgs)
    def get(self, args, ref):
        """Submissions: organisers and jurors see all (filters status, participant); others their own."""
        me = access.current_user_or_none()
        contest = visible_contest(ref)
        user_id = args.get("participant") if contest.can_see_all_submissions(me) else me.id
        return queries.submissions_stmt(contest, user_id=user_id, status=args.get("status"))

    @access.signed_in()
    @blp.arguments(SubmissionIn)
    @blp.response(201, envelope(SubmissionOut))
    def post(self, data, ref):
        """Submit an article by its link. Its facts are checked at once, or later if the wiki is down."""
        contest = visible_contest(ref)
        submission = operations.submit_article(contest, data["article_url"], wiki_username=data.get("wiki_username"),
                                               actor=access.current_user_or_none())
        return ok(submission, _("Submitted"))


@blp.route("/contests/<ref>/refresh")
class ContestRefresh(MethodView):
    @access.signed_in()
    @blp.response(202, envelope(JobSchema))
    def post(self, ref):
        """Refresh the facts of every submission (a background job; follow it at /api/v1/jobs/<id>)."""
        job = operations.start_facts_refresh(editable_contest(ref), actor=access.current_user_or_none())
        return ok(job, _("Queued"))


@blp.route("/contests/<ref>/imports")
class ContestImports(MethodView):
    @access.signed_in()
    @blp.arguments(CategoryImportIn)
    @blp.response(202, envelope(JobSchema))
    def post(self, data, ref):
        """Import every article of a category (to ``depth`` levels of subcategories) as submissions."""
        job = operations.start_category_import(editable_contest(ref), data["wiki_id"], data["category"],
                                               data["depth"], actor=access.current_user_or_none())
        return ok(job, _("Queued"))


@blp.route("/submissions/<int:submission_id>")
class SubmissionItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(SubmissionOut))
    def get(self, submission_id):
        """One submission (its participant, the contest's organisers and jurors, admins)."""
        submission = queries.get_submission(submission_id)
        if submission is None or not submission.can_view(access.current_user_or_none()):
            raise NotFound(_("No such submission."))
        return ok(submission)


@blp.route("/me/submissions")
class MySubmissions(MethodView):
    @access.signed_in()
    @paged(blp, SubmissionOut, args=MySubmissionListArgs)
    def get(self, args):
        """Your submissions in every contest."""
        return queries.submissions_stmt(user_id=access.current_user_or_none().id, status=args.get("status"))


@blp.route("/me/wiki-account")
class MyWikiAccount(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(WikiAccountOut))
    def get(self):
        """The wiki user name your submissions are checked against."""
        account = queries.wiki_account(access.current_user_or_none().id)
        if account is None:
            raise NotFound(_("No wiki user name is linked yet."))
        return ok(account)

    @access.signed_in()
    @blp.arguments(WikiAccountIn)
    @blp.response(200, envelope(WikiAccountOut))
    def put(self, data):
        """Link your wiki user name (Wikimedia sign-in sets and confirms it)."""
        me = access.current_user_or_none()
        return ok(operations.link_wiki_account(me, data["wiki_username"], actor=me), _("Linked"))
