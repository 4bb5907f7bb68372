"""Draft checks (scores only) and what they add up to: habit counts and a user's progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import InputError
from bot.footing.model import STANCES, Assessment
from bot.habits import ALL_HABITS
from bot.identity import UserKey
from bot.store.core import StoreCore, check_aware
from bot.store.records import Progress, StancePoint
from bot.store.tables import DraftCheckRow, SessionRow, TurnRow


def _summary(assessment: Assessment | Mapping[str, Any]) -> tuple[str, list[str], float, float]:
    if isinstance(assessment, Assessment):
        return (
            assessment.stance,
            list(assessment.habits),
            assessment.dominance,
            assessment.affiliation,
        )
    try:
        stance = str(assessment["stance"])
        habits = [str(habit) for habit in assessment.get("habits", ())]
        dominance = float(assessment["dominance"])
        affiliation = float(assessment["affiliation"])
    except (KeyError, TypeError, ValueError) as error:
        raise InputError("a draft check needs stance, dominance and affiliation") from error
    if stance not in STANCES:
        raise InputError(f"unknown stance {stance!r}")
    return stance, habits, dominance, affiliation


def _check_since(since: datetime | None) -> None:
    if since is not None:
        check_aware(since)


def _week_start(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _habit_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


class ProgressQueries(StoreCore):
    async def record_draft_check(
        self, user: UserKey, assessment: Assessment | Mapping[str, Any]
    ) -> None:
        """Keep the scores of a checked draft (stance, habits, dominance, affiliation); the
        draft's text, evidence quotes and rewrite are never stored."""
        stance, habits, dominance, affiliation = _summary(assessment)
        async with self._write() as db:
            user_id = await self._ensure_user(db, user)
            await db.execute(
                insert(DraftCheckRow).values(
                    user_id=user_id,
                    stance=stance,
                    habits=habits,
                    dominance=dominance,
                    affiliation=affiliation,
                    created_at=self._now(),
                )
            )

    async def _scored_messages(
        self, db: AsyncSession, user_id: int, since: datetime | None
    ) -> list[tuple[str | None, list[str], datetime]]:
        """(stance, habits, created_at) of every role-play turn and draft check of a user."""
        turns = (
            select(TurnRow.stance, TurnRow.assessment["habits"], TurnRow.created_at)
            .join(SessionRow, SessionRow.id == TurnRow.session_id)
            .where(SessionRow.user_id == user_id)
        )
        drafts = select(DraftCheckRow.stance, DraftCheckRow.habits, DraftCheckRow.created_at).where(
            DraftCheckRow.user_id == user_id
        )
        if since is not None:
            turns = turns.where(TurnRow.created_at >= since)
            drafts = drafts.where(DraftCheckRow.created_at >= since)
        scored: list[tuple[str | None, list[str], datetime]] = []
        for statement in (turns, drafts):
            for stance, habits, created_at in await db.execute(statement):
                scored.append((stance, _habit_list(habits), created_at))
        return scored

    async def habit_counts(self, user: UserKey, since: datetime | None = None) -> dict[str, int]:
        """How often each habit was called for, over role-play turns and checked drafts since
        ``since`` (all time by default). Every known habit is present, zero if never seen."""
        _check_since(since)
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            scored = [] if user_id is None else await self._scored_messages(db, user_id, since)
        return _count_habits(habits for _, habits, _ in scored)

    async def message_count(self, user: UserKey, since: datetime | None = None) -> int:
        """How many messages were scored: role-play turns plus checked drafts."""
        _check_since(since)
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return 0
            turns = (
                select(func.count())
                .select_from(TurnRow)
                .join(SessionRow, SessionRow.id == TurnRow.session_id)
                .where(SessionRow.user_id == user_id)
            )
            drafts = (
                select(func.count())
                .select_from(DraftCheckRow)
                .where(DraftCheckRow.user_id == user_id)
            )
            if since is not None:
                turns = turns.where(TurnRow.created_at >= since)
                drafts = drafts.where(DraftCheckRow.created_at >= since)
            return int(await db.scalar(turns) or 0) + int(await db.scalar(drafts) or 0)

    async def progress(self, user: UserKey, since: datetime | None = None) -> Progress:
        """Role-plays and their outcomes, stance and habit counts, and a weekly stance trend."""
        _check_since(since)
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return Progress(
                    sessions=0,
                    outcomes={},
                    messages=0,
                    stances=dict.fromkeys(STANCES, 0),
                    habits=_count_habits(()),
                )
            sessions = select(SessionRow.outcome, func.count()).where(SessionRow.user_id == user_id)
            if since is not None:
                sessions = sessions.where(SessionRow.created_at >= since)
            outcome_rows = await db.execute(sessions.group_by(SessionRow.outcome))
            outcomes = {outcome: count for outcome, count in outcome_rows}
            scored = await self._scored_messages(db, user_id, since)
        weeks: dict[date, Counter[str]] = {}
        stances: Counter[str] = Counter(dict.fromkeys(STANCES, 0))
        for stance, _, created_at in scored:
            if stance in STANCES:
                stances[stance] += 1
                weeks.setdefault(_week_start(created_at), Counter())[stance] += 1
        trend = tuple(
            StancePoint(
                week_start=week,
                submissive=counts["submissive"],
                balanced=counts["balanced"],
                dominant=counts["dominant"],
            )
            for week, counts in sorted(weeks.items())
        )
        return Progress(
            sessions=sum(outcomes.values()),
            outcomes={str(k): v for k, v in outcomes.items() if k is not None},
            messages=len(scored),
            stances=dict(stances),
            habits=_count_habits(habits for _, habits, _ in scored),
            trend=trend,
        )


def _count_habits(habit_lists: Iterable[list[str]]) -> dict[str, int]:
    counts: Counter[str] = Counter({habit.value: 0 for habit in ALL_HABITS})
    for habits in habit_lists:
        counts.update(habits)
    return dict(counts)
