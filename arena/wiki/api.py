"""Wiki facts over the API: article facts, wiki users, sanitised previews."""

from __future__ import annotations

import logging

from flask import g
from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access
from arena.core.api import Blueprint, envelope, ok
from arena.core.errors import DependencyUnavailable, NotFound, ValidationFailed
from arena.core.timeutil import isoformat
from arena.wiki import service
from arena.wiki.schemas import ArticleArgs, ArticleFactsSchema, PreviewArgs, PreviewSchema, UserArgs, WikiUserSchema

log = logging.getLogger("arena.wiki")

blp = Blueprint("wiki_api", __name__, url_prefix="/api/v1/wiki", description="Facts read from wikis")


def _resolve(url: str) -> tuple[str, str]:
    try:
        return service.resolve_article_url(url)
    except service.WikiLinkError as err:
        raise ValidationFailed({"url": str(err)}) from err


def _unavailable(err: Exception):
    """What failed (the wiki's address, the library's error) goes to the log, not to the caller."""
    log.warning("wiki unavailable: %s", err, extra={"request_id": g.get("request_id")})
    return DependencyUnavailable(_("The wiki cannot be reached right now. Try again in a few minutes."))


@blp.route("/article")
class Article(MethodView):
    @access.signed_in()
    @blp.arguments(ArticleArgs, location="query")
    @blp.response(200, envelope(ArticleFactsSchema))
    def get(self, args):
        """Facts about one article, from any link to it (``at`` and a user window optional)."""
        wiki_id, title = _resolve(args["url"])
        try:
            facts = service.article_facts(wiki_id, [title], refresh=args["refresh"])[title]
            body = {"wiki": wiki_id, "facts": facts.to_dict()}
            page = facts.title
            if "at" in args:
                body["size_at"] = service.size_at(wiki_id, page, args["at"]) if facts.exists else 0
            if "user" in args:
                body.update(service.user_window(wiki_id, page, args["user"], args["since"], args["until"])
                            if facts.exists else {"user_bytes_added": 0, "expansion_bytes": 0})
        except service.WikiUnavailable as err:
            raise _unavailable(err) from err
        return ok(body)


@blp.route("/user")
class WikiUser(MethodView):
    @access.signed_in()
    @blp.arguments(UserArgs, location="query")
    @blp.response(200, envelope(WikiUserSchema))
    def get(self, args):
        """Whether a wiki account exists, its edit count and registration date."""
        try:
            service.registry().get(args["wiki"])
        except service.WikiLinkError as err:
            raise ValidationFailed({"wiki": str(err)}) from err
        try:
            info = service.user_info(args["wiki"], args["name"])
        except service.WikiUnavailable as err:
            raise _unavailable(err) from err
        registered = info.get("registered_at")
        return ok({"wiki": args["wiki"], **info,
                   "registered_at": isoformat(registered) if hasattr(registered, "tzinfo") else registered})


@blp.route("/preview")
class Preview(MethodView):
    @access.signed_in()
    @blp.arguments(PreviewArgs, location="query")
    @blp.response(200, envelope(PreviewSchema))
    def get(self, args):
        """The article's rendered HTML, sanitised, for jurors."""
        wiki_id, title = _resolve(args["url"])
        try:
            facts = service.article_facts(wiki_id, [title])[title]
            if not facts.exists:
                raise NotFound(_("That article does not exist."))
            page = facts.title
            html = service.rendered_html(wiki_id, page)
        except service.WikiUnavailable as err:
            raise _unavailable(err) from err
        return ok({"wiki": wiki_id, "title": page, "html": html})
