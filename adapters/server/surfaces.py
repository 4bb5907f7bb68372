"""Platform surfaces (Slack, Teams) that the server mounts when they are switched on.

A platform adapter is a package ``adapters.<name>`` that offers two functions, either in the
package itself or in its ``surface`` module:

* ``off_reason(settings: Settings) -> str | None`` — why the surface is off (for example
  ``"SLACK_SIGNING_SECRET not set"``), or None when its credentials switch it on;
* ``create_surface(settings: Settings, coach: Coach, store: Store) -> Surface | None`` — the
  surface object (None: off after all).

The package is imported lazily, only here: a missing package simply means that surface is off,
and the server starts without it.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

from aiohttp import web

from bot.coach.replies import TipCard
from bot.errors import ConfigurationError
from bot.settings import Settings
from bot.store.records import UserRecord

logger = logging.getLogger(__name__)


class Surface(Protocol):
    """One platform, mounted on the shared aiohttp application.

    ``name`` is the platform of its users' keys (``UserKey.platform``: ``"slack"``,
    ``"teams"``); the tip scheduler uses it to find the surface that reaches a user.
    """

    name: str

    def mount(self, app: web.Application) -> None:
        """Add the surface's routes (called once, before the app starts)."""
        ...

    async def startup(self) -> None:
        """Start background work (a Socket Mode connection, say) once the app runs."""
        ...

    async def shutdown(self) -> None:
        """Stop that work and close clients; called once while the app shuts down."""
        ...

    async def send_tip(self, user: UserRecord, tip: TipCard) -> bool:
        """Send the daily tip to ``user`` proactively (a DM, the stored conversation). False
        when the send failed; when the user or the app is gone the surface also disables the
        user's conversation reference (``store.disable_conversation_ref``)."""
        ...


def _no_settings(settings: Settings) -> str | None:
    return None


def _slack_unset(settings: Settings) -> str | None:
    """Off without importing the adapter when no Slack variable is set at all (the Slack SDK
    and what it pulls in take a good half second to import)."""
    if any(getattr(settings.slack, name) for name in settings.slack.__dataclass_fields__):
        return None
    return "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A surface the server knows how to look for. ``unset`` answers, without importing the
    adapter, why it is off when nothing about it is configured (None: ask the adapter)."""

    name: str  # the package under ``adapters`` and the platform name
    label: str  # for people: "Slack"
    path: str  # where it is mounted, for the start-up log
    unset: Callable[[Settings], str | None] = _no_settings


KNOWN_SURFACES: tuple[Candidate, ...] = (
    Candidate("slack", "Slack", "/slack/events", unset=_slack_unset),
    Candidate("teams", "Teams", "/api/messages"),
)


@dataclass(frozen=True, slots=True)
class SurfaceStatus:
    """Whether a surface is on, and why (or why not)."""

    candidate: Candidate
    surface: Surface | None
    reason: str

    @property
    def on(self) -> bool:
        return self.surface is not None

    def describe(self) -> str:
        state = "on" if self.on else "off"
        return f"{self.candidate.label} {state}: {self.reason}"


Importer = Callable[[str], ModuleType]


def _factory_module(name: str, importer: Importer) -> ModuleType | str:
    """The module that holds the adapter's factory, or the reason there is none."""
    package_name = f"adapters.{name}"
    try:
        package = importer(package_name)
    except ModuleNotFoundError as exc:
        if exc.name in {package_name, "adapters"}:
            return "adapter not installed"
        return f"cannot import the adapter: module {exc.name!r} is missing"
    if hasattr(package, "create_surface"):
        return package
    try:
        module = importer(f"{package_name}.surface")
    except ModuleNotFoundError as exc:
        if exc.name == f"{package_name}.surface":
            return "the adapter offers no create_surface()"
        return f"cannot import the adapter: module {exc.name!r} is missing"
    if not hasattr(module, "create_surface"):
        return "the adapter offers no create_surface()"
    return module


def discover_surfaces(
    settings: Settings,
    coach: Any,
    store: Any,
    *,
    candidates: Iterable[Candidate] = KNOWN_SURFACES,
    importer: Importer = importlib.import_module,
) -> list[SurfaceStatus]:
    """Import each known adapter and create its surface where its credentials switch it on.

    A configuration error in one adapter switches that surface off (and is logged as an error);
    the others and the playground still start.
    """
    found: list[SurfaceStatus] = []
    for candidate in candidates:
        unset = candidate.unset(settings)
        if unset:
            found.append(SurfaceStatus(candidate, None, unset))
            continue
        module = _factory_module(candidate.name, importer)
        if isinstance(module, str):
            found.append(SurfaceStatus(candidate, None, module))
            continue
        try:
            found.append(_create(candidate, module, settings, coach, store))
        except ConfigurationError as exc:
            logger.error("%s is misconfigured: %s", candidate.label, exc)
            found.append(SurfaceStatus(candidate, None, f"misconfigured: {exc}"))
    return found


def _create(
    candidate: Candidate, module: ModuleType, settings: Settings, coach: Any, store: Any
) -> SurfaceStatus:
    off_reason = getattr(module, "off_reason", None)
    reason = off_reason(settings) if callable(off_reason) else None
    if reason:
        return SurfaceStatus(candidate, None, str(reason))
    surface = module.create_surface(settings, coach, store)
    if surface is None:
        return SurfaceStatus(candidate, None, "switched off by its settings")
    return SurfaceStatus(candidate, surface, f"listening at {candidate.path}")


class SurfaceRegistry:
    """The surfaces that are on, by platform name, with the status of every candidate."""

    def __init__(self, statuses: Sequence[SurfaceStatus] = ()) -> None:
        self.statuses = tuple(statuses)
        self._by_name: dict[str, Surface] = {}
        for status in self.statuses:
            if status.surface is not None:
                self._by_name[status.surface.name] = status.surface

    @classmethod
    def of(cls, *surfaces: Surface) -> SurfaceRegistry:
        """A registry holding exactly these surfaces (tests, embedding)."""
        return cls(
            [
                SurfaceStatus(Candidate(s.name, s.name, ""), s, "provided by the caller")
                for s in surfaces
            ]
        )

    @property
    def surfaces(self) -> tuple[Surface, ...]:
        return tuple(self._by_name.values())

    def for_platform(self, platform: str) -> Surface | None:
        return self._by_name.get(platform)

    def can_send_tips(self, platform: str) -> bool:
        surface = self._by_name.get(platform)
        return surface is not None and callable(getattr(surface, "send_tip", None))

    def mount_all(self, app: web.Application) -> None:
        for surface in self.surfaces:
            surface.mount(app)

    async def startup_all(self) -> None:
        for surface in self.surfaces:
            await surface.startup()

    async def shutdown_all(self) -> None:
        """Shut every surface down, even when one of them fails to."""
        for surface in reversed(self.surfaces):
            try:
                await surface.shutdown()
            except Exception:
                logger.exception("surface %s failed to shut down cleanly", surface.name)

    def describe(self) -> list[str]:
        """One line per known surface: "Slack off: SLACK_SIGNING_SECRET not set"."""
        return [status.describe() for status in self.statuses]
