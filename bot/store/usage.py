"""Language-model usage (for daily token budgets and cost reports) and judge disagreements
(the offline analyser and the model gave different stances). Neither stores any text."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import func, insert, select

from bot.errors import InputError
from bot.footing.model import STANCES
from bot.identity import UserKey
from bot.store.core import StoreCore, check_aware
from bot.store.tables import JudgeDisagreementRow, LlmUsageRow, UserRow


def _check_stance(stance: str) -> str:
    if stance not in STANCES:
        raise InputError(f"unknown stance {stance!r}")
    return stance


class UsageQueries(StoreCore):
    async def record_llm_usage(
        self,
        user: UserKey,
        *,
        model: str,
        prompt: str,
        prompt_tokens: int,
        completion_tokens: int,
        latency_ms: int,
        ok: bool = True,
    ) -> None:
        """One model call on behalf of ``user``. ``prompt`` is the prompt's ``id@version``;
        ``ok`` is False when the call failed and the offline engine answered instead. The
        workspace (platform and tenant) comes from the user key."""
        if min(prompt_tokens, completion_tokens, latency_ms) < 0:
            raise InputError("token counts and latency cannot be negative")
        async with self._write() as db:
            user_id = await self._ensure_user(db, user)
            await db.execute(
                insert(LlmUsageRow).values(
                    user_id=user_id,
                    platform=user.platform,
                    tenant=user.tenant,
                    model=model[:128],
                    prompt=prompt[:160],
                    prompt_tokens=prompt_tokens,
                    completion_tokens=completion_tokens,
                    latency_ms=latency_ms,
                    ok=ok,
                    created_at=self._now(),
                )
            )

    async def tokens_used_today(
        self,
        *,
        user: UserKey | None = None,
        platform: str | None = None,
        tenant: str | None = None,
    ) -> int:
        """Prompt plus completion tokens since midnight UTC: for one user, one workspace
        (``platform`` and ``tenant``), or everyone when no filter is given."""
        midnight = datetime.combine(self._now().astimezone(UTC).date(), time(), tzinfo=UTC)
        statement = select(
            func.coalesce(func.sum(LlmUsageRow.prompt_tokens + LlmUsageRow.completion_tokens), 0)
        ).where(LlmUsageRow.created_at >= midnight)
        if user is not None:
            statement = statement.join(UserRow, UserRow.id == LlmUsageRow.user_id).where(
                UserRow.platform == user.platform,
                UserRow.tenant == user.tenant,
                UserRow.user_id == user.user_id,
            )
        if platform is not None:
            statement = statement.where(LlmUsageRow.platform == platform)
        if tenant is not None:
            statement = statement.where(LlmUsageRow.tenant == tenant)
        async with self._read() as db:
            return int(await db.scalar(statement) or 0)

    async def record_judge_disagreement(
        self, user: UserKey, *, offline_stance: str, model_stance: str
    ) -> None:
        async with self._write() as db:
            user_id = await self._ensure_user(db, user)
            await db.execute(
                insert(JudgeDisagreementRow).values(
                    user_id=user_id,
                    offline_stance=_check_stance(offline_stance),
                    model_stance=_check_stance(model_stance),
                    created_at=self._now(),
                )
            )

    async def judge_disagreement_counts(
        self, since: datetime | None = None
    ) -> dict[tuple[str, str], int]:
        """How often each (offline stance, model stance) pair occurred, over all users."""
        statement = select(
            JudgeDisagreementRow.offline_stance, JudgeDisagreementRow.model_stance, func.count()
        ).group_by(JudgeDisagreementRow.offline_stance, JudgeDisagreementRow.model_stance)
        if since is not None:
            check_aware(since)
            statement = statement.where(JudgeDisagreementRow.created_at >= since)
        async with self._read() as db:
            rows = await db.execute(statement)
            return {(offline, model): count for offline, model, count in rows}
