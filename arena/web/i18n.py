"""Locale, direction and accessibility preferences for pages.

Language: the signed-in user's choice, then the ``lang`` cookie (set by the language switcher),
then ``Accept-Language``. Accessibility preferences become CSS classes on ``<body>``; anonymous
visitors keep theirs in a cookie.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from flask import current_app, has_request_context, request

from arena.core.access import current_user_or_none

PREF_COOKIE = "arena_prefs"
DEFAULT_PREFS = {"density": 3, "contrast": "normal", "reduced_motion": False, "reading_level": 3}


def select_locale() -> str:
    languages = list(current_app.config["LANGUAGES"])
    if not has_request_context():  # command line, background tasks
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        user = current_user_or_none()
    except Exception:  # an invalid token must not break locale selection of an error page
        user = None
    if user is not None and getattr(user, "language", None) in languages:
        return user.language
    cookie = request.cookies.get("lang")
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return request.cookies.get("tz") or current_app.config["BABEL_DEFAULT_TIMEZONE"]


def encode_prefs(prefs: dict) -> str:
    """Cookie value for a visitor's display preferences (``density=2&contrast=high&reduced_motion=1``)."""
    return urlencode({"density": prefs["density"], "contrast": prefs["contrast"],
                      "reduced_motion": int(bool(prefs["reduced_motion"]))})


def anonymous_prefs() -> dict:
    """A visitor's display preferences from their cookie; anything invalid falls back to defaults."""
    data = {k: v[-1] for k, v in parse_qs(request.cookies.get(PREF_COOKIE) or "").items()}
    prefs = dict(DEFAULT_PREFS)
    if data.get("density") in ("1", "2", "3", "4", "5"):
        prefs["density"] = int(data["density"])
    if data.get("contrast") in ("normal", "high"):
        prefs["contrast"] = data["contrast"]
    if data.get("reduced_motion") in ("0", "1"):
        prefs["reduced_motion"] = data["reduced_motion"] == "1"
    return prefs


def current_prefs() -> dict:
    try:
        user = current_user_or_none()
    except Exception:
        user = None
    if user is None:
        return anonymous_prefs()
    return {"density": user.density, "contrast": user.contrast, "reduced_motion": user.reduced_motion,
            "reading_level": user.reading_level}


def body_classes(prefs: dict) -> str:
    classes = [f"density-{prefs['density']}", f"contrast-{prefs['contrast']}",
               f"reading-{prefs.get('reading_level', 3)}"]
    if prefs["reduced_motion"]:
        classes.append("motion-reduced")
    return " ".join(classes)
