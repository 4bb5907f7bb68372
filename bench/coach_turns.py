"""Turns per second through the whole coach on SQLite (one core), and stored bytes per session.

Each simulated user plays a scripted role-play (start, six answers, end) through
``Coach.handle``, exactly as a surface would: footing analysis, the customer engine, the
serialised store writes. Target (issue: customer engine and coach): at least 200 turns/s.

    python bench/coach_turns.py [--sessions 60]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import Figure, pin_to_one_core, report
from bot.coach.coach import Coach
from bot.coach.requests import EndRoleplay, Request, StartRoleplay, Turn
from bot.identity import ConversationKey, UserKey
from bot.store import Store

ANSWERS = (
    "I understand the pressure. What matters most to you in this deal?",
    "We can do 3% if you commit to two years.",
    "OK, 10% then. I'll send the new quote.",
    "That doesn't work for us, but we could phase the delivery.",
    "Take it or leave it.",
    "If you confirm this week, the phased delivery and 3% stand.",
)
SCENARIOS = ("price_squeeze", "rush_delivery", "free_extras", "biggest_client")


async def play(coach: Coach, index: int) -> int:
    user = UserKey("bench", "", f"user{index}")
    conversation = ConversationKey("bench", "", f"c{index}")
    rng = random.Random(index)
    lang = "nl" if index % 2 else "en"
    await coach.handle(
        Request(
            user,
            conversation,
            StartRoleplay(SCENARIOS[index % len(SCENARIOS)], "normal", lang, seed=index),
        )
    )
    turns = 0
    for answer in rng.sample(ANSWERS, len(ANSWERS)):
        replies = await coach.handle(Request(user, conversation, Turn(answer)))
        turns += 1
        if any(type(r).__name__ == "Scorecard" for r in replies):
            return turns
    await coach.handle(Request(user, conversation, EndRoleplay()))
    return turns


async def run(sessions: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        store = await Store.open(f"sqlite+aiosqlite:///{path}")
        coach = Coach(store, rng=random.Random(1))
        await play(coach, -1)  # warm up: patterns, weights, scenario files
        started_cpu, started = time.process_time(), time.perf_counter()
        turns = 0
        for index in range(sessions):
            turns += await play(coach, index)
        cpu = time.process_time() - started_cpu
        wall = time.perf_counter() - started
        await store.close()
        size = path.stat().st_size + sum(
            p.stat().st_size for p in path.parent.glob("bench.sqlite3-*")
        )
    return [
        Figure("role-plays played", "", f"{sessions}", None),
        Figure("turns", "", f"{turns}", None),
        Figure(
            "turns per second (CPU, one core)",
            ">= 200 /s",
            f"{turns / cpu:,.0f} /s",
            turns / cpu >= 200,
        ),
        Figure("turns per second (wall clock)", "", f"{turns / wall:,.0f} /s", None),
        Figure(
            "stored bytes per session (SQLite file)", "", f"{size / (sessions + 1):,.0f} B", None
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=60)
    args = parser.parse_args(argv)
    pin_to_one_core()
    report("coach", asyncio.run(run(args.sessions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
