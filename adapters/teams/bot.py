"""The Teams bot: an ``ActivityHandler`` that holds the coach and speaks Teams.

* messages (typed text and card buttons) → :func:`~adapters.teams.conversion.to_request` →
  ``Coach.handle`` → :func:`~adapters.teams.rendering.render`; in group chats and channels only
  when the bot is @mentioned; a redelivered activity is answered once (``mark_event_processed``);
* a typing indicator while the coach works, and in a personal chat with a language model the
  customer's words streamed as they are written (:mod:`adapters.teams.streaming`);
* installation: a welcome card, and the conversation reference stored for daily tips;
  uninstalling disables the reference;
* the "Check footing" message extension (:mod:`adapters.teams.extension`).

Errors are caught once, here, logged by type only (never with message text), and answered with
a short friendly message.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes
from botbuilder.schema.teams import MessagingExtensionAction, MessagingExtensionActionResponse

from adapters.teams.conversion import (
    PLATFORM,
    draft_from_payload,
    event_id,
    is_personal,
    locale_of,
    request_for,
    to_request,
    user_key,
)
from adapters.teams.extension import (
    INSERT,
    draft_dialog,
    error_dialog,
    feedback_dialog,
    insert_result,
    submitted,
)
from adapters.teams.labels import caption
from adapters.teams.proactive import reference_of
from adapters.teams.profiles import ProfileSync
from adapters.teams.rendering import render, render_welcome, text_message
from adapters.teams.streaming import TeamsStream
from adapters.teams.typing_indicator import TypingIndicator
from bot.coach.coach import Coach
from bot.coach.commands import parse_command
from bot.coach.messages import pick_lang, say
from bot.coach.replies import CustomerLine, Reply
from bot.coach.requests import Command, Forget, Request, ReviewDraft, Say
from bot.coach.streaming import streaming_into
from bot.errors import InputError
from bot.identity import UserKey
from bot.store import Store, StoreUnavailable

logger = logging.getLogger(__name__)

MAX_REMEMBERED_REFERENCES: Final = 10_000


@dataclass(frozen=True, slots=True)
class TeamsOptions:
    """Tuning of the Teams surface (tests and the benchmark shorten the delays)."""

    typing_delay_s: float = 0.3
    typing_period_s: float = 3.0
    stream_interval_s: float = 1.0
    streaming: bool = True  # stream in personal chats when the coach's voice can


class NoblesseBot(TeamsActivityHandler):
    def __init__(
        self,
        coach: Coach,
        store: Store,
        *,
        streaming: bool = False,
        options: TeamsOptions | None = None,
    ) -> None:
        self.coach = coach
        self.store = store
        self.options = options or TeamsOptions()
        self.streaming = streaming and self.options.streaming
        self.profiles = ProfileSync(store)
        self._referenced: OrderedDict[UserKey, None] = OrderedDict()

    # --- the boundary -------------------------------------------------------------------------

    async def on_turn(self, turn_context: TurnContext) -> None:
        try:
            await super().on_turn(turn_context)
        except Exception as exc:
            logger.exception("teams turn failed: %s", type(exc).__name__)
            if turn_context.activity.type == ActivityTypes.message:
                await self._apologise(turn_context, exc)

    async def _apologise(self, turn_context: TurnContext, exc: BaseException) -> None:
        lang = pick_lang(locale_of(turn_context.activity))
        key = "store_down" if isinstance(exc, StoreUnavailable) else "error"
        try:
            await turn_context.send_activity(text_message(say(lang, key)))
        except Exception as again:
            logger.warning(
                "teams: could not tell the user about an error: %s", type(again).__name__
            )

    # --- messages -----------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        request = to_request(activity)
        if request is None:
            return
        key = event_id(activity)
        if key is not None and not await self.store.mark_event_processed(key):
            logger.info("teams: a redelivered activity was answered already; skipped")
            return
        if _forgets(request.command):
            self._forget(request.user)
        else:
            await self.profiles.sync(request.user, request.locale, request.timezone)
            if is_personal(activity):
                await self._remember_reference(turn_context, request.user)
        await self._answer(turn_context, request)

    async def _answer(self, turn_context: TurnContext, request: Request) -> None:
        """Ask the coach, with a typing indicator meanwhile and, in a personal chat with a
        streaming voice, the customer's words streamed; then send the replies."""
        lang = pick_lang(request.locale)
        stream: TeamsStream | None = None
        try:
            async with TypingIndicator(
                turn_context,
                delay_s=self.options.typing_delay_s,
                period_s=self.options.typing_period_s,
            ) as typing:
                if self.streaming and is_personal(turn_context.activity):
                    stream = TeamsStream(
                        turn_context,
                        informative=caption(lang, "customer_thinking"),
                        min_interval_s=self.options.stream_interval_s,
                        on_begin=typing.stop,
                    )
                    with streaming_into(stream):
                        replies = await self.coach.handle(request)
                else:
                    replies = await self.coach.handle(request)
        except Exception as exc:
            logger.exception("teams: the coach failed: %s", type(exc).__name__)
            key = "store_down" if isinstance(exc, StoreUnavailable) else "error"
            apology = text_message(say(lang, key))
            if stream is not None and stream.streaming:
                await stream.finish(apology)
            else:
                await turn_context.send_activity(apology)
            return
        await self._send(turn_context, replies, stream)

    async def _send(
        self, turn_context: TurnContext, replies: Sequence[Reply], stream: TeamsStream | None
    ) -> None:
        activities = [render(reply) for reply in replies]
        if stream is not None and stream.stream_id is not None:
            # The streamed line lands first: Teams wants the stream closed before other posts.
            index = next(
                (i for i, reply in enumerate(replies) if isinstance(reply, CustomerLine)), None
            )
            final = activities.pop(index) if index is not None else text_message(stream.text)
            await stream.finish(final)
        if activities:
            await turn_context.send_activities(activities)

    # --- installation -------------------------------------------------------------------------

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if any(member.id == bot_id for member in activity.members_added or []):
            await self._welcome(turn_context)
        elif any(member.id == bot_id for member in activity.members_removed or []):
            await self._uninstalled(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        if is_personal(turn_context.activity):
            await self._save_reference(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self._uninstalled(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        personal = is_personal(activity)
        if personal:
            await self._save_reference(turn_context)
        lang = pick_lang(locale_of(activity))
        await turn_context.send_activity(render_welcome(lang, personal=personal))

    async def _uninstalled(self, turn_context: TurnContext) -> None:
        if not is_personal(turn_context.activity):
            return
        user = user_key(turn_context.activity)
        self._referenced.pop(user, None)
        if await self.store.disable_conversation_ref(user, PLATFORM):
            logger.info("teams: the app was removed from a personal chat; tips stopped")

    async def _save_reference(self, turn_context: TurnContext) -> None:
        user = user_key(turn_context.activity)
        await self.store.save_conversation_ref(user, PLATFORM, reference_of(turn_context.activity))
        self._mark_referenced(user)

    async def _remember_reference(self, turn_context: TurnContext, user: UserKey) -> None:
        """Store the personal chat's reference once per user and process, when the stored one
        is missing, disabled or points elsewhere (Teams moved the conversation's region)."""
        if user in self._referenced:
            self._referenced.move_to_end(user)
            return
        activity = turn_context.activity
        stored = await self.store.get_conversation_ref(user, PLATFORM)
        fresh = reference_of(activity)
        if (
            stored is None
            or stored.disabled
            or stored.reference.get("serviceUrl") != fresh.get("serviceUrl")
            or stored.reference.get("conversation") != fresh.get("conversation")
        ):
            await self.store.save_conversation_ref(user, PLATFORM, fresh)
        self._mark_referenced(user)

    def _mark_referenced(self, user: UserKey) -> None:
        self._referenced[user] = None
        self._referenced.move_to_end(user)
        while len(self._referenced) > MAX_REMEMBERED_REFERENCES:
            self._referenced.popitem(last=False)

    def _forget(self, user: UserKey) -> None:
        self._referenced.pop(user, None)
        self.profiles.forget(user)

    # --- the message extension ----------------------------------------------------------------

    async def on_teams_messaging_extension_fetch_task(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        lang = pick_lang(locale_of(turn_context.activity))
        return draft_dialog(lang, draft_from_payload(action.message_payload))

    async def on_teams_messaging_extension_submit_action(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        activity: Activity = turn_context.activity
        lang = pick_lang(locale_of(activity))
        step, text = submitted(action.data)
        if step == INSERT:
            return insert_result(text) if text.strip() else draft_dialog(lang, "")
        try:
            replies = await self.coach.handle(request_for(activity, ReviewDraft(text)))
        except Exception as exc:
            logger.exception("teams: draft check failed: %s", type(exc).__name__)
            return error_dialog(lang)
        return feedback_dialog(lang, replies, text)


def _forgets(command: Command) -> bool:
    """Whether ``command`` may be a confirmed "forget me" (then cached facts are dropped)."""
    if isinstance(command, Say):
        try:
            command = parse_command(command.text)
        except InputError:
            return False
    return isinstance(command, Forget) and command.confirmed
