"""Fuzzing the playground API, every route: bodies with the fields the API reads holding odd
values and wrong types, arbitrary JSON, junk bytes, wrong content types and methods, requests
without the visitor cookie and from other sites. Never a 5xx, always an answer within 2 s, no
traceback in the logs, and the server keeps serving."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from adapters.server.limits import RateLimiter

from .fuzzing import (
    assert_answered,
    assert_still_serving,
    begin_example,
    fuzz_settings,
    known_bug_settings,
)
from .logbook import LogBook
from .stack import FORM, JSON, PLAYGROUND, DatabaseLike, Stack, open_stack
from .strategies import (
    PLAYGROUND_GETS,
    PLAYGROUND_POSTS,
    deep_nesting,
    encode_json,
    json_values,
    playground_body,
    short_text,
    undecodable_bytes,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def roomy(database: DatabaseLike) -> AsyncIterator[Stack]:
    """The server without the per-visitor request limit (tested on its own), on each backend."""
    async with open_stack(database, rate_limiter=RateLimiter(limit=1_000_000)) as opened:
        yield opened


def _same_site(stack: Stack) -> str:
    return f"http://{stack.client.server.host}:{stack.client.server.port}"


ORIGINS = ("same", "none", "same", "none", "other", "null", "cross-site fetch")
"""Where a request says it comes from; most often from the page itself, as in real use."""


def _headers(stack: Stack, origin: str, content_type: str | None) -> dict[str, str]:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    match origin:
        case "same":
            headers["Origin"] = _same_site(stack)
        case "other":
            headers["Origin"] = "https://evil.example"
        case "null":
            headers["Origin"] = "null"
        case "cross-site fetch":
            headers["Sec-Fetch-Site"] = "cross-site"
    return headers


bodies = st.one_of(
    playground_body().map(encode_json),
    playground_body().map(encode_json),
    playground_body().map(encode_json),
    json_values().map(encode_json),
    undecodable_bytes,
    st.binary(max_size=200),
    st.just(b""),
)
content_types = st.sampled_from([JSON, JSON, JSON, JSON, JSON, FORM, "text/plain", None])


@fuzz_settings(300)
@given(
    action=st.sampled_from(PLAYGROUND_POSTS),
    body=bodies,
    content_type=content_types,
    origin=st.sampled_from(ORIGINS),
    cookie=st.booleans(),
)
async def test_every_post_route(
    roomy: Stack,
    book: LogBook,
    action: str,
    body: bytes,
    content_type: str | None,
    origin: str,
    cookie: bool,
) -> None:
    begin_example(roomy, book)
    headers = _headers(roomy, origin, content_type)
    answer = await roomy.request("POST", PLAYGROUND + action, body, headers, cookies=cookie)
    assert_answered(answer)
    assert answer.content_type == JSON, answer
    await assert_still_serving(roomy, book)


@fuzz_settings(100)
@given(
    action=st.sampled_from(PLAYGROUND_GETS + PLAYGROUND_POSTS) | short_text,
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    query=st.dictionaries(
        st.sampled_from(["tab", "locale", "timezone", "text"]) | short_text,
        short_text,
        max_size=4,
    ),
    cookie=st.booleans(),
)
async def test_every_route_and_method(
    roomy: Stack, book: LogBook, action: str, method: str, query: dict[str, str], cookie: bool
) -> None:
    begin_example(roomy, book)
    started = roomy.client.make_url(PLAYGROUND).with_path(PLAYGROUND + action, encoded=False)
    path = str(started.with_query(query).relative())
    answer = await roomy.request(method, path, cookies=cookie)
    assert_answered(answer)
    await assert_still_serving(roomy, book)


@known_bug_settings(20)
@example(action="feedback", body=b"[" * 5_000 + b"]" * 5_000)
@given(action=st.sampled_from(PLAYGROUND_POSTS), body=deep_nesting())
async def test_deeply_nested_json(roomy: Stack, book: LogBook, action: str, body: bytes) -> None:
    begin_example(roomy, book)
    answer = await roomy.request("POST", PLAYGROUND + action, body, {"Content-Type": JSON})
    assert_answered(answer)
    await assert_still_serving(roomy, book)


@pytest.mark.parametrize("action", PLAYGROUND_POSTS)
async def test_each_post_route_answers_a_full_body(
    roomy: Stack, book: LogBook, action: str
) -> None:
    """Not fuzzing: each route with a plausible body of every field, to show the fuzzing's
    routes really reach the coach (a 200 with replies, or a named 4xx)."""
    begin_example(roomy, book)
    body: dict[str, Any] = {
        "tab": "tab-aaaaaaaa",
        "text": "Sorry, 15% is not possible, but we can spread the payments.",
        "scenario": "price_squeeze",
        "difficulty": "hard",
        "lang": "en",
        "seed": 7,
        "confirmed": False,
        "locale": "nl",
        "timezone": "Europe/Brussels",
    }
    answer = await roomy.playground(action, body)
    assert answer.status == 200, answer
    assert "replies" in answer.json()
    await assert_still_serving(roomy, book)
