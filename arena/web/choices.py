"""Choices for WTForms select fields: WTForms 3.3 deprecates (value, label) tuples for ``SelectChoice``."""

from __future__ import annotations

from typing import Any

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms before 3.3 takes (value, label) pairs
    SelectChoice = None


def choice(value: Any, label: Any):
    """One option of a select field; ``label`` may be a lazy translation."""
    return SelectChoice(value, label) if SelectChoice is not None else (value, label)


def choices(pairs) -> list:
    """Options from (value, label) pairs."""
    return [choice(value, label) for value, label in pairs]
