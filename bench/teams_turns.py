"""Turn latency of the Teams surface: activities posted to ``/api/messages``, answers
received by a local Bot Connector, with the offline coach on SQLite.

Each of ``--conversations`` users (default 50, all at the same time) starts a role-play, plays
some turns and ends it with a scorecard. A turn's latency runs from the moment its activity is
posted until the fake connector has received the last answer to it (matched by
``replyToId``). Three event loops on three threads keep the parts apart: the bot's server (the
one measured), the load generator, and the fake connector.

Two loads:

* **paced** (the target): every user answers 1 to 3 seconds after the customer's line (faster
  than anyone types), so 50 conversations offer about 25 turns a second;
* **burst**: every user answers at once, no pause: this measures capacity. With every one of
  the 50 users always waiting, latency is the queue: 50 divided by the turns per second.

Three configurations of the adapter:

* ``Noblesse``: connector clients reused per service URL, on aiohttp (the shipped setup);
* ``reused SDK clients``: clients reused, but the SDK's ``requests`` transport in threads;
* ``SDK default``: botbuilder's behaviour, new clients for every activity.

    python bench/teams_turns.py [--conversations 50] [--paced-turns 4] [--burst-turns 2]

Target: paced p99 below 150 ms at 50 concurrent conversations; the script under 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import random
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

if __package__ in (None, ""):  # run as a script from a checkout: make the packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import ClientSession, ClientTimeout, web

from adapters.teams.connectors import ClientCache
from adapters.teams.surface import TeamsSurface
from bench.figures import Figure, report
from bot.coach.coach import Coach
from bot.settings import Settings
from bot.store import Store

TARGET_P99_MS = 150.0
THINK_S = (1.0, 3.0)
SCENARIOS = (
    "price_squeeze",
    "rush_delivery",
    "escalation",
    "free_extras",
    "biggest_client",
    "renewal_complaint",
)
SELLER_LINES = (
    "I understand the pressure you are under. What matters most to you in this renewal?",
    "If you commit to two years, we can take 3% off. Would that work for you?",
    "We can't go below this price, but we could phase the delivery. Would that help?",
    "I hear you. If you sign this month, the 3% and the phased delivery stand.",
    "Let's agree on that: two years, 3%, phased delivery. Shall I send the contract?",
    "What would you need from us to sign this week?",
)
Mode = Literal["noblesse", "reused-sdk", "sdk"]
LABELS: dict[Mode, str] = {
    "noblesse": "Noblesse",
    "reused-sdk": "reused SDK clients",
    "sdk": "SDK default",
}


# --- the fake Bot Connector, on a thread of its own -------------------------------------------


@dataclass
class Arrivals:
    """When the connector received answers, by the id of the activity they answer."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    last: dict[str, float] = field(default_factory=dict)

    def record(self, reply_to: str) -> None:
        now = time.perf_counter()
        with self.lock:
            self.last[reply_to] = now

    def get(self, activity_id: str) -> float | None:
        with self.lock:
            return self.last.get(activity_id)


class ConnectorThread:
    def __init__(self) -> None:
        self.arrivals = Arrivals()
        self.ids = itertools.count(1)
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="fake-connector", daemon=True)

    async def _reply(self, request: web.Request) -> web.Response:
        await request.read()
        self.arrivals.record(request.match_info["activity"])
        return web.json_response({"id": f"a-{next(self.ids)}"})

    async def _send(self, request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": f"a-{next(self.ids)}"})

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    def _run(self) -> None:
        asyncio.run(self._serve())

    def start(self) -> str:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fake connector did not start")
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


# --- the load -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str  # "start", "turn", "end"
    latency_ms: float


@dataclass(frozen=True, slots=True)
class Load:
    conversations: int
    turns: int
    think_s: tuple[float, float] | None  # None: no pause (burst)
    tag: str


def activity(service_url: str, user: int, text: str, activity_id: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": activity_id,
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": f"29:user-{user}", "aadObjectId": f"aad-{user}", "name": "Seller"},
        "recipient": {"id": "28:noblesse", "name": "Noblesse"},
        "conversation": {"id": f"a:bench-{user}", "conversationType": "personal"},
        "channelData": {"tenant": {"id": "bench-tenant"}},
        "locale": "en-US",
        "localTimezone": "Europe/Brussels",
        "text": text,
    }


async def conversation(
    session: ClientSession,
    bot_url: str,
    service_url: str,
    arrivals: Arrivals,
    user: int,
    load: Load,
    samples: list[Sample],
) -> None:
    rng = random.Random(f"{load.tag}-{user}")
    script = [("start", f"roleplay {SCENARIOS[user % len(SCENARIOS)]}")]
    script += [("turn", rng.choice(SELLER_LINES)) for _ in range(load.turns)]
    script.append(("end", "stop"))
    for step, (kind, text) in enumerate(script):
        if load.think_s is not None:
            await asyncio.sleep(rng.uniform(*load.think_s))
        activity_id = f"{load.tag}-{user}-{step}"
        began = time.perf_counter()
        async with session.post(
            bot_url, json=activity(service_url, user, text, activity_id)
        ) as response:
            await response.read()
            if response.status != 201:
                raise RuntimeError(f"the bot answered {response.status}")
        arrived = arrivals.get(activity_id)
        if arrived is None:
            raise RuntimeError("a turn got no answer")
        samples.append(Sample(kind, (arrived - began) * 1000))


def run_load(
    bot_url: str, service_url: str, arrivals: Arrivals, load: Load
) -> tuple[list[Sample], float]:
    """Run ``load`` from a thread of its own: the samples and the wall time."""
    samples: list[Sample] = []

    async def generate() -> float:
        async with ClientSession(timeout=ClientTimeout(total=120)) as session:
            began = time.perf_counter()
            await asyncio.gather(
                *(
                    conversation(session, bot_url, service_url, arrivals, user, load, samples)
                    for user in range(load.conversations)
                )
            )
            return time.perf_counter() - began

    result: list[float] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(generate()))
        except BaseException as exc:  # reported in the main thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="load")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return samples, result[0]


# --- one configuration ----------------------------------------------------------------------


@dataclass
class Outcome:
    phase: str
    mode: Mode
    samples: list[Sample]
    wall_s: float
    cpu_s: float
    connectors_created: int | None

    @property
    def label(self) -> str:
        return LABELS[self.mode]

    def percentile(self, q: float, kind: str | None = None) -> float:
        values = sorted(s.latency_ms for s in self.samples if kind in (None, s.kind))
        if not values:
            return 0.0
        return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]

    @property
    def turns(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.turns / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_turn(self) -> float:
        return self.cpu_s / self.turns * 1000 if self.turns else 0.0


async def measure(phase: str, mode: Mode, load: Load, folder: Path) -> Outcome:
    connector = ConnectorThread()
    service_url = connector.start()
    store = await Store.open("sqlite+aiosqlite:///" + str(folder / f"{phase}-{mode}.sqlite3"))
    cache = ClientCache(transport="sdk" if mode == "reused-sdk" else "aiohttp")
    surface = TeamsSurface(Settings(), Coach(store, rng=random.Random(3)), store, cache=cache)
    if mode == "sdk":
        # botbuilder's own behaviour: new connector and token clients for every activity.
        surface.adapter.bot_framework_authentication = surface.authentication.inner
    app = web.Application()
    surface.mount(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    loop = asyncio.get_running_loop()
    try:
        warm_up = Load(4, 1, None, f"warm-{phase}-{mode}")
        await loop.run_in_executor(
            None, run_load, bot_url, service_url, connector.arrivals, warm_up
        )
        cpu_began = time.process_time()
        samples, wall = await loop.run_in_executor(
            None, run_load, bot_url, service_url, connector.arrivals, load
        )
        cpu = time.process_time() - cpu_began
    finally:
        await runner.cleanup()
        await surface.shutdown()
        await store.close()
        connector.stop()
    created = None if mode == "sdk" else cache.connectors_created
    return Outcome(phase, mode, samples, wall, cpu, created)


# --- the report -----------------------------------------------------------------------------


def table(outcomes: Sequence[Outcome]) -> None:
    header = (
        f"{'load':<7}{'adapter':<20}{'turns':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'turns/s':>9}{'CPU ms/turn':>12}{'clients':>9}"
    )
    print(header)
    print("-" * len(header))
    for o in outcomes:
        worst = max(s.latency_ms for s in o.samples)
        clients = "per turn" if o.connectors_created is None else str(o.connectors_created)
        print(
            f"{o.phase:<7}{o.label:<20}{o.turns:>6}{o.percentile(50):>9.1f}"
            f"{o.percentile(95):>9.1f}{o.percentile(99):>9.1f}{worst:>9.1f}{o.rate:>9.1f}"
            f"{o.cpu_ms_per_turn:>12.2f}{clients:>9}"
        )
    print(
        "\nCPU ms/turn counts the whole process: the bot, but also the load generator and the "
        "fake connector threads.\n"
    )


async def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Teams turn latency through /api/messages")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--paced-turns", type=int, default=4, help="turns per paced role-play")
    parser.add_argument("--burst-turns", type=int, default=2, help="turns per burst role-play")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    began = time.perf_counter()
    paced = Load(args.conversations, args.paced_turns, THINK_S, "paced")
    burst = Load(args.conversations, args.burst_turns, None, "burst")
    plan: list[tuple[str, Mode, Load]] = [
        ("paced", "noblesse", paced),
        ("paced", "sdk", paced),
        ("burst", "noblesse", burst),
        ("burst", "reused-sdk", burst),
        ("burst", "sdk", burst),
    ]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="noblesse-teams-bench-") as folder:
        for phase, mode, load in plan:
            outcomes.append(await measure(phase, mode, load, Path(folder)))
    print(
        f"Teams turns: {args.conversations} concurrent conversations (start, turns, stop); "
        f"paced: {args.paced_turns} turns, answers {THINK_S[0]:.0f}-{THINK_S[1]:.0f} s apart; "
        f"burst: {args.burst_turns} turns, no pause. Offline coach, SQLite.\n"
    )
    table(outcomes)
    ours = next(o for o in outcomes if o.phase == "paced" and o.mode == "noblesse")
    sdk = next(o for o in outcomes if o.phase == "paced" and o.mode == "sdk")
    ours_burst = next(o for o in outcomes if o.phase == "burst" and o.mode == "noblesse")
    sdk_burst = next(o for o in outcomes if o.phase == "burst" and o.mode == "sdk")
    elapsed = time.perf_counter() - began
    figures = [
        Figure(
            f"paced turn p99, {args.conversations} conversations",
            f"< {TARGET_P99_MS:.0f} ms",
            f"{ours.percentile(99):.1f} ms",
            ours.percentile(99) < TARGET_P99_MS,
        ),
        Figure("paced turn p99, SDK default", "", f"{sdk.percentile(99):.1f} ms", None),
        Figure("burst capacity", "", f"{ours_burst.rate:.1f} turns/s", None),
        Figure("burst capacity, SDK default", "", f"{sdk_burst.rate:.1f} turns/s", None),
        Figure("CPU per turn (whole process)", "", f"{ours_burst.cpu_ms_per_turn:.2f} ms", None),
        Figure("CPU per turn, SDK default", "", f"{sdk_burst.cpu_ms_per_turn:.2f} ms", None),
        Figure("benchmark wall time", "< 60 s", f"{elapsed:.1f} s", elapsed < 60),
    ]
    report("Teams turns", figures)
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
