"""REST API: umbrella contests — make a contest an umbrella and manage its children. The combined
leaderboard is read from ``GET /api/v1/contests/<id>/umbrella`` (reviews domain)."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from arena.contests import queries
from arena.contests.api import editable_contest
from arena.contests.operations import umbrella
from arena.contests.schemas_templates import ChildIn, UmbrellaIn, UmbrellaOut
from arena.core import access
from arena.core.api import Blueprint, envelope, ok
from arena.core.errors import NotFound

blp = Blueprint("umbrella_api", __name__, url_prefix="/api/v1", description="Umbrella contests")


def _out(contest) -> dict:
    found = umbrella.umbrella_of(contest.id)
    return {"contest_id": contest.id, "dedup_rule": found.dedup_rule,
            "children": [c.id for c in umbrella.children_of(contest.id)]}


@blp.route("/contests/<ref>/umbrella/settings")
class UmbrellaSettings(MethodView):
    @access.signed_in()
    @blp.arguments(UmbrellaIn)
    @blp.response(200, envelope(UmbrellaOut))
    def put(self, args, ref):
        """Make the contest an umbrella, or change its rule for an article entered in two children
        (``higher_score`` or ``first_accepted``). Organisers."""
        contest = editable_contest(ref)
        umbrella.set_umbrella(contest, actor=access.current_user_or_none(), dedup_rule=args["dedup_rule"])
        return ok(_out(contest), _("Umbrella saved"))


@blp.route("/contests/<ref>/umbrella/children")
class UmbrellaChildren(MethodView):
    @access.signed_in()
    @blp.arguments(ChildIn)
    @blp.response(201, envelope(UmbrellaOut))
    def post(self, args, ref):
        """Put a contest you also organise under the umbrella."""
        contest = editable_contest(ref)
        child = queries.get_contest(str(args["child_id"]))
        if child is None:
            raise NotFound(_("No such contest."))
        umbrella.add_child(contest, child, actor=access.current_user_or_none())
        return ok(_out(contest), _("Contest added to the umbrella"))


@blp.route("/contests/<ref>/umbrella/children/<int:child_id>")
class UmbrellaChild(MethodView):
    @access.signed_in()
    @blp.response(200, envelope(UmbrellaOut))
    def delete(self, ref, child_id):
        """Take a contest out of the umbrella."""
        contest = editable_contest(ref)
        if not umbrella.remove_child(contest, child_id, actor=access.current_user_or_none()):
            raise NotFound(_("That contest is not under this umbrella."))
        return ok(_out(contest), _("Contest taken out of the umbrella"))
