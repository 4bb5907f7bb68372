"""The "Check footing" message extension: invoke activities in, invoke responses out."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.teams.extension import COMMAND_ID
from bot.identity import UserKey

from . import activities as a
from .cards import buttons, elements, joined
from .conftest import TeamsApp

pytestmark = pytest.mark.timeout(30)

SUBMISSIVE = "OK. 25% then. I'll send the new quote."


async def fetch_task(teams: TeamsApp, **value: Any) -> tuple[int, Any]:
    payload = {"commandId": COMMAND_ID, "commandContext": "compose", **value}
    return await teams.post(a.invoke(teams.service_url, "composeExtension/fetchTask", payload))


async def submit_action(teams: TeamsApp, data: dict[str, Any], **kwargs: Any) -> tuple[int, Any]:
    payload = {"commandId": COMMAND_ID, "commandContext": "compose", "data": data}
    return await teams.post(
        a.invoke(teams.service_url, "composeExtension/submitAction", payload, **kwargs)
    )


def dialog_card(body: Any) -> dict[str, Any]:
    assert body["task"]["type"] == "continue"
    card = body["task"]["value"]["card"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content: dict[str, Any] = card["content"]
    return content


async def test_fetch_task_from_the_compose_box_opens_an_empty_draft(teams: TeamsApp) -> None:
    status, body = await fetch_task(teams)

    assert status == 200
    assert body["task"]["value"]["title"] == "Check footing"
    card = dialog_card(body)
    [draft] = elements(card, "Input.Text")
    assert draft["id"] == "draft" and draft["value"] == "" and draft["isMultiline"]
    assert buttons(card) == [{"noblesse": "check"}]
    assert teams.connector.posted == [], "an invoke is answered in the HTTP response"


async def test_fetch_task_on_a_message_prefills_its_text(teams: TeamsApp) -> None:
    status, body = await fetch_task(
        teams,
        commandContext="message",
        messagePayload={
            "id": "1700000000",
            "body": {
                "contentType": "html",
                "content": "<p>Sorry, <b>we can&#39;t</b> go lower.</p><p>Shall we talk terms?</p>",
            },
        },
    )

    assert status == 200
    [draft] = elements(dialog_card(body), "Input.Text")
    assert draft["value"] == "Sorry, we can't go lower.\n\nShall we talk terms?"


async def test_submit_returns_the_feedback_with_the_rewrite_to_insert(teams: TeamsApp) -> None:
    status, body = await submit_action(teams, {"noblesse": "check", "draft": SUBMISSIVE})

    assert status == 200
    card = dialog_card(body)
    text = joined(card)
    assert "submissive" in text and "On an equal footing" in text
    insert = [data for data in buttons(card) if data["noblesse"] == "insert"]
    assert len(insert) == 1 and insert[0]["rewrite"]
    assert insert[0]["rewrite"] in text
    [draft] = elements(card, "Input.Text")
    assert draft["value"] == SUBMISSIVE, "the draft stays editable for another check"
    progress = await teams.store.progress(UserKey("teams", a.TENANT, "aad-u1"))
    assert progress.messages == 1


async def test_insert_puts_the_rewrite_into_the_compose_box(teams: TeamsApp) -> None:
    rewrite = "If you commit to two years, we can look at 3%."

    status, body = await submit_action(teams, {"noblesse": "insert", "rewrite": rewrite})

    assert status == 200
    result = body["composeExtension"]
    assert result["type"] == "result" and result["attachmentLayout"] == "list"
    [item] = result["attachments"]
    assert item["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert joined(item["content"]) == rewrite
    assert item["content"]["fallbackText"] == rewrite


async def test_an_empty_draft_shows_the_dialog_again_with_a_hint(teams: TeamsApp) -> None:
    status, body = await submit_action(teams, {"noblesse": "check", "draft": "   "})

    assert status == 200
    card = dialog_card(body)
    assert "Give me the draft to check" in joined(card)
    assert elements(card, "Input.Text")


async def test_the_dialog_speaks_dutch_to_a_dutch_client(teams: TeamsApp) -> None:
    draft = "Oké, dan doen we 25%. Ik stuur de nieuwe offerte."
    status, body = await submit_action(teams, {"noblesse": "check", "draft": draft}, locale="nl-NL")

    assert status == 200
    assert body["task"]["value"]["title"] == "Houding nakijken"
    assert "onderdanig" in joined(dialog_card(body))
