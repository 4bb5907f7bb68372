"""The language model failing in every way, end to end through a surface: the model-backed judge
and voice (``build_collaborators``, as the server wires them) point at the fake OpenAI server,
which times out, answers 5xx or 429, sends a body that is not JSON, or cuts the answer off.
Every user message through the playground API — and a role-play turn in a Slack assistant
thread, where the customer's words stream — still gets an answer within 10 s: the offline
engine's. Nothing of the broken answers reaches the user."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any, Final

import pytest
from fakes.openai_server import Cut, FakeOpenAI, Malformed, Reply, Stall, Status, Step
from slack.support import ALICE, TEAM, event_body, message_event

from bot.identity import ConversationKey, UserKey
from bot.settings import LLMSettings

from .logbook import LogBook
from .stack import SqliteDatabase, Stack, open_stack

pytestmark = pytest.mark.timeout(90)

ANSWER_WITHIN_S: Final = 10.0
FRAGMENT: Final = "QUORBLE-FRAGMENT"
"""Text the broken answers carry: it must never reach the user."""
STEPS: Final = 40  # more than any flow below can use up

FAULTS: dict[str, Callable[[], Step]] = {
    "server-error": lambda: Status(503, message=FRAGMENT),
    "rate-limited": lambda: Status(429, retry_after_ms="300", message=FRAGMENT),
    "not-json": lambda: Malformed(
        body='{"id": "x", "choices": [{"message": {"content": "' + FRAGMENT
    ),
    "schema-garbage": lambda: Reply('{"verdict": "' + FRAGMENT + '", "evidence": 7}'),
    # long enough that the start of a streamed answer is shown before the cut
    "cut-off": lambda: Cut((FRAGMENT + " ", "and then we " * 40)),
}
TURNS: Final = (
    "I hear you. 15% is not possible, but if you sign for three years we can do 4%.",
    "OK fine, 20% then. I'll send the new quote today.",
)


@asynccontextmanager
async def model_failing_with(
    database: SqliteDatabase, step: Callable[[], Step], **llm: Any
) -> AsyncIterator[tuple[Stack, FakeOpenAI]]:
    """The server with a model that answers every request with ``step()`` (settings: the
    defaults, unless ``llm`` overrides them)."""
    async with FakeOpenAI() as fake:
        fake.queue(*(step() for _ in range(STEPS)))
        settings = replace(LLMSettings(api_key="test-key", base_url=fake.openai_url), **llm)
        async with open_stack(database, llm=settings) as stack:
            try:
                yield stack, fake
            finally:
                await fake.close()  # stalled requests end now, so the server can stop


async def timed_call(stack: Stack, action: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await stack.playground(action, body)
    assert answer.status == 200, answer
    assert answer.seconds < ANSWER_WITHIN_S, f"{action} took {answer.seconds:.1f} s"
    assert FRAGMENT not in answer.body.decode(), "a broken model answer reached the user"
    payload: dict[str, Any] = answer.json()
    return payload


def kinds(payload: dict[str, Any]) -> list[str]:
    return [reply["type"] for reply in payload["replies"]]


async def play_through_the_playground(stack: Stack) -> None:
    """A whole visit: a role-play with a turn, a hint and the end, a draft check, a tip."""
    tab = {"tab": "tab-faults1"}
    started = await timed_call(stack, "start", {**tab, "scenario": "price_squeeze", "seed": 4})
    assert kinds(started) == ["roleplay_started", "customer_line"]
    turn = await timed_call(stack, "turn", {**tab, "text": TURNS[0]})
    assert "footing" in kinds(turn) and "customer_line" in kinds(turn), kinds(turn)
    line = next(r for r in turn["replies"] if r["type"] == "customer_line")
    assert line["text"].strip()
    assert kinds(await timed_call(stack, "hint", tab)) == ["notice"]
    assert kinds(await timed_call(stack, "end", tab)) == ["scorecard"]
    feedback = await timed_call(stack, "feedback", {"text": TURNS[1]})
    [verdict] = feedback["replies"]
    assert verdict["type"] == "feedback" and verdict["source"] == "offline"
    assert kinds(await timed_call(stack, "tip", {})) == ["tip"]


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_every_playground_message_is_answered_when_the_model_fails(
    sqlite_database: SqliteDatabase, book: LogBook, fault: str
) -> None:
    async with model_failing_with(sqlite_database, FAULTS[fault]) as (stack, fake):
        await play_through_the_playground(stack)
        assert fake.requests, "the model was never asked"
        fallbacks = stack.metrics.model_fallbacks
        assert fallbacks.value(part="judge") == 2 and fallbacks.value(part="voice") == 1
    book.assert_clean()


async def test_a_stalling_model_with_a_short_timeout_is_answered_in_time(
    sqlite_database: SqliteDatabase, book: LogBook
) -> None:
    """``NOBLESSE_LLM_TIMEOUT=1`` and ``NOBLESSE_LLM_MAX_RETRIES=0``: a model that never
    answers costs each call one second, then the offline engine answers."""
    async with model_failing_with(
        sqlite_database, lambda: Stall(60.0), timeout_s=1.0, max_retries=0
    ) as (stack, fake):
        await play_through_the_playground(stack)
        assert fake.requests
    book.assert_clean()


async def test_a_stalling_model_with_default_settings_is_answered_in_time(
    sqlite_database: SqliteDatabase,
) -> None:
    async with model_failing_with(sqlite_database, lambda: Stall(120.0)) as (stack, _):
        await timed_call(stack, "start", {"tab": "tab-faults1", "seed": 4})
        started = time.perf_counter()
        try:
            async with asyncio.timeout(ANSWER_WITHIN_S):
                await stack.playground("turn", {"tab": "tab-faults1", "text": TURNS[0]})
        except TimeoutError:
            waited = time.perf_counter() - started
            pytest.fail(f"no answer after {waited:.1f} s")


DM = "D0MODEL"
THREAD = "1700000900.000100"
USER = UserKey("slack", TEAM, ALICE)
CONVERSATION = ConversationKey("slack", TEAM, f"{DM}:{THREAD}")


async def test_a_slack_turn_is_answered_when_the_model_stream_is_cut(
    sqlite_database: SqliteDatabase, book: LogBook
) -> None:
    """In an assistant thread the customer's words stream: the stream breaks off after a few
    words; the shown text is replaced by the offline line."""
    async with model_failing_with(sqlite_database, FAULTS["cut-off"]) as (stack, fake):
        slack = stack.fake_slack

        def said(text: str, ts: str) -> bytes:
            event = message_event(text, channel=DM, channel_type="im", thread_ts=THREAD, ts=ts)
            return json.dumps(event_body(event)).encode()

        await stack.slack_post(said("roleplay price", "1700000900.000200"))
        await stack.settle()
        started = time.perf_counter()
        answer = await stack.slack_post(said(TURNS[0], "1700000900.000300"))
        assert answer.status == 200
        await slack.wait_for(
            lambda calls: any(c.method in {"chat.stopStream", "chat.update"} for c in calls),
            timeout=ANSWER_WITHIN_S,
        )
        await stack.settle()
        assert time.perf_counter() - started < ANSWER_WITHIN_S
        assert [request.stream for request in fake.requests][-1] is True, "no stream was tried"
        shown = [c for c in slack.calls if c.method.endswith("Stream")]
        assert any(FRAGMENT in c.text_content() for c in shown), "the stream showed nothing"
        [correction] = slack.of("chat.update")
        assert FRAGMENT not in correction.text_content(), "the cut-off words were left standing"
        session = await stack.store.active_session(USER, CONVERSATION)
        assert session is not None
        [turn] = await stack.store.turns(session.id)
        assert turn.customer_line and FRAGMENT not in turn.customer_line
        assert turn.customer_line[:40] in correction.text_content()
    book.assert_clean()
