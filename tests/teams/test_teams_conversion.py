"""``to_request``: Teams activities as coach requests (pure, no server)."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.schema import Activity
from botbuilder.schema.teams import MessageActionsPayload

from adapters.teams.conversion import (
    command_from_submit,
    draft_from_payload,
    event_id,
    html_to_text,
    message_text,
    timezone_of,
    to_request,
    user_key,
)
from bot.coach.commands import parse_command
from bot.coach.requests import (
    EndRoleplay,
    Forget,
    Hint,
    ReviewDraft,
    Rewind,
    Say,
    StartRoleplay,
    TipNow,
)
from bot.identity import ConversationKey, UserKey

from . import activities as a

pytestmark = pytest.mark.timeout(10)
URL = "https://smba.example/emea/"


def activity(body: dict[str, Any]) -> Activity:
    return Activity().deserialize(body)


def test_a_personal_message_becomes_say() -> None:
    request = to_request(activity(a.message(URL, "roleplay hard", locale="nl-BE")))

    assert request is not None
    assert request.command == Say("roleplay hard")
    assert request.user == UserKey("teams", a.TENANT, "aad-u1")
    assert request.conversation == ConversationKey("teams", a.TENANT, "a:personal-1")
    assert (request.locale, request.timezone) == ("nl-BE", "Europe/Brussels")


def test_the_user_is_the_channel_id_without_an_entra_id() -> None:
    body = a.message(URL, "hi")
    del body["from"]["aadObjectId"]

    assert user_key(activity(body)).user_id == "29:u1"


def test_the_tenant_comes_from_the_conversation_when_channel_data_lacks_it() -> None:
    body = a.message(URL, "hi")
    del body["channelData"]

    assert user_key(activity(body)).tenant == a.TENANT


def test_group_messages_need_a_mention_which_is_stripped() -> None:
    group: dict[str, Any] = {"conversation": "19:g@thread.v2", "conversation_type": "groupChat"}
    assert to_request(activity(a.message(URL, "roleplay", **group))) is None

    request = to_request(activity(a.message(URL, "roleplay", mention=True, **group)))

    assert request is not None and request.command == Say("roleplay")


def test_other_mentions_keep_the_name_and_html_becomes_text() -> None:
    body = a.message(URL, "x", mention=True)
    body["text"] = (
        "<at>Noblesse</at> feedback: <p>Hi <at>Jan Peeters</at>, we can&nbsp;do <b>5%</b>"
        " if you sign</p>"
    )

    text = message_text(activity(body))

    assert text == "feedback:\nHi Jan Peeters, we can do 5% if you sign"
    assert parse_command(text) == ReviewDraft("Hi Jan Peeters, we can do 5% if you sign")


def test_text_that_only_looks_like_markup_is_left_alone() -> None:
    body = a.message(URL, "feedback: our price < theirs & better > average")

    assert message_text(activity(body)) == "feedback: our price < theirs & better > average"


@pytest.mark.parametrize(
    ("value", "command"),
    [
        ({"noblesse": "hint"}, Hint()),
        ({"noblesse": "rewind"}, Rewind()),
        ({"noblesse": "end"}, EndRoleplay()),
        ({"noblesse": "tip"}, TipNow()),
        ({"noblesse": "forget_confirm"}, Forget(confirmed=True)),
        ({"noblesse": "feedback", "draft": "5% if you sign"}, ReviewDraft("5% if you sign")),
        ({"noblesse": "start"}, StartRoleplay()),
        (
            {"noblesse": "start", "scenario": "escalation", "difficulty": "hard", "lang": "nl"},
            StartRoleplay(scenario="escalation", difficulty="hard", lang="nl"),
        ),
        (
            {"noblesse": "start", "difficulty": "impossible", "lang": "fr"},
            StartRoleplay(),
        ),
        ({"noblesse": "launch-missiles"}, None),
        ({"other": "hint"}, None),
        ("hint", None),
    ],
)
def test_card_buttons(value: object, command: object) -> None:
    assert command_from_submit(value) == command


def test_buttons_work_in_a_group_without_a_mention() -> None:
    body = a.submit(URL, {"noblesse": "hint"}, conversation_type="groupChat")

    request = to_request(activity(body))

    assert request is not None and request.command == Hint()


def test_not_a_message_is_not_a_request() -> None:
    assert to_request(activity(a.installed(URL))) is None


def test_time_zone_from_client_info_and_bad_zones_dropped() -> None:
    body = a.message(URL, "hi", timezone=None)
    body["entities"] = [{"type": "clientInfo", "locale": "nl-NL", "timezone": "Europe/Amsterdam"}]
    assert timezone_of(activity(body)) == "Europe/Amsterdam"

    body = a.message(URL, "hi", timezone="Mars/Olympus_Mons")
    assert timezone_of(activity(body)) is None


def test_event_ids_are_per_conversation() -> None:
    first = activity(a.message(URL, "hi", activity_id="42"))
    other = activity(a.message(URL, "hi", activity_id="42", conversation="a:other"))

    assert event_id(first) == "teams:a:personal-1:42"
    assert event_id(first) != event_id(other)


def test_message_payloads_in_html_and_text() -> None:
    html_payload = MessageActionsPayload().deserialize(
        {
            "body": {
                "contentType": "html",
                "content": "<div>We <i>can</i> do that<br>next week</div>",
            }
        }
    )
    text_payload = MessageActionsPayload().deserialize(
        {"body": {"contentType": "text", "content": "  plain &amp; simple "}}
    )

    assert draft_from_payload(html_payload) == "We can do that\nnext week"
    assert draft_from_payload(text_payload) == "plain & simple"
    assert draft_from_payload(None) == ""


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; three</p>") == "One\n\nTwo & three"
