"""Fuzzing ``POST /slack/events`` with correctly signed requests (so they get past the signature
check): events, slash commands and interactions of the right shape with hostile contents, and
arbitrary bodies. Never a 5xx, always an answer within 2 s, the background work each request
starts ends cleanly, and the server keeps serving."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from slack.support import TEAM, event_body, message_event

from .fuzzing import (
    assert_answered,
    assert_still_serving,
    begin_example,
    fuzz_settings,
)
from .logbook import LogBook
from .stack import FORM, JSON, SLACK_EVENTS, Stack
from .strategies import (
    deep_nesting,
    encode_json,
    hostile_text,
    json_objects,
    json_values,
    short_text,
    slack_event,
    slack_event_body,
    slack_interaction,
    slash_command,
    undecodable_bytes,
)

pytestmark = pytest.mark.timeout(120)


@fuzz_settings(200)
@given(event=slack_event())
async def test_events_with_hostile_contents(
    stack: Stack, book: LogBook, event: dict[str, Any]
) -> None:
    begin_example(stack, book)
    answer = await stack.slack_post(slack_event_body(event))
    assert_answered(answer)
    await assert_still_serving(stack, book)


@fuzz_settings(100)
@given(data=st.data())
async def test_slash_commands_with_odd_text(
    stack: Stack, book: LogBook, data: st.DataObject
) -> None:
    begin_example(stack, book)
    body = data.draw(slash_command(stack.fake_slack.response_url("fuzz")))
    answer = await stack.slack_post(body, FORM)
    assert_answered(answer)
    await assert_still_serving(stack, book)


@fuzz_settings(100)
@given(data=st.data())
async def test_interactions_with_odd_values(
    stack: Stack, book: LogBook, data: st.DataObject
) -> None:
    begin_example(stack, book)
    body = data.draw(slack_interaction(stack.fake_slack.response_url("fuzz")))
    answer = await stack.slack_post(body, FORM)
    assert_answered(answer)
    await assert_still_serving(stack, book)


def _envelope_around(event: Any) -> bytes:
    envelope = event_body({})
    envelope["event"] = event
    return encode_json(envelope)


SLACK_KEYS = (
    "type",
    "event",
    "event_id",
    "team_id",
    "api_app_id",
    "authorizations",
    "payload",
    "command",
    "user",
    "team",
    "actions",
    "view",
    "challenge",
)
FORM_KEYS = ("payload", "command", "text", "user_id", "team_id", "channel_id", "response_url")

arbitrary_slack_bodies = st.one_of(
    st.tuples(json_values().map(encode_json), st.just(JSON)),
    st.tuples(json_objects(SLACK_KEYS).map(encode_json), st.just(JSON)),
    st.tuples(json_values().map(_envelope_around), st.just(JSON)),
    st.tuples(
        st.dictionaries(st.sampled_from(FORM_KEYS) | short_text, hostile_text(max_huge=2_000)).map(
            lambda fields: urlencode(fields).encode()
        ),
        st.just(FORM),
    ),
    st.tuples(
        json_values().map(lambda value: urlencode({"payload": json.dumps(value)}).encode()),
        st.just(FORM),
    ),
    st.tuples(undecodable_bytes, st.sampled_from([JSON, FORM])),
    st.tuples(deep_nesting(), st.just(JSON)),
    st.tuples(
        json_objects(SLACK_KEYS).map(encode_json),
        st.sampled_from(["text/plain", "multipart/form-data; boundary=x", "application/xml"]),
    ),
)


@fuzz_settings(60)
@example(sent=(b"[1, 2]", JSON))
@example(sent=(b"null", JSON))
@example(sent=(b"not json", JSON))
@example(sent=(b'{"type": "event_callback", "event": []}', JSON))
@example(sent=(b"payload=%7Bnot+json", FORM))
@given(sent=arbitrary_slack_bodies)
async def test_any_signed_body(stack: Stack, book: LogBook, sent: tuple[bytes, str]) -> None:
    begin_example(stack, book)
    body, content_type = sent
    answer = await stack.slack_post(body, content_type)
    assert_answered(answer)
    await assert_still_serving(stack, book)


# --- the cases the fuzzing found, one by one -------------------------------------------------

NOT_AN_OBJECT = [
    pytest.param(b"[1, 2]", JSON, id="json-list"),
    pytest.param(b"null", JSON, id="json-null"),
    pytest.param(b"42", JSON, id="json-number"),
    pytest.param(b"{not json", JSON, id="broken-json"),
    pytest.param(b"\xff\xfe\x00", JSON, id="not-utf8"),
    pytest.param(b"[" * 5_000 + b"]" * 5_000, JSON, id="nested-5000-deep"),
    pytest.param(b"payload=%7Bnot+json", FORM, id="payload-not-json"),
    pytest.param(b"payload=%5B1%5D", FORM, id="payload-list"),
    pytest.param(encode_json({"type": "event_callback", "event": []}), JSON, id="event-list"),
    pytest.param(
        encode_json(event_body(message_event("hi", channel_type="im") | {"user": 5})),
        JSON,
        id="user-number",
    ),
    pytest.param(
        encode_json({"type": "block_actions", "team": {"id": TEAM}, "actions": "x"}),
        JSON,
        id="actions-string",
    ),
]


@pytest.mark.parametrize(("body", "content_type"), NOT_AN_OBJECT)
async def test_a_signed_body_the_app_cannot_read(
    sqlite_stack: Stack, book: LogBook, body: bytes, content_type: str
) -> None:
    answer = await sqlite_stack.slack_post(body, content_type)
    assert_answered(answer)
    await assert_still_serving(sqlite_stack, book)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b"[1, 2]", JSON, id="json-list"),
        pytest.param(b"null", JSON, id="json-null"),
        pytest.param(b"\xff\xfe", JSON, id="not-utf8"),
        pytest.param(b"payload=%5B1%5D", FORM, id="payload-list"),
    ],
)
async def test_an_unsigned_body_the_app_cannot_read(
    sqlite_stack: Stack, book: LogBook, body: bytes, content_type: str
) -> None:
    """Anyone can send these: an ERROR with a traceback per request is a way to flood the logs
    (and the on-call). An unsigned request must get 401, and nothing worse than a warning."""
    answer = await sqlite_stack.request("POST", SLACK_EVENTS, body, {"Content-Type": content_type})
    assert answer.status == 401, answer
    await assert_still_serving(sqlite_stack, book)


async def test_a_slash_command_without_response_url_is_ignored_quietly(
    sqlite_stack: Stack, book: LogBook
) -> None:
    body = urlencode(
        {"command": "/coach", "text": "tip", "team_id": TEAM, "user_id": "U0ALICE"}
    ).encode()
    answer = await sqlite_stack.slack_post(body, FORM)
    assert_answered(answer)
    await assert_still_serving(sqlite_stack, book)
