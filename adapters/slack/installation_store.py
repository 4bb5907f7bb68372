"""slack_sdk's async installation store on the project's database (``installations`` table).

Only what the bot needs is kept per workspace or organisation: the bot token (and its refresh
token when token rotation is on), the bot's ids and scopes, and the names of the workspace and
organisation. The installing person's id and user tokens are not stored (the app asks for no
user scopes), so forgetting a user has nothing to remove here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from slack_bolt.error import BoltError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.keys import PLATFORM
from bot.store.errors import StoreError

logger = logging.getLogger(__name__)

_KEPT = (
    "app_id",
    "enterprise_id",
    "enterprise_name",
    "enterprise_url",
    "team_id",
    "team_name",
    "bot_token",
    "bot_id",
    "bot_user_id",
    "bot_refresh_token",
    "bot_token_expires_at",
    "is_enterprise_install",
    "token_type",
)


class InstallationRecords(Protocol):
    """The store's installation queries (``bot.store.installations.InstallationQueries``)."""

    async def save_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool,
        data: Mapping[str, Any],
    ) -> None: ...

    async def find_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool = False,
    ) -> dict[str, Any] | None: ...

    async def delete_installation(
        self,
        platform: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise: bool = False,
    ) -> bool: ...


def installation_data(source: Installation | Bot) -> dict[str, Any]:
    """The JSON kept for an installation: bot credentials and names, no person's data."""
    data: dict[str, Any] = {name: getattr(source, name, None) for name in _KEPT}
    data["bot_scopes"] = ",".join(source.bot_scopes or [])
    data["installed_at"] = float(source.installed_at)
    return data


def _bot(data: Mapping[str, Any]) -> Bot | None:
    if not data.get("bot_token") or not data.get("bot_id") or not data.get("bot_user_id"):
        return None
    return Bot(
        app_id=data.get("app_id"),
        enterprise_id=data.get("enterprise_id"),
        enterprise_name=data.get("enterprise_name"),
        team_id=data.get("team_id"),
        team_name=data.get("team_name"),
        bot_token=str(data["bot_token"]),
        bot_id=str(data["bot_id"]),
        bot_user_id=str(data["bot_user_id"]),
        bot_scopes=str(data.get("bot_scopes") or ""),
        bot_refresh_token=data.get("bot_refresh_token"),
        bot_token_expires_at=data.get("bot_token_expires_at"),
        is_enterprise_install=bool(data.get("is_enterprise_install")),
        installed_at=float(data.get("installed_at") or 0.0),
    )


def _installation(data: Mapping[str, Any]) -> Installation:
    return Installation(
        app_id=data.get("app_id"),
        enterprise_id=data.get("enterprise_id"),
        enterprise_name=data.get("enterprise_name"),
        enterprise_url=data.get("enterprise_url"),
        team_id=data.get("team_id"),
        team_name=data.get("team_name"),
        bot_token=data.get("bot_token"),
        bot_id=data.get("bot_id"),
        bot_user_id=data.get("bot_user_id"),
        bot_scopes=str(data.get("bot_scopes") or ""),
        bot_refresh_token=data.get("bot_refresh_token"),
        bot_token_expires_at=data.get("bot_token_expires_at"),
        user_id="",  # the installer is not stored
        is_enterprise_install=bool(data.get("is_enterprise_install")),
        token_type=data.get("token_type"),
        installed_at=float(data.get("installed_at") or 0.0),
    )


class DatabaseInstallationStore(AsyncInstallationStore):
    """Bot installations per workspace or organisation, in the shared database."""

    def __init__(self, records: InstallationRecords) -> None:
        self.records = records

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_save(self, installation: Installation) -> None:
        await self._save(installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await self._save(bot)

    async def _save(self, source: Installation | Bot) -> None:
        try:
            await self.records.save_installation(
                PLATFORM,
                enterprise_id=source.enterprise_id,
                team_id=source.team_id,
                is_enterprise=bool(source.is_enterprise_install),
                data=installation_data(source),
            )
        except StoreError as exc:
            raise BoltError("the installation could not be saved") from exc
        logger.info("Slack app installed (a workspace or organisation)")

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        data = await self.records.find_installation(
            PLATFORM,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise=bool(is_enterprise_install),
        )
        return None if data is None else _bot(data)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        # One installation per workspace: every user of it shares the bot's installation.
        data = await self.records.find_installation(
            PLATFORM,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise=bool(is_enterprise_install),
        )
        return None if data is None else _installation(data)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._delete(enterprise_id, team_id)

    async def async_delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        if user_id is not None:
            return  # user tokens are never stored, so a revoked one leaves nothing to delete
        await self._delete(enterprise_id, team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._delete(enterprise_id, team_id)

    async def _delete(self, enterprise_id: str | None, team_id: str | None) -> None:
        # Uninstall events name the workspace; an organisation-wide install has no team.
        removed = await self.records.delete_installation(
            PLATFORM, enterprise_id=enterprise_id, team_id=team_id
        )
        if not removed and enterprise_id:
            removed = await self.records.delete_installation(
                PLATFORM, enterprise_id=enterprise_id, team_id=None, is_enterprise=True
            )
        if removed:
            logger.info("Slack app uninstalled (a workspace or organisation)")
