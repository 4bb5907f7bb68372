"""The slow half of every Slack request: work started after the 3-second acknowledgement.

Each job runs as its own task, at most ``limit`` at a time (the rest wait their turn without
using the CPU or the database). Acknowledgements come first: while requests are being
acknowledged (``acknowledging``), new jobs hold back — for ``yield_for_s`` at the most — so
that a burst of requests is answered before the work it brings competes for the CPU. A job that
fails is logged by its exception type only — as a warning when Slack could not be reached or
answered with a server error (an outage, not a fault here), with its traceback otherwise — and
its own ``on_error`` answers the user. ``drain``
waits for every job — at shutdown, and in tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import Any, Final

import aiohttp
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

DEFAULT_LIMIT: Final = 256
YIELD_FOR_S: Final = 0.5

OnError = Callable[[], Awaitable[None]]


class BackgroundWork:
    """Tracks the jobs started after acknowledgements."""

    def __init__(self, *, limit: int = DEFAULT_LIMIT, yield_for_s: float = YIELD_FOR_S) -> None:
        self._slots = asyncio.Semaphore(max(1, limit))
        self._yield_for = yield_for_s
        self._acknowledging = 0
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def spawn(
        self, job: Coroutine[Any, Any, None], *, what: str, on_error: OnError | None = None
    ) -> None:
        """Run ``job`` in the background. ``what`` names it in logs (never message text)."""
        task = asyncio.get_running_loop().create_task(self._run(job, what, on_error))
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._done)

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Mark a request being acknowledged: jobs wait (briefly) until none is."""
        self._acknowledging += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._acknowledging -= 1
            if self._acknowledging == 0:
                self._quiet.set()

    async def _run(
        self, job: Coroutine[Any, Any, None], what: str, on_error: OnError | None
    ) -> None:
        if not self._quiet.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._yield_for):
                    await self._quiet.wait()
        async with self._slots:
            try:
                await job
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_outage(exc):
                    logger.warning("slack %s failed: %s", what, type(exc).__name__)
                else:
                    logger.exception("slack %s failed: %s", what, type(exc).__name__)
                if on_error is not None:
                    await _tell(on_error, what)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until no job is left (jobs may start others). False when ``timeout`` passed."""
        try:
            async with asyncio.timeout(timeout):
                while self._tasks:
                    await self._idle.wait()
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float) -> None:
        """Let running jobs finish for up to ``timeout`` seconds, then cancel the rest."""
        if await self.drain(timeout):
            return
        leftover = list(self._tasks)
        logger.warning("cancelling %d unfinished Slack jobs at shutdown", len(leftover))
        for task in leftover:
            task.cancel()
        await asyncio.gather(*leftover, return_exceptions=True)


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` says Slack was unreachable or down, not that the request was wrong."""
    if isinstance(exc, SlackApiError):
        return exc.response is not None and exc.response.status_code >= 500
    return isinstance(exc, (aiohttp.ClientError, OSError, TimeoutError))


async def _tell(on_error: OnError, what: str) -> None:
    try:
        await on_error()
    except Exception as exc:
        logger.warning("slack %s: the error notice failed too: %s", what, type(exc).__name__)
