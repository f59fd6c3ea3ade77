import marshmallow as ma

from arena.core.api import ApiSchema


class ArticleArgs(ApiSchema):
    url = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                           metadata={"description": "Any article link a person would paste"})
    at = ma.fields.AwareDateTime(metadata={"description": "Also report the size at this time"})
    user = ma.fields.String(validate=ma.validate.Length(min=1, max=255))
    since = ma.fields.AwareDateTime()
    until = ma.fields.AwareDateTime()
    refresh = ma.fields.Boolean(load_default=False, metadata={"description": "Bypass the facts cache"})

    @ma.validates_schema
    def window(self, data, **kwargs):
        given = [k for k in ("user", "since", "until") if k in data]
        if given and len(given) != 3:
            raise ma.ValidationError("user, since and until go together.", "user")
        if "since" in data and "until" in data and data["until"] <= data["since"]:
            raise ma.ValidationError("until must be after since.", "until")


class UserArgs(ApiSchema):
    wiki = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=64))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=255))


class PreviewArgs(ApiSchema):
    url = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class ArticleFactsSchema(ma.Schema):
    wiki = ma.fields.String()
    facts = ma.fields.Dict(metadata={"description": "exists, page_id, title (the article's, after "
                                                    "redirects), requested_title (as asked), redirected_from, "
                                                    "creator, created_at, size, "
                                                    "word_count, references, links, images, infoboxes, "
                                                    "categories, templates, latest_revision"})
    size_at = ma.fields.Integer(allow_none=True)
    user_bytes_added = ma.fields.Integer(allow_none=True)
    expansion_bytes = ma.fields.Integer(allow_none=True)


class WikiUserSchema(ma.Schema):
    wiki = ma.fields.String()
    exists = ma.fields.Boolean()
    name = ma.fields.String(allow_none=True)
    edit_count = ma.fields.Integer(allow_none=True)
    registered_at = ma.fields.String(allow_none=True)


class PreviewSchema(ma.Schema):
    wiki = ma.fields.String()
    title = ma.fields.String()
    html = ma.fields.String()
