"""``noblesse serve`` under load: start-up time, idle memory, and playground API latency with 50
concurrent users on the offline engine (SQLite, no language model, no platform credentials).

1. Start-up: ``python -m adapters.server.main`` is spawned and ``/readyz`` polled; the time to
   the first 200 is the start-up time (target < 2 s).
2. Idle memory: the server's resident set size one second after it is ready (target < 150 MB).
3. Latency: 50 users, each with its own cookie, play role-plays through the JSON API like
   people do — start, answer, check a draft now and then — with a think time of 0.3 to 1.5 s
   between messages. Latency is measured by the clients (so it includes their own share of the
   two cores) and per request type (target p99 < 100 ms for everything).
   Users arrive spread over the first 3 s, as people do, not in one instant.
4. Saturation: 50 more users each send 20 requests without thinking (under the per-user rate
   limit of 50 in 10 s), to show the throughput ceiling.

    python bench/server.py [--users 50] [--seconds 20]

Bounded in time (well under a minute); prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import aiohttp

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import Figure, report

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = ("price_squeeze", "rush_delivery", "free_extras", "biggest_client", "escalation")
ANSWERS = (
    "I understand the pressure on your side. What matters most to you in this renewal?",
    "We can't do 15%. If you sign for two years, we can look at 3%.",
    "OK, 10% then. Sorry for the trouble.",
    "That doesn't work for us, but we could phase the delivery over two months.",
    "Take it or leave it.",
    "Ik begrijp dat het budget krap is. Wat is voor u het belangrijkst?",
    "If you confirm this week, the phased delivery and 3% stand.",
)
DRAFTS = (
    "OK. 25% then. I'll send the new quote.",
    "Sorry for the late reply — 15% isn't possible, but longer payment terms are.",
    "With all due respect, you are not in a position to negotiate.",
)
BURST = 20  # requests per user in the saturation phase: under the rate limit (50 in 10 s)
CREDENTIALS = ("SLACK_", "Microsoft", "OPENAI_", "AZURE_OPENAI_", "NOBLESSE_", "DATABASE_URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Load:
    """Latencies per request type, and errors."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def all(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


async def call(
    http: aiohttp.ClientSession, base: str, load: Load, action: str, body: Mapping[str, object]
) -> dict[str, object]:
    started = time.perf_counter()
    async with http.post(f"{base}/api/playground/{action}", json=body) as response:
        payload = await response.json()
        status = response.status
    load.latencies[action].append(time.perf_counter() - started)
    if status != 200:
        load.errors[f"{action} {status}"] += 1
        return {}
    return dict(payload)


async def user(
    index: int,
    base: str,
    load: Load,
    *,
    until: float,
    think: tuple[float, float],
    arrive_within: float = 0.0,
    limit: int | None = None,
) -> None:
    """One person practising: start a role-play, answer, now and then check a draft; start a
    new role-play when the customer ends one. Stops at ``until`` or after ``limit`` requests."""
    rng = random.Random(index)
    tab = {"tab": f"bench-tab-{index:04d}"}
    await asyncio.sleep(rng.uniform(0, arrive_within))
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        active = False
        sent = 0
        while time.monotonic() < until and (limit is None or sent < limit):
            if not active:
                body = {
                    **tab,
                    "scenario": SCENARIOS[index % len(SCENARIOS)],
                    "difficulty": rng.choice(("normal", "hard")),
                    "lang": "nl" if index % 3 == 0 else "en",
                    "seed": rng.randrange(2**31),
                }
                answer = await call(http, base, load, "start", body)
            elif rng.random() < 0.15:
                answer = await call(http, base, load, "feedback", {"text": rng.choice(DRAFTS)})
            else:
                answer = await call(http, base, load, "turn", {**tab, "text": rng.choice(ANSWERS)})
            sent += 1
            session = answer.get("session")
            if isinstance(session, dict):
                active = bool(session.get("active"))
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))


async def wait_ready(base: str, process: subprocess.Popen[bytes], timeout_s: float) -> float:
    started = time.perf_counter()
    async with aiohttp.ClientSession() as http:
        while time.perf_counter() - started < timeout_s:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with code {process.returncode}")
            try:
                async with http.get(f"{base}/readyz") as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.01)
    raise SystemExit(f"the server was not ready within {timeout_s:.0f} s")


async def server_p99(base: str, route: str) -> float:
    """An upper bound of the server-side p99 for ``route``, from the /metrics histogram."""
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as response:
        text = await response.text()
    buckets: list[tuple[float, float]] = []
    for line in text.splitlines():
        if (
            line.startswith("noblesse_http_request_duration_seconds_bucket")
            and f'route="{route}"' in line
        ):
            le = line.split('le="')[1].split('"')[0]
            buckets.append(
                (float("inf") if le == "+Inf" else float(le), float(line.rsplit(" ", 1)[1]))
            )
    if not buckets:
        return float("nan")
    total = buckets[-1][1]
    for bound, cumulative in buckets:
        if cumulative >= 0.99 * total:
            return bound
    return float("inf")


async def measure(users: int, seconds: float) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="noblesse-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(CREDENTIALS)}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
            "NOBLESSE_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
        }
    )
    log = (work / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.server.main", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        startup = await wait_ready(base, process, 20)
        await asyncio.sleep(1.0)
        idle = rss_mb(process.pid)

        load = Load()
        until = time.monotonic() + seconds
        began = time.perf_counter()
        await asyncio.gather(
            *(
                user(i, base, load, until=until, think=(0.3, 1.5), arrive_within=3.0)
                for i in range(users)
            )
        )
        paced_s = time.perf_counter() - began
        paced = load.all()
        turn_p99_server = await server_p99(base, "/api/playground/turn")

        burst = Load()
        began = time.perf_counter()
        burst_until = time.monotonic() + 15.0
        await asyncio.gather(
            *(
                user(10_000 + i, base, burst, until=burst_until, think=(0.0, 0.0), limit=BURST)
                for i in range(users)
            )
        )
        burst_s = time.perf_counter() - began
        loaded = rss_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms"

    figures = [
        Figure("start-up to ready", "< 2 s", f"{startup:.2f} s", startup < 2.0),
        Figure("idle memory (RSS)", "< 150 MB", f"{idle:.0f} MB", idle < 150),
        Figure(
            f"requests, {users} users thinking",
            "",
            f"{len(paced)} in {paced_s:.0f} s",
            None,
        ),
    ]
    for action in ("start", "turn", "feedback"):
        values = load.latencies.get(action, [])
        figures.append(Figure(f"{action} p50", "", ms(percentile(values, 0.5)), None))
        p99 = percentile(values, 0.99)
        figures.append(Figure(f"{action} p99", "< 100 ms", ms(p99), p99 < 0.1))
    overall = percentile(paced, 0.99)
    figures += [
        Figure("all requests p99", "< 100 ms", ms(overall), overall < 0.1),
        Figure("all requests max", "", ms(max(paced, default=float("nan"))), None),
        Figure(
            "turn p99 (server, bucket)", "< 100 ms", ms(turn_p99_server), turn_p99_server <= 0.1
        ),
        Figure(
            "errors",
            "0",
            str(sum(load.errors.values()) + sum(burst.errors.values())),
            not (load.errors or burst.errors),
        ),
        Figure(
            f"saturation, {users} users no think",
            "",
            f"{len(burst.all()) / burst_s:.0f} req/s",
            None,
        ),
        Figure("saturation p99", "", ms(percentile(burst.all(), 0.99)), None),
        Figure("memory after load (RSS)", "", f"{loaded:.0f} MB", None),
    ]
    if load.errors or burst.errors:
        print("errors:", dict(load.errors), dict(burst.errors), file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the paced phase")
    args = parser.parse_args()
    figures = asyncio.run(measure(args.users, args.seconds))
    report("Server (playground API, offline engine, SQLite)", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
