"""The coach: one entry point (``Coach.handle``) for every surface.

Adapters turn platform events into a :class:`~bot.coach.requests.Request` and render the
returned replies. The coach holds the store and its collaborators (judge, voice); it never sees
a platform object and never raises for a user's mistake: bad input becomes a friendly notice.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from bot.coach.collaborators import Judge, OfflineJudge, OfflineVoice, Voice
from bot.coach.commands import parse_command
from bot.coach.messages import help_commands, label, pick_lang, say
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
    TurnScore,
)
from bot.coach.requests import (
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
    TipSettings,
    Turn,
    Unknown,
)
from bot.coach.scorecard import habits_to_practise, rose_position, trend
from bot.coach.texts import badge_text, feedback_text, scorecard_text
from bot.coach.throttle import Throttle
from bot.coach.tipping import TipPicker
from bot.customer import engine
from bot.customer.errors import CustomerError
from bot.customer.hints import hint as customer_hint
from bot.customer.model import Exchange
from bot.customer.scenario import Scenario, load_scenario, load_scenarios
from bot.customer.state import CustomerState
from bot.customer.summary import summarize
from bot.errors import InputError
from bot.footing import MAX_CHARS
from bot.footing.model import Assessment
from bot.identity import UserKey
from bot.store import SessionHandle, Store
from bot.store.records import SessionRecord, UserRecord

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
USER_CACHE_SECONDS = 30.0
USER_CACHE_SIZE = 10_000
RECENT_EXCHANGES = 4  # earlier turns a model-backed voice sees besides the rolling summary


class Coach:
    """Platform-neutral coaching: role-play, draft feedback, tips, progress, privacy."""

    def __init__(
        self,
        store: Store,
        *,
        judge: Judge | None = None,
        voice: Voice | None = None,
        tips: TipPicker | None = None,
        rng: random.Random | None = None,
        throttle: Throttle | None = None,
    ) -> None:
        self.store = store
        self.judge: Judge = judge or OfflineJudge()
        self.voice: Voice = voice or OfflineVoice()
        self.tips = tips or TipPicker(store)
        self._rng = rng or random.Random()
        self.throttle = throttle or Throttle()
        self._users: dict[UserKey, tuple[UserRecord, float]] = {}

    async def handle(self, request: Request) -> list[Reply]:
        """Answer one request. User mistakes come back as notices, never as exceptions."""
        verdict = self.throttle.check(request.user)
        if verdict != "allow":
            logger.info("throttled a user's request (%s)", verdict)
            if verdict == "drop":
                return []
            lang = pick_lang(request.locale)
            return [Notice(lang, "warning", say(lang, "slow_down"))]
        user = await self._user(request)
        lang = pick_lang(user.lang, request.locale)
        command = _clean(request.command)
        try:
            if isinstance(command, Say):
                active = await self.store.active_session(request.user, request.conversation)
                command = parse_command(command.text, in_roleplay=active is not None)
                if isinstance(command, Turn) and active is not None:
                    return await self._turn(request, command.text, lang, active)
            return await self._dispatch(request, command, user, lang)
        except InputError as exc:
            return [Notice(lang, "warning", str(exc))]

    async def _user(self, request: Request) -> UserRecord:
        """The user's record, from a short-lived cache: settings change rarely, and every
        change made through this coach refreshes it."""
        cached = self._users.get(request.user)
        if (
            cached is not None
            and cached[1] > time.monotonic()
            and (not request.timezone or cached[0].tz == request.timezone)
        ):
            return cached[0]
        lang = pick_lang(request.locale) if request.locale else None
        user = await self.store.get_or_create_user(request.user, lang=lang, tz=request.timezone)
        if request.timezone and user.tz != request.timezone:
            user = await self.store.update_user(request.user, tz=request.timezone)
        return self._remember(user)

    async def set_language(self, user: UserKey, lang: str) -> UserRecord:
        """Change a user's interface language (a surface's language switch)."""
        return self._remember(await self.store.update_user(user, lang=pick_lang(lang)))

    def _remember(self, user: UserRecord) -> UserRecord:
        if len(self._users) >= USER_CACHE_SIZE:
            self._users.clear()
        self._users[user.key] = (user, time.monotonic() + USER_CACHE_SECONDS)
        return user

    async def _dispatch(
        self, request: Request, command: Command, user: UserRecord, lang: str
    ) -> list[Reply]:
        match command:
            case StartRoleplay():
                return await self._start(request, command, lang)
            case Turn(text=text):
                return await self._turn(request, text, lang)
            case Hint():
                return await self._hint(request, lang)
            case Rewind():
                return await self._rewind(request, lang)
            case EndRoleplay():
                return await self._end(request, lang)
            case ReviewDraft(text=text):
                return await self._review(request, text, lang)
            case TipNow():
                return [await self.tips.today(user, lang)]
            case TipSettings():
                return [await self._tip_settings(request, command, user, lang)]
            case ShowProgress():
                return [await self._progress(request, user, lang)]
            case ListScenarios():
                return [self._scenarios(lang)]
            case Forget(confirmed=confirmed):
                return [await self._forget(request, confirmed, lang)]
            case Help():
                return [self._help(lang)]
            case Unknown():
                return [Notice(lang, "info", say(lang, "unknown"), actions=("start", "tip"))]
        return [Notice(lang, "info", say(lang, "unknown"))]

    # --- role-play ---------------------------------------------------------------------------

    async def _start(self, request: Request, command: StartRoleplay, lang: str) -> list[Reply]:
        session_lang = pick_lang(command.lang, lang)
        scenarios = {s.id: s for s in load_scenarios()}
        if command.scenario and command.scenario not in scenarios:
            chosen = _match_scenario(command.scenario, scenarios)
            if chosen is None:
                listing = self._scenarios(lang)
                notice = say(lang, "unknown_scenario", name=command.scenario)
                return [Notice(lang, "warning", notice), listing]
            scenario = chosen
        elif command.scenario:
            scenario = scenarios[command.scenario]
        else:
            scenario = self._rng.choice(sorted(scenarios.values(), key=lambda s: s.id))
        difficulty = command.difficulty or "normal"
        seed = command.seed if command.seed is not None else self._rng.randrange(2**31)
        state, opening = engine.start(scenario.id, difficulty, session_lang, seed)  # type: ignore[arg-type]
        session = await self.store.create_session(
            request.user,
            request.conversation,
            scenario=scenario.id,
            difficulty=difficulty,
            lang=session_lang,
            seed=seed,
            state=_wrap(state, opening),
        )
        title = scenario.title[session_lang]  # type: ignore[index]
        started = RoleplayStarted(
            lang=session_lang,
            session_id=session.id,
            scenario_id=scenario.id,
            title=title,
            briefing=scenario.briefing[session_lang],  # type: ignore[index]
            customer_name=scenario.customer.name,
            customer_role=scenario.customer.role[session_lang],  # type: ignore[index]
            company=scenario.customer.company,
            difficulty=difficulty,
            text="\n".join(
                (
                    say(
                        session_lang,
                        "roleplay_title",
                        title=title,
                        difficulty=label(session_lang, difficulty),
                    ),
                    scenario.briefing[session_lang],  # type: ignore[index]
                    say(session_lang, "started_hint"),
                )
            ),
        )
        return [started, self._line(session, scenario, state, opening)]

    async def _turn(
        self, request: Request, text: str, lang: str, session: SessionRecord | None = None
    ) -> list[Reply]:
        # Find and lock in one step when the caller has not looked the session up already.
        locking: AbstractAsyncContextManager[SessionHandle | None] = (
            self.store.lock_active_session(request.user, request.conversation)
            if session is None
            else self.store.lock_session(session.id)
        )
        async with locking as handle:
            if handle is None:
                return [Notice(lang, "info", say(lang, "no_roleplay"), actions=("start",))]
            current = handle.session
            if not text.strip():
                return [
                    Notice(current.lang, "hint", say(current.lang, "empty_turn"), actions=("hint",))
                ]
            if not current.active:
                return [
                    Notice(
                        current.lang, "info", say(current.lang, "ended_already"), actions=("start",)
                    )
                ]
            notices: list[Reply] = []
            if len(text) > MAX_CHARS:
                text = text[:MAX_CHARS]
                notices.append(
                    Notice(current.lang, "info", say(current.lang, "too_long", limit=MAX_CHARS))
                )
            state = _unwrap(current)
            judgement = await self.judge.judge(text, current.lang, request.user)
            decision = engine.decide(state, text, judgement.assessment)
            recent: list[Exchange] = []
            if getattr(self.voice, "wants_history", True):
                recent = [
                    Exchange(t.index + 1, t.salesperson_text or "", t.customer_line or "")
                    for t in (await handle.turns())[-RECENT_EXCHANGES:]
                ]
            wording = await self.voice.word(decision, request.user, seller_text=text, recent=recent)
            new_state = _wrap(decision.state, wording.text)
            await handle.append_turn(text, judgement.assessment, wording.text, new_state)
            outcome = decision.move.outcome
            if outcome is not None:
                await handle.set_state(new_state, status="ended", outcome=outcome)
            finished = handle.session
        if judgement.budget_notice or wording.budget_notice:
            notices.append(Notice(current.lang, "info", say(current.lang, "budget")))
        scenario = load_scenario(current.scenario)
        replies: list[Reply] = [
            *notices,
            FootingBadge(
                current.lang, judgement.assessment, badge_text(current.lang, judgement.assessment)
            ),
            self._line(finished, scenario, decision.state, wording.text),
        ]
        if outcome is not None:
            replies.append(await self._scorecard(finished, decision.state))
        return replies

    async def _hint(self, request: Request, lang: str) -> list[Reply]:
        session = await self.store.active_session(request.user, request.conversation)
        if session is None:
            return [Notice(lang, "info", say(lang, "no_roleplay"), actions=("start",))]
        text = say(session.lang, "hint_prefix") + customer_hint(_unwrap(session))
        return [Notice(session.lang, "hint", text, actions=("rewind", "end"))]

    async def _rewind(self, request: Request, lang: str) -> list[Reply]:
        async with self.store.lock_active_session(request.user, request.conversation) as handle:
            if handle is None:
                return [Notice(lang, "info", say(lang, "no_roleplay"), actions=("start",))]
            session_lang = handle.session.lang
            restored = await handle.remove_last_turn()
            if restored is None:
                return [Notice(session_lang, "info", say(session_lang, "nothing_to_rewind"))]
        line = str(restored.get("line", ""))
        return [
            Notice(
                session_lang,
                "info",
                say(session_lang, "rewound", line=line),
                actions=("hint", "end"),
            )
        ]

    async def _end(self, request: Request, lang: str) -> list[Reply]:
        async with self.store.lock_active_session(request.user, request.conversation) as handle:
            if handle is None:
                return [Notice(lang, "info", say(lang, "no_roleplay"), actions=("start",))]
            current = handle.session
            state = engine.stop(_unwrap(current))
            wrapped = {**current.state, "customer": state.to_dict()}
            ended = await handle.set_state(wrapped, status="ended", outcome=state.outcome)
        return [await self._scorecard(ended, state)]

    def _line(
        self, session: SessionRecord, scenario: Scenario, state: CustomerState, line: str
    ) -> CustomerLine:
        name = scenario.customer.name
        return CustomerLine(
            lang=session.lang,
            session_id=session.id,
            speaker=name,
            line=line,
            turn=state.turn,
            tactic=state.tactic or "",
            outcome=state.outcome,
            text=say(session.lang, "customer_says", name=name, line=line),
            actions=() if state.outcome else ("hint", "rewind", "end"),
            state=state.to_dict(),
        )

    async def _scorecard(self, session: SessionRecord, state: CustomerState) -> Scorecard:
        lang = session.lang
        records = await self.store.turns(session.id)
        turns = tuple(
            TurnScore(
                turn=record.index + 1,
                stance=str(record.assessment.get("stance", "")),
                dominance=float(record.assessment.get("dominance", 0.0)),
                affiliation=float(record.assessment.get("affiliation", 0.0)),
            )
            for record in records
        )
        dominance, affiliation, rose_key = rose_position(turns)
        habits = habits_to_practise([r.assessment.get("habits", []) for r in records])
        summary = summarize(state)
        given = summary.final_terms if summary.unconditional_given else ""
        outcome = state.outcome or "stopped"
        scenario = load_scenario(session.scenario)
        title = scenario.title[lang]  # type: ignore[index]
        direction = trend(turns)
        return Scorecard(
            lang=lang,
            session_id=session.id,
            scenario_title=title,
            outcome=outcome,
            outcome_label=label(lang, outcome),
            turns=turns,
            trend=direction,
            rose_dominance=dominance,
            rose_affiliation=affiliation,
            rose_label=label(lang, rose_key),
            habits=habits,
            habit_labels=tuple(label(lang, f"habit_{h}") for h in habits),
            given_away=given,
            text=scorecard_text(
                lang,
                title=title,
                outcome=outcome,
                turns=turns,
                trend=direction,
                rose_key=rose_key,
                habits=habits,
                given_away=given,
            ),
        )

    # --- drafts, tips, progress, privacy -----------------------------------------------------

    async def _review(self, request: Request, text: str, lang: str) -> list[Reply]:
        if not text.strip():
            return [Notice(lang, "hint", say(lang, "draft_empty"))]
        judgement = await self.judge.judge(text, None, request.user)
        assessment: Assessment = judgement.assessment
        await self.store.record_draft_check(request.user, assessment)
        replies: list[Reply] = []
        if judgement.budget_notice:
            replies.append(Notice(assessment.lang, "info", say(assessment.lang, "budget")))
        replies.append(
            Feedback(
                assessment.lang,
                assessment,
                judgement.source,
                feedback_text(assessment.lang, assessment),
            )
        )
        return replies

    async def _tip_settings(
        self, request: Request, command: TipSettings, user: UserRecord, lang: str
    ) -> Notice:
        if command.at is not None:
            at = command.at.strftime("%H:%M")
            self._remember(
                await self.store.update_user(request.user, tips_enabled=True, tip_time=at)
            )
            return Notice(lang, "confirm", say(lang, "tips_at", time=at))
        if command.enabled is False:
            self._remember(await self.store.update_user(request.user, tips_enabled=False))
            return Notice(lang, "confirm", say(lang, "tips_off"))
        if command.enabled:
            user = self._remember(await self.store.update_user(request.user, tips_enabled=True))
            return Notice(lang, "confirm", say(lang, "tips_on", time=user.tip_time))
        return Notice(lang, "hint", say(lang, "tips_usage"))

    async def _progress(self, request: Request, user: UserRecord, lang: str) -> ProgressReport:
        progress = await self.store.progress(request.user)
        weakest = habits_to_practise([[h] * n for h, n in progress.habits.items()], limit=1)
        habit = weakest[0] if weakest else None
        lines = [say(lang, "progress_title")]
        if not progress.sessions and not progress.messages:
            lines.append(say(lang, "progress_none"))
        else:
            outcomes = ", ".join(f"{label(lang, k)} {v}" for k, v in progress.outcomes.items())
            stances = ", ".join(f"{label(lang, k)} {v}" for k, v in progress.stances.items())
            lines.append(
                say(lang, "progress_sessions", sessions=progress.sessions, outcomes=outcomes or "-")
            )
            lines.append(
                say(lang, "progress_messages", messages=progress.messages, stances=stances or "-")
            )
            if habit:
                lines.append(say(lang, "progress_habit", habit=label(lang, f"habit_{habit}")))
        state = (
            say(lang, "tips_state_on", time=user.tip_time)
            if user.tips_enabled
            else say(lang, "tips_state_off")
        )
        lines.append(say(lang, "progress_tips", state=state))
        return ProgressReport(
            lang=lang,
            sessions=progress.sessions,
            outcomes=dict(progress.outcomes),
            messages=progress.messages,
            stances=dict(progress.stances),
            trend=tuple(
                {
                    "week": p.week_start.isoformat(),
                    "submissive": p.submissive,
                    "balanced": p.balanced,
                    "dominant": p.dominant,
                }
                for p in progress.trend
            ),
            weakest_habit=habit,
            weakest_habit_label=label(lang, f"habit_{habit}") if habit else None,
            tips_enabled=user.tips_enabled,
            tip_time=user.tip_time,
            text="\n".join(lines),
        )

    def _scenarios(self, lang: str) -> ScenarioList:
        items = tuple(
            {"id": s.id, "title": s.title[lang], "summary": s.briefing[lang]}  # type: ignore[index]
            for s in sorted(load_scenarios(), key=lambda s: s.id)
        )
        text = "\n".join(
            [say(lang, "scenarios_title") + ":", *(f"• {i['id']} — {i['title']}" for i in items)]
        )
        return ScenarioList(lang, items, text)

    async def _forget(self, request: Request, confirmed: bool, lang: str) -> Notice:
        if not confirmed:
            return Notice(lang, "confirm", say(lang, "forget_confirm"), actions=("forget_confirm",))
        removed = await self.store.forget_user(request.user)
        self._users.pop(request.user, None)
        forget = getattr(self.voice, "forget", None)
        if callable(forget):
            forget(request.user)
        logger.info("forgot a user: %d rows removed", sum(removed.values()))
        return Notice(lang, "info", say(lang, "forgotten", rows=sum(removed.values())))

    def _help(self, lang: str) -> HelpCard:
        commands = help_commands(lang)
        text = "\n".join(
            [say(lang, "help_title"), *(f"• {cmd} — {what}" for cmd, what in commands)]
        )
        return HelpCard(lang, commands, text)


def clean_text(text: str) -> str:
    """Text as it can be stored on every backend: lone surrogates (valid in JSON, not in
    UTF-8) become U+FFFD, and NUL characters (refused by PostgreSQL) are dropped."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def _clean(command: Command) -> Command:
    if isinstance(command, Say | Turn | ReviewDraft):
        cleaned = clean_text(command.text)
        if cleaned != command.text:
            return dataclasses.replace(command, text=cleaned)
    return command


def _wrap(state: CustomerState, line: str) -> dict[str, object]:
    """What a session stores: the customer's state and the customer's last words."""
    return {"customer": state.to_dict(), "line": line}


def _unwrap(session: SessionRecord) -> CustomerState:
    try:
        return CustomerState.from_dict(session.state["customer"])
    except (KeyError, TypeError, CustomerError) as exc:
        raise InputError("this role-play's saved state could not be read") from exc


def _match_scenario(name: str, scenarios: dict[str, Scenario]) -> Scenario | None:
    """A scenario by id prefix or title words ("price", "prijs", "rush")."""
    wanted = name.lower().replace(" ", "-")
    for scenario_id, scenario in sorted(scenarios.items()):
        titles = (scenario.title.en.lower(), scenario.title.nl.lower())
        if scenario_id.startswith(wanted) or any(wanted.replace("-", " ") in t for t in titles):
            return scenario
    return None


__all__ = ["Coach", "UserKey"]
