"""All configuration, read from the environment in one place and passed down as a frozen object.

Variable names follow the platforms' own conventions (``SLACK_BOT_TOKEN``, ``MicrosoftAppId``,
``OPENAI_API_KEY`` …); every variable is documented in ``.env.example``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigurationError

DEFAULT_SQLITE_PATH = Path("var") / "noblesse.sqlite3"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a number, not {raw!r}") from exc


def _flag(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


def _str(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(name, default).strip()


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Which language model to use, if any. Empty means: offline engine only.

    The time limits keep a role-play turn (a judge call, then the voice) under 10 s whatever
    the model does: ``timeout_s`` per HTTP attempt (``NOBLESSE_LLM_TIMEOUT``), ``deadline_s``
    per call, all attempts and retry waits together (``NOBLESSE_LLM_DEADLINE``; for a stream,
    until its first text), ``stream_deadline_s`` per whole stream
    (``NOBLESSE_LLM_STREAM_DEADLINE``). A call out of time falls back to the offline engine.
    """

    api_key: str = ""
    model: str = "gpt-4o-mini"
    base_url: str = ""
    azure_endpoint: str = ""
    azure_api_key: str = ""
    api_version: str = ""
    azure_deployment: str = ""
    timeout_s: float = 4.0  # seconds one HTTP attempt may take
    deadline_s: float = 4.5  # seconds one whole call may take: all attempts and retry waits
    stream_deadline_s: float = 4.5  # seconds a whole streamed answer may take
    max_retries: int = 2
    daily_tokens_per_user: int = 200_000
    daily_tokens_per_workspace: int = 5_000_000

    @property
    def provider(self) -> str:
        """``"azure"``, ``"openai"`` (including OpenAI-compatible servers) or ``"offline"``."""
        if self.azure_endpoint and (self.azure_api_key or self.api_key):
            return "azure"
        if self.api_key or self.base_url:
            return "openai"
        return "offline"

    @property
    def enabled(self) -> bool:
        return self.provider != "offline"


@dataclass(frozen=True, slots=True)
class SlackSettings:
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    api_url: str = ""
    client_id: str = ""
    client_secret: str = ""
    state_secret: str = ""

    @property
    def http_enabled(self) -> bool:
        return bool(self.signing_secret and (self.bot_token or self.oauth_enabled))

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token and self.bot_token)

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.client_id and self.client_secret)


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    app_id: str = ""
    app_password: str = ""
    app_type: str = "MultiTenant"
    tenant_id: str = ""
    enabled: bool = True  # Teams runs with auth off (Emulator) when no app id is set

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Noblesse reads from its environment."""

    database_url: str = ""
    db_command_timeout: float = 30.0  # seconds a PostgreSQL statement may take
    host: str = "127.0.0.1"
    port: int = 3978
    log_format: str = "text"  # "text" or "json"
    log_level: str = "INFO"
    log_message_text: bool = False  # message contents in logs only when explicitly asked
    retention_days: int = 90
    max_body_bytes: int = 1_000_000
    default_tip_time: str = "09:00"
    llm: LLMSettings = field(default_factory=LLMSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    teams: TeamsSettings = field(default_factory=TeamsSettings)

    @property
    def resolved_database_url(self) -> str:
        """``DATABASE_URL`` if set, else the embedded SQLite file (its folder is created)."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        llm = LLMSettings(
            api_key=_str(env, "OPENAI_API_KEY"),
            model=_str(env, "OPENAI_MODEL", "gpt-4o-mini") or "gpt-4o-mini",
            base_url=_str(env, "OPENAI_BASE_URL"),
            azure_endpoint=_str(env, "AZURE_OPENAI_ENDPOINT"),
            azure_api_key=_str(env, "AZURE_OPENAI_API_KEY"),
            api_version=_str(env, "OPENAI_API_VERSION"),
            azure_deployment=_str(env, "AZURE_OPENAI_DEPLOYMENT"),
            timeout_s=_float(env, "NOBLESSE_LLM_TIMEOUT", 4.0),
            deadline_s=_float(env, "NOBLESSE_LLM_DEADLINE", 4.5),
            stream_deadline_s=_float(env, "NOBLESSE_LLM_STREAM_DEADLINE", 4.5),
            max_retries=_int(env, "NOBLESSE_LLM_MAX_RETRIES", 2),
            daily_tokens_per_user=_int(env, "NOBLESSE_DAILY_TOKENS_PER_USER", 200_000),
            daily_tokens_per_workspace=_int(env, "NOBLESSE_DAILY_TOKENS_PER_WORKSPACE", 5_000_000),
        )
        slack = SlackSettings(
            bot_token=_str(env, "SLACK_BOT_TOKEN"),
            signing_secret=_str(env, "SLACK_SIGNING_SECRET"),
            app_token=_str(env, "SLACK_APP_TOKEN"),
            api_url=_str(env, "SLACK_API_URL"),
            client_id=_str(env, "SLACK_CLIENT_ID"),
            client_secret=_str(env, "SLACK_CLIENT_SECRET"),
            state_secret=_str(env, "SLACK_STATE_SECRET"),
        )
        teams = TeamsSettings(
            app_id=_str(env, "MicrosoftAppId"),
            app_password=_str(env, "MicrosoftAppPassword"),
            app_type=_str(env, "MicrosoftAppType", "MultiTenant") or "MultiTenant",
            tenant_id=_str(env, "MicrosoftAppTenantId"),
            enabled=not _flag(env, "NOBLESSE_TEAMS_DISABLED"),
        )
        return cls(
            database_url=_str(env, "DATABASE_URL"),
            db_command_timeout=_float(env, "NOBLESSE_DB_COMMAND_TIMEOUT", 30.0),
            host=_str(env, "NOBLESSE_HOST", "127.0.0.1") or "127.0.0.1",
            port=_int(env, "NOBLESSE_PORT", 3978),
            log_format=_str(env, "NOBLESSE_LOG_FORMAT", "text") or "text",
            log_level=(_str(env, "NOBLESSE_LOG_LEVEL", "INFO") or "INFO").upper(),
            log_message_text=_flag(env, "NOBLESSE_LOG_MESSAGE_TEXT"),
            retention_days=_int(env, "NOBLESSE_RETENTION_DAYS", 90),
            max_body_bytes=_int(env, "NOBLESSE_MAX_BODY_BYTES", 1_000_000),
            default_tip_time=_str(env, "NOBLESSE_DEFAULT_TIP_TIME", "09:00") or "09:00",
            llm=llm,
            slack=slack,
            teams=teams,
        )


def normalise_database_url(url: str) -> str:
    """Accept the plain URLs people paste (``postgres://``, ``sqlite:///``); pick async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url
