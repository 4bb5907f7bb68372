"""The fast half of each Slack interaction: acknowledge at once, then hand the work over.

Slack wants every request acknowledged within 3 seconds. Each listener here acknowledges (for
events Bolt does it), reads what it needs from the payload, and starts the slow work
(``SlackCoaching``) in the background; with ``process_before_response`` the HTTP answer leaves
as soon as the listener returns. Messages from bots — this app included — and message edits,
deletions and joins are ignored, so the app never talks to itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say_stream.async_say_stream import AsyncSayStream
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_sdk.web.async_chat_stream import AsyncChatStream

from adapters.slack import actions as ids
from adapters.slack import modals
from adapters.slack.background import BackgroundWork
from adapters.slack.coaching import Origin, SlackCoaching
from adapters.slack.deduplication import is_person_message
from adapters.slack.keys import tenant_of, user_key
from adapters.slack.profiles import Workspace
from adapters.slack.streaming import BUFFER_CHARS
from bot.coach.messages import pick_lang
from bot.identity import UserKey

logger = logging.getLogger(__name__)

COMMAND = "/coach"


def origin_of(context: AsyncBoltContext) -> Origin:
    enterprise_id = context.enterprise_id
    team_id = context.team_id
    is_enterprise = bool(context.is_enterprise_install)
    return Origin(
        tenant=tenant_of(enterprise_id, team_id, is_enterprise),
        workspace=Workspace(team_id, enterprise_id, is_enterprise),
        client=context.client,
        bot_user_id=context.bot_user_id,
    )


def without_mention(text: str, bot_user_id: str | None) -> str:
    """The text of an @-mention without the mention of this app."""
    if not bot_user_id:
        return text
    return re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text).strip()


class SlackListeners:
    """Bolt listeners: acknowledge, then start the matching ``SlackCoaching`` job."""

    def __init__(self, coaching: SlackCoaching, work: BackgroundWork) -> None:
        self.coaching = coaching
        self.work = work

    def register(self, app: AsyncApp) -> None:
        """Add every listener (and the assistant) to ``app``, after its global middleware."""
        assistant = AsyncAssistant()
        assistant.thread_started(self.on_thread_started)
        assistant.user_message(self.on_assistant_message)
        app.assistant(assistant)
        app.command(COMMAND)(self.on_command)
        app.shortcut(ids.CHECK_FOOTING)(self.on_check_footing)
        app.shortcut(ids.CHECK_DRAFT)(self.on_check_draft)
        app.view(ids.DRAFT_VIEW)(self.on_draft_submitted)
        app.action(ids.PATTERN)(self.on_action)
        app.event("app_home_opened")(self.on_home_opened)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)

    # --- helpers ------------------------------------------------------------------------------

    def _apologise(
        self, origin: Origin, user: UserKey, channel: str, thread_ts: str | None = None
    ) -> Callable[[], Awaitable[None]]:
        async def apologise() -> None:
            lang = await self.coaching.quick_lang(user)
            messages = self.coaching.apology(lang)
            if channel:
                await origin.outbox.ephemeral(channel, user.user_id, messages, thread_ts=thread_ts)
            else:
                await origin.outbox.dm(user.user_id, messages)

        return apologise

    def _apologise_by_respond(
        self, origin: Origin, user: UserKey, respond: AsyncRespond
    ) -> Callable[[], Awaitable[None]]:
        async def apologise() -> None:
            lang = await self.coaching.quick_lang(user)
            await origin.outbox.respond(respond, self.coaching.apology(lang))

        return apologise

    # --- /coach -------------------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        if not body.get("response_url"):
            # Every answer to a command goes through its response_url; Slack always sends one.
            logger.info("slash command without a response_url ignored")
            return
        origin = origin_of(context)
        user = user_key(origin.tenant, str(body.get("user_id", "")))
        channel = str(body.get("channel_id", ""))
        self.work.spawn(
            self.coaching.command(origin, user, channel, str(body.get("text") or ""), respond),
            what="slash command",
            on_error=self._apologise_by_respond(origin, user, respond),
        )

    # --- events -------------------------------------------------------------------------------

    async def on_message(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        """A message in a channel thread (a role-play turn, if the writer has one running
        there) or in the DM with the app. Everything else is ignored."""
        if not is_person_message(event):
            return
        origin = origin_of(context)
        channel = str(event.get("channel", ""))
        text = str(event.get("text") or "")
        thread_ts = event.get("thread_ts")
        is_dm = event.get("channel_type") == "im"
        if not is_dm:
            if not thread_ts:
                return  # a channel message outside any thread is none of the coach's business
            if origin.bot_user_id and f"<@{origin.bot_user_id}" in text:
                return  # an @-mention: the app_mention event answers it
        user = user_key(origin.tenant, str(event.get("user")))
        root = str(thread_ts or event.get("ts", ""))
        self.work.spawn(
            self.coaching.converse(
                origin,
                user,
                channel,
                root,
                text,
                in_thread=bool(thread_ts),
                roleplay_only=not is_dm,
            ),
            what="message",
            on_error=self._apologise(origin, user, channel, str(thread_ts) if thread_ts else None),
        )

    async def on_mention(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        if not is_person_message(event):
            return
        origin = origin_of(context)
        channel = str(event.get("channel", ""))
        root = str(event.get("thread_ts") or event.get("ts", ""))
        user = user_key(origin.tenant, str(event.get("user")))
        text = without_mention(str(event.get("text") or ""), origin.bot_user_id)
        self.work.spawn(
            self.coaching.converse(origin, user, channel, root, text, in_thread=True),
            what="mention",
            on_error=self._apologise(origin, user, channel, root),
        )

    async def on_home_opened(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("tab") != "home":
            return
        origin = origin_of(context)
        user = user_key(origin.tenant, str(event.get("user", "")))
        self.work.spawn(self.coaching.publish_home(origin, user), what="home tab")

    # --- the assistant (AI app split view) ----------------------------------------------------

    async def on_thread_started(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        thread = event.get("assistant_thread") or {}
        origin = origin_of(context)
        user = user_key(origin.tenant, str(thread.get("user_id", "")))
        channel = str(thread.get("channel_id", ""))
        thread_ts = str(thread.get("thread_ts", ""))
        self.work.spawn(
            self.coaching.greet(origin, user, channel, thread_ts),
            what="assistant thread",
            on_error=self._apologise(origin, user, channel, thread_ts),
        )

    async def on_assistant_message(
        self, event: dict[str, Any], context: AsyncBoltContext, say_stream: AsyncSayStream
    ) -> None:
        if not is_person_message(event):
            return
        origin = origin_of(context)
        user = user_key(origin.tenant, str(event.get("user")))
        channel = str(event.get("channel", ""))
        thread_ts = str(event.get("thread_ts", ""))

        async def open_stream() -> AsyncChatStream:
            return await say_stream(buffer_size=BUFFER_CHARS)

        self.work.spawn(
            self.coaching.converse(
                origin,
                user,
                channel,
                thread_ts,
                str(event.get("text") or ""),
                in_thread=True,
                open_stream=open_stream,
                show_status=True,
            ),
            what="assistant message",
            on_error=self._apologise(origin, user, channel, thread_ts),
        )

    # --- shortcuts, the modal and buttons -----------------------------------------------------

    async def on_check_footing(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        origin = origin_of(context)
        user = user_key(origin.tenant, str((body.get("user") or {}).get("id", "")))
        channel = str((body.get("channel") or {}).get("id", ""))
        message = body.get("message") or {}
        thread_ts = message.get("thread_ts")
        self.work.spawn(
            self.coaching.check_message(
                origin, user, channel, str(message.get("text") or ""), thread_ts
            ),
            what="message shortcut",
            on_error=self._apologise(origin, user, channel, thread_ts),
        )

    async def on_check_draft(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        origin = origin_of(context)
        user = user_key(origin.tenant, str((body.get("user") or {}).get("id", "")))
        self.work.spawn(
            self.coaching.open_draft_form(origin, user, str(body.get("trigger_id", ""))),
            what="global shortcut",
            on_error=self._apologise(origin, user, ""),
        )

    async def on_draft_submitted(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        view = body.get("view") or {}
        lang = pick_lang(str(view.get("private_metadata") or ""))
        await ack(response_action="update", view=modals.checking(lang))
        origin = origin_of(context)
        user = user_key(origin.tenant, str((body.get("user") or {}).get("id", "")))
        view_id = str(view.get("id", ""))
        text = modals.submitted_draft(view)

        async def apologise() -> None:
            await self.coaching.draft_failed(origin, user, view_id, lang)

        self.work.spawn(
            self.coaching.check_draft(origin, user, view_id, text, lang),
            what="draft modal",
            on_error=apologise,
        )

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        origin = origin_of(context)
        user = user_key(origin.tenant, str((body.get("user") or {}).get("id", "")))
        respond = context.respond if body.get("response_url") else None
        channel = str((body.get("channel") or {}).get("id", ""))
        on_error = (
            self._apologise_by_respond(origin, user, respond)
            if respond is not None
            else self._apologise(origin, user, channel)
        )
        self.work.spawn(
            self.coaching.act(origin, user, body, action, respond),
            what=f"button {action.get('action_id', '')}",
            on_error=on_error,
        )
