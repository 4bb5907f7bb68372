"""The Teams app package: the manifest against the official schema, the icons, the zip."""

from __future__ import annotations

import json
import logging
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from adapters.teams import icons
from adapters.teams.extension import COMMAND_ID
from adapters.teams.package import APP_PACKAGE, PLACEHOLDER_ID, build_package, main
from bot.errors import ConfigurationError
from bot.settings import Settings, TeamsSettings

pytestmark = pytest.mark.timeout(20)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "schemas" / "teams" / "MicrosoftTeams.v1.25.schema.json"
APP_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


def schema_errors(manifest: dict[str, Any]) -> list[str]:
    # No skip when the schema is missing: open() fails the test.
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(manifest)]


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((APP_PACKAGE / "manifest.json").read_text("utf-8"))
    return data


def test_the_manifest_is_valid_against_the_official_schema() -> None:
    assert schema_errors(manifest()) == []


def test_the_schema_catches_a_wrong_manifest_version() -> None:
    wrong = {**manifest(), "manifestVersion": "1.99"}

    assert any("manifestVersion" in error for error in schema_errors(wrong))


def test_the_manifest_declares_the_bot_and_the_check_footing_action() -> None:
    data = manifest()

    [bot] = data["bots"]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    personal = next(c for c in bot["commandLists"] if c["scopes"] == ["personal"])
    titles = {command["title"] for command in personal["commands"]}
    assert {"roleplay", "hint", "rewind", "stop", "feedback", "tips"} <= titles
    [extension] = data["composeExtensions"]
    [command] = extension["commands"]
    assert command["id"] == COMMAND_ID and command["type"] == "action"
    assert command["fetchTask"] is True
    assert set(command["context"]) == {"compose", "message", "commandBox"}
    assert data["icons"] == {"color": "color.png", "outline": "outline.png"}


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the RGBA pixels of an unfiltered 8-bit RGBA PNG."""
    assert data[:8] == icons.PNG_SIGNATURE
    position = 8
    chunks: dict[bytes, bytes] = {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6), "8-bit RGBA"
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * 4 + 1
    assert all(raw[row * stride] == 0 for row in range(height)), "no filters"
    pixels = b"".join(raw[row * stride + 1 : (row + 1) * stride] for row in range(height))
    return width, height, pixels


def test_the_colour_icon() -> None:
    committed = (APP_PACKAGE / "color.png").read_bytes()
    width, height, pixels = read_png(committed)

    assert (width, height) == (192, 192)
    assert all(pixels[i + 3] == 255 for i in range(0, len(pixels), 4)), "opaque"
    assert bytes(pixels[:3]) == bytes(icons.ACCENT)
    assert read_png(icons.colour_icon())[2] == pixels, "the committed icon is the drawn one"


def test_the_outline_icon_is_white_on_transparent() -> None:
    committed = (APP_PACKAGE / "outline.png").read_bytes()
    width, height, pixels = read_png(committed)

    assert (width, height) == (32, 32)
    rgba = [pixels[i : i + 4] for i in range(0, len(pixels), 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in rgba), "white only"
    assert rgba[0][3] == 0, "transparent background"
    assert any(p[3] == 255 for p in rgba), "a visible sign"
    assert read_png(icons.outline_icon())[2] == pixels


def test_the_package_carries_the_configured_bot_id(tmp_path: Path) -> None:
    settings = Settings(teams=TeamsSettings(app_id=APP_ID, app_password="p"))

    written = build_package(settings, tmp_path / "out" / "noblesse.zip")

    with zipfile.ZipFile(written) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        packaged = json.loads(archive.read("manifest.json"))
        assert archive.read("color.png") == (APP_PACKAGE / "color.png").read_bytes()
    assert packaged["id"] == APP_ID
    assert packaged["bots"][0]["botId"] == APP_ID
    assert packaged["composeExtensions"][0]["botId"] == APP_ID
    assert schema_errors(packaged) == []


def test_without_an_app_id_the_placeholder_stays_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        written = build_package(Settings(), tmp_path / "noblesse.zip")

    with zipfile.ZipFile(written) as archive:
        assert json.loads(archive.read("manifest.json"))["id"] == PLACEHOLDER_ID
    assert "MicrosoftAppId is not set" in caplog.text


def test_the_same_settings_build_the_same_zip(tmp_path: Path) -> None:
    first = build_package(Settings(), tmp_path / "a.zip").read_bytes()
    second = build_package(Settings(), tmp_path / "b.zip").read_bytes()

    assert first == second


def test_an_app_id_that_is_no_guid_is_refused(tmp_path: Path) -> None:
    settings = Settings(teams=TeamsSettings(app_id="my-bot", app_password="p"))

    with pytest.raises(ConfigurationError, match="GUID"):
        build_package(settings, tmp_path / "x.zip")


def test_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    output = tmp_path / "teams.zip"

    assert main(["--output", str(output)]) == 0
    assert capsys.readouterr().out.strip() == str(output)
    with zipfile.ZipFile(output) as archive:
        assert json.loads(archive.read("manifest.json"))["id"] == APP_ID

    monkeypatch.setenv("MicrosoftAppId", "not-a-guid")
    assert main(["--output", str(output)]) == 2
    assert "GUID" in capsys.readouterr().err
