"""``manifest.json`` is a valid Slack app manifest (checked offline against Slack's official
schema) and matches what the app listens for."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from adapters.slack import actions as ids
from adapters.slack.application import BOT_SCOPES, EVENTS_PATH
from adapters.slack.listeners import COMMAND

pytestmark = pytest.mark.timeout(30)

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT.parent / "shared" / "schemas" / "slack"
REMOTE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _load(path: Path) -> Any:
    assert path.is_file(), f"{path} is missing: the manifest cannot be validated without it"
    return json.loads(path.read_text(encoding="utf-8"))


def _validator() -> jsonschema.Draft7Validator:
    top = _load(SCHEMAS / "manifest.schema.json")
    registry: Registry[Any] = Registry().with_resources(
        (REMOTE + name, Resource.from_contents(_load(SCHEMAS / name)))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    return jsonschema.Draft7Validator(top, registry=registry)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return _load(ROOT / "manifest.json")


def test_the_manifest_is_valid_against_slacks_schema(manifest: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(manifest), key=str)
    assert errors == []


def test_the_validator_catches_a_broken_manifest(manifest: dict[str, Any]) -> None:
    validator = _validator()
    assert validator.is_valid(_load(SCHEMAS / "example.v1.valid.json"))
    broken = copy.deepcopy(manifest)
    broken["features"]["shortcuts"][0]["type"] = "everywhere"
    assert not validator.is_valid(broken)
    unknown = copy.deepcopy(manifest)
    unknown["features"]["assistant_view"]["colour"] = "blue"
    assert not validator.is_valid(unknown)


def test_the_manifest_matches_the_app(manifest: dict[str, Any]) -> None:
    features = manifest["features"]
    [command] = features["slash_commands"]
    assert command["command"] == COMMAND
    shortcuts = {(s["type"], s["callback_id"]) for s in features["shortcuts"]}
    assert shortcuts == {("message", ids.CHECK_FOOTING), ("global", ids.CHECK_DRAFT)}
    assert features["assistant_view"]["assistant_description"]
    assert [p["message"] for p in features["assistant_view"]["suggested_prompts"]] == [
        "roleplay",
        "feedback",
        "tip",
    ]
    assert features["app_home"]["home_tab_enabled"] is True
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    settings = manifest["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {
        "message.channels",
        "message.im",
        "app_home_opened",
        "app_mention",
        "assistant_thread_started",
        "assistant_thread_context_changed",
    } <= events
    assert settings["socket_mode_enabled"] is False
    url = "https://example.com" + EVENTS_PATH
    assert settings["event_subscriptions"]["request_url"] == url
    assert settings["interactivity"] == {"is_enabled": True, "request_url": url}
    assert command["url"] == url
