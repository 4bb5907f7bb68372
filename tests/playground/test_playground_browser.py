"""End to end in headless Chromium: play three turns from the keyboard and see the verdicts,
the highlighted deciding words and the markers on Leary's Rose; switch language; reload and
find the role-play restored; paste markup into the draft box and see it shown as text.

Skipped only when Chromium is missing and ``NOBLESSE_REQUIRE_BROWSER`` is not set (CI sets it,
so there a missing browser fails the run).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from server.support import Served, serve_app

from .cdp import Page, chromium_page, find_chromium

pytestmark = pytest.mark.timeout(60)

CHROMIUM = find_chromium()
REQUIRED = os.environ.get("NOBLESSE_REQUIRE_BROWSER", "").strip() not in {"", "0"}
TURNS = (
    "I hear that the budget is tight. 15% is not possible, but if you sign for three years we "
    "can look at 4%.",
    "OK, fine. 25% then, sorry for the trouble.",
    "What matters most to you besides the price: response times or the number of visits?",
)


# Skipped, with the reason shown, only where Chromium is missing and not required (CI sets
# NOBLESSE_REQUIRE_BROWSER=1, and `make test` installs Chromium where it can).
pytestmark = pytest.mark.skipif(
    not CHROMIUM and not REQUIRED,
    reason="Chromium is not installed (apt-get install -y chromium chromium-driver); "
    "set NOBLESSE_REQUIRE_BROWSER=1 to make this a failure",
)


@pytest.fixture
def chromium() -> str:
    if not CHROMIUM:
        pytest.fail(
            "NOBLESSE_REQUIRE_BROWSER is set but Chromium is missing: "
            "apt-get install -y chromium chromium-driver"
        )
    return CHROMIUM


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with serve_app(tmp_path) as served:
        yield served


async def count(page: Page, selector: str) -> int:
    return int(await page.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length"))


async def test_three_turns_in_the_browser(chromium: str, served: Served, tmp_path: Path) -> None:
    url = str(served.client.make_url("/"))
    async with chromium_page(chromium, tmp_path / "profile") as page:
        await page.navigate(url)
        await page.wait_for("document.body.dataset.ready === 'true'")
        assert (
            await page.evaluate("document.getElementById('chat').getAttribute('aria-live')")
            == "polite"
        )
        await page.wait_for("document.querySelector('#scenario option[value=price_squeeze]')")
        await page.evaluate(
            "document.getElementById('scenario').value = 'price_squeeze';"
            "document.getElementById('difficulty').value = 'hard';"
            "document.getElementById('start').click()"
        )
        await page.wait_for("document.querySelectorAll('.msg.customer').length === 1")
        await page.wait_for("document.activeElement && document.activeElement.id === 'message'")
        ready_to_send = "!document.getElementById('hint').disabled"  # the page is not busy

        for number, text in enumerate(TURNS, start=1):
            await page.wait_for(ready_to_send)
            await page.type_text(text)
            await page.press_enter()  # Enter sends
            await page.wait_for(f"document.querySelectorAll('.verdict').length === {number}")
            await page.wait_for(
                f"document.querySelectorAll('.msg.customer').length === {number + 1}"
            )
            await page.wait_for("document.activeElement.id === 'message'")

        verdicts = await page.evaluate(
            """Array.from(document.querySelectorAll('.verdict')).map((v) => {
                 const marker = v.querySelector('svg.rose .rose-marker');
                 return {
                   stance: v.dataset.stance,
                   dominance: Number(v.dataset.dominance),
                   affiliation: Number(v.dataset.affiliation),
                   cx: marker ? Number(marker.getAttribute('cx')) : null,
                   cy: marker ? Number(marker.getAttribute('cy')) : null,
                   pill: v.querySelector('.pill').textContent,
                 };
               })"""
        )
        assert len(verdicts) == 3
        for verdict in verdicts:
            assert verdict["stance"] in {"submissive", "balanced", "dominant"}
            assert verdict["cx"] is not None, "each verdict has a marker on the rose"
            if abs(verdict["dominance"]) > 0.05:  # above the centre means up, i.e. a negative y
                assert (verdict["cy"] < 0) == (verdict["dominance"] > 0)
            if abs(verdict["affiliation"]) > 0.05:
                assert (verdict["cx"] > 0) == (verdict["affiliation"] > 0)
        assert verdicts[1]["stance"] == "submissive" and "Submissive" in verdicts[1]["pill"]

        marks = await page.evaluate(
            "Array.from(document.querySelectorAll('.msg.me mark')).map((m) => m.textContent)"
        )
        assert marks and all(any(mark in text for text in TURNS) for mark in marks)
        mine = await page.evaluate(
            "Array.from(document.querySelectorAll('.msg.me .bubble')).map((b) => b.textContent)"
        )
        assert mine == list(TURNS)  # highlighting keeps the words exactly
        assert await count(page, "#rose-big .rose-marker") == 1

        # Dutch interface, then a reload: the role-play comes back from the server.
        await page.evaluate("document.querySelector('.lang-switch [data-lang=nl]').click()")
        await page.wait_for("document.documentElement.lang === 'nl'")
        assert await page.evaluate("document.getElementById('send').textContent") == "Verstuur"
        await page.navigate(url)
        await page.wait_for("document.body.dataset.ready === 'true'")
        await page.wait_for("document.querySelectorAll('.verdict').length === 3")
        assert await page.evaluate("document.documentElement.lang") == "nl"
        assert not await page.evaluate("document.getElementById('message').disabled")

        # Markup in a draft is shown as text, never run.
        await page.evaluate(
            "document.getElementById('draft').value = "
            "'<img src=x onerror=\"window.pwned = 1\"> OK. 25% then.';"
            "document.getElementById('draft-check').click()"
        )
        await page.wait_for("document.querySelector('.feedback .rewrite')")
        assert await page.evaluate("document.querySelectorAll('.draft-result img').length") == 0
        assert "<img" in await page.evaluate(
            "document.querySelector('.feedback .quoted').textContent"
        )
        assert await page.evaluate("typeof window.pwned") == "undefined"
        assert await count(page, ".feedback svg.gauge .gauge-marker") == 1

        await page.evaluate("document.getElementById('end').click()")
        await page.wait_for("document.querySelector('.scorecard svg.chart')")
        assert await count(page, ".scorecard .chart-point") == 3

        await page.evaluate("document.getElementById('progress-button').click()")
        await page.wait_for("document.querySelector('.progress-card .stance-bar')")
        assert await count(page, ".stance-bar .stance-part") >= 2
        assert page.exceptions == [] and page.errors == []
