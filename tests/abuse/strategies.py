"""Hypothesis strategies for hostile input: odd and huge text, arbitrary JSON, and the shapes
Slack, Teams and the playground send, filled with that text.

Two families:

* **well-formed carriers** — the envelope a platform really sends (an ``event_callback``, a
  slash-command form, a Teams activity), every field of the right type, with hostile *values*
  (unicode oddities, mentions, markup, format strings, commands, texts of 50,000 characters);
* **arbitrary bodies** — anything at all: random JSON of any type and shape, wrong types in
  the fields the libraries read, undecodable bytes, deep nesting.

Text in the first family holds no NUL character and no lone surrogate, and none of the
shapes that make the footing analyser slow or crash (long runs of whitespace or digits, a cue
repeated a thousand times): those are in :data:`PATHOLOGICAL` and have tests of their own
(``test_text_handling``), because the product does not handle them yet.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from hypothesis import strategies as st
from slack.support import ALICE, BOB, TEAM, event_body
from teams.activities import BOT_ID, BOT_NAME, TENANT

from adapters.slack import actions as slack_actions

ODD_STRINGS = (
    "",
    " ",
    "\t\r\n",
    "\u202eevil\u202c rtl override",
    "\u2066isolate\u2069",
    "zero\u200bwidth\u200cjoin\u200d",
    "\ufeffbyte order mark",
    "family 👨\u200d👩\u200d👧\u200d👦 and skin 👍🏽",
    "e" + "\u0301" * 300,
    "\uffff\ufffe\U0010ffff",
    "\U0001f600" * 40,
    "<@UBOT> <!channel> <!here|here> <#C123|general>",
    "<https://evil.example|click me>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;",
    "<at>Noblesse</at> <b>bold</b> <script>x</script>",
    "```code``` *bold* _it_ ~strike~ > quote",
    "%s %d %(name)s {0} {user} %%",
    "'; DROP TABLE users; --",
    "feedback: Sorry, 20% is fine.",
    "roleplay hard nl",
    "forget",
    "tips at 25:99",
    "tips om 9u30",
    "stop",
    "opnieuw",
    "/coach help",
    "Excuseer, u krijgt 20% korting, geen probleem.",
    "OK. 25% then. I'll send the new quote.",
    "With all due respect, you are not in a position to negotiate.",
    "\\u0000 \\ud800 escaped, not real",
    "\x7f\x1b[31mred\x1b[0m\x07",
)

_REPEATED = (
    "x",
    "é",
    "👍🏽",
    "\u202e",
    "&amp;",
    "ab " * 3,
    "Korting? ",
)

safe_characters = st.characters(codec="utf-8", exclude_characters="\x00")


@st.composite
def huge_text(draw: st.DrawFn, *, max_chars: int = 60_000) -> str:
    piece = draw(st.sampled_from(_REPEATED))
    count = draw(st.integers(min_value=1_000, max_value=max(1_000, max_chars // len(piece))))
    return piece * count


def hostile_text(*, max_size: int = 300, max_huge: int = 60_000) -> st.SearchStrategy[str]:
    """Text as users and attackers write it (no NUL, no lone surrogate; see the module)."""
    return st.one_of(
        st.text(alphabet=safe_characters, max_size=max_size),
        st.sampled_from(ODD_STRINGS),
        st.lists(st.sampled_from(ODD_STRINGS), min_size=2, max_size=5).map(" ".join),
        huge_text(max_chars=max_huge),
    )


short_text = st.text(alphabet=safe_characters, max_size=24)

PATHOLOGICAL = (
    "x" + " " * 9_998 + "x",  # a whitespace run: the clause splitter backtracks (quadratic)
    "x" + "\n" * 9_998 + "x",
    "<@UBOT>" * 1_400,  # mentions are masked to spaces: the same run
    "See " + "<https://example.com|link> " * 370,  # so are links, after a word
    "1" * 8_000,  # a digit run: the quoted-value pattern backtracks (quadratic)
    "Sorry, " * 1_400,  # one cue a thousand times: the learned layer's log(0)
    "Take it or leave it. " * 300,
    "No. " * 2_400,  # and math.exp overflows
)
"""Texts the footing analyser once handled too slowly (seconds of CPU on the event loop) or not
at all (``ValueError: math domain error``); ``test_text_handling`` pins each."""


def json_scalars(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),  # NaN and infinities too: Python's json writes and reads them
        text if text is not None else hostile_text(max_huge=5_000),
    )


def json_values(*, max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value, shallowly nested."""
    return st.recursive(
        json_scalars(),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(short_text, children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def json_objects(
    known_keys: tuple[str, ...] = (), *, max_leaves: int = 12
) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object whose keys are often ones the receiver looks for, with any values."""
    keys = st.sampled_from(known_keys) | short_text if known_keys else short_text
    return st.dictionaries(keys, json_values(max_leaves=max_leaves), max_size=8)


@st.composite
def deep_nesting(draw: st.DrawFn) -> bytes:
    """JSON nested deeper than a recursive parser can follow."""
    depth = draw(st.integers(min_value=1_100, max_value=200_000))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    return (opener * depth + "1" + closer * depth).encode()


undecodable_bytes = st.binary(min_size=1, max_size=400).filter(lambda raw: not _is_utf8(raw))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def encode_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


# --- Slack --------------------------------------------------------------------------------------

slack_ids = st.sampled_from([ALICE, BOB, "U0MALLORY", "W0ENTERPRISE", "UBOT"]) | st.from_regex(
    r"[UWCDG][A-Z0-9]{2,11}", fullmatch=True
)
channel_ids = st.sampled_from(["C0SALES", "D0ALICE", "G0PRIVATE", "C0OTHER"]) | st.from_regex(
    r"[CDG][A-Z0-9]{2,11}", fullmatch=True
)
slack_ts = st.from_regex(r"1[0-9]{9}\.[0-9]{6}", fullmatch=True) | short_text
EVENT_TYPES = (
    "message",
    "app_mention",
    "app_home_opened",
    "assistant_thread_started",
    "assistant_thread_context_changed",
    "reaction_added",
    "member_joined_channel",
    "app_uninstalled",
    "tokens_revoked",
)
MESSAGE_SUBTYPES = (
    "bot_message",
    "message_changed",
    "message_deleted",
    "thread_broadcast",
    "file_share",
    "channel_join",
    "me_message",
)


@st.composite
def slack_event(draw: st.DrawFn) -> dict[str, Any]:
    """An ``event`` of a type the app listens to (or not), every field a string."""
    kind = draw(st.sampled_from(EVENT_TYPES) | short_text)
    event: dict[str, Any] = {
        "type": kind,
        "user": draw(slack_ids),
        "text": draw(hostile_text()),
        "channel": draw(channel_ids),
        "ts": draw(slack_ts),
        "event_ts": draw(slack_ts),
    }
    if draw(st.booleans()):
        event["channel_type"] = draw(st.sampled_from(["im", "channel", "group", "mpim"]))
    if draw(st.booleans()):
        event["thread_ts"] = draw(slack_ts)
    if draw(st.integers(0, 4)) == 0:
        event["subtype"] = draw(st.sampled_from(MESSAGE_SUBTYPES) | short_text)
    if draw(st.integers(0, 5)) == 0:
        event["bot_id"] = "BBOT"
    if kind == "app_home_opened":
        event["tab"] = draw(st.sampled_from(["home", "messages", "about"]) | short_text)
    if kind.startswith("assistant_thread"):
        event["assistant_thread"] = {
            "user_id": draw(slack_ids),
            "channel_id": draw(channel_ids),
            "thread_ts": draw(slack_ts),
            "context": {"channel_id": draw(channel_ids), "team_id": TEAM},
        }
    return event


def slack_event_body(event: dict[str, Any]) -> bytes:
    """The ``event_callback`` envelope around ``event`` (a fresh ``event_id``)."""
    return encode_json(event_body(event))


@st.composite
def slash_command(draw: st.DrawFn, response_url: str) -> bytes:
    """A ``/coach`` form (now and then another command) with odd text."""
    text = draw(hostile_text(max_huge=20_000))
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "acme",
            "channel_id": draw(channel_ids),
            "channel_name": draw(short_text),
            "user_id": draw(slack_ids),
            "user_name": draw(short_text),
            "command": draw(st.sampled_from(["/coach", "/coach", "/noblesse", "/other"])),
            "text": text,
            "api_app_id": "A0NOBLESSE",
            "response_url": response_url,
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    ).encode()


ACTION_IDS = (
    slack_actions.HINT,
    slack_actions.REWIND,
    slack_actions.END,
    slack_actions.START,
    slack_actions.TIP,
    slack_actions.FEEDBACK,
    slack_actions.FORGET_CONFIRM,
    slack_actions.TIPS_ON,
    slack_actions.TIPS_OFF,
    slack_actions.TIP_TIME,
    "noblesse.unknown",
    "other.app",
)


@st.composite
def slack_interaction(draw: st.DrawFn, response_url: str) -> bytes:
    """A button press, a shortcut or a modal submission (``payload=`` form), every field of
    the right type, with odd values."""
    user = {"id": draw(slack_ids), "team_id": TEAM}
    team = {"id": TEAM, "domain": "acme"}
    kind = draw(st.sampled_from(["block_actions", "message_action", "shortcut", "view"]))
    payload: dict[str, Any]
    if kind == "block_actions":
        action = {
            "action_id": draw(st.sampled_from(ACTION_IDS)),
            "block_id": "b",
            "type": "button",
            "value": draw(hostile_text(max_huge=5_000)),
            "action_ts": f"{time.time():.6f}",
        }
        if action["action_id"] == slack_actions.TIP_TIME:
            action["selected_time"] = draw(st.from_regex(r"[0-9]{2}:[0-9]{2}", fullmatch=True))
        payload = {
            "type": "block_actions",
            "team": team,
            "user": user,
            "api_app_id": "A0NOBLESSE",
            "trigger_id": "trigger-" + uuid.uuid4().hex[:8],
            "actions": [action],
            "container": {
                "type": "message",
                "message_ts": draw(slack_ts),
                "channel_id": draw(channel_ids),
                "is_ephemeral": draw(st.booleans()),
            },
            "channel": {"id": draw(channel_ids), "name": "sales"},
            "message": {"ts": draw(slack_ts), "text": draw(hostile_text()), "blocks": []},
            "response_url": response_url,
        }
    elif kind == "message_action":
        payload = {
            "type": "message_action",
            "callback_id": draw(st.sampled_from([slack_actions.CHECK_FOOTING, "other"])),
            "trigger_id": "t-1",
            "team": team,
            "user": user,
            "channel": {"id": draw(channel_ids)},
            "message": {"type": "message", "text": draw(hostile_text()), "ts": draw(slack_ts)},
            "response_url": response_url,
        }
    elif kind == "shortcut":
        payload = {
            "type": "shortcut",
            "callback_id": draw(st.sampled_from([slack_actions.CHECK_DRAFT, "other"])),
            "trigger_id": "t-2",
            "team": team,
            "user": user,
        }
    else:
        value = draw(hostile_text(max_huge=10_000))
        payload = {
            "type": "view_submission",
            "team": team,
            "user": user,
            "view": {
                "id": "V0DRAFT",
                "type": "modal",
                "callback_id": slack_actions.DRAFT_VIEW,
                "private_metadata": draw(st.sampled_from(["en", "nl", ""]) | short_text),
                "state": {
                    "values": {
                        slack_actions.DRAFT_BLOCK: {
                            slack_actions.DRAFT_INPUT: {"type": "plain_text_input", "value": value}
                        }
                    }
                },
            },
        }
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)}).encode()


# --- Teams --------------------------------------------------------------------------------------

ACTIVITY_TYPES = (
    "message",
    "conversationUpdate",
    "installationUpdate",
    "messageReaction",
    "typing",
    "event",
    "endOfConversation",
    "messageUpdate",
    "messageDelete",
)
INVOKE_NAMES = (
    "composeExtension/fetchTask",
    "composeExtension/submitAction",
    "composeExtension/query",
    "task/fetch",
    "task/submit",
    "signin/verifyState",
)
locales = st.sampled_from(["en-US", "nl-BE", "nl-NL", "fr-FR", "", "xx", "nl_be"]) | short_text
timezones = (
    st.sampled_from(["Europe/Brussels", "America/New_York", "Mars/Olympus", "", "UTC"]) | short_text
)


@st.composite
def teams_activity(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    """An activity as Teams shapes it (the fields the SDK needs, of the right types), with an
    odd type, text, value, locale or time zone."""
    conversation_type = draw(st.sampled_from(["personal", "groupChat", "channel"]))
    kind = draw(st.sampled_from(ACTIVITY_TYPES) | short_text.filter(lambda t: t != "invoke"))
    user = draw(st.sampled_from(["u1", "u2", "mallory"]) | st.from_regex(r"[a-z0-9]{1,12}"))
    activity: dict[str, Any] = {
        "id": "1" + uuid.uuid4().hex[:12],
        "type": kind,
        "channelId": draw(st.sampled_from(["msteams", "emulator", "webchat"])),
        "serviceUrl": service_url,
        "timestamp": "2026-11-30T09:00:00.000Z",
        "from": {"id": f"29:{user}", "name": draw(short_text), "aadObjectId": f"aad-{user}"},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": {
            "id": draw(
                st.sampled_from(["a:personal-1", "19:group@thread.v2", "19:ch;messageid=1"])
            ),
            "conversationType": conversation_type,
            "tenantId": TENANT,
        },
        "channelData": {"tenant": {"id": TENANT}},
    }
    if draw(st.booleans()):
        activity["text"] = draw(hostile_text())
        activity["textFormat"] = draw(st.sampled_from(["plain", "markdown", "xml"]))
    if draw(st.integers(0, 3)) == 0:
        activity["value"] = draw(json_objects(("action", "command", "text", "draft", "step")))
    if draw(st.booleans()):
        activity["locale"] = draw(locales)
    if draw(st.integers(0, 3)) == 0:
        activity["localTimezone"] = draw(timezones)
    if draw(st.integers(0, 3)) == 0:
        activity["entities"] = [
            {"type": "mention", "mentioned": {"id": BOT_ID, "name": BOT_NAME}, "text": "<at>x</at>"}
        ]
    if kind == "conversationUpdate":
        activity["membersAdded"] = [{"id": draw(st.sampled_from([BOT_ID, "29:other"]))}]
    if kind == "installationUpdate":
        activity["action"] = draw(st.sampled_from(["add", "remove", "add-upgrade"]) | short_text)
    return activity


@st.composite
def teams_invoke(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    """An invoke the bot knows by name, with a value of the right shape and odd contents."""
    activity = draw(teams_activity(service_url))
    activity["type"] = "invoke"
    name = draw(st.sampled_from(INVOKE_NAMES))
    activity["name"] = name
    if name.startswith("composeExtension/"):
        activity["value"] = {
            "commandId": draw(st.sampled_from(["checkFooting", "other"])),
            "commandContext": draw(st.sampled_from(["message", "compose"])),
            "data": draw(json_objects(("step", "draft", "text", "action"))),
            "messagePayload": {"body": {"content": draw(hostile_text()), "contentType": "text"}},
        }
    else:
        activity["value"] = draw(json_objects(("action", "data", "verb")))
    return activity


# --- the playground -----------------------------------------------------------------------------

PLAYGROUND_FIELDS = (
    "tab",
    "text",
    "scenario",
    "difficulty",
    "lang",
    "seed",
    "confirmed",
    "locale",
    "timezone",
)
PLAYGROUND_POSTS = (
    "start",
    "turn",
    "hint",
    "rewind",
    "end",
    "feedback",
    "tip",
    "forget",
    "language",
)
PLAYGROUND_GETS = ("scenarios", "progress", "session")
tabs = st.sampled_from(["tab-aaaaaaaa", "tab-bbbbbbbb", "../../etc", ""]) | short_text


@st.composite
def playground_body(draw: st.DrawFn) -> dict[str, Any]:
    """A body with the fields the API reads, each of a plausible or a wrong type."""
    body: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(PLAYGROUND_FIELDS), unique=True, max_size=6)):
        plausible: st.SearchStrategy[Any]
        match name:
            case "tab":
                plausible = tabs
            case "text":
                plausible = hostile_text(max_huge=60_000)
            case "scenario":
                plausible = (
                    st.sampled_from(["price_squeeze", "rush_delivery", "x" * 65]) | short_text
                )
            case "difficulty":
                plausible = st.sampled_from(["easy", "normal", "hard", "insane"])
            case "lang" | "locale":
                plausible = locales
            case "seed":
                plausible = st.integers(min_value=-(2**40), max_value=2**40)
            case "confirmed":
                plausible = st.booleans()
            case _:
                plausible = timezones
        body[name] = draw(plausible | json_values(max_leaves=4))
    return body
