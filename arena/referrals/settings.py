"""The referral amounts, windows, caps and fraud thresholds as run-time settings (``arena.core.runtime``):
an administrator changes them at ``/admin/settings`` or ``PATCH /api/v1/admin/settings`` and every
process uses the new value on its next request. Their defaults and bounds are the start-up settings
``REFERRAL_*`` of ``arena.config``. Referral code reads them through :func:`value` and :func:`milestones`."""

from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from arena.core import runtime

GROUP = "referrals"


def parse_milestones(text: str) -> dict[int, int]:
    """``"5:10, 10:20"`` → ``{5: 10, 10: 20}`` (verified referrals → bonus points); ValueError if malformed."""
    found: dict[int, int] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        count, bonus = part.split(":")
        count, bonus = int(count), int(bonus)
        if count < 1 or not 0 <= bonus <= 100_000:
            raise ValueError(part)
        found[count] = bonus
    return found


def _check_milestones(text: str) -> str | None:
    try:
        parse_milestones(text)
    except ValueError:
        return _("Write milestones as count:points pairs separated by commas, e.g. 5:10, 10:20.")
    return None


def declare(app) -> None:
    milestones = ", ".join(f"{int(k)}:{int(v)}" for k, v in sorted(
        (int(k), int(v)) for k, v in app.config["REFERRAL_MILESTONES"].items()))

    def setting(name, description, config):
        return runtime.RuntimeSetting(f"referrals.{name}", int, description, config=config, group=GROUP)

    runtime.declare(
        setting("window_days", _l("Days a referred user has to complete an attempt or have an entry accepted"),
                "REFERRAL_WINDOW_DAYS"),
        setting("claim_hours", _l("Hours after registering during which a referral code may still be claimed"),
                "REFERRAL_CLAIM_HOURS"),
        setting("referrer_points", _l("Points for the referrer of a verified referral"), "REFERRAL_REFERRER_POINTS"),
        setting("referred_points", _l("Points for the new user of a verified referral"), "REFERRAL_REFERRED_POINTS"),
        setting("monthly_cap", _l("Most referral points one referrer earns in a calendar month"),
                "REFERRAL_MONTHLY_CAP"),
        setting("total_cap", _l("Most referral points one referrer earns in all"), "REFERRAL_TOTAL_CAP"),
        setting("fraud_ip_flag", _l("Referral sign-ups from one IP in 24 hours above which they are flagged"),
                "REFERRAL_FRAUD_IP_FLAG"),
        setting("fraud_ip_refuse", _l("Referral sign-ups from one IP in 24 hours from which they get no credit"),
                "REFERRAL_FRAUD_IP_REFUSE"),
        setting("fraud_burst", _l("Referrals of one referrer within an hour from which they are suspicious"),
                "REFERRAL_FRAUD_BURST"),
        runtime.RuntimeSetting("referrals.milestones", str,
                               _l("Milestone bonuses for the referrer: verified referrals:points, comma-separated"),
                               default=milestones, max_length=200, group=GROUP, check=_check_milestones),
    )


def value(name: str) -> int:
    return runtime.value(f"referrals.{name}")


def milestones() -> dict[int, int]:
    return parse_milestones(runtime.value("referrals.milestones"))
