"""Question kinds, a registry keyed by ``Question.kind``.

Each kind checks what an organiser writes (options, correct answer), checks what a participant
answers, and grades an answer as a credit between 0 and 1:

- ``single``: one option is correct; the answer is one option id.
- ``multiple``: some options are correct; the answer is a list of option ids. All correct options
  and no wrong one earns full credit; otherwise none — unless the question says ``partial``, then
  (correct chosen − wrong chosen) / correct options, floored at 0.
- ``true_false``: the answer is ``true`` or ``false``.
- ``short_text``: the answer is a text compared with each accepted answer after normalisation
  (:func:`normalise_text`).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

ONE, ZERO = Decimal("1"), Decimal("0")
MAX_OPTIONS = 12
MAX_TEXT_ANSWER = 500

# Arabic marks removed before comparing: tashkeel (fathatan … sukun), superscript alef, tatweel.
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The comparison form of a short text answer. Rules, in order:

    1. Unicode NFKC (presentation forms become ordinary letters);
    2. Arabic diacritics (tashkeel U+064B–U+0652, superscript alef U+0670) and tatweel (U+0640) removed;
    3. alef with hamza above or below, alef with madda and alef wasla (أ إ آ ٱ) become bare alef (ا);
       alef maqsura (ى) becomes ya (ي); ta marbuta (ة) becomes ha (ه);
    4. case folded (``Paris`` = ``paris``);
    5. runs of white space become one space; surrounding spaces removed.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ALEF_VARIANTS).casefold()
    return _SPACES.sub(" ", text).strip()


class InvalidQuestion(ValueError):
    """What the organiser wrote does not fit the kind: ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__(str(errors))


class InvalidResponse(ValueError):
    """A participant's answer does not fit the question."""


class Kind:
    name = ""
    label = _l("Question")
    has_options = True

    def check(self, options: list[dict], answer: Any, partial: bool) -> tuple[list[dict], Any]:
        raise NotImplementedError

    def read_response(self, question, value: Any) -> Any:
        raise NotImplementedError

    def grade(self, question, value: Any) -> Decimal:
        raise NotImplementedError

    def accepts_from(self, value: Any, actor) -> bool:
        """Whether ``actor`` may give this (already read) answer; kinds whose answer points at
        something the participant owns (a video) check it here."""
        return True


def _check_options(options: Any, minimum: int = 2) -> list[dict]:
    if not isinstance(options, list) or not (minimum <= len(options) <= MAX_OPTIONS):
        raise InvalidQuestion({"options": _l("Give between %(low)s and %(high)s options.", low=minimum,
                                             high=MAX_OPTIONS)})
    cleaned, seen = [], set()
    for index, option in enumerate(options):
        text = option.get("text") if isinstance(option, dict) else option
        if not isinstance(text, str) or not text.strip():
            raise InvalidQuestion({"options": _l("Every option needs a text.")})
        option_id = (option.get("id") if isinstance(option, dict) else None) or f"o{index + 1}"
        if not isinstance(option_id, str) or option_id in seen or len(option_id) > 16:
            raise InvalidQuestion({"options": _l("Option ids must be short and unique.")})
        seen.add(option_id)
        cleaned.append({"id": option_id, "text": text.strip()})
    return cleaned


def _option_ids(question) -> set[str]:
    return {o["id"] for o in question.options}


class Single(Kind):
    name = "single"
    label = _l("Single choice")

    def check(self, options, answer, partial):
        options = _check_options(options)
        if answer not in {o["id"] for o in options}:
            raise InvalidQuestion({"answer": _l("Choose the one correct option.")})
        return options, answer

    def read_response(self, question, value):
        if not isinstance(value, str) or value not in _option_ids(question):
            raise InvalidResponse(_l("Choose one of the options."))
        return value

    def grade(self, question, value):
        return ONE if value == question.answer else ZERO


class Multiple(Kind):
    name = "multiple"
    label = _l("Multiple choice")

    def check(self, options, answer, partial):
        options = _check_options(options)
        ids = {o["id"] for o in options}
        if not isinstance(answer, list) or not answer or not set(answer) <= ids or len(set(answer)) != len(answer):
            raise InvalidQuestion({"answer": _l("Choose at least one correct option.")})
        return options, sorted(answer, key=[o["id"] for o in options].index)

    def read_response(self, question, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) \
                or not set(value) <= _option_ids(question):
            raise InvalidResponse(_l("Choose among the options."))
        return sorted(set(value))

    def grade(self, question, value):
        correct, chosen = set(question.answer), set(value)
        if not question.partial:
            return ONE if chosen == correct else ZERO
        credit = Decimal(len(chosen & correct) - len(chosen - correct)) / Decimal(len(correct))
        return max(credit, ZERO)


class TrueFalse(Kind):
    name = "true_false"
    label = _l("True or false")
    has_options = False

    def check(self, options, answer, partial):
        if not isinstance(answer, bool):
            raise InvalidQuestion({"answer": _l("The answer is true or false.")})
        return [], answer

    def read_response(self, question, value):
        if not isinstance(value, bool):
            raise InvalidResponse(_l("Answer true or false."))
        return value

    def grade(self, question, value):
        return ONE if value is question.answer else ZERO


class ShortText(Kind):
    name = "short_text"
    label = _l("Short text answer")
    has_options = False

    def check(self, options, answer, partial):
        answers = [answer] if isinstance(answer, str) else answer
        if not isinstance(answers, list) or not answers or \
                not all(isinstance(a, str) and normalise_text(a) for a in answers):
            raise InvalidQuestion({"answer": _l("Give at least one accepted answer.")})
        return [], [a.strip() for a in answers]

    def read_response(self, question, value):
        if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
            raise InvalidResponse(_l("Answer with a short text."))
        return value.strip()

    def grade(self, question, value):
        given = normalise_text(value)
        return ONE if given and any(given == normalise_text(a) for a in question.answer) else ZERO


KINDS: dict[str, Kind] = {kind.name: kind for kind in (Single(), Multiple(), TrueFalse(), ShortText())}


def register_kind(kind: Kind) -> None:
    """Add a kind from another domain (the media domain's ``video_answer``)."""
    KINDS[kind.name] = kind


def kind_of(name: str) -> Kind:
    return KINDS[name]
