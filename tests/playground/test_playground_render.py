"""The JSON renderer, the API's texts and the page's static files."""

from __future__ import annotations

import json
import re
import string
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from server.support import Served, serve_app

from adapters.playground.page import ASSETS, STATIC_DIR
from adapters.playground.render import REPLY_TYPES, to_json
from adapters.playground.texts import _TEXT, api_text
from adapters.playground.visitors import COOKIE
from bot.coach.replies import (
    CustomerLine,
    Feedback,
    FootingBadge,
    HelpCard,
    Notice,
    ProgressReport,
    RoleplayStarted,
    ScenarioList,
    Scorecard,
    TipCard,
    TurnScore,
)
from bot.footing import analyze

pytestmark = pytest.mark.timeout(30)


def every_reply() -> list[object]:
    assessment = analyze("OK. 25% then, sorry 😅. I'll send the new quote.", "en")
    return [
        RoleplayStarted(
            "en", "s1", "price_squeeze", "Title", "Briefing", "Ann", "Buyer", "Co", "hard", "t"
        ),
        CustomerLine(
            "en",
            "s1",
            "Ann",
            "Too expensive.",
            1,
            "price_squeeze",
            None,
            "Ann: …",
            state={"trust": 0.2},
        ),
        FootingBadge("en", assessment, "badge"),
        Feedback("en", assessment, "offline", "feedback"),
        Scorecard(
            "en",
            "s1",
            "Title",
            "fair_deal",
            "a fair deal",
            (TurnScore(1, "balanced", 0.1, 0.2),),
            "steady",
            0.1,
            0.2,
            "near the centre",
            ("trading",),
            ("trade, don't give",),
            "",
            "text",
        ),
        TipCard("en", "t1", "Title", "Body", "Exercise", "Try this", ("asking",), "text"),
        ProgressReport(
            "en",
            1,
            {"fair_deal": 1},
            3,
            {"balanced": 3},
            ({"week": "2026-11-30"},),
            None,
            None,
            True,
            "09:00",
            "text",
        ),
        ScenarioList("en", ({"id": "a", "title": "A", "summary": "S"},), "text"),
        HelpCard("en", (("hint", "a hint"),), "text"),
        Notice("en", "hint", "text", actions=("rewind", "end")),
    ]


def test_every_reply_type_renders_to_json() -> None:
    replies = every_reply()
    assert {type(r) for r in replies} == set(REPLY_TYPES)
    for reply in replies:
        data = to_json(reply)  # type: ignore[arg-type]
        assert data["type"] == REPLY_TYPES[type(reply)]
        assert isinstance(data["text"], str)
        json.dumps(data)  # plain JSON all the way down


def test_a_customer_line_keeps_the_customers_state_to_itself() -> None:
    line = to_json(every_reply()[1])  # type: ignore[arg-type]
    assert (
        "state" not in line
        and line["line"] == "Too expensive."
        and line["actions"] == ["hint", "rewind", "end"]
    )


def test_evidence_spans_index_code_points() -> None:
    text = "Sorry 😅 — OK. 25% then. I'll send the new quote."
    data = to_json(FootingBadge("en", analyze(text, "en"), "badge"))
    assert data["assessment"]["evidence"]
    for item in data["assessment"]["evidence"]:
        assert text[item["start"] : item["end"]] == item["quote"]
        assert set(item) == {"start", "end", "quote", "signal", "dominance", "affiliation"}


def test_every_api_text_fills_in_both_languages() -> None:
    values = {"field": "text", "limit": 10, "choices": "a, b", "action": "x", "method": "POST"}
    assert _TEXT["en"].keys() == _TEXT["nl"].keys()
    for lang, table in _TEXT.items():
        for key, template in table.items():
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert names <= values.keys(), (lang, key)
            assert api_text(lang, key, **values)
    assert api_text("nl", "slow_down") != api_text("en", "slow_down")


def test_the_page_script_never_writes_markup() -> None:
    """Everything shown comes in through textContent: no innerHTML and friends."""
    for name in ASSETS:
        if name.endswith(".js"):
            source = (STATIC_DIR / name).read_text(encoding="utf-8")
            assert not re.search(
                r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", source
            ), name


def test_the_ui_texts_exist_in_both_languages() -> None:
    source = (STATIC_DIR / "i18n.js").read_text(encoding="utf-8")
    blocks = re.split(r"^  (en|nl): \{$", source, flags=re.M)
    keys = {blocks[i]: set(re.findall(r"^    (\w+):", blocks[i + 1], flags=re.M)) for i in (1, 3)}
    assert keys["en"] == keys["nl"] and len(keys["en"]) > 50
    used = set()
    for name in ("index.html", "app.js", "drawing.js"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n(?:-placeholder|-aria-label)?="(\w+)"', text))
        used |= set(re.findall(r"\bt\([^,()]+, \"(\w+)\"", text))
    assert used and used <= keys["en"], used - keys["en"]


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with serve_app(tmp_path) as served:
        yield served


async def test_the_page_is_served_with_a_strict_policy(served: Served) -> None:
    response = await served.client.get("/")
    assert response.status == 200 and response.content_type == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert COOKIE in response.cookies
    html = await response.text()
    for name in ("app.js", "app.css"):
        assert f"/playground/{name}" in html
    assert 'aria-live="polite"' in html


async def test_labels_on_every_control(served: Served) -> None:
    html = await (await served.client.get("/")).text()
    ids = set(re.findall(r'<(?:select|textarea|input)[^>]* id="([\w-]+)"', html))
    labelled = set(re.findall(r'<label for="([\w-]+)"', html))
    assert ids and ids <= labelled, ids - labelled
    for button in re.findall(r"<button[^>]*>([^<]*)</button>", html):
        assert button.strip(), "every button has a visible name"


async def test_static_files(served: Served) -> None:
    for name, content_type in ASSETS.items():
        response = await served.client.get(f"/playground/{name}")
        assert response.status == 200, name
        assert response.content_type == content_type
    for bad in ("secret.py", "..%2F..%2Fpage.py", "index.htm"):
        response = await served.client.get(f"/playground/{bad}")
        assert response.status == 404
