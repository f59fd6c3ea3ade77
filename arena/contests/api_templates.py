"""REST API: contest templates (save, gallery, create from one, request from one) and copying a
contest with new dates."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.contests.api import visible_contest
from arena.contests.models import ContestTemplate
from arena.contests.operations import templates
from arena.contests.schemas import ContestOut, ContestRequestOut
from arena.contests.schemas_templates import NewFromIn, TemplateIn, TemplateOut, TemplateRequestIn
from arena.core import access
from arena.core.api import Blueprint, envelope, ok, paged
from arena.core.errors import NotFound
from arena.extensions import db

blp = Blueprint("templates_api", __name__, url_prefix="/api/v1", description="Contest templates and copies")


_me = access.current_user_or_none  # the caller, or None


def usable_template(template_id: int) -> ContestTemplate:
    template = db.session.get(ContestTemplate, template_id)
    if template is None or not templates.may_use(template, _me()):
        raise NotFound(_("No such template."))
    return template


@blp.route("/contests/<ref>/templates")
class ContestTemplates(MethodView):
    @access.signed_in()
    @blp.arguments(TemplateIn)
    @blp.response(201, envelope(TemplateOut))
    def post(self, args, ref):
        """Save the contest's settings as a template (organisers): rules, scoring, judging rounds,
        texts, write-back and wikis — not its name, address or dates. ``is_public`` (trusted members)
        puts it in everyone's gallery."""
        template = templates.save_template(visible_contest(ref), actor=_me(), **args)
        return ok(template, _("Template saved"))


@blp.route("/contest-templates")
class TemplateGallery(MethodView):
    @access.signed_in()
    @paged(blp, TemplateOut)
    def get(self, args):
        """The gallery: public templates and your own, by name."""
        return templates.templates_stmt(_me())


@blp.route("/contest-templates/<int:template_id>")
class TemplateItem(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(TemplateOut))
    def get(self, template_id):
        """One template you may use."""
        return ok(usable_template(template_id))


@blp.route("/contest-templates/<int:template_id>/contests")
class TemplateContests(MethodView):
    @access.signed_in()
    @blp.arguments(NewFromIn)
    @blp.response(201, envelope(ContestOut))
    def post(self, args, template_id):
        """Create a contest from the template with a name and dates (trusted members)."""
        contest = templates.create_from_template(usable_template(template_id), args, actor=_me())
        return ok(contest, _("Contest created"))


@blp.route("/contest-templates/<int:template_id>/requests")
class TemplateRequests(MethodView):
    @access.signed_in()
    @blp.arguments(TemplateRequestIn)
    @blp.response(201, envelope(ContestRequestOut))
    def post(self, args, template_id):
        """Ask for a contest starting from the template: its settings, with what you give on top."""
        req = templates.request_from_template(usable_template(template_id), args["contest"], message=args["message"],
                                             actor=_me())
        return ok(req, _("Request filed"))


@blp.route("/contests/<ref>/copies")
class ContestCopies(MethodView):
    @access.signed_in()
    @blp.arguments(NewFromIn)
    @blp.response(201, envelope(ContestOut))
    def post(self, args, ref):
        """Copy a contest you organise — settings and judging rounds — with a new name and dates."""
        contest = templates.copy_contest(visible_contest(ref), args, actor=_me())
        return ok(contest, _("Contest created"))
