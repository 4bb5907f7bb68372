"""Text for Slack (escaping, splitting) and the Block Kit rendering of every reply type, in
both languages, within Slack's limits; and the surface's configuration."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.slack import create_surface, off_reason
from adapters.slack.application import api_base_url
from adapters.slack.blocks import text_size
from adapters.slack.mrkdwn import (
    MESSAGE_LIMIT,
    SECTION_LIMIT,
    clip,
    defuse,
    escape,
    split,
    unescape,
)
from adapters.slack.phrases import phrase_keys
from adapters.slack.rendering import SlackMessage, render, tip_message
from bot.coach.coach import Coach
from bot.coach.replies import Reply
from bot.coach.requests import (
    Command,
    EndRoleplay,
    Forget,
    Help,
    ListScenarios,
    Request,
    ReviewDraft,
    ShowProgress,
    StartRoleplay,
    TipNow,
    Turn,
    Unknown,
)
from bot.identity import ConversationKey, UserKey
from bot.settings import Settings, SlackSettings
from bot.store import Store

pytestmark = pytest.mark.timeout(60)


# --- text -------------------------------------------------------------------------------------


def test_escaping_neutralises_every_mention_form() -> None:
    text = "<!channel> <!here> <!everyone> <!subteam^S1|team> <@U1> <#C1> a & b > c"
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert unescape(escaped) == text
    assert "<!" not in defuse(text) and "<@" not in defuse(text) and "<#" not in defuse(text)
    assert defuse(text).replace("\u2060", "") == text


@given(st.text(alphabet=st.sampled_from("ab <>&\n!@;lgtmp"), max_size=400), st.integers(8, 90))
def test_splitting_keeps_every_word_within_the_limit(text: str, limit: int) -> None:
    pieces = split(escape(text), limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    for piece in pieces:  # never a broken entity at either end
        assert unescape(piece).count("&") == piece.count("&amp;")
    assert "".join(unescape(p) for p in pieces).replace(" ", "").replace("\n", "") == (
        text.replace(" ", "").replace("\n", "")
    )


def test_clipping_marks_the_cut() -> None:
    assert clip("short", 10) == "short"
    clipped = clip("a" * 50, 10)
    assert len(clipped) == 10 and clipped.endswith("…")
    assert clip("xxxxxx&amp;yyy", 9) == "xxxxxx…"  # not "xxxxxx&am…"


def test_both_languages_have_every_phrase() -> None:
    keys = phrase_keys()
    assert keys["en"] == keys["nl"]


def test_api_base_url() -> None:
    assert api_base_url("") == "https://slack.com/api/"
    assert api_base_url("http://127.0.0.1:9/api") == "http://127.0.0.1:9/api/"


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slack", "on"),
    [
        (SlackSettings(), False),
        (SlackSettings(bot_token="xoxb", signing_secret="s"), True),
        (SlackSettings(bot_token="xoxb"), False),
        (SlackSettings(app_token="xapp"), False),
        (SlackSettings(app_token="xapp", bot_token="xoxb"), True),
        (SlackSettings(signing_secret="s", client_id="1", client_secret="2"), False),
        (
            SlackSettings(signing_secret="s", client_id="1", client_secret="2", state_secret="3"),
            True,
        ),
    ],
)
def test_off_reason(slack: SlackSettings, on: bool) -> None:
    reason = off_reason(Settings(slack=slack))
    assert (reason is None) == on
    if reason is not None:
        assert "SLACK_" in reason


async def test_no_surface_when_slack_is_off(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'off.db'}")
    try:
        assert create_surface(Settings(), Coach(store), store) is None
    finally:
        await store.close()


# --- every reply, rendered --------------------------------------------------------------------

USER = UserKey("slack", "T1", "U1")


async def _replies(store: Store, lang: str) -> list[Reply]:
    coach = Coach(store, rng=random.Random(5))
    locale = "nl-BE" if lang == "nl" else "en-US"
    conversation = ConversationKey("slack", "T1", "C1:1700000000.000100")
    commands: list[Command] = [
        Help(),
        ListScenarios(),
        StartRoleplay(scenario="price_squeeze"),
        Turn("Sorry, we can give you 20% off, no problem."),
        Turn("What matters most to you in this renewal?"),
        EndRoleplay(),
        ReviewDraft("Take it or leave it."),
        TipNow(),
        ShowProgress(),
        Unknown("dance"),
        Forget(),
    ]
    replies: list[Reply] = []
    for command in commands:
        replies.extend(await coach.handle(Request(USER, conversation, command, locale=locale)))
    return replies


def _checked(messages: list[SlackMessage]) -> None:
    for message in messages:
        assert message.text.strip(), "every message has a plain-text fallback"
        assert len(message.blocks) <= 50
        size = sum(text_size(block) for block in message.blocks)
        assert size + len(message.text) <= MESSAGE_LIMIT
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_LIMIT
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    assert len(element["text"]["text"]) <= 75


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_every_reply_type_renders_within_the_limits(tmp_path: Path, lang: str) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'render.db'}")
    try:
        replies = await _replies(store, lang)
    finally:
        await store.close()
    kinds = {type(reply).__name__ for reply in replies}
    assert kinds >= {
        "HelpCard",
        "ScenarioList",
        "RoleplayStarted",
        "FootingBadge",
        "CustomerLine",
        "Scorecard",
        "Feedback",
        "TipCard",
        "ProgressReport",
        "Notice",
    }
    messages = render(replies, conversation="C1:1700000000.000100")
    _checked(messages)
    badges = sum(1 for reply in replies if type(reply).__name__ == "FootingBadge")
    lines = [m for m in messages if m.kind == "line"]
    with_badge = [m for m in lines if m.blocks[0]["type"] == "context"]
    assert len(with_badge) == badges  # each badge sits on the customer's answer that follows
    tip = next(reply for reply in replies if type(reply).__name__ == "TipCard")
    _checked(tip_message(tip))  # type: ignore[arg-type]
    if lang == "nl":
        dumped: Any = json.dumps([m.payload() for m in messages], ensure_ascii=False)
        assert "Opnieuw" in dumped and "Scorekaart" in dumped
