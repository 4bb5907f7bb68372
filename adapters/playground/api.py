"""The playground's JSON API under ``/api/playground/``.

=======  =================  ==================================================================
method   path               body (JSON) or query → answer
=======  =================  ==================================================================
POST     start              tab, scenario?, difficulty?, lang?, seed? → replies + session
POST     turn               tab, text → footing verdict, customer line (+ scorecard at the end)
POST     hint / rewind      tab → a notice
POST     end                tab → the scorecard
POST     feedback           text → the draft's feedback
POST     tip                → today's tip
POST     forget             confirmed? → a confirmation question, or everything deleted
POST     language           locale → the visitor's language is stored
GET      scenarios          → the scenario list
GET      progress           → the visitor's progress
GET      session            tab → the running role-play, to restore the page
=======  =================  ==================================================================

Every request may carry ``locale`` (the page's language, "en" or "nl") and ``timezone`` (the
browser's IANA zone). Answers are ``{"replies": [...], "session": {...}}``; errors are
``{"error": {"code", "message"}}`` with a 4xx status for anything the caller got wrong (503
when the database is down, 500 only for a fault of ours).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from aiohttp import web

from adapters.playground.payloads import (
    PayloadError,
    optional_bool,
    optional_choice,
    optional_seed,
    optional_text,
    read_body,
    required_text,
    tab_of,
    timezone_of,
)
from adapters.playground.render import to_json
from adapters.playground.texts import api_text
from adapters.playground.transcript import session_from_replies, session_meta, transcript
from adapters.playground.visitors import new_visitor_id, remember_visitor, visitor_of
from adapters.server.limits import RateLimiter
from adapters.server.metering import MeteredCoach
from adapters.server.metrics import Metrics
from adapters.server.responses import json_error, request_lang
from bot.coach.messages import LANGS, pick_lang
from bot.coach.requests import (
    DIFFICULTIES,
    Command,
    EndRoleplay,
    Forget,
    Hint,
    ListScenarios,
    Request,
    ReviewDraft,
    Rewind,
    ShowProgress,
    StartRoleplay,
    TipNow,
    Turn,
)
from bot.identity import ConversationKey, UserKey
from bot.store import Store, StoreConflict, StoreUnavailable

logger = logging.getLogger(__name__)

PREFIX: Final = "/api/playground"
PLATFORM: Final = "web"
DEFAULT_TAB: Final = "default"
MAX_SCENARIO_CHARS: Final = 64
MAX_LOCALE_CHARS: Final = 16


@dataclass(frozen=True, slots=True)
class Call:
    """One API call, checked: who, which tab, in which language."""

    visitor: str
    body: dict[str, Any]
    lang: str
    tab: str | None
    timezone: str | None

    @property
    def user(self) -> UserKey:
        return UserKey(PLATFORM, "", self.visitor)

    @property
    def conversation(self) -> ConversationKey:
        return ConversationKey(PLATFORM, "", f"{self.visitor}/{self.tab or DEFAULT_TAB}")


Action = Callable[[Call], Awaitable[dict[str, Any]]]


class PlaygroundApi:
    """The API's handlers, holding the coach and the store (never reaching for globals)."""

    def __init__(
        self,
        coach: MeteredCoach,
        store: Store,
        *,
        limiter: RateLimiter | None = None,
        newcomer_limiter: RateLimiter | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.coach = coach
        self.store = store
        self.limiter = limiter or RateLimiter()
        # Requests without a visitor cookie are also limited per network address.
        self.newcomer_limiter = newcomer_limiter or RateLimiter(limit=300)
        self.metrics = metrics

    def mount(self, app: web.Application) -> None:
        routes: dict[str, tuple[str, Action]] = {
            "start": ("POST", self._start),
            "turn": ("POST", self._turn),
            "hint": ("POST", self._simple(Hint())),
            "rewind": ("POST", self._simple(Rewind())),
            "end": ("POST", self._simple(EndRoleplay())),
            "feedback": ("POST", self._feedback),
            "tip": ("POST", self._plain(TipNow())),
            "forget": ("POST", self._forget),
            "language": ("POST", self._language),
            "scenarios": ("GET", self._plain(ListScenarios())),
            "progress": ("GET", self._plain(ShowProgress())),
            "session": ("GET", self._session),
        }
        for name, (method, action) in routes.items():
            app.router.add_route(method, f"{PREFIX}/{name}", self._endpoint(name, action))
        methods = {name: method for name, (method, _) in routes.items()}

        async def elsewhere(request: web.Request) -> web.Response:
            action = request.match_info["tail"]
            lang = request_lang(request)
            if action in methods:
                method = methods[action]
                message = api_text(lang, "wrong_method", method=method)
                return json_error(405, "wrong_method", message, headers={"Allow": method})
            message = api_text(lang, "unknown_action", action=action[:40])
            return json_error(404, "unknown_action", message)

        app.router.add_route("*", PREFIX + "/{tail:.*}", elsewhere)

    # --- the frame every call goes through ------------------------------------------------

    def _endpoint(
        self, name: str, action: Action
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            visitor, renew = visitor_of(request)
            lang = request_lang(request)
            response: web.StreamResponse
            try:
                refused = self._refuse(request, visitor, renew, lang)
                if refused is not None:
                    response = refused
                else:
                    body = await read_body(request)
                    locale = optional_text(body, "locale", limit=MAX_LOCALE_CHARS)
                    lang = pick_lang(locale, lang) if locale else lang
                    call = Call(visitor, body, lang, tab_of(body), timezone_of(body))
                    payload = await action(call)
                    if payload.get("forgotten"):
                        visitor, renew = new_visitor_id(), True  # a fresh start, a fresh id
                    response = web.json_response(payload)
            except PayloadError as exc:
                response = json_error(exc.status, exc.key, api_text(lang, exc.key, **exc.values))
            except StoreUnavailable:
                logger.warning("playground %s: the database is unavailable", name)
                response = json_error(503, "store_down", api_text(lang, "store_down"))
            except StoreConflict:
                response = json_error(409, "busy", api_text(lang, "busy"))
            except web.HTTPException:
                raise
            except Exception as exc:
                logger.exception("playground %s failed: %s", name, type(exc).__name__)
                response = json_error(500, "error", api_text(lang, "error"))
            if renew:
                remember_visitor(request, response, visitor)
            response.headers["Cache-Control"] = "no-store"
            return response

        return handle

    def _refuse(
        self, request: web.Request, visitor: str, is_new: bool, lang: str
    ) -> web.Response | None:
        """A 403 for a request from another site, a 429 when the caller goes too fast."""
        if request.method == "POST" and not _same_site(request):
            return json_error(403, "other_site", api_text(lang, "other_site"))
        wait = self.limiter.check(visitor)
        if is_new and not wait:
            wait = self.newcomer_limiter.check(f"address:{request.remote or ''}")
        if not wait:
            return None
        if self.metrics is not None:
            self.metrics.rate_limited.inc()
        return json_error(
            429,
            "slow_down",
            api_text(lang, "slow_down"),
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )

    async def _ask(self, call: Call, command: Command, *, with_session: bool) -> dict[str, Any]:
        replies = await self.coach.handle(
            Request(
                user=call.user,
                conversation=call.conversation,
                command=command,
                locale=call.lang,
                timezone=call.timezone,
            )
        )
        payload: dict[str, Any] = {"replies": [to_json(reply) for reply in replies]}
        if with_session:
            known = session_from_replies(replies)
            if known is None:
                known = session_meta(await self.store.active_session(call.user, call.conversation))
            payload["session"] = known
        return payload

    # --- actions ---------------------------------------------------------------------------

    async def _start(self, call: Call) -> dict[str, Any]:
        body = call.body
        command = StartRoleplay(
            scenario=optional_text(body, "scenario", limit=MAX_SCENARIO_CHARS) or None,
            difficulty=optional_choice(body, "difficulty", DIFFICULTIES),  # type: ignore[arg-type]
            lang=optional_choice(body, "lang", LANGS) or call.lang,
            seed=optional_seed(body),
        )
        return await self._ask(call, command, with_session=True)

    async def _turn(self, call: Call) -> dict[str, Any]:
        text = required_text(call.body, "text")
        logger.debug("playground turn", extra={"message_text": text})
        return await self._ask(call, Turn(text), with_session=True)

    async def _feedback(self, call: Call) -> dict[str, Any]:
        text = required_text(call.body, "text")
        logger.debug("playground draft check", extra={"message_text": text})
        return await self._ask(call, ReviewDraft(text), with_session=False)

    def _simple(self, command: Command) -> Action:
        async def act(call: Call) -> dict[str, Any]:
            return await self._ask(call, command, with_session=True)

        return act

    def _plain(self, command: Command) -> Action:
        async def act(call: Call) -> dict[str, Any]:
            return await self._ask(call, command, with_session=False)

        return act

    async def _forget(self, call: Call) -> dict[str, Any]:
        confirmed = bool(optional_bool(call.body, "confirmed"))
        payload = await self._ask(call, Forget(confirmed=confirmed), with_session=False)
        payload["forgotten"] = confirmed
        return payload

    async def _language(self, call: Call) -> dict[str, Any]:
        locale = optional_choice(call.body, "locale", LANGS)
        if locale is None:
            raise PayloadError("missing", field="locale")
        await self.coach.set_language(call.user, locale)
        return {"replies": [], "locale": locale}

    async def _session(self, call: Call) -> dict[str, Any]:
        session = await self.store.active_session(call.user, call.conversation)
        if session is None:
            return {"replies": [], "session": session_meta(None)}
        return {"replies": await transcript(self.store, session), "session": session_meta(session)}


def _same_site(request: web.Request) -> bool:
    """False for a browser request that another site sent (by ``Origin`` or the fetch
    metadata); requests without those headers (curl, tests) are not browsers' and pass."""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    origin = request.headers.get("Origin", "")
    if not origin:
        return True
    if origin == "null":  # a sandboxed frame or a local file
        return False
    return urlsplit(origin).netloc == request.host
