"""The surface registry: lazy discovery of platform adapters, the reasons a surface is off,
mounting, and start-up and shutdown with the app."""

from __future__ import annotations

import types
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from adapters.server.surfaces import KNOWN_SURFACES as KNOWN
from adapters.server.surfaces import Candidate, SurfaceRegistry, discover_surfaces
from bot.errors import ConfigurationError
from bot.settings import Settings, SlackSettings

from .support import FakeSurface, serve_app

pytestmark = pytest.mark.timeout(30)

CANDIDATES = (Candidate("chat", "Chat", "/chat/events"), Candidate("mail", "Mail", "/mail/in"))


def importer_of(modules: dict[str, Any]) -> Any:
    """An ``import_module`` that knows only ``modules``; a value that is an exception is raised."""

    def import_module(name: str) -> types.ModuleType:
        found = modules.get(name)
        if found is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        if isinstance(found, BaseException):
            raise found
        return found

    return import_module


def module(name: str, **functions: Any) -> types.ModuleType:
    made = types.ModuleType(name)
    for key, value in functions.items():
        setattr(made, key, value)
    return made


def test_a_missing_package_means_off() -> None:
    statuses = discover_surfaces(
        Settings(), None, None, candidates=CANDIDATES, importer=importer_of({})
    )
    assert [s.describe() for s in statuses] == [
        "Chat off: adapter not installed",
        "Mail off: adapter not installed",
    ]
    assert not any(s.on for s in statuses)


def test_off_reasons_factories_and_surface_modules() -> None:
    surface = FakeSurface(name="chat")
    seen: list[Any] = []

    def create_surface(settings: Settings, coach: Any, store: Any) -> FakeSurface:
        seen.append((settings, coach, store))
        return surface

    modules = {
        "adapters.chat": module("adapters.chat"),  # the factory lives in adapters.chat.surface
        "adapters.chat.surface": module(
            "adapters.chat.surface", create_surface=create_surface, off_reason=lambda s: None
        ),
        "adapters.mail": module(
            "adapters.mail",
            create_surface=create_surface,
            off_reason=lambda s: "MAIL_TOKEN not set",
        ),
    }
    statuses = discover_surfaces(
        Settings(), "the coach", "the store", candidates=CANDIDATES, importer=importer_of(modules)
    )
    assert [s.describe() for s in statuses] == [
        "Chat on: listening at /chat/events",
        "Mail off: MAIL_TOKEN not set",
    ]
    assert seen == [(Settings(), "the coach", "the store")]  # off surfaces are never created
    registry = SurfaceRegistry(statuses)
    assert registry.for_platform("chat") is surface and registry.for_platform("mail") is None
    assert registry.can_send_tips("chat") and not registry.can_send_tips("mail")


def test_broken_adapters_are_explained() -> None:
    def misconfigured(settings: Settings, coach: Any, store: Any) -> None:
        raise ConfigurationError("CHAT_URL must start with https://")

    modules = {
        "adapters.chat": module("adapters.chat", create_surface=misconfigured),
        "adapters.mail": ModuleNotFoundError("No module named 'mailsdk'", name="mailsdk"),
    }
    statuses = discover_surfaces(
        Settings(), None, None, candidates=CANDIDATES, importer=importer_of(modules)
    )
    assert statuses[0].describe() == "Chat off: misconfigured: CHAT_URL must start with https://"
    assert (
        statuses[1].describe() == "Mail off: cannot import the adapter: module 'mailsdk' is missing"
    )
    modules = {
        "adapters.chat": module("adapters.chat"),
        "adapters.mail": module("adapters.mail", create_surface=lambda *_: None),
    }
    statuses = discover_surfaces(
        Settings(), None, None, candidates=CANDIDATES, importer=importer_of(modules)
    )
    assert statuses[0].describe() == "Chat off: the adapter offers no create_surface()"
    assert statuses[1].describe() == "Mail off: switched off by its settings"


def test_a_bug_in_an_adapter_is_not_hidden() -> None:
    def buggy(settings: Settings, coach: Any, store: Any) -> None:
        raise KeyError("oops")

    modules = {"adapters.chat": module("adapters.chat", create_surface=buggy)}
    with pytest.raises(KeyError):
        discover_surfaces(
            Settings(), None, None, candidates=CANDIDATES[:1], importer=importer_of(modules)
        )


async def test_surfaces_are_mounted_started_and_shut_down_with_the_app(tmp_path: Path) -> None:
    chat = FakeSurface(name="chat")
    failing = FakeSurface(name="mail")

    async def refuse() -> None:
        raise RuntimeError("cannot close")

    failing.shutdown = refuse  # type: ignore[method-assign]
    registry = SurfaceRegistry.of(chat, failing)
    async with serve_app(tmp_path, surfaces=registry) as served:
        assert chat.calls == ["mount", "startup"]
        response = await served.client.get("/chat/hello")
        assert response.status == 200 and (await response.json()) == {"surface": "chat"}
    assert chat.calls == ["mount", "startup", "shutdown"]  # even though "mail" failed to close


def test_slack_is_not_even_imported_without_any_slack_setting() -> None:
    def no_imports(name: str) -> types.ModuleType:
        raise AssertionError(f"{name} was imported")

    statuses = discover_surfaces(Settings(), None, None, importer=no_imports, candidates=KNOWN[:1])
    assert statuses[0].describe() == "Slack off: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set"
    configured = replace(Settings(), slack=replace(SlackSettings(), bot_token="xoxb-1"))
    factory = module("adapters.slack", create_surface=None, off_reason=lambda s: "needs a secret")
    modules = {"adapters.slack": factory}
    statuses = discover_surfaces(
        configured, None, None, importer=importer_of(modules), candidates=KNOWN[:1]
    )
    assert statuses[0].describe() == "Slack off: needs a secret"
