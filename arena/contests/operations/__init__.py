"""Every write of the contests domain (``verb_noun(..., *, actor)``); they flush, never commit."""

from arena.contests.operations.accounts import (
    claim_unclaimed_submissions, link_wiki_account, on_wikimedia_account_linked,
)
from arena.contests.operations.background import start_category_import, start_facts_refresh
from arena.contests.operations.contests import (
    add_member, build_contest, contest_settings, create_contest, delete_contest, remove_member, update_contest,
)
from arena.contests.operations.requests import (
    approve_contest_request, decide_trusted_request, file_contest_request, reject_contest_request,
    request_trusted_membership,
)
from arena.contests.operations.settings import validate_settings
from arena.contests.operations.submissions import (
    apply_snapshot, check_may_submit, check_submission, import_article, mark_unavailable, queue_write_back,
    record_result, record_write_back, submit_article,
)

__all__ = [
    "add_member", "apply_snapshot", "approve_contest_request", "build_contest", "check_may_submit",
    "check_submission", "claim_unclaimed_submissions", "contest_settings", "create_contest",
    "decide_trusted_request", "delete_contest", "file_contest_request", "import_article", "link_wiki_account",
    "mark_unavailable", "on_wikimedia_account_linked", "queue_write_back", "record_result", "record_write_back",
    "reject_contest_request", "remove_member", "start_category_import", "start_facts_refresh", "request_trusted_membership", "submit_article",
    "update_contest", "validate_settings",
]
