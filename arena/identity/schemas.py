"""API schemas of the identity domain (input allow-lists, output shapes)."""

from __future__ import annotations

from datetime import timezone

import marshmallow as ma
from marshmallow import validate

from arena.core.api import ApiSchema, PageArgs
from arena.identity.models import API_KEY_SCOPES, ROLES
from arena.identity.preferences import CONTRASTS, LANGUAGES, SIGN_LANGUAGES


# input

class RegisterArgs(ApiSchema):
    username = ma.fields.String(required=True, validate=validate.Length(max=64))
    email = ma.fields.String(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(required=True, validate=validate.Length(max=1024), load_only=True)
    display_name = ma.fields.String(load_default="", validate=validate.Length(max=100))


class LoginArgs(ApiSchema):
    login = ma.fields.String(required=True, validate=validate.Length(min=1, max=254),
                             metadata={"description": "Username or email address"})
    password = ma.fields.String(required=True, validate=validate.Length(max=1024), load_only=True)


class ProfileArgs(ApiSchema):
    username = ma.fields.String(validate=validate.Length(max=64))
    display_name = ma.fields.String(validate=validate.Length(max=100))
    bio = ma.fields.String(validate=validate.Length(max=2000))
    email = ma.fields.String(validate=validate.Length(max=254))
    current_password = ma.fields.String(load_only=True, validate=validate.Length(max=1024),
                                        metadata={"description": "Needed to change the email address"})


class PasswordChangeArgs(ApiSchema):
    current_password = ma.fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    new_password = ma.fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class PasswordResetRequestArgs(ApiSchema):
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=254))


class PasswordResetConfirmArgs(ApiSchema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=512))
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class PreferencesArgs(ApiSchema):
    language = ma.fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES))
    density = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=5))
    contrast = ma.fields.String(validate=validate.OneOf(CONTRASTS))
    reduced_motion = ma.fields.Boolean(truthy={True}, falsy={False})
    reading_level = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=5))
    sign_language = ma.fields.String(allow_none=True, validate=validate.OneOf(sorted(SIGN_LANGUAGES)))


class ApiKeyArgs(ApiSchema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = ma.fields.List(ma.fields.String(validate=validate.OneOf(API_KEY_SCOPES)),
                            load_default=lambda: ["read"], validate=validate.Length(min=1, max=3))
    expires_in_days = ma.fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=3650))


class UserSearchArgs(PageArgs):
    q = ma.fields.String(load_default=None, validate=validate.Length(max=100))
    role = ma.fields.String(load_default=None, validate=validate.OneOf(ROLES))
    banned = ma.fields.Boolean(load_default=None)


class RoleArgs(ApiSchema):
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))


class BanArgs(ApiSchema):
    reason = ma.fields.String(load_default="", validate=validate.Length(max=255))


class AuditFilterArgs(PageArgs):
    event_type = ma.fields.String(load_default=None, validate=validate.Length(max=40))
    actor_id = ma.fields.Integer(load_default=None)
    subject_id = ma.fields.Integer(load_default=None)
    since = ma.fields.AwareDateTime(load_default=None, default_timezone=timezone.utc,
                                    metadata={"description": "ISO 8601 (UTC when no offset), inclusive"})
    until = ma.fields.AwareDateTime(load_default=None, default_timezone=timezone.utc,
                                    metadata={"description": "ISO 8601 (UTC when no offset), exclusive"})


# output

class UserSchema(ApiSchema):
    """What a user sees of their own account."""

    id = ma.fields.Integer(dump_only=True)
    username = ma.fields.String(dump_only=True)
    email = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(dump_only=True)
    bio = ma.fields.String(dump_only=True)
    role = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    last_login_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)


class AdminUserSchema(UserSchema):
    is_banned = ma.fields.Boolean(dump_only=True)
    banned_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    ban_reason = ma.fields.String(dump_only=True)
    locked_until = ma.fields.AwareDateTime(dump_only=True, allow_none=True)


class UserRefSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    username = ma.fields.String(dump_only=True)


class PreferencesSchema(ApiSchema):
    language = ma.fields.String(dump_only=True, allow_none=True)
    density = ma.fields.Integer(dump_only=True)
    contrast = ma.fields.String(dump_only=True)
    reduced_motion = ma.fields.Boolean(dump_only=True)
    reading_level = ma.fields.Integer(dump_only=True)
    sign_language = ma.fields.String(dump_only=True, allow_none=True)


class TokensSchema(ApiSchema):
    access_token = ma.fields.String(dump_only=True)
    refresh_token = ma.fields.String(dump_only=True)
    token_type = ma.fields.String(dump_only=True)
    expires_in = ma.fields.Integer(dump_only=True, metadata={"description": "seconds"})
    refresh_expires_in = ma.fields.Integer(dump_only=True, metadata={"description": "seconds"})
    user = ma.fields.Nested(UserSchema, dump_only=True)


class ApiKeySchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(dump_only=True)
    prefix = ma.fields.String(dump_only=True)
    scopes = ma.fields.List(ma.fields.String(), dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"enum": ["active", "revoked", "expired"]})
    created_at = ma.fields.AwareDateTime(dump_only=True)
    expires_at = ma.fields.AwareDateTime(dump_only=True)
    last_used_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    use_count = ma.fields.Integer(dump_only=True)
    revoked_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)


class NewApiKeySchema(ApiKeySchema):
    key = ma.fields.String(dump_only=True, metadata={"description": "The secret; shown only this once"})


class AuditEventSchema(ApiSchema):
    id = ma.fields.Integer(dump_only=True)
    event_type = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    actor = ma.fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    subject = ma.fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    ip = ma.fields.String(dump_only=True)
    user_agent = ma.fields.String(dump_only=True)
    details = ma.fields.Dict(dump_only=True)
