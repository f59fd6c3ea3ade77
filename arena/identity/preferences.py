"""Preference values a user may choose: language, density, contrast, motion, reading level, sign language.

Sign languages are named by their ISO 639-3 codes (each checked against the ISO 639-3 table).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LANGUAGES = ("en", "ar")
CONTRASTS = ("normal", "high")
LEVELS = (1, 2, 3, 4, 5)

SIGN_LANGUAGES = {
    "ase": _l("American Sign Language"),
    "asp": _l("Algerian Sign Language"),
    "aed": _l("Argentine Sign Language"),
    "asf": _l("Auslan (Australian Sign Language)"),
    "bzs": _l("Brazilian Sign Language"),
    "bfi": _l("British Sign Language"),
    "csl": _l("Chinese Sign Language"),
    "dsl": _l("Danish Sign Language"),
    "dse": _l("Dutch Sign Language"),
    "esl": _l("Egypt Sign Language"),
    "fse": _l("Finnish Sign Language"),
    "fsl": _l("French Sign Language"),
    "gsg": _l("German Sign Language"),
    "ins": _l("Indian Sign Language"),
    "ils": _l("International Sign"),
    "isg": _l("Irish Sign Language"),
    "isr": _l("Israeli Sign Language"),
    "ise": _l("Italian Sign Language"),
    "jsl": _l("Japanese Sign Language"),
    "jos": _l("Jordanian Sign Language"),
    "kvk": _l("Korean Sign Language"),
    "lbs": _l("Libyan Sign Language"),
    "mfs": _l("Mexican Sign Language"),
    "xms": _l("Moroccan Sign Language"),
    "nzs": _l("New Zealand Sign Language"),
    "nsl": _l("Norwegian Sign Language"),
    "pks": _l("Pakistan Sign Language"),
    "pso": _l("Polish Sign Language"),
    "psr": _l("Portuguese Sign Language"),
    "fcs": _l("Quebec Sign Language"),
    "rsl": _l("Russian Sign Language"),
    "sdl": _l("Saudi Arabian Sign Language"),
    "sfs": _l("South African Sign Language"),
    "ssp": _l("Spanish Sign Language"),
    "swl": _l("Swedish Sign Language"),
    "tse": _l("Tunisian Sign Language"),
    "tsm": _l("Turkish Sign Language"),
}

FIELDS = ("language", "density", "contrast", "reduced_motion", "reading_level", "sign_language")
