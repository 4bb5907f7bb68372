"""When to retry a failed model request, and how long to wait first.

Retries happen on 429, 408, 5xx, timeouts and connection errors — nowhere else. The wait is
exponential with "equal jitter" (half fixed, half random), capped. A server's ``Retry-After``
(or OpenAI's ``retry-after-ms``) is honoured exactly when it is short; when it asks for more
than ``max_retry_after_s`` the gateway gives up at once instead, because a user waiting for a
coaching reply should never wait longer than a few seconds: the offline answer is better.
All waits of one call together stay under ``max_total_wait_s``.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    base_delay_s: float = 0.25
    max_delay_s: float = 2.0
    max_retry_after_s: float = 4.0
    max_total_wait_s: float = 6.0

    def backoff(self, retry_number: int, rand: float) -> float:
        """The jittered wait before retry ``retry_number`` (1, 2, …); ``rand`` is in [0, 1)."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2 ** (retry_number - 1))
        return ceiling / 2 + (ceiling / 2) * rand

    def wait_before(
        self, retry_number: int, *, retry_after: float | None, waited_s: float, rand: float
    ) -> float | None:
        """Seconds to wait before retry ``retry_number``, or None to give up now."""
        if retry_number > self.max_retries:
            return None
        if retry_after is not None:
            if retry_after > self.max_retry_after_s:
                return None
            delay = max(0.0, retry_after)
        else:
            delay = self.backoff(retry_number, rand)
        if waited_s + delay > self.max_total_wait_s:
            return None
        return delay


def retry_after_s(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """The wait a server asks for: ``retry-after-ms`` (milliseconds), else ``Retry-After`` as
    seconds or as an HTTP date. None when absent or unreadable. Header names are matched
    case-insensitively."""
    lowered = {name.lower(): value for name, value in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
