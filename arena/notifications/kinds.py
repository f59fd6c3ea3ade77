"""The registry of notification kinds. A kind is a code with a text template in every language (the
template is a gettext message rendered with the notification's parameters when it is read or mailed,
in the reader's language), a mail subject and the channel used until the user chooses another.

Domains register their kinds in their ``init_app`` (``register_kind``); the common kinds are below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import gettext, lazy_gettext as _l

from arena.notifications.models import CHANNELS


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # lazy string: the name of the kind on the settings page
    render: Callable[[dict[str, Any]], str]  # parameters -> text in the current locale
    subject: Callable[[dict[str, Any]], str]  # parameters -> mail subject in the current locale
    default_channel: str = "in_app"
    #: users may not switch these off (e.g. admin alerts for the queues they are responsible for)
    admin_only: bool = False


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    if kind.default_channel not in CHANNELS:
        raise ValueError(f"unknown channel {kind.default_channel!r}")
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind | None:
    return _KINDS.get(name)


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def _p(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    return "" if value is None else value


def _result(p):
    if p.get("status") == "accepted":
        return gettext("Your submission “%(title)s” was accepted (score %(score)s).",
                       title=_p(p, "title"), score=_p(p, "score"))
    return gettext("Your submission “%(title)s” was not accepted (score %(score)s).",
                   title=_p(p, "title"), score=_p(p, "score"))


def _redemption(p):
    status = p.get("status")
    if status == "approved":
        return gettext("Your request for “%(reward)s” was approved.", reward=_p(p, "reward"))
    if status == "delivered":
        return gettext("“%(reward)s” was delivered to you.", reward=_p(p, "reward"))
    if status == "rejected":
        return gettext("Your request for “%(reward)s” was rejected; the points are back.", reward=_p(p, "reward"))
    return gettext("You cancelled your request for “%(reward)s”; the points are back.", reward=_p(p, "reward"))


def _contest_date(p):
    if p.get("phase") == "started":
        return gettext("“%(name)s” has started (%(date)s).", name=_p(p, "name"), date=_p(p, "date"))
    if p.get("phase") == "ended":
        return gettext("“%(name)s” has ended (%(date)s).", name=_p(p, "name"), date=_p(p, "date"))
    if p.get("phase") == "ending":
        return gettext("“%(name)s” ends on %(date)s.", name=_p(p, "name"), date=_p(p, "date"))
    return gettext("“%(name)s” starts on %(date)s.", name=_p(p, "name"), date=_p(p, "date"))


def _queue_label(key: str) -> str:
    """The admin queue's name in the reader's language (the dashboard's registry), else its key."""
    from flask import current_app

    from arena.core.dashboard import queues

    return next((str(q.label) for q in queues(current_app) if q.key == key), key)


def _admin_alert(p):
    alert = p.get("alert")
    if alert == "referral_flagged":
        return gettext("A referral of %(referrer)s was flagged (%(rule)s) and waits in the referral queue.",
                       referrer=_p(p, "referrer"), rule=_p(p, "rule"))
    if alert == "queue_waiting":
        return gettext("“%(queue)s” has work waiting for more than a day (%(count)s waiting).",
                       queue=_queue_label(str(_p(p, "queue"))), count=_p(p, "count"))
    if alert == "job_failed":
        return gettext("A background job failed (%(kind)s, job %(job)s). Further failures of this kind "
                       "within the hour are not announced; see the failed jobs queue.",
                       kind=_p(p, "kind"), job=_p(p, "job_id"))
    if alert == "wiki_breaker_opened":
        return gettext("The wiki %(wiki)s stopped answering: its circuit breaker opened after %(failures)s "
                       "failures, and Arena waits %(seconds)s seconds before asking it again.",
                       wiki=_p(p, "wiki"), failures=_p(p, "failures"), seconds=_p(p, "seconds"))
    return gettext("Something waits for an administrator: %(alert)s.", alert=_p(p, "alert"))


COMMON_KINDS = (
    Kind("submission_reviewed", _l("A juror reviewed my submission"),
         lambda p: gettext("A juror reviewed your submission “%(title)s”.", title=_p(p, "title")),
         lambda p: gettext("Your submission was reviewed")),
    Kind("submission_result", _l("My submission's result changed"), _result,
         lambda p: gettext("Your contest submission has a result"), default_channel="mail"),
    Kind("redemption", _l("My reward request was decided"), _redemption,
         lambda p: gettext("Your reward request was decided")),
    Kind("referral_verified", _l("A friend I referred was verified"),
         lambda p: gettext("Your referral of %(name)s was verified: +%(points)s points.",
                           name=_p(p, "name"), points=_p(p, "points")),
         lambda p: gettext("A referral was verified")),
    Kind("chat_mention", _l("Someone mentioned me in chat"),
         lambda p: gettext("%(name)s mentioned you in “%(room)s”.", name=_p(p, "name"), room=_p(p, "room")),
         lambda p: gettext("You were mentioned in chat")),
    Kind("direct_message", _l("A direct message"),
         lambda p: gettext("%(name)s sent you a message.", name=_p(p, "name")),
         lambda p: gettext("New direct message")),
    Kind("contest_dates", _l("A contest or competition I take part in starts or ends"), _contest_date,
         lambda p: gettext("Contest dates")),
    Kind("juror_reminder", _l("Reminder of reviews waiting for me"),
         lambda p: gettext("“%(name)s” ends on %(date)s and %(count)s entries wait for your review.",
                           name=_p(p, "name"), date=_p(p, "date"), count=_p(p, "count")),
         lambda p: gettext("Reviews are waiting for you"), default_channel="mail"),
    Kind("admin_alert", _l("Administrator alerts (flags, waiting queues, failed jobs, wikis not answering)"), _admin_alert,
         lambda p: gettext("Arena needs an administrator"), admin_only=True),
)

for _kind in COMMON_KINDS:
    register_kind(_kind)
