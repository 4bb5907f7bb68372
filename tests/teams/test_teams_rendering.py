"""``render``: every coach reply as a Teams activity with a plain-text fallback, user text
never interpreted (pure, no server)."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.schema import Activity

from adapters.teams.rendering import (
    card_of,
    fallback_text,
    gauge,
    render,
    render_error,
    render_welcome,
)
from bot.coach.replies import (
    CustomerLine,
    Feedback,
    FootingBadge,
    HelpCard,
    Notice,
    ProgressReport,
    Reply,
    RoleplayStarted,
    ScenarioList,
    Scorecard,
    TipCard,
    TurnScore,
)
from bot.footing import analyze

from .cards import actions_of, elements, texts

pytestmark = pytest.mark.timeout(10)

TRICKY = "**now** <at>Everyone</at> [click](https://evil.example) _x_ @channel"


def replies() -> list[Reply]:
    assessment = analyze(f"OK. 25% then. {TRICKY}", "en")
    return [
        RoleplayStarted(
            "en", "s1", "price_squeeze", TRICKY, TRICKY, "Marleen", "buyer", "Acme", "hard", "t"
        ),
        CustomerLine("en", "s1", "Marleen", TRICKY, 1, "price", None, f"Marleen: {TRICKY}"),
        CustomerLine("en", "s1", "Marleen", "Bye.", 5, "", "walk_out", "Marleen: Bye.", ()),
        FootingBadge("en", assessment, "▼ submissive"),
        Feedback("en", assessment, "offline", "▼ submissive\nadvice"),
        Scorecard(
            "en",
            "s1",
            TRICKY,
            "fair_deal",
            "a fair deal",
            (TurnScore(1, "submissive", -0.6, 0.3), TurnScore(2, "balanced", 0.0, 0.4)),
            "improving",
            -0.3,
            0.35,
            "near the centre",
            ("trading",),
            ("trade, don't give",),
            TRICKY,
            "Scorecard: …",
        ),
        TipCard("en", "t1", TRICKY, TRICKY, TRICKY, "Try this", ("trading",), "tip text"),
        ProgressReport(
            "en",
            2,
            {"fair_deal": 1},
            5,
            {"balanced": 3},
            (),
            "asking",
            "ask first",
            True,
            "09:00",
            "progress text",
        ),
        ScenarioList("en", ({"id": "x", "title": TRICKY, "summary": TRICKY},), "list text"),
        HelpCard("en", (("roleplay", TRICKY),), "help text"),
        Notice("en", "warning", f'I don\'t know the scenario "{TRICKY}".'),
        Notice("en", "confirm", "Really?", actions=("forget_confirm",)),
    ]


@pytest.mark.parametrize("reply", replies(), ids=lambda r: type(r).__name__)
def test_every_reply_has_a_fallback_and_a_valid_card(reply: Reply) -> None:
    activity = render(reply)

    assert isinstance(activity, Activity) and activity.type == "message"
    assert fallback_text(activity)
    card = card_of(activity)
    if card is not None:
        assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
        assert card["fallbackText"] and card["speak"] == card["fallbackText"]
        assert activity.summary or activity.text, "a card message has a notification text"
    Activity().deserialize(activity.serialize())  # the wire format round-trips


def _markdown_texts(card: dict[str, Any]) -> list[str]:
    """Texts Teams would read as Markdown: TextBlocks and FactSet values."""
    blocks = [e["text"] for e in elements(card, "TextBlock")]
    facts = [f["value"] for fs in elements(card, "FactSet") for f in fs.get("facts", [])]
    return blocks + facts


@pytest.mark.parametrize("reply", replies(), ids=lambda r: type(r).__name__)
def test_user_and_model_text_is_never_interpreted(reply: Reply) -> None:
    activity = render(reply)
    card = card_of(activity)
    if card is not None:
        assert not any("<at>" in text or "**now**" in text for text in _markdown_texts(card))
    if activity.text:
        assert activity.text_format == "plain"
    assert not activity.entities, "no mention entity: nobody is pinged"


def test_the_customer_line_is_a_plain_message_with_the_role_play_buttons() -> None:
    line, last = (r for r in replies() if isinstance(r, CustomerLine))

    activity = render(line)

    assert activity.text == f"Marleen: {TRICKY}"
    assert activity.text_format == "plain"
    assert actions_of(card_of(activity)) == ["hint", "rewind", "end"]
    assert render(last).attachments is None, "no buttons once the customer has walked out"


def test_the_scorecard_shows_every_turn_and_the_rose() -> None:
    scorecard = next(r for r in replies() if isinstance(r, Scorecard))

    card = card_of(render(scorecard))

    assert card is not None
    shown = texts(card)
    assert "Turn 1" in shown and "Turn 2" in shown
    assert "▼ submissive" in shown and "● balanced" in shown
    assert "Outcome: a fair deal" in shown
    assert any("-0.30" in text for text in shown)
    assert actions_of(card) == ["start"]


def test_the_gauge_marks_the_position() -> None:
    assert gauge(0.0) == "─ ─ ─ ─ ─ ● ─ ─ ─ ─ ─"
    assert gauge(-1.0).startswith("●") and gauge(1.0).endswith("●")
    assert gauge(5.0) == gauge(1.0)


@pytest.mark.parametrize(("lang", "title"), [("en", "Welcome to Noblesse"), ("nl", "Welkom")])
def test_welcome_and_error(lang: str, title: str) -> None:
    welcome = render_welcome(lang, personal=True)
    assert title in texts(card_of(welcome))[0]
    assert welcome.summary and title in welcome.summary

    error = render_error(lang)
    assert error.text and error.text_format == "plain"
