"""A typing indicator ("Noblesse is typing…") while a turn is being worked on.

Teams shows a ``typing`` activity for a few seconds. :class:`TypingIndicator` sends one once the
work has taken ``delay_s`` (a quick answer needs none), then again every ``period_s`` until the
work is done or :meth:`stop` is called (a stream that opens takes over).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType
from typing import Final

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

logger = logging.getLogger(__name__)

DELAY_S: Final = 0.3
PERIOD_S: Final = 3.0


class TypingIndicator:
    def __init__(
        self, context: TurnContext, *, delay_s: float = DELAY_S, period_s: float = PERIOD_S
    ) -> None:
        self.context = context
        self.delay_s = delay_s
        self.period_s = max(0.1, period_s)
        self.sent = 0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> TypingIndicator:
        if self.delay_s <= 0:
            if not await self._send():
                return self
            self._task = asyncio.create_task(self._run(self.period_s))
        else:
            self._task = asyncio.create_task(self._run(self.delay_s))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def stop(self) -> None:
        """No more typing activities from now on."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self, first_wait: float) -> None:
        await asyncio.sleep(first_wait)
        while await self._send():
            await asyncio.sleep(self.period_s)

    async def _send(self) -> bool:
        try:
            await self.context.send_activity(Activity(type=ActivityTypes.typing))
        except Exception as exc:  # an indicator is not worth failing a turn for
            logger.debug("typing indicator not sent: %s", type(exc).__name__)
            return False
        self.sent += 1
        return True
