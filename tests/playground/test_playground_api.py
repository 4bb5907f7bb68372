"""The playground's JSON API over HTTP: a whole role-play, drafts, tips, progress, privacy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from server.support import Served, serve_app

from adapters.playground.visitors import COOKIE
from bot.footing.model import STANCES

pytestmark = pytest.mark.timeout(30)

BALANCED_TURNS = (
    "I hear that the price matters a lot to you. 15% is not possible, but if you sign for three "
    "years we can look at 4%.",
    "What matters most to you besides the price: the response times or the number of visits?",
    "We can't match that quote as it stands. What we can do is spread the payments over the year.",
)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with serve_app(tmp_path) as served:
        yield served


def types(payload: dict[str, Any]) -> list[str]:
    return [reply["type"] for reply in payload["replies"]]


def check_evidence(text: str, assessment: dict[str, Any]) -> None:
    assert assessment["stance"] in STANCES
    assert -1 <= assessment["dominance"] <= 1 and -1 <= assessment["affiliation"] <= 1
    for item in assessment["evidence"]:
        assert text[item["start"] : item["end"]] == item["quote"]


async def start(served: Served, tab: str = "tab-aaaaaaaa", **options: Any) -> dict[str, Any]:
    body = {"tab": tab, "scenario": "price_squeeze", "lang": "en", "seed": 11, **options}
    status, payload = await served.post("start", body)
    assert status == 200, payload
    return payload


async def test_a_whole_roleplay_over_http(served: Served) -> None:
    payload = await start(served, difficulty="hard")  # a hard customer does not settle in 3 turns
    assert types(payload) == ["roleplay_started", "customer_line"]
    started, opening = payload["replies"]
    assert started["scenario_id"] == "price_squeeze" and started["briefing"]
    assert opening["turn"] == 0 and opening["line"] and opening["text"]
    assert "state" not in opening  # the customer's inner state stays on the server
    session = payload["session"]
    assert session["active"] and session["turns"] == 0

    quoted = 0
    for number, text in enumerate(BALANCED_TURNS, start=1):
        status, turn = await served.post("turn", {"tab": "tab-aaaaaaaa", "text": text})
        assert status == 200, turn
        kinds = types(turn)
        assert "footing" in kinds and "customer_line" in kinds
        footing = next(r for r in turn["replies"] if r["type"] == "footing")
        check_evidence(text, footing["assessment"])
        quoted += bool(footing["assessment"]["evidence"])
        line = next(r for r in turn["replies"] if r["type"] == "customer_line")
        assert line["turn"] == number
        assert line["outcome"] is None, "the customer ended the role-play early"
        assert turn["session"]["id"] == session["id"]
        assert turn["session"]["turns"] == number
    assert quoted, "verdicts quote the words that decide them"

    status, hint = await served.post("hint", {"tab": "tab-aaaaaaaa"})
    assert status == 200
    assert types(hint) == ["notice"] and hint["replies"][0]["kind"] == "hint"

    status, rewound = await served.post("rewind", {"tab": "tab-aaaaaaaa"})
    assert status == 200 and types(rewound) == ["notice"]
    assert rewound["session"]["turns"] == 2

    status, ended = await served.post("end", {"tab": "tab-aaaaaaaa"})
    assert status == 200 and types(ended) == ["scorecard"]
    scorecard = ended["replies"][0]
    assert [t["turn"] for t in scorecard["turns"]] == [1, 2]
    assert all(t["stance"] in STANCES for t in scorecard["turns"])
    assert scorecard["outcome"] and scorecard["rose_label"] and scorecard["text"]
    assert ended["session"] == {"active": False}

    assert (
        served.metrics.turns.value(stance="balanced")
        + served.metrics.turns.value(stance="submissive")
        + served.metrics.turns.value(stance="dominant")
        == 3
    )
    assert served.metrics.sessions_ended.value(outcome=scorecard["outcome"]) == 1


async def test_the_visitor_cookie_is_random_httponly_and_lax(served: Served) -> None:
    response = await served.client.post("/api/playground/tip", json={})
    assert response.status == 200
    morsel = response.cookies[COOKIE]
    assert len(morsel.value) == 22
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and morsel["path"] == "/"
    again = await served.client.post("/api/playground/tip", json={})
    assert COOKIE not in again.cookies  # the browser keeps its id; no new one is issued


async def test_each_tab_has_its_own_roleplay(served: Served) -> None:
    first = await start(served, tab="tab-first-1")
    second = await start(served, tab="tab-second-2", scenario="rush_delivery")
    assert first["session"]["id"] != second["session"]["id"]
    status, turn = await served.post("turn", {"tab": "tab-first-1", "text": BALANCED_TURNS[0]})
    assert status == 200 and turn["session"]["id"] == first["session"]["id"]
    status, other = await served.get("session", tab="tab-second-2")
    assert other["session"]["id"] == second["session"]["id"] and other["session"]["turns"] == 0


async def test_visitors_do_not_see_each_others_roleplays(served: Served, tmp_path: Path) -> None:
    await start(served)
    served.client.session.cookie_jar.clear()
    status, payload = await served.post("turn", {"tab": "tab-aaaaaaaa", "text": "Hello"})
    assert status == 200
    assert types(payload) == ["notice"] and payload["session"] == {"active": False}


async def test_the_page_can_restore_a_roleplay(served: Served) -> None:
    await start(served)
    for text in BALANCED_TURNS[:2]:
        await served.post("turn", {"tab": "tab-aaaaaaaa", "text": text})
    status, payload = await served.get("session", tab="tab-aaaaaaaa", locale="en")
    assert status == 200
    kinds = types(payload)
    assert kinds[:2] == ["roleplay_started", "customer_line"]
    assert kinds.count("salesperson") == 2 and kinds.count("footing") == 2
    said = [r["text"] for r in payload["replies"] if r["type"] == "salesperson"]
    assert said == list(BALANCED_TURNS[:2])
    for reply, text in zip(
        [r for r in payload["replies"] if r["type"] == "footing"], BALANCED_TURNS, strict=False
    ):
        check_evidence(text, reply["assessment"])
    status, fresh = await served.post(
        "start", {"tab": "tab-aaaaaaaa", "scenario": "price_squeeze", "seed": 11}
    )
    opening_now = fresh["replies"][1]["line"]
    assert payload["replies"][1]["line"] == opening_now  # the same seed, the same opening


async def test_a_draft_gets_gauge_quotes_advice_and_rewrite(served: Served) -> None:
    text = "OK. 25% then. I'll send the new quote."
    status, payload = await served.post("feedback", {"text": text})
    assert status == 200 and types(payload) == ["feedback"]
    feedback = payload["replies"][0]
    check_evidence(text, feedback["assessment"])
    assert feedback["assessment"]["stance"] == "submissive"
    assert feedback["assessment"]["advice"] and feedback["assessment"]["rewrite"]
    assert feedback["source"] == "offline"
    assert served.metrics.drafts.value(stance="submissive", source="offline") == 1

    dutch = "Nee, dat lukt niet. Wat we wel kunnen doen, is de betaaltermijn verlengen."
    status, payload = await served.post("feedback", {"text": dutch, "locale": "nl"})
    assert status == 200 and payload["replies"][0]["assessment"]["lang"] == "nl"


async def test_todays_tip_is_the_same_all_day(served: Served) -> None:
    status, first = await served.post("tip", {"locale": "en"})
    assert status == 200 and types(first) == ["tip"]
    tip = first["replies"][0]
    assert tip["title"] and tip["body"] and tip["exercise"]
    status, second = await served.post("tip", {"locale": "en"})
    assert second["replies"][0]["tip_id"] == tip["tip_id"]


async def test_scenarios_and_progress(served: Served) -> None:
    status, english = await served.get("scenarios", locale="en")
    assert status == 200 and types(english) == ["scenarios"]
    ids = [s["id"] for s in english["replies"][0]["scenarios"]]
    assert "price_squeeze" in ids
    await served.post("language", {"locale": "nl"})  # the visitor's language is stored
    status, dutch = await served.get("scenarios", locale="nl")
    titles_en = {s["id"]: s["title"] for s in english["replies"][0]["scenarios"]}
    titles_nl = {s["id"]: s["title"] for s in dutch["replies"][0]["scenarios"]}
    assert titles_en.keys() == titles_nl.keys() and titles_en != titles_nl

    await served.post("feedback", {"text": "Take it or leave it."})
    status, progress = await served.get("progress")
    assert status == 200 and types(progress) == ["progress"]
    assert progress["replies"][0]["messages"] == 1


async def test_the_language_choice_is_kept(served: Served) -> None:
    status, payload = await served.post("language", {"locale": "nl"})
    assert status == 200 and payload["locale"] == "nl"
    status, hint = await served.post("hint", {"tab": "tab-aaaaaaaa"})
    assert hint["replies"][0]["lang"] == "nl"
    assert "rollenspel" in hint["replies"][0]["text"]


async def test_forgetting_asks_first_then_deletes_and_renews_the_id(served: Served) -> None:
    await start(served)
    old_id = served.client.session.cookie_jar.filter_cookies(served.client.make_url("/"))[
        COOKIE
    ].value
    status, question = await served.post("forget", {})
    assert status == 200 and question["forgotten"] is False
    assert question["replies"][0]["actions"] == ["forget_confirm"]
    status, done = await served.post("forget", {"confirmed": True})
    assert status == 200 and done["forgotten"] is True
    new_id = served.client.session.cookie_jar.filter_cookies(served.client.make_url("/"))[
        COOKIE
    ].value
    assert new_id != old_id
    status, session = await served.get("session", tab="tab-aaaaaaaa")
    assert session["session"] == {"active": False}
