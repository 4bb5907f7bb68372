"""Limits that protect the server: the request body size and a per-user rate limit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Middleware

from adapters.server.responses import json_error, request_lang, server_message

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

DEFAULT_LIMIT: Final = 50
DEFAULT_WINDOW_S: Final = 10.0
_PRUNE_EVERY: Final = 1024


class RateLimiter:
    """At most ``limit`` events per ``window_s`` seconds per key (a sliding window).

    ``check(key)`` records an event and returns 0 when it is allowed, or the seconds to wait
    before the next one would be. Keys idle for a whole window are forgotten, so memory stays
    proportional to the users active in the last window.
    """

    def __init__(
        self,
        limit: int = DEFAULT_LIMIT,
        window_s: float = DEFAULT_WINDOW_S,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("a rate limit needs a positive limit and window")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._checks = 0
        self._pruned_at = clock()

    def check(self, key: str) -> float:
        now = self._clock()
        self._checks += 1
        if self._checks % _PRUNE_EVERY == 0 or now - self._pruned_at > self.window_s:
            self._prune(now)
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return max(events[0] + self.window_s - now, 0.001)
        events.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        self._pruned_at = now
        idle = [
            key
            for key, events in self._events.items()
            if not events or events[-1] <= now - self.window_s
        ]
        for key in idle:
            del self._events[key]

    @property
    def tracked_keys(self) -> int:
        return len(self._events)


def body_limit_middleware(max_bytes: int) -> Middleware:
    """Refuse bodies over ``max_bytes`` with a JSON 413: at once when ``Content-Length`` says
    so (the body is not read), else when reading crosses the limit (aiohttp's
    ``client_max_size``, set to the same number, raises then)."""

    def too_large(request: web.Request) -> web.Response:
        response = json_error(413, "too_large", server_message(request_lang(request), "too_large"))
        response.force_close()
        return response

    @web.middleware
    async def limit_body(request: web.Request, handler: Handler) -> web.StreamResponse:
        length = request.content_length
        if length is not None and length > max_bytes:
            return too_large(request)
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:
            return too_large(request)

    return limit_body
