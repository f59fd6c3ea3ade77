"""mwclient ``Site`` with Arena's network policy.

mwclient does the API work (parameter encoding, login, tokens, error
decoding); this subclass replaces its transport loop so that

* every ``api.php`` request carries ``maxlag`` (mwclient only adds it to
  ``index.php`` calls),
* 429/5xx answers and replication-lag answers are retried with exponential
  backoff, honouring ``Retry-After`` (mwclient ignores it on 5xx and raises
  straight away on 429),
* connection errors, timeouts and exhausted retries surface as
  :class:`WikiUnavailable`, optionally through a circuit breaker,
* every HTTP request can be observed (for metrics and tests).
"""
from __future__ import annotations

import dataclasses
import email.utils
import logging
import time
import warnings
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from urllib.parse import urlsplit


with warnings.catch_warnings():  # mwclient turns every DeprecationWarning of the process on at import
    import mwclient
    import mwclient.errors
import pybreaker
import requests

from .errors import WikiApiError, WikiUnavailable

log = logging.getLogger(__name__)

_RETRY_STATUSES = {429, 500, 502, 503, 504}


def arena_version() -> str:
    try:
        return metadata.version("arena")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def user_agent(contact: str | None = None) -> str:
    """``Arena/<version> (contest platform; <contact>)`` as the Wikimedia UA policy asks."""
    contact = contact or "https://github.com/arena-contests/arena"
    return f"Arena/{arena_version()} (contest platform; {contact})"


@dataclasses.dataclass
class NetworkPolicy:
    """Timeouts and retry behaviour for one wiki."""

    timeout: float = 20.0
    max_retries: int = 4
    backoff: float = 1.0          # first retry waits this long, then doubles
    max_backoff: float = 60.0     # longest single wait, Retry-After included
    maxlag: int = 5


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a ``Retry-After`` header (seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class ArenaSite(mwclient.Site):
    """An ``mwclient.Site`` for ``api_url`` using :class:`NetworkPolicy`."""

    def __init__(
        self,
        api_url: str,
        *,
        policy: NetworkPolicy | None = None,
        agent: str | None = None,
        breaker: pybreaker.CircuitBreaker | None = None,
        on_request: Callable[[str, dict], None] | None = None,
        headers: dict[str, str] | None = None,
    ):
        parts = urlsplit(api_url)
        path, _, script = parts.path.rpartition("/")
        if not script.endswith(".php"):
            raise ValueError(f"API URL must end in api.php: {api_url}")
        self.api_url = api_url
        self.policy = policy or NetworkPolicy()
        self.breaker = breaker
        self.on_request = on_request
        custom = {"User-Agent": agent or user_agent()}
        custom.update(headers or {})
        super().__init__(
            parts.netloc, path=path + "/", scheme=parts.scheme or "https",
            do_init=False, max_lag=self.policy.maxlag, max_retries=self.policy.max_retries,
            retry_timeout=self.policy.backoff, custom_headers=custom,
            connection_options={"timeout": self.policy.timeout}, force_login=True,
        )

    # Transport ------------------------------------------------------------
    def raw_call(self, script, data, files=None, retry_on_error=True, http_method="POST"):
        if self.breaker is None:
            return self._call_with_retries(script, data, files, retry_on_error, http_method)
        try:
            return self.breaker.call(
                self._call_with_retries, script, data, files, retry_on_error, http_method,
            )
        except pybreaker.CircuitBreakerError as exc:
            raise WikiUnavailable(f"{self.host}: too many recent failures, not trying ({exc})") from exc

    def _call_with_retries(self, script, data, files, retry_on_error, http_method):
        if script == "api":
            data["maxlag"] = str(self.policy.maxlag)
        url = f"{self.scheme}://{self.host}{self.path}{script}{self.ext}"
        headers = {"Accept-Encoding": "gzip"} if self.compress else {}
        attempt = 0
        while True:
            attempt += 1
            args = {"files": files, "headers": headers, "timeout": self.policy.timeout}
            args["params" if http_method == "GET" else "data"] = data
            if self.on_request is not None:
                self.on_request(http_method, dict(data))
            wait = self.policy.backoff * 2 ** (attempt - 1)
            try:
                response = self.connection.request(http_method, url, **args)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                lagged = response.headers.get("X-Database-Lag")
                if response.status_code == 200 and not lagged:
                    return response.text
                if response.status_code not in _RETRY_STATUSES and not lagged:
                    raise WikiApiError(f"http-{response.status_code}", response.reason or "")
                problem = (
                    f"replication lag {lagged}s" if lagged else f"HTTP {response.status_code}"
                )
                hinted = retry_after_seconds(response.headers.get("Retry-After"))
                if hinted is not None:
                    wait = max(wait, hinted)
            if not retry_on_error or attempt > self.policy.max_retries:
                raise WikiUnavailable(f"{self.host}: {problem} (after {attempt} attempts)")
            if wait > self.policy.max_backoff:
                raise WikiUnavailable(f"{self.host}: {problem}; asked to wait {wait:.0f}s")
            log.warning("%s: %s; retrying in %.1fs", self.host, problem, wait)
            time.sleep(wait)

    def api(self, action, http_method="POST", *args, **kwargs):
        try:
            return super().api(action, http_method, *args, **kwargs)
        except mwclient.errors.APIError as exc:
            if exc.code == "maxlag":
                raise WikiUnavailable(f"{self.host}: replication lag: {exc.info}") from exc
            raise WikiApiError(exc.code or "error", exc.info or "") from exc
        except mwclient.errors.InvalidResponse as exc:
            raise WikiUnavailable(f"{self.host}: the wiki answered with something other than JSON") from exc
