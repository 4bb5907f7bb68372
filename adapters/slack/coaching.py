"""The slow half of each Slack interaction: ask the coach, render its replies, deliver them.

Every method here runs after the request was acknowledged (see ``listeners``). Each turns one
Slack interaction into a platform-neutral :class:`~bot.coach.requests.Request`, hands it to the
coach, and posts the rendered replies where they belong: a role-play thread, an ephemeral
message, a direct message, a ``response_url``, a modal or the Home tab.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import actions as ids
from adapters.slack import modals
from adapters.slack.home import home_view
from adapters.slack.keys import PLATFORM, conversation_key, thread_of
from adapters.slack.mrkdwn import unescape
from adapters.slack.outbox import UNREACHABLE, Outbox, error_code
from adapters.slack.phrases import phrase
from adapters.slack.profiles import Profile, Profiles, Workspace
from adapters.slack.rendering import (
    LINE_BLOCK,
    ROLEPLAY_BLOCK,
    SlackMessage,
    plain_messages,
    render,
)
from adapters.slack.streaming import CustomerStream, OpenStream
from bot.coach.coach import Coach
from bot.coach.commands import parse_command
from bot.coach.messages import pick_lang, say
from bot.coach.replies import Notice, Reply
from bot.coach.requests import (
    Command,
    Forget,
    Request,
    ReviewDraft,
    Say,
    StartRoleplay,
    TipSettings,
)
from bot.coach.streaming import streaming_into
from bot.errors import InputError
from bot.identity import ConversationKey, UserKey
from bot.store import Store

logger = logging.getLogger(__name__)

HOME_SESSIONS = 5


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an interaction came from: the tenant, its workspace, and a Web API client with
    that workspace's token."""

    tenant: str
    workspace: Workspace
    client: AsyncWebClient
    bot_user_id: str | None = None

    @property
    def outbox(self) -> Outbox:
        return Outbox(self.client)


class SlackCoaching:
    """Coaching over Slack: one method per kind of interaction."""

    def __init__(self, coach: Coach, store: Store, profiles: Profiles) -> None:
        self.coach = coach
        self.store = store
        self.profiles = profiles

    # --- helpers ------------------------------------------------------------------------------

    async def profile(self, origin: Origin, user: UserKey) -> Profile:
        return await self.profiles.get(origin.client, user, origin.workspace)

    async def quick_lang(self, user: UserKey) -> str:
        """The user's language without asking Slack (for replies that cannot wait)."""
        known = self.profiles.peek(user)
        if known is not None:
            return known.lang
        record = await self.store.get_user(user)
        return pick_lang(record.lang if record is not None else None)

    async def ask(
        self, user: UserKey, conversation: ConversationKey, command: Command, profile: Profile
    ) -> list[Reply]:
        request = Request(
            user=user,
            conversation=conversation,
            command=command,
            locale=profile.locale,
            timezone=profile.timezone,
        )
        replies = await self.coach.handle(request)
        if isinstance(command, Forget) and command.confirmed:
            self.profiles.forget(user)
        return replies

    def apology(self, lang: str) -> list[SlackMessage]:
        return plain_messages(lang, say(lang, "error"))

    # --- /coach -------------------------------------------------------------------------------

    async def command(
        self, origin: Origin, user: UserKey, channel: str, text: str, respond: AsyncRespond
    ) -> None:
        profile = await self.profile(origin, user)
        try:
            command = parse_command(unescape(text))
        except InputError as exc:
            notice = Notice(profile.lang, "warning", str(exc))
            await origin.outbox.respond(respond, render([notice]))
            return
        if isinstance(command, StartRoleplay):
            await self.start_roleplay(origin, user, profile, channel, command, respond=respond)
            return
        replies = await self.ask(user, conversation_key(origin.tenant, channel), command, profile)
        await origin.outbox.respond(respond, render(replies))

    async def start_roleplay(
        self,
        origin: Origin,
        user: UserKey,
        profile: Profile,
        channel: str,
        command: StartRoleplay,
        *,
        respond: AsyncRespond | None = None,
    ) -> None:
        """Open a thread (in ``channel``, or the user's DM where the bot cannot post) and start
        the role-play in it: the briefing becomes the thread's first message."""
        outbox = origin.outbox
        lang = pick_lang(command.lang, profile.lang)
        placeholder = plain_messages(lang, phrase(lang, "starting"))
        moved = False
        try:
            [root] = await outbox.post(channel, placeholder)
        except SlackApiError as exc:
            if error_code(exc) not in UNREACHABLE:
                raise
            channel = await outbox.open_dm(user.user_id)
            [root] = await outbox.post(channel, placeholder)
            moved = True
        conversation = conversation_key(origin.tenant, channel, root)
        replies = await self.ask(user, conversation, command, profile)
        messages = render(replies, conversation=conversation.conversation_id)
        if messages and messages[0].kind == "started":
            await outbox.update(channel, root, messages[0])
            await outbox.post(channel, messages[1:], thread_ts=root)
            if moved and respond is not None:
                await outbox.respond(respond, plain_messages(lang, phrase(lang, "moved_to_dm")))
            return
        # No role-play (an unknown scenario, say): no thread either, just the answer.
        await outbox.delete(channel, root)
        if respond is not None:
            await outbox.respond(respond, messages)
        else:
            await outbox.post(channel, messages)

    # --- messages, mentions and the assistant thread ------------------------------------------

    async def converse(
        self,
        origin: Origin,
        user: UserKey,
        channel: str,
        root: str,
        text: str,
        *,
        in_thread: bool,
        roleplay_only: bool = False,
        open_stream: OpenStream | None = None,
        show_status: bool = False,
    ) -> None:
        """Free text in a conversation rooted at ``root``: a role-play turn or a command.

        ``roleplay_only``: answer only when the writer has a role-play running there (threads
        in channels, where the bot must not join every discussion). ``open_stream``: stream
        the customer's words (the assistant thread). Replies go to the thread when the message
        was in one or a role-play starts, else next to the message."""
        conversation = conversation_key(origin.tenant, channel, root)
        if roleplay_only and await self.store.active_session(user, conversation) is None:
            return
        profile = await self.profile(origin, user)
        if show_status:
            await self._status(origin.client, channel, root, profile.lang)
        sink = CustomerStream(open_stream) if open_stream is not None else None
        with streaming_into(sink):
            replies = await self.ask(user, conversation, Say(unescape(text)), profile)
        messages = render(replies, conversation=conversation.conversation_id)
        threaded = in_thread or any(message.kind == "started" for message in messages)
        await self._deliver(origin.outbox, channel, root if threaded else None, messages, sink)

    async def _deliver(
        self,
        outbox: Outbox,
        channel: str,
        thread_ts: str | None,
        messages: list[SlackMessage],
        sink: CustomerStream | None,
    ) -> None:
        if sink is not None and sink.shown:
            line = next((message for message in messages if message.kind == "line"), None)
            under = (
                [block for block in line.blocks if block.get("block_id") != LINE_BLOCK]
                if line is not None
                else []
            )
            ts = await sink.finish(under)
            if ts is not None and line is not None:
                # The streamed message is the customer's line: post everything else.
                if sink.corrected:
                    await outbox.update(channel, ts, line)
                messages = [message for message in messages if message is not line]
        await outbox.post(channel, messages, thread_ts=thread_ts)

    async def _status(
        self, client: AsyncWebClient, channel: str, thread_ts: str, lang: str
    ) -> None:
        try:
            await client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=phrase(lang, "assistant_status")
            )
        except SlackApiError as exc:
            # Not an assistant thread (a role-play thread in a DM): no status to show.
            logger.debug("assistant status not set: %s", error_code(exc))

    async def greet(self, origin: Origin, user: UserKey, channel: str, thread_ts: str) -> None:
        """A new assistant thread: suggested prompts and a short greeting."""
        profile = await self.profile(origin, user)
        lang = profile.lang
        prompts = [
            {
                "title": phrase(lang, f"prompt_{key}_title"),
                "message": phrase(lang, f"prompt_{key}_message"),
            }
            for key in ("roleplay", "draft", "tip")
        ]
        await origin.client.assistant_threads_setSuggestedPrompts(
            channel_id=channel,
            thread_ts=thread_ts,
            prompts=prompts,
            title=phrase(lang, "assistant_prompts_title"),
        )
        await origin.outbox.post(
            channel, plain_messages(lang, phrase(lang, "assistant_greeting")), thread_ts=thread_ts
        )

    # --- shortcuts and the draft modal --------------------------------------------------------

    async def check_message(
        self, origin: Origin, user: UserKey, channel: str, text: str, thread_ts: str | None
    ) -> None:
        """ "Check footing" on a message: the verdict, privately, to the user who asked."""
        profile = await self.profile(origin, user)
        command = ReviewDraft(unescape(text))
        replies = await self.ask(user, conversation_key(origin.tenant, channel), command, profile)
        await origin.outbox.ephemeral(channel, user.user_id, render(replies), thread_ts=thread_ts)

    async def open_draft_form(self, origin: Origin, user: UserKey, trigger_id: str) -> None:
        lang = await self.quick_lang(user)
        await origin.client.views_open(trigger_id=trigger_id, view=modals.draft_form(lang))

    async def check_draft(
        self, origin: Origin, user: UserKey, view_id: str, text: str, lang: str
    ) -> None:
        """A submitted draft: the verdict replaces the waiting view (or arrives by DM)."""
        profile = await self.profile(origin, user)
        replies = await self.ask(
            user, conversation_key(origin.tenant, user.user_id), ReviewDraft(text), profile
        )
        messages = render(replies)
        try:
            await origin.client.views_update(view_id=view_id, view=modals.result(lang, messages))
        except SlackApiError as exc:
            logger.info("draft result not shown in the modal (%s); sending a DM", error_code(exc))
            await origin.outbox.dm(user.user_id, messages)

    async def draft_failed(self, origin: Origin, user: UserKey, view_id: str, lang: str) -> None:
        try:
            await origin.client.views_update(
                view_id=view_id, view=modals.result(lang, self.apology(lang))
            )
        except SlackApiError:
            await origin.outbox.dm(user.user_id, self.apology(lang))

    # --- buttons and pickers ------------------------------------------------------------------

    async def act(
        self,
        origin: Origin,
        user: UserKey,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond | None,
    ) -> None:
        action_id = str(action.get("action_id", ""))
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        in_home = (body.get("view") or {}).get("type") == "home"
        profile = await self.profile(origin, user)
        if action_id in ids.ROLEPLAY:
            await self._roleplay_button(origin, user, profile, body, action)
        elif action_id == ids.START:
            await self._start_button(origin, user, profile, channel, action, respond, in_home)
        elif action_id == ids.FEEDBACK:
            await origin.client.views_open(
                trigger_id=str(body.get("trigger_id", "")), view=modals.draft_form(profile.lang)
            )
        else:
            command = _button_command(action)
            if command is None:
                return
            here = conversation_key(origin.tenant, channel)
            replies = await self.ask(user, here, command, profile)
            if isinstance(command, TipSettings) and in_home:
                await self.publish_home(origin, user)
            elif respond is not None:
                replace = isinstance(command, Forget)
                await origin.outbox.respond(respond, render(replies), replace_original=replace)
            elif isinstance(command, TipSettings) and channel:
                await origin.outbox.ephemeral(channel, user.user_id, render(replies))
            else:
                await origin.outbox.dm(user.user_id, render(replies))

    async def _roleplay_button(
        self,
        origin: Origin,
        user: UserKey,
        profile: Profile,
        body: dict[str, Any],
        action: dict[str, Any],
    ) -> None:
        """Hint (privately), Rewind and End (in the thread) for the role-play the button
        belongs to; the button's value is that role-play's conversation id."""
        action_id = str(action.get("action_id", ""))
        conversation_id = str(action.get("value") or "")
        channel, thread_ts = thread_of(conversation_id)
        if not channel or thread_ts is None:
            return
        command = ids.simple_command(action_id)
        if command is None:
            return
        conversation = ConversationKey(PLATFORM, origin.tenant, conversation_id)
        replies = await self.ask(user, conversation, command, profile)
        messages = render(replies, conversation=conversation_id)
        outbox = origin.outbox
        if action_id == ids.HINT:
            await outbox.ephemeral(channel, user.user_id, messages, thread_ts=thread_ts)
            return
        await outbox.post(channel, messages, thread_ts=thread_ts)
        message = body.get("message") or {}
        if action_id == ids.END and message.get("ts") and not _ephemeral(body):
            # The role-play is over: its buttons go from the message that offered them.
            blocks = [b for b in message.get("blocks", ()) if b.get("block_id") != ROLEPLAY_BLOCK]
            await origin.client.chat_update(
                channel=channel,
                ts=str(message["ts"]),
                text=str(message.get("text", "")),
                blocks=blocks,
            )

    async def _start_button(
        self,
        origin: Origin,
        user: UserKey,
        profile: Profile,
        channel: str,
        action: dict[str, Any],
        respond: AsyncRespond | None,
        in_home: bool,
    ) -> None:
        conversation_id = str(action.get("value") or "")
        here, thread_ts = thread_of(conversation_id)
        if here and thread_ts is not None:
            # From a scorecard: the next role-play continues in the same thread.
            conversation = ConversationKey(PLATFORM, origin.tenant, conversation_id)
            replies = await self.ask(user, conversation, StartRoleplay(), profile)
            messages = render(replies, conversation=conversation_id)
            await origin.outbox.post(here, messages, thread_ts=thread_ts)
            return
        if in_home or not channel:
            channel = await origin.outbox.open_dm(user.user_id)
            respond = None
        await self.start_roleplay(origin, user, profile, channel, StartRoleplay(), respond=respond)

    # --- App Home -----------------------------------------------------------------------------

    async def publish_home(self, origin: Origin, user: UserKey) -> None:
        profile = await self.profile(origin, user)
        record = await self.store.get_or_create_user(user)
        progress = await self.store.progress(user)
        sessions = await self.store.recent_sessions(user, limit=HOME_SESSIONS)
        view = home_view(profile.lang, record, progress, sessions)
        await origin.client.views_publish(user_id=user.user_id, view=view)


def _ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _button_command(action: dict[str, Any]) -> Command | None:
    """What a tip, tip-settings or forget button asks (the time picker: its chosen time)."""
    action_id = str(action.get("action_id", ""))
    if action_id != ids.TIP_TIME:
        return ids.simple_command(action_id)
    match = _TIME.match(str(action.get("selected_time") or ""))
    if match is None:
        return None
    return TipSettings(enabled=True, at=time(int(match.group(1)), int(match.group(2))))
