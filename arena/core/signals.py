"""Catalogue of cross-domain signals (blinker).

Domains announce what happened (past tense); other domains connect receivers in their package
``__init__`` (``init_app``). Senders pass the acting object as sender and plain keyword values.
A receiver must not commit: it runs inside the sender's unit of work.

| signal | sent by | sender | keyword arguments |
|---|---|---|---|
| ``user_registered`` | identity | the new user | ``via`` ("password", "wikimedia") |
| ``user_logged_in`` | identity | the user | ``via`` |
| ``user_banned`` | identity | the banned user | ``actor`` |
| ``preferences_changed`` | identity | the user | ``changes`` (dict) |
| ``language_chosen`` | web (the language link) | the signed-in user | ``language`` (code); identity saves it as the account's language |
| ``wikimedia_account_linked`` | wiki | the Arena user | ``wiki_username`` |
| ``contest_created`` | contests | the contest | ``actor`` |
| ``contest_deleted`` | contests | the contest | ``actor``, ``soft`` (bool: kept hidden because it has submissions) |
| ``contest_visibility_changed`` | contests | the contest | ``actor`` (published, public or deleted changed) |
| ``submission_created`` | contests | the submission | ``actor`` |
| ``submission_claimed`` | contests | the submission | ``user_id`` (the new owner) |
| ``submission_facts_updated`` | contests | the submission | ``changed`` (bool) |
| ``submission_reviewed`` | reviews | the submission | ``review``, ``actor``, ``edited`` (bool) |
| ``submission_result_changed`` | contests (a facts check, ``record_result``) | the submission | ``previous`` (status), ``previous_score``, ``actor`` |
| ``submission_result_overridden`` | reviews | the submission | ``override`` (ResultOverride), ``actor`` |
| ``contest_jury_changed`` | contests | the contest | ``actor``, ``added`` (user ids), ``removed`` (user ids) |
| ``contest_organisers_changed`` | contests | the contest | ``actor``, ``added`` (user ids), ``removed`` (user ids) |
| ``competition_created`` | competitions | the competition | ``actor`` |
| ``competition_attempt_started`` | competitions | the attempt | ``user_id`` (int), ``competition_id`` (int); sent when a participant starts a new attempt (not when one is resumed) |
| ``contest_copied`` | contests (from a template or a copy) | the new contest | ``extras`` (the collected settings), ``actor`` |
| ``study_session_changed`` | study | the session | ``user_id``, ``action`` |
| ``competition_attempt_scored`` | competitions | the attempt | ``user_id`` (int), ``competition_id`` (int), ``points`` (int: competition points earned); sent once per attempt, when it is closed and first scored (a later re-score does not send it again) |
| ``competition_attempts_rescored`` | competitions | the competition | ``attempts`` (int: closed attempts scored again), ``change`` (``question_created``, ``question_updated``, ``question_deleted``); sent after a change of questions re-scored its attempts and standings |
| ``points_awarded`` | points | the ledger entry | ``user_id``, ``amount``, ``kind`` |
| ``redemption_status_changed`` | rewards | the redemption | ``previous`` (status), ``actor`` |
| ``job_failed`` | jobs (``fail_job``) | the job | ``job_id`` (int), ``kind`` (str); sent inside the unit of work that marks it failed |
| ``wiki_breaker_opened`` | wiki (the circuit breaker's listener) | the wiki id (str) | ``failures`` (int: failures counted when it opened); sent outside any unit of work (the call that opened it fails, and its request or task may roll back) |

Questions: another domain answers what the sender must know, without the sender importing it.
The sender collects the receivers' answers with :func:`values_from_signal` (Indico's pattern); a
receiver that has nothing to say returns ``None``.

| signal | asked by | sender | keyword arguments | a receiver answers |
|---|---|---|---|---|
| ``contest_scoring_checked`` | contests (settings) | the scoring mode name | ``config`` | field errors (dict, empty when valid) |
| ``contest_scoring_modes_asked`` | contests (form) | ``None`` | — | a list of ``{name, label, settings}`` (``settings``: ``reviews.scoring.Setting``) |
| ``contest_scoring_change_asked`` | contests (update) | the contest | ``mode``, ``config`` | a ``Conflict`` refusing the change, or ``None`` |
| ``contest_settings_collected`` | contests (templates, copies) | the contest | — | a dict of the domain's settings to keep (e.g. ``{"rounds": [...]}``) |
| ``linked_room_members_asked`` | chat (creating or syncing the room of a contest or competition) | the kind (``"contest"``, ``"competition"``) | ``ref_id`` (int) | ``{"name": str, "members": {user id: "organiser" / "jury" / "participant"}}`` for the object it owns (``None`` for a deleted one) |
| ``page_links_asked`` | contests, competitions (detail pages) | the kind (``"contest"``, ``"competition"``) | ``ref_id`` (int), ``user`` (the reader or ``None``) | a list of ``{"label", "url"}`` links to show on the page (chat: the room, for its members) |
| ``schedule_events_asked`` | notifications (the start/end task) | ``None`` | ``since``, ``until`` (aware datetimes) | a list of ``{"key", "phase" ("started"/"ended"), "name", "date", "link", "user_ids"}``: the starts and ends in ``(since, until]`` of what it owns |
| ``chat_attachments_asked`` | chat (room page, messages fragment) | the room | ``message_ids`` (list of int), ``user`` (the reader) | a dict ``{message id: [{"title", "url", "video_url" or None, "poster_url" or None, "tracks"}]}`` of what the reader may open (``tracks``: a list of ``{"src", "language", "label", "default"}`` captions) |
| ``video_panel_asked`` | contests (a participant's submission page), identity (the account page) | the attach kind (``"submission"``, ``"profile"``) | ``object_id`` (int), ``user`` (the reader), ``next`` (the page's own path) | the HTML (``Markup``) of the videos on that object the reader may watch (state, progress, player) and, for whoever may attach one, the upload form |
| ``video_attach_asked`` | chat (posting a message "with a video") | the attach kind (``"chat_message"``) | ``object_id`` (int), ``user``, ``next`` (where to come back to) | the path of a page where ``user`` attaches a video to that object, or ``None`` when they may not |

Add a row here when you add a signal.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace, Signal

arena_signals = Namespace()

user_registered = arena_signals.signal("user-registered")
user_logged_in = arena_signals.signal("user-logged-in")
user_banned = arena_signals.signal("user-banned")
preferences_changed = arena_signals.signal("preferences-changed")
language_chosen = arena_signals.signal("language-chosen")
wikimedia_account_linked = arena_signals.signal("wikimedia-account-linked")
contest_created = arena_signals.signal("contest-created")
contest_deleted = arena_signals.signal("contest-deleted")
contest_visibility_changed = arena_signals.signal("contest-visibility-changed")
submission_created = arena_signals.signal("submission-created")
submission_claimed = arena_signals.signal("submission-claimed")
submission_facts_updated = arena_signals.signal("submission-facts-updated")
submission_reviewed = arena_signals.signal("submission-reviewed")
submission_result_changed = arena_signals.signal("submission-result-changed")
submission_result_overridden = arena_signals.signal("submission-result-overridden")
contest_jury_changed = arena_signals.signal("contest-jury-changed")
study_session_changed = arena_signals.signal("study-session-changed")
competition_attempt_scored = arena_signals.signal("competition-attempt-scored")
competition_attempts_rescored = arena_signals.signal("competition-attempts-rescored")
points_awarded = arena_signals.signal("points-awarded")
redemption_status_changed = arena_signals.signal("redemption-status-changed")
job_failed = arena_signals.signal("job-failed")
wiki_breaker_opened = arena_signals.signal("wiki-breaker-opened")

contest_scoring_checked = arena_signals.signal("contest-scoring-checked")
contest_scoring_modes_asked = arena_signals.signal("contest-scoring-modes-asked")
contest_scoring_change_asked = arena_signals.signal("contest-scoring-change-asked")
contest_settings_collected = arena_signals.signal("contest-settings-collected")
contest_copied = arena_signals.signal("contest-copied")
contest_organisers_changed = arena_signals.signal("contest-organisers-changed")
competition_created = arena_signals.signal("competition-created")
competition_attempt_started = arena_signals.signal("competition-attempt-started")
linked_room_members_asked = arena_signals.signal("linked-room-members-asked")
page_links_asked = arena_signals.signal("page-links-asked")
schedule_events_asked = arena_signals.signal("schedule-events-asked")
chat_attachments_asked = arena_signals.signal("chat-attachments-asked")
video_panel_asked = arena_signals.signal("video-panel-asked")
video_attach_asked = arena_signals.signal("video-attach-asked")


def values_from_signal(signal: Signal, sender: Any = None, /, **kwargs: Any) -> list[Any]:
    """Send ``signal`` and return its receivers' answers, ``None`` answers left out."""
    return [value for _receiver, value in signal.send(sender, **kwargs) if value is not None]


def page_links(kind: str, ref_id: int, user: Any) -> list[dict]:
    """The extra links other domains show on a page of ``kind`` (``page_links_asked``), in one list."""
    return [link for answer in values_from_signal(page_links_asked, kind, ref_id=ref_id, user=user)
            for link in answer]
