"""Exceptions raised by the wiki client."""
from __future__ import annotations


class WikiError(Exception):
    """Base class for wiki client errors."""


class WikiLinkError(WikiError, ValueError):
    """A pasted link or title does not point at an article on a known wiki."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WikiUnavailable(WikiError):
    """The wiki could not be reached (connection error, timeout, 5xx,
    persistent replication lag) even after retries, or its circuit breaker is
    open.  The operation may succeed later, so callers should queue and retry.
    """


class WikiApiError(WikiError):
    """The wiki answered with an API error that retrying will not fix."""

    def __init__(self, code: str, info: str = ""):
        super().__init__(f"{code}: {info}" if info else code)
        self.code = code
        self.info = info
