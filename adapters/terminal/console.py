"""``noblesse chat``: a role-play in the terminal, through the same coach as every surface."""

from __future__ import annotations

import getpass
import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from adapters.terminal.render import render_reply
from bot.coach.coach import Coach
from bot.coach.replies import CustomerLine, FootingBadge, Notice, Reply, Scorecard
from bot.coach.requests import (
    Difficulty,
    EndRoleplay,
    Request,
    Say,
    StartRoleplay,
    Turn,
)
from bot.identity import ConversationKey, UserKey
from bot.store.records import SessionRecord

CONVERSATION = "terminal"


def terminal_user() -> UserKey:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "local"
    return UserKey("terminal", "", name)


def terminal_conversation() -> ConversationKey:
    return ConversationKey("terminal", "", CONVERSATION)


class ConsoleChat:
    """Drives one terminal role-play: interactive, or JSON lines in and out."""

    def __init__(self, coach: Coach, *, out: TextIO = sys.stdout, colour: bool = False) -> None:
        self.coach = coach
        self.user = terminal_user()
        self.conversation = terminal_conversation()
        self.out = out
        self.colour = colour

    def _request(self, command: Any) -> Request:
        return Request(self.user, self.conversation, command)

    async def start(
        self,
        scenario: str | None,
        difficulty: Difficulty | None,
        lang: str | None,
        seed: int | None,
    ) -> list[Reply]:
        return await self.coach.handle(
            self._request(StartRoleplay(scenario, difficulty, lang, seed))
        )

    async def resume(self) -> SessionRecord | None:
        return await self.coach.store.active_session(self.user, self.conversation)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            print(render_reply(reply, colour=self.colour), file=self.out)
        print(file=self.out)

    async def interactive(self, stdin: TextIO) -> int:
        """Read salesperson lines until the role-play ends or input runs out."""
        while True:
            print("you> ", end="", file=self.out, flush=True)
            line = stdin.readline()
            if not line:
                print(file=self.out)
                return 0
            replies = await self.coach.handle(self._request(Say(line.rstrip("\n"))))
            self.show(replies)
            if any(isinstance(r, Scorecard) for r in replies):
                return 0

    async def json_lines(self, stdin: TextIO) -> int:
        """One JSON object per salesperson line: the customer's line, the assessment, the
        state and the outcome. Lines are turns as typed (no commands), so scripts can send
        any text, including words like "stop"."""
        for raw in stdin:
            text = raw.rstrip("\n")
            replies = await self.coach.handle(self._request(Turn(text)))
            print(
                json.dumps(turn_json(text, replies), ensure_ascii=False), file=self.out, flush=True
            )
            if any(isinstance(r, Scorecard) for r in replies):
                return 0
        replies = await self.coach.handle(self._request(EndRoleplay()))
        print(json.dumps(turn_json(None, replies), ensure_ascii=False), file=self.out)
        return 0


def turn_json(text: str | None, replies: list[Reply]) -> dict[str, Any]:
    """The JSON object ``noblesse chat --json`` prints for one turn."""
    data: dict[str, Any] = {"salesperson": text}
    for reply in replies:
        if isinstance(reply, FootingBadge):
            data["assessment"] = reply.assessment.to_dict()
        elif isinstance(reply, CustomerLine):
            data["customer"] = reply.line
            data["state"] = reply.state
            data["outcome"] = reply.outcome
            data["turn"] = reply.turn
        elif isinstance(reply, Scorecard):
            card = asdict(reply)
            card.pop("text", None)
            data["scorecard"] = card
            data["outcome"] = reply.outcome
        elif isinstance(reply, Notice):
            data.setdefault("notices", []).append(reply.text)
    return data
