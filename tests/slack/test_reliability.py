"""Security and reliability over the real protocol: signatures, retried deliveries (also across
two instances on one database), a slow model, mention injection, Slack's length limits, rate
limits and failures."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

import pytest

from adapters.slack.mrkdwn import MESSAGE_LIMIT
from bot.coach.collaborators import Wording
from bot.customer.model import Decision
from bot.footing import analyze
from bot.footing.model import Assessment, Evidence
from bot.identity import UserKey
from bot.llm.voice import Exchange
from bot.store import Store

from .fake_slack import Call, FakeSlack
from .support import (
    ALICE,
    CHANNEL,
    DatabaseLike,
    Harness,
    SlowJudge,
    build_coach,
    command_body,
    message_event,
    running_surface,
)

pytestmark = pytest.mark.timeout(40)


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


# --- signatures -------------------------------------------------------------------------------


async def test_a_forged_signature_is_refused(slack: Harness) -> None:
    body = command_body(slack.fake, "help")
    response = await slack.post(body, "application/x-www-form-urlencoded", secret="not-the-secret")
    assert response.status == 401
    await slack.settle()
    assert slack.fake.calls == []


async def test_a_stale_request_is_refused(slack: Harness) -> None:
    body = command_body(slack.fake, "help")
    old = int(time.time()) - 6 * 60
    response = await slack.post(body, "application/x-www-form-urlencoded", timestamp=old)
    assert response.status == 401


async def test_an_unsigned_request_is_refused(slack: Harness) -> None:
    response = await slack.http.post(
        "/slack/events",
        data=command_body(slack.fake, "help"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 401
    await slack.settle()
    assert slack.fake.calls == []


async def test_url_verification_is_answered(slack: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}).encode()
    response = await slack.post(body, "application/json")
    assert response.status == 200
    assert "c-123" in await response.text()


# --- retried deliveries -----------------------------------------------------------------------


async def _dm(slack: Harness, *, event_id: str, retry: int | None = None) -> None:
    event = message_event("tip", channel="D0ALICE", channel_type="im", ts="1700000500.000100")
    response = await slack.event(event, event_id=event_id, retry=retry)
    assert response.status == 200


async def test_a_retried_event_is_answered_once(slack: Harness) -> None:
    await _dm(slack, event_id="Ev0RETRY")
    await _dm(slack, event_id="Ev0RETRY", retry=1)
    await _dm(slack, event_id="Ev0RETRY", retry=2)
    await slack.settle()
    assert len(slack.fake.of("chat.postMessage")) == 1
    await _dm(slack, event_id="Ev0OTHER")  # a new event is answered
    await slack.settle()
    assert len(slack.fake.of("chat.postMessage")) == 2


async def test_two_instances_on_one_database_answer_a_retry_once(
    fake: FakeSlack, database: DatabaseLike
) -> None:
    first_store = await Store.open(database.url, schema=database.schema)
    second_store = await Store.open(database.url, schema=database.schema)
    try:
        async with (
            running_surface(fake, first_store) as first,
            running_surface(fake, second_store) as second,
        ):
            await _dm(first, event_id="Ev0SHARED")
            await _dm(second, event_id="Ev0SHARED", retry=1)
            await first.settle()
            await second.settle()
            assert len(fake.of("chat.postMessage")) == 1
    finally:
        await first_store.close()
        await second_store.close()


# --- a slow model ------------------------------------------------------------------------------


async def test_a_slow_model_still_gets_a_fast_acknowledgement(
    fake: FakeSlack, store: Store
) -> None:
    judge = SlowJudge(2.0)
    async with running_surface(fake, store, coach=build_coach(store, judge=judge)) as slack:
        started = time.monotonic()
        response = await slack.command("feedback We can do 5% if you sign for two years.")
        acked = time.monotonic() - started
        assert response.status == 200
        assert acked < 1.0, f"acknowledged after {acked:.2f} s"
        assert slack.fake.of("respond") == []  # the model is still thinking
        await slack.settle()
        assert judge.calls == 1
        assert len(slack.fake.of("respond")) == 1

        # A role-play turn with the slow model is acknowledged as fast.
        await slack.command("roleplay price")
        await slack.settle()
        root = str(slack.fake.of("chat.update")[0].args["ts"])
        started = time.monotonic()
        response = await slack.event(message_event("What matters most to you?", thread_ts=root))
        assert response.status == 200
        assert time.monotonic() - started < 1.0


# --- what the bot echoes ------------------------------------------------------------------------

INJECTION = "<!channel> <!here> <!everyone> <!subteam^S0TEAM|sales> <@U0BOB> ok, 25% then."


def _pings(call: Call) -> list[str]:
    raw = call.text_content()
    return [
        token
        for token in ("<!channel>", "<!here>", "<!everyone>", "<!subteam", "<@U0BOB>")
        if token in raw
    ]


def _echoing(text: str) -> Assessment:
    """A judge that quotes the whole message and rewrites it as it was."""
    found = analyze(text, "en")
    evidence = Evidence(0, len(text), text, "echo", 0.0, 0.0)
    return replace(found, evidence=(evidence,), rewrite=text, advice=f"About {text}")


class EchoVoice:
    """A customer who repeats the salesperson's words."""

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        return Wording(f"You said: {seller_text}", "model")

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        return None


async def test_mentions_in_what_the_bot_echoes_are_neutralised(
    fake: FakeSlack, store: Store
) -> None:
    coach = build_coach(store, judge=SlowJudge(0.0, _echoing), voice=EchoVoice())
    async with running_surface(fake, store, coach=coach) as slack:
        await slack.command("feedback " + INJECTION)
        await slack.command("roleplay price")
        await slack.settle()
        root = str(slack.fake.of("chat.update")[0].args["ts"])
        await slack.event(message_event(INJECTION, thread_ts=root))
        await slack.settle()
        shown = slack.fake.posted()
        assert len(shown) >= 4
        for call in shown:
            assert _pings(call) == [], f"{call.method} would ping: {_pings(call)}"
        feedback = slack.fake.of("respond")[0].text_content()
        assert "&lt;!channel&gt;" in feedback and "&lt;@U0BOB&gt;" in feedback
        turn = slack.fake.of("chat.postMessage")[-1].text_content()
        assert "You said: &lt;!channel&gt;" in turn


def _long_rewrite(text: str) -> Assessment:
    found = analyze(text, "en")
    return replace(found, rewrite=("We can look at the price together. " * 120)[:4_000])


async def test_a_four_thousand_character_answer_is_split(fake: FakeSlack, store: Store) -> None:
    judge = SlowJudge(0.0, _long_rewrite)
    async with running_surface(fake, store, coach=build_coach(store, judge=judge)) as slack:
        await slack.command("feedback Sorry, 20% off is fine.")
        await slack.settle()
        parts = slack.fake.of("respond")
        assert len(parts) >= 2
        for part in parts:
            blocks = _blocks(part)
            sizes = [len(json.dumps(b, ensure_ascii=False)) for b in blocks]
            assert all(size < 3_300 for size in sizes)
            for block in blocks:
                if block["type"] == "section":
                    assert len(block["text"]["text"]) < 3_000
            assert (
                len(part.args["text"])
                + sum(
                    len(b.get("text", {}).get("text", "")) if isinstance(b.get("text"), dict) else 0
                    for b in blocks
                )
                < MESSAGE_LIMIT + 100
            )
        copied = "".join(
            element["elements"][0]["text"]
            for part in parts
            for block in _blocks(part)
            if block["type"] == "rich_text"
            for element in block["elements"]
        )
        assert len(copied) >= 3_900  # the whole rewrite arrives, in pieces


# --- rate limits and failures ---------------------------------------------------------------


async def test_rate_limited_calls_are_retried(slack: Harness) -> None:
    slack.fake.fail("chat.postMessage", "ratelimited", status=429, **{"Retry-After": "1"})
    await _dm(slack, event_id="Ev0LIMIT")
    await slack.settle()
    posts = slack.fake.of("chat.postMessage")
    assert len(posts) == 2  # refused once, then delivered
    assert posts[1].at - posts[0].at >= 0.9


async def test_a_failure_is_answered_briefly_and_logged_without_text(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    secret_draft = "Confidential: our floor price for Claes is 41k"
    slack.fake.fail("chat.postMessage", "internal_error", times=2)
    caplog.set_level(logging.DEBUG)
    await slack.command("roleplay price")
    await slack.settle()
    [apology] = slack.fake.of("respond")
    assert apology.args["response_type"] == "ephemeral"
    assert "went wrong" in apology.args["text"]
    # A failing draft check: the user hears so, the logs never see the words.
    slack.fake.fail("chat.postEphemeral", "internal_error", times=2)
    await slack.event(message_event(secret_draft, channel="D0ALICE", channel_type="im"))
    await slack.interact(
        {
            "type": "message_action",
            "callback_id": "check_footing",
            "trigger_id": "t-1",
            "team": {"id": "T1"},
            "user": {"id": ALICE},
            "channel": {"id": CHANNEL},
            "message": {"type": "message", "text": secret_draft, "ts": "1700000600.000100"},
            "response_url": slack.fake.response_url("s1"),
        }
    )
    await slack.settle()
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    assert "41k" not in caplog.text
    for record in caplog.records:
        assert "41k" not in record.getMessage()
