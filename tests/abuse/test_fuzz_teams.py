"""Fuzzing ``POST /api/messages`` (authentication off, as with the Emulator): activities of the
shape Teams sends with odd types, texts, values, locales and time zones; invokes with odd
contents; and arbitrary bodies. Never a 5xx (but see ``NOT_IMPLEMENTED``), always an answer
within 2 s, no traceback in the logs, and the server keeps serving."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from teams import activities

from .fuzzing import (
    assert_answered,
    assert_still_serving,
    begin_example,
    fuzz_settings,
    known_bug_settings,
)
from .logbook import LogBook
from .stack import Answer, Stack
from .strategies import (
    deep_nesting,
    encode_json,
    json_objects,
    json_values,
    teams_activity,
    teams_invoke,
    undecodable_bytes,
)

pytestmark = pytest.mark.timeout(120)

NOT_IMPLEMENTED = frozenset({501})
"""The Bot Framework's answer to an invoke the bot does not handle (``TeamsActivityHandler``
raises ``NOT_IMPLEMENTED`` for it): the protocol's "not for me", not a fault. Allowed for invokes
only, and only when nothing was logged as an error."""


@fuzz_settings(200)
@given(data=st.data())
async def test_activities_with_odd_contents(
    stack: Stack, book: LogBook, data: st.DataObject
) -> None:
    begin_example(stack, book)
    activity = data.draw(teams_activity(stack.connector.url))
    answer = await stack.teams_activity(activity)
    assert_answered(answer)
    await assert_still_serving(stack, book)


@fuzz_settings(100)
@given(data=st.data())
async def test_invokes_with_odd_contents(stack: Stack, book: LogBook, data: st.DataObject) -> None:
    begin_example(stack, book)
    activity = data.draw(teams_invoke(stack.connector.url))
    answer = await stack.teams_activity(activity)
    assert_answered(answer, allowed_5xx=NOT_IMPLEMENTED)
    await assert_still_serving(stack, book)


ACTIVITY_KEYS = (
    "type",
    "id",
    "text",
    "value",
    "name",
    "from",
    "recipient",
    "conversation",
    "serviceUrl",
    "channelId",
    "channelData",
    "entities",
    "locale",
    "membersAdded",
    "attachments",
)


SERVICE_URL = "{service_url}"
"""Stands for the fake connector's address in bodies made before the server runs."""


def _invoke(name: str, value: Any) -> bytes:
    return json.dumps(activities.invoke(SERVICE_URL, name, value)).encode()


def _with_field(field: str, value: Any) -> bytes:
    activity = activities.message(SERVICE_URL, "hello")
    activity[field] = value
    return encode_json(activity)


def _without(*fields: str) -> bytes:
    activity = activities.message(SERVICE_URL, "hello")
    for name in fields:
        activity.pop(name)
    return json.dumps(activity).encode()


async def _post(stack: Stack, body: bytes) -> Answer:
    """Post ``body`` with the fake connector's address in place of :data:`SERVICE_URL`."""
    return await stack.teams_post(body.replace(SERVICE_URL.encode(), stack.connector.url.encode()))


arbitrary_teams_bodies = st.one_of(
    json_values().map(encode_json),
    json_objects(ACTIVITY_KEYS).map(encode_json),
    # (not "serviceUrl": without one the SDK would post to the public Bot Framework service)
    st.tuples(
        st.sampled_from([key for key in ACTIVITY_KEYS if key != "serviceUrl"]), json_values()
    ).map(lambda pair: _with_field(*pair)),
    json_objects(ACTIVITY_KEYS)
    .map(lambda fields: {**fields, "type": "message", "serviceUrl": SERVICE_URL})
    .map(encode_json),
    undecodable_bytes,
    deep_nesting(),
)


@known_bug_settings(60)
@example(body=b'{"type": "message", "text": "hi"}')
@example(body=b"[" * 5_000 + b"]" * 5_000)
@example(body=_invoke("adaptiveCard/action", {}))
@given(body=arbitrary_teams_bodies)
async def test_any_body(stack: Stack, book: LogBook, body: bytes) -> None:
    begin_example(stack, book)
    answer = await _post(stack, body)
    assert_answered(answer, allowed_5xx=NOT_IMPLEMENTED)
    await assert_still_serving(stack, book)


# --- the cases the fuzzing found, one by one -------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({}, id="no-action"),
        pytest.param({"action": 5}, id="action-number"),
        pytest.param({"action": "x"}, id="action-string"),
    ],
)
async def test_a_malformed_card_action(sqlite_stack: Stack, book: LogBook, value: Any) -> None:
    answer = await _post(sqlite_stack, _invoke("adaptiveCard/action", value))
    assert_answered(answer)
    await assert_still_serving(sqlite_stack, book)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"type": "message", "text": "hi"}', id="bare-message"),
        pytest.param(_without("conversation"), id="no-conversation"),
        pytest.param(_without("from"), id="no-sender"),
        pytest.param(b"[" * 5_000 + b"]" * 5_000, id="nested-5000-deep"),
    ],
)
async def test_an_activity_the_bot_cannot_answer(
    sqlite_stack: Stack, book: LogBook, body: bytes
) -> None:
    answer = await _post(sqlite_stack, body)
    assert_answered(answer)
    await assert_still_serving(sqlite_stack, book)
