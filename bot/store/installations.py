"""App installations per workspace or organisation (Slack's OAuth "Add to Slack" flow), as plain
dicts, for any platform that installs per tenant.

One row per (platform, enterprise, team): installing again replaces the data. An organisation-wide
install has no team (``team_id=""``); a plain workspace install has no enterprise. The data is
whatever the platform adapter needs to act for that tenant (tokens, bot ids, scopes); it holds
nothing about a person, so ``Store.forget_user`` has nothing to remove here.

The table lives in its own ``MetaData`` (:data:`INSTALLATION_METADATA`) with the project's
naming convention; migration ``0003`` creates it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, MetaData, String, UniqueConstraint, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.core import StoreCore
from bot.store.tables import NAMING_CONVENTION, Id, UTCDateTime

INSTALLATION_METADATA = MetaData(naming_convention=NAMING_CONVENTION)


class _InstallationBase(DeclarativeBase):
    metadata = INSTALLATION_METADATA


class InstallationRow(_InstallationBase):
    """The latest installation of an app in one workspace or organisation."""

    __tablename__ = "installations"
    __table_args__ = (UniqueConstraint("platform", "enterprise_id", "team_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str] = mapped_column(String(255))  # "" when there is none
    team_id: Mapped[str] = mapped_column(String(255))  # "" for an organisation-wide install
    is_enterprise: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def installation_key(
    enterprise_id: str | None, team_id: str | None, is_enterprise: bool
) -> tuple[str, str]:
    """The stored (enterprise, team) pair: an organisation-wide install is found by its
    enterprise alone, whichever of its workspaces an event comes from."""
    if is_enterprise:
        return enterprise_id or "", ""
    return enterprise_id or "", team_id or ""


class InstallationQueries(StoreCore):
    async def save_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool,
        data: Mapping[str, Any],
    ) -> None:
        """Store the installation for this tenant, replacing an earlier one (JSON-able data)."""
        enterprise, team = installation_key(enterprise_id, team_id, is_enterprise)
        stored = copy.deepcopy(dict(data))
        now = self._now()
        async with self._write() as db:
            statement = self._insert(InstallationRow).values(
                platform=platform,
                enterprise_id=enterprise,
                team_id=team,
                is_enterprise=is_enterprise,
                data=stored,
                installed_at=now,
                updated_at=now,
            )
            await db.execute(
                statement.on_conflict_do_update(
                    index_elements=["platform", "enterprise_id", "team_id"],
                    set_={"data": stored, "is_enterprise": is_enterprise, "updated_at": now},
                )
            )

    async def find_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool = False,
    ) -> dict[str, Any] | None:
        """The stored data for this tenant, or None when the app is not installed there."""
        enterprise, team = installation_key(enterprise_id, team_id, is_enterprise)
        async with self._read() as db:
            data = await db.scalar(
                select(InstallationRow.data).where(
                    InstallationRow.platform == platform,
                    InstallationRow.enterprise_id == enterprise,
                    InstallationRow.team_id == team,
                )
            )
            return None if data is None else copy.deepcopy(dict(data))

    async def delete_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool = False,
    ) -> bool:
        """Remove this tenant's installation (the app was uninstalled, its token revoked).
        False when there was none."""
        enterprise, team = installation_key(enterprise_id, team_id, is_enterprise)
        async with self._write() as db:
            result = await db.execute(
                delete(InstallationRow)
                .where(
                    InstallationRow.platform == platform,
                    InstallationRow.enterprise_id == enterprise,
                    InstallationRow.team_id == team,
                )
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(result, "rowcount", 0))
