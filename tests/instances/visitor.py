"""A playground visitor (one browser tab) talking to whichever server a test points it at.

The visitor cookie the first server hands out is sent to every server (one cookie jar for all
ports, as a browser behind a load balancer would), so all servers see the same visitor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp

from .processes import ServerProcess

REQUEST_TIMEOUT_S = 15.0
GET_ACTIONS = frozenset({"session", "progress", "scenarios"})


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    text: str
    elapsed_s: float


@dataclass(frozen=True)
class TurnAnswer:
    """What the page learns from one acknowledged turn."""

    number: int  # the customer line's turn number, 1 for the first turn
    line: str
    stance: str
    session_id: str
    session_turns: int


class Visitor:
    """``async with Visitor("tab-…") as visitor:``"""

    def __init__(self, tab: str) -> None:
        self.tab = tab
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
        )

    async def __aenter__(self) -> Visitor:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.http.close()

    async def call(
        self, server: ServerProcess, action: str, body: dict[str, Any] | None = None
    ) -> Answer:
        """Call an action of the playground API (POST, or GET where the API wants it) and
        return the answer, whatever its status."""
        url = f"{server.url}/api/playground/{action}"
        started = time.monotonic()
        if action in GET_ACTIONS:
            request = self.http.get(url, params={"tab": self.tab})
        else:
            request = self.http.post(url, json={"tab": self.tab, **(body or {})})
        async with request as response:
            text = await response.text()
            try:
                decoded = await response.json(content_type=None)
            except ValueError:
                decoded = None
        elapsed = time.monotonic() - started
        return Answer(response.status, decoded if isinstance(decoded, dict) else {}, text, elapsed)

    async def start(
        self, server: ServerProcess, *, scenario: str, difficulty: str, seed: int
    ) -> str:
        """Start a role-play (English); returns its session id."""
        answer = await self.call(
            server,
            "start",
            {"scenario": scenario, "difficulty": difficulty, "seed": seed, "lang": "en"},
        )
        assert answer.status == 200, answer.text
        session = answer.body["session"]
        assert session["active"] and session["turns"] == 0, session
        return str(session["id"])

    async def turn(self, server: ServerProcess, text: str) -> TurnAnswer:
        """One role-play turn that must be acknowledged with the customer's answer."""
        return to_turn(await self.call(server, "turn", {"text": text}))


def to_turn(answer: Answer) -> TurnAnswer:
    """The turn in an answer of ``/turn``; fails unless it is a 200 with a customer line."""
    assert answer.status == 200, f"{answer.status}: {answer.text[:500]}"
    replies = answer.body["replies"]
    lines = [reply for reply in replies if reply.get("type") == "customer_line"]
    badges = [reply for reply in replies if reply.get("type") == "footing"]
    assert lines and badges, f"not a role-play turn: {answer.text[:500]}"
    session = answer.body["session"]
    return TurnAnswer(
        number=int(lines[-1]["turn"]),
        line=str(lines[-1]["line"]),
        stance=str(badges[-1]["assessment"]["stance"]),
        session_id=str(lines[-1]["session_id"]),
        session_turns=int(session.get("turns", -1)),
    )
