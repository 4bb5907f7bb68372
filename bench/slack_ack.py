"""How fast the Slack surface acknowledges a burst of slash commands while the model is slow.

200 signed ``/coach feedback …`` commands arrive at once at ``POST /slack/events``; the judge
(the model) takes 2 s per call. Slack wants each acknowledged within 3 s; the target is an
acknowledgement p99 under 300 ms on 2 cores. The app runs in this process with its Web API and
``response_url`` pointed at a small local fake; the load comes from a second process, so that
its own work does not count against the app. Every command must also get its answer (through
its ``response_url``) once the model is done. Bounded well under a minute.

    python bench/slack_ack.py [--requests 200] [--model-delay 2.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bench.figures import Figure, report
from bot.coach.coach import Coach
from bot.coach.collaborators import Judgement
from bot.footing import analyze
from bot.identity import UserKey
from bot.settings import Settings, SlackSettings
from bot.store import Store

SECRET = "bench-signing-secret"
TARGET_P99_S = 0.300
DRAFTS = (
    "We can do 5% if you sign for two years.",
    "OK, 20% then. I'll send the new quote.",
    "Take it or leave it: this is our final price.",
    "Sorry for the late reply. 15% isn't possible, but longer payment terms are.",
)


class SleepyJudge:
    """The offline verdict, after the delay a language model would take."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        await asyncio.sleep(self.delay)
        return Judgement(analyze(text, lang), "model")


class FakeSlackApi:
    """Just enough of Slack for the bench: auth.test, users.info, response_url, the rest ok."""

    def __init__(self) -> None:
        self.answers = 0
        self.done = asyncio.Event()
        self.expected = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.api)
        app.router.add_post("/respond/{key}", self.respond)
        return app

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT", "team": "Bench"}
            )
        if method == "users.info":
            user = request.query.get("user", "")
            return web.json_response(
                {"ok": True, "user": {"id": user, "tz": "Europe/Brussels", "locale": "en-US"}}
            )
        return web.json_response({"ok": True})

    async def respond(self, request: web.Request) -> web.Response:
        await request.read()
        self.answers += 1
        if self.answers >= self.expected:
            self.done.set()
        return web.Response(text="ok")


def command(base: str, index: int) -> bytes:
    return urlencode(
        {
            "team_id": "T1",
            "channel_id": "C0BENCH",
            "user_id": f"U{index:05d}",
            "command": "/coach",
            "text": "feedback " + DRAFTS[index % len(DRAFTS)],
            "response_url": f"{base}/respond/{index}",
            "trigger_id": f"t{index}",
        }
    ).encode()


def signed(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
            timestamp=stamp, body=body
        ),
    }


# --- the load, from its own process -----------------------------------------------------------


async def burst(app_url: str, fake_url: str, count: int) -> list[float]:
    """Send ``count`` signed commands at once; the acknowledgement time of each, in seconds."""
    bodies = [command(fake_url, index) for index in range(count)]
    headers = [signed(body) for body in bodies]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        gate = asyncio.Event()

        async def one(index: int) -> float:
            await gate.wait()
            started = time.perf_counter()
            async with session.post(
                app_url + "/slack/events", data=bodies[index], headers=headers[index]
            ) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"status {response.status}")
            return time.perf_counter() - started

        tasks = [asyncio.create_task(one(index)) for index in range(count)]
        await asyncio.sleep(0.05)  # every task waits at the gate
        gate.set()
        return list(await asyncio.gather(*tasks))


def generate(app_url: str, fake_url: str, count: int, results: multiprocessing.Queue[str]) -> None:
    latencies = asyncio.run(burst(app_url, fake_url, count))
    results.put(json.dumps(latencies))


# --- the app ----------------------------------------------------------------------------------


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


async def measure(count: int, delay: float) -> list[Figure]:
    from adapters.slack import create_surface

    fake = FakeSlackApi()
    fake_runner, fake_url = await serve(fake.app())
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(f"sqlite+aiosqlite:///{folder}/bench.sqlite3")
        settings = Settings(
            slack=SlackSettings(
                bot_token="xoxb-bench", signing_secret=SECRET, api_url=fake_url + "/api/"
            )
        )
        surface = create_surface(settings, Coach(store, judge=SleepyJudge(delay)), store)
        assert surface is not None
        app = web.Application()
        surface.mount(app)
        runner, app_url = await serve(app)
        await surface.startup()
        try:
            # One command first: imports, the database and Bolt's auth.test are warm.
            fake.expected = 1
            await post_once(app_url, fake_url)
            await asyncio.wait_for(fake.done.wait(), timeout=delay + 10)
            fake.done.clear()
            fake.answers = 0
            fake.expected = count

            started = time.perf_counter()
            latencies = await in_other_process(app_url, fake_url, count)
            await asyncio.wait_for(fake.done.wait(), timeout=delay + 40)
            answered = time.perf_counter() - started
            await surface.drain(10)
        finally:
            await surface.shutdown()
            await runner.cleanup()
            await store.close()
            await fake_runner.cleanup()
    latencies.sort()
    p99 = latencies[max(0, round(0.99 * len(latencies)) - 1)]
    return [
        Figure("commands at once", "", f"{count}", None),
        Figure("model time per call", "", f"{delay:.1f} s", None),
        Figure("ack p50", "", f"{statistics.median(latencies) * 1000:.0f} ms", None),
        Figure(
            "ack p99", f"< {TARGET_P99_S * 1000:.0f} ms", f"{p99 * 1000:.0f} ms", p99 < TARGET_P99_S
        ),
        Figure("ack max", "< 3000 ms", f"{latencies[-1] * 1000:.0f} ms", latencies[-1] < 3.0),
        Figure("answers delivered", f"{count}", f"{fake.answers}", fake.answers >= count),
        Figure("all answered after", "", f"{answered:.1f} s", None),
    ]


async def post_once(app_url: str, fake_url: str) -> None:
    body = command(fake_url, 99_999)
    async with (
        aiohttp.ClientSession() as session,
        session.post(app_url + "/slack/events", data=body, headers=signed(body)) as response,
    ):
        await response.read()


async def in_other_process(app_url: str, fake_url: str, count: int) -> list[float]:
    """Run the burst from a second process (the app keeps this one to itself)."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[str] = context.Queue()
    process = context.Process(target=generate, args=(app_url, fake_url, count, results))
    process.start()
    try:
        deadline = time.monotonic() + 45
        while True:
            try:
                return [
                    float(v) for v in json.loads(await asyncio.to_thread(results.get, True, 0.5))
                ]
            except queue.Empty:
                if not process.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the load generator failed") from None
    finally:
        await asyncio.to_thread(process.join, 10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--model-delay", type=float, default=2.0)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.requests, args.model_delay))
    report("Slack acknowledgements", figures)


if __name__ == "__main__":
    main()
