"""Teams activities as coach requests: :func:`to_request` is the one converter.

Pure functions: an :class:`~botbuilder.schema.Activity` in, platform-neutral values out
(``UserKey``, ``ConversationKey``, a coach ``Request``). Nothing here sends or stores anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from botbuilder.schema import Activity, ActivityTypes
from botbuilder.schema.teams import MessageActionsPayload

from adapters.teams.cards import SUBMIT_KEY
from bot.coach.requests import (
    DIFFICULTIES,
    Command,
    EndRoleplay,
    Forget,
    Help,
    Hint,
    ListScenarios,
    Request,
    ReviewDraft,
    Rewind,
    Say,
    ShowProgress,
    StartRoleplay,
    TipNow,
)
from bot.identity import ConversationKey, UserKey

PLATFORM: Final = "teams"
PERSONAL: Final = "personal"

_AT_TAG = re.compile(r"<at(?:\s[^>]*)?>(?P<name>.*?)</at>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|b|i|u|s|strong|em|br|a|ul|ol|li|blockquote|pre|code|h[1-6]|img|table|"
    r"tr|td|th|tbody|thead|strike|sup|sub|hr)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS: Final = {"p", "div", "br", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "hr"}
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


# --- who and where ----------------------------------------------------------------------------


def tenant_of(activity: Activity) -> str:
    """The Microsoft 365 tenant (from ``channelData.tenant.id`` or the conversation)."""
    data = activity.channel_data
    if isinstance(data, Mapping):
        tenant = data.get("tenant")
        if isinstance(tenant, Mapping) and tenant.get("id"):
            return str(tenant["id"])
    conversation = activity.conversation
    if conversation is not None:
        if conversation.tenant_id:
            return str(conversation.tenant_id)
        extra = getattr(conversation, "additional_properties", None) or {}
        if extra.get("tenantId"):
            return str(extra["tenantId"])
    return ""


def user_key(activity: Activity) -> UserKey:
    """The sender: their Entra object id when Teams sends one (stable for every app), else the
    channel's user id (the Emulator, anonymous users)."""
    sender = activity.from_property
    user_id = ""
    if sender is not None:
        user_id = str(sender.aad_object_id or sender.id or "")
    return UserKey(PLATFORM, tenant_of(activity), user_id)


def conversation_key(activity: Activity) -> ConversationKey:
    """The conversation; a channel thread (``…;messageid=…``) is a conversation of its own."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    return ConversationKey(PLATFORM, tenant_of(activity), str(conversation_id or ""))


def is_personal(activity: Activity) -> bool:
    """A one-to-one chat with the bot (the Emulator sends no conversation type: personal)."""
    kind = activity.conversation.conversation_type if activity.conversation else None
    return kind in (None, "", PERSONAL)


def locale_of(activity: Activity) -> str | None:
    """The user's client language (``locale``, else the ``clientInfo`` entity's)."""
    if activity.locale:
        return str(activity.locale)
    value = _client_info(activity).get("locale")
    return str(value) if value else None


def timezone_of(activity: Activity) -> str | None:
    """The user's IANA time zone (``localTimezone``, else ``clientInfo``), if it is a real one."""
    for candidate in (activity.local_timezone, _client_info(activity).get("timezone")):
        if candidate and _known_zone(str(candidate)):
            return str(candidate)
    return None


def event_id(activity: Activity) -> str | None:
    """The de-duplication key of a delivery: a retried delivery carries the same id."""
    if not activity.id:
        return None
    return f"{PLATFORM}:{conversation_key(activity).conversation_id}:{activity.id}"


def _client_info(activity: Activity) -> Mapping[str, Any]:
    for entity in activity.entities or []:
        if getattr(entity, "type", None) == "clientInfo":
            return getattr(entity, "additional_properties", None) or {}
    return {}


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# --- text -------------------------------------------------------------------------------------


def _bot_mentions(activity: Activity) -> list[str]:
    """The text of every mention entity that names this bot (``<at>Noblesse</at>``)."""
    bot_id = activity.recipient.id if activity.recipient else None
    found: list[str] = []
    if not bot_id:
        return found
    for entity in activity.entities or []:
        if getattr(entity, "type", None) != "mention":
            continue
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned") or {}
        if isinstance(mentioned, Mapping) and mentioned.get("id") == bot_id:
            found.append(str(extra.get("text") or ""))
    return found


def mentions_bot(activity: Activity) -> bool:
    """Whether the message @mentions this bot."""
    return bool(_bot_mentions(activity))


def message_text(activity: Activity) -> str:
    """What the user wrote, as plain text: the bot's own @mention removed, other people's
    mentions reduced to their name, Teams' HTML turned into text."""
    text = str(activity.text or "")
    for mention in _bot_mentions(activity):
        if mention:
            text = text.replace(mention, " ")
    bot_name = (activity.recipient.name or "") if activity.recipient else ""

    def named(match: re.Match[str]) -> str:
        name = match.group("name").strip()
        return "" if bot_name and name == bot_name else name

    text = _AT_TAG.sub(named, text)
    if _HTML_TAG.search(text):
        text = html_to_text(text)
    return _SPACES.sub(" ", text).strip()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text of a Teams HTML message body (tags dropped, entities decoded)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def draft_from_payload(payload: MessageActionsPayload | None) -> str:
    """The text of the message a message-extension action was invoked on ("" if none)."""
    if payload is None or payload.body is None or not payload.body.content:
        return ""
    content = str(payload.body.content)
    if (payload.body.content_type or "").lower() == "html":
        return html_to_text(_AT_TAG.sub(lambda m: m.group("name"), content))
    return html.unescape(content).strip() if "&" in content else content.strip()


# --- commands ---------------------------------------------------------------------------------


def command_from_submit(value: object) -> Command | None:
    """The command an Adaptive Card button stands for (``{"noblesse": "hint"}`` …), or None for
    a payload that is not one of ours."""
    if not isinstance(value, Mapping):
        return None
    action = value.get(SUBMIT_KEY)
    if not isinstance(action, str):
        return None
    match action:
        case "hint":
            return Hint()
        case "rewind":
            return Rewind()
        case "end":
            return EndRoleplay()
        case "start":
            return _start(value)
        case "tip":
            return TipNow()
        case "feedback":
            draft = value.get("draft")
            return ReviewDraft(draft if isinstance(draft, str) else "")
        case "forget_confirm":
            return Forget(confirmed=True)
        case "help":
            return Help()
        case "progress":
            return ShowProgress()
        case "scenarios":
            return ListScenarios()
    return None


def _start(value: Mapping[str, Any]) -> StartRoleplay:
    scenario = value.get("scenario")
    difficulty = value.get("difficulty")
    lang = value.get("lang")
    return StartRoleplay(
        scenario=scenario if isinstance(scenario, str) and scenario else None,
        difficulty=difficulty if difficulty in DIFFICULTIES else None,
        lang=lang if lang in ("en", "nl") else None,
    )


def to_request(activity: Activity) -> Request | None:
    """The coach request a message activity stands for, or None when it is not for the coach
    (not a message, a group message that does not mention the bot, an unknown card payload).

    A card button (``value``) is a command whatever the conversation; typed text is sent as
    ``Say`` (the coach tells commands from role-play turns), in a group chat or channel only
    when the bot is mentioned.
    """
    if activity.type != ActivityTypes.message:
        return None
    command: Command | None
    if activity.value is not None:
        command = command_from_submit(activity.value)
        if command is None:
            return None
    else:
        if not is_personal(activity) and not mentions_bot(activity):
            return None
        command = Say(message_text(activity))
    return Request(
        user=user_key(activity),
        conversation=conversation_key(activity),
        command=command,
        locale=locale_of(activity),
        timezone=timezone_of(activity),
    )


def request_for(activity: Activity, command: Command) -> Request:
    """A request with ``command`` from the sender of ``activity`` (message-extension calls)."""
    return Request(
        user=user_key(activity),
        conversation=conversation_key(activity),
        command=command,
        locale=locale_of(activity),
        timezone=timezone_of(activity),
    )
