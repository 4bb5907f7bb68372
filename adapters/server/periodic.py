"""A background job that runs at a fixed interval inside the server until it is stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from abc import ABC, abstractmethod

logger = logging.getLogger(__name__)


class PeriodicJob(ABC):
    """Runs :meth:`tick` every ``interval_s`` seconds (the first after ``first_delay_s``).

    A failing tick is logged and the job carries on; :meth:`stop` lets a running tick finish
    (up to a timeout) and then ends the job.
    """

    name = "job"

    def __init__(self, interval_s: float, *, first_delay_s: float = 0.0) -> None:
        if interval_s <= 0:
            raise ValueError("a periodic job needs a positive interval")
        self.interval_s = interval_s
        self.first_delay_s = first_delay_s
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @abstractmethod
    async def tick(self) -> None:
        """One run of the job."""

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name=f"noblesse-{self.name}")

    async def stop(self, timeout_s: float = 10.0) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout_s)
        except TimeoutError:
            logger.warning("%s did not finish within %.0f s; cancelling it", self.name, timeout_s)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        delay = self.first_delay_s
        while True:
            if delay > 0:
                try:
                    await asyncio.wait_for(self._stopping.wait(), delay)
                    return
                except TimeoutError:
                    pass
            if self._stopping.is_set():
                return
            started = time.monotonic()
            try:
                await self.tick()
            except Exception:
                logger.exception("%s failed; trying again in %.0f s", self.name, self.interval_s)
            delay = max(self.interval_s - (time.monotonic() - started), 0.001)
