"""Which wiki user name an Arena user writes as, and claiming imported entries."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from arena.contests import queries
from arena.contests.models import WikiAccount
from arena.contests.models.accounts import normalise_wiki_username
from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed
from arena.extensions import db


def link_wiki_account(user, wiki_username: str, *, verified: bool = False, actor) -> WikiAccount:
    """Set ``user``'s wiki user name (one per user; a name belongs to one user)."""
    name = normalise_wiki_username(wiki_username)
    if not name or len(name) > 255 or any(ch in name for ch in "#<>[]|{}/"):
        raise ValidationFailed({"wiki_username": _("Give a valid wiki user name.")})
    owner = db.session.scalar(select(WikiAccount).where(WikiAccount.username == name))
    if owner is not None and owner.user_id != user.id:
        if not verified:
            raise Conflict(_("That wiki user name is linked to another Arena account."))
        db.session.delete(owner)  # a Wikimedia sign-in proves who owns the name
        db.session.flush()
    account = queries.wiki_account(user.id)
    if account is None:
        account = WikiAccount(user_id=user.id, username=name, verified=verified)
        db.session.add(account)
    elif account.username != name:
        if account.verified and not verified:
            raise Conflict(_("Your wiki account was confirmed by Wikimedia sign-in and cannot be changed here."))
        account.username, account.verified = name, verified
    else:
        account.verified = account.verified or verified
    db.session.flush()
    return account


def claim_unclaimed_submissions(user, wiki_username: str) -> int:
    """Credit to ``user`` every imported, unclaimed entry created by ``wiki_username``."""
    claimed = 0
    for submission in queries.unclaimed_for(wiki_username):
        submission.user_id = user.id
        claimed += 1
        db.session.flush()
        signals.submission_claimed.send(submission, user_id=user.id)
    return claimed


def on_wikimedia_account_linked(user, wiki_username: str, **_extra) -> None:
    """Receiver of ``signals.wikimedia_account_linked``: link the name, claim the entries."""
    link_wiki_account(user, wiki_username, verified=True, actor=user)
    claim_unclaimed_submissions(user, wiki_username)
