"""Bad input gets a friendly 4xx JSON answer, never a 5xx: empty, huge, not JSON, wrong types,
another site, too fast, a database that is gone."""

from __future__ import annotations

import asyncio
import gc
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from server.support import Served, serve_app, sqlite_url

from adapters.server.limits import RateLimiter
from bot.settings import Settings

pytestmark = pytest.mark.timeout(30)

LIMIT = 4_000


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    settings = replace(Settings(), database_url=sqlite_url(tmp_path), max_body_bytes=LIMIT)
    async with serve_app(tmp_path, settings=settings) as served:
        yield served


async def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    payload = await response.json()
    error = payload["error"]
    assert error["code"] and error["message"] and "Traceback" not in error["message"]
    return dict(error)


@pytest.mark.parametrize(
    ("action", "body", "code"),
    [
        ("turn", {}, "missing"),
        ("turn", {"text": 5}, "not_text"),
        ("turn", {"text": ["a"]}, "not_text"),
        ("feedback", {"text": None}, "missing"),
        ("feedback", {"text": {"nested": True}}, "not_text"),
        ("start", {"difficulty": "insane"}, "bad_choice"),
        ("start", {"lang": "fr"}, "bad_choice"),
        ("start", {"lang": 3}, "bad_choice"),
        ("start", {"seed": "x"}, "bad_choice"),
        ("start", {"seed": -1}, "bad_choice"),
        ("start", {"seed": True}, "bad_choice"),
        ("start", {"scenario": 12}, "not_text"),
        ("start", {"scenario": "x" * 65}, "too_long"),
        ("hint", {"tab": "../../etc"}, "bad_tab"),
        ("hint", {"tab": 42}, "bad_tab"),
        ("forget", {"confirmed": "yes"}, "not_bool"),
        ("language", {}, "missing"),
        ("language", {"locale": "de"}, "bad_choice"),
        ("tip", {"locale": 7}, "not_text"),
        ("tip", {"timezone": 7}, "not_text"),
    ],
)
async def test_wrong_fields_are_named(served: Served, action: str, body: Any, code: str) -> None:
    response = await served.client.post(f"/api/playground/{action}", json=body)
    error = await error_of(response, 400)
    assert error["code"] == code


async def test_not_json(served: Served) -> None:
    response = await served.client.post(
        "/api/playground/turn", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 400))["code"] == "invalid_json"
    response = await served.client.post(
        "/api/playground/turn", data=b"\xff\xfe\x00", headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 400))["code"] == "invalid_json"
    response = await served.client.post("/api/playground/turn", json=["a", "list"])
    assert (await error_of(response, 400))["code"] == "not_object"


async def test_only_json_is_accepted(served: Served) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        response = await served.client.post(
            "/api/playground/forget", data=b'{"confirmed": true}', headers=headers
        )
        assert (await error_of(response, 415))["code"] == "content_type"


async def test_an_empty_body_is_a_friendly_answer(served: Served) -> None:
    response = await served.client.post(
        "/api/playground/turn", data=b"", headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 400))["code"] == "missing"
    status, payload = await served.post("turn", {"text": "   "})
    assert status == 200  # no role-play running: the coach explains what to do
    assert payload["replies"][0]["type"] == "notice"


async def test_a_body_over_the_limit_is_refused_early(served: Served) -> None:
    huge = {"text": "x" * (LIMIT * 3)}
    response = await served.client.post("/api/playground/feedback", json=huge)
    assert (await error_of(response, 413))["code"] == "too_large"


async def test_a_streamed_body_over_the_limit_is_refused(served: Served) -> None:
    async def chunks() -> Any:
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 1000
        yield b'"}'

    response = await served.client.post(
        "/api/playground/feedback", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 413))["code"] == "too_large"


async def test_a_long_turn_is_cut_by_the_coach_not_refused(served: Served) -> None:
    await served.post("start", {"scenario": "price_squeeze", "seed": 1})
    status, payload = await served.post("turn", {"text": "We can talk. " * 250})
    assert status == 200
    assert any(r["type"] == "footing" for r in payload["replies"])


async def test_unknown_actions_and_wrong_methods(served: Served) -> None:
    response = await served.client.post("/api/playground/launch", json={})
    assert (await error_of(response, 404))["code"] == "unknown_action"
    response = await served.client.get("/api/playground/turn")
    error = await error_of(response, 405)
    assert error["code"] == "wrong_method" and response.headers["Allow"] == "POST"
    response = await served.client.post("/api/playground/scenarios", json={})
    assert (await error_of(response, 405))["code"] == "wrong_method"


async def test_requests_from_another_site_are_refused(served: Served) -> None:
    response = await served.client.post(
        "/api/playground/forget",
        json={"confirmed": True},
        headers={"Origin": "https://evil.example"},
    )
    assert (await error_of(response, 403))["code"] == "other_site"
    response = await served.client.post(
        "/api/playground/forget", json={"confirmed": True}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert (await error_of(response, 403))["code"] == "other_site"
    same = f"http://{served.client.host}:{served.client.port}"
    response = await served.client.post(
        "/api/playground/tip", json={}, headers={"Origin": same, "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status == 200


async def test_errors_speak_the_callers_language(served: Served) -> None:
    response = await served.client.post("/api/playground/turn", json={"locale": "nl"})
    assert "ontbreekt" in (await error_of(response, 400))["message"]
    response = await served.client.post(
        "/api/playground/turn", json={}, headers={"Accept-Language": "nl-BE,nl;q=0.9"}
    )
    assert "ontbreekt" in (await error_of(response, 400))["message"]


async def test_too_many_messages_get_a_polite_429(tmp_path: Path) -> None:
    now = [100.0]
    limiter = RateLimiter(limit=3, window_s=10.0, clock=lambda: now[0])
    async with serve_app(tmp_path, rate_limiter=limiter) as served:
        await served.post("tip", {})  # the first call sets the visitor cookie
        for _ in range(2):
            status, _ = await served.post("feedback", {"text": "We can do 5% if you sign."})
            assert status == 200
        response = await served.client.post("/api/playground/feedback", json={"text": "again"})
        error = await error_of(response, 429)
        assert error["code"] == "slow_down" and int(response.headers["Retry-After"]) >= 1
        assert served.metrics.rate_limited.value() == 1
        now[0] += 10.5
        status, _ = await served.post("feedback", {"text": "We can do 5% if you sign."})
        assert status == 200


async def test_a_database_that_is_gone_gives_503(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    settings = replace(Settings(), database_url=f"sqlite+aiosqlite:///{folder}/db.sqlite3")
    async with serve_app(tmp_path, settings=settings) as served:
        await served.store.close()
        shutil.rmtree(folder)
        (tmp_path / "data").write_text("not a folder any more")
        response = await served.client.post("/api/playground/feedback", json={"text": "Hello"})
        assert (await error_of(response, 503))["code"] == "store_down"
        response = await served.client.get("/readyz")
        assert response.status == 503
    # Connections that failed to open are collected now, while the loop can still hear about it.
    gc.collect()
    await asyncio.sleep(0.1)
