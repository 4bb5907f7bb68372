"""``noblesse teams-package``: the Teams app package (a zip) to side-load or upload.

The zip holds ``manifest.json`` from ``appPackage/`` with the bot id of this installation
(``MicrosoftAppId``) as the app id, the bot id and the message extension's bot id, and the two
icons. Without ``MicrosoftAppId`` the placeholder id stays in, with a warning: such a package
installs, but Teams cannot reach a bot with it.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from bot.errors import ConfigurationError
from bot.settings import Settings

logger = logging.getLogger(__name__)

PLACEHOLDER_ID: Final = "00000000-0000-0000-0000-000000000000"
# ``appPackage/`` at the top of a source checkout; an installed wheel carries it inside this
# package as ``app_package/`` (see pyproject.toml).
_INSTALLED = Path(__file__).resolve().parent / "app_package"
APP_PACKAGE: Final = (
    _INSTALLED if _INSTALLED.is_dir() else Path(__file__).resolve().parents[2] / "appPackage"
)
ICONS: Final = ("color.png", "outline.png")
DEFAULT_OUTPUT: Final = Path("noblesse-teams.zip")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_FIXED_TIME: Final = (2024, 1, 1, 0, 0, 0)  # zip entries get one date: the same input, same zip


def load_manifest(source: Path = APP_PACKAGE) -> dict[str, Any]:
    path = source / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigurationError(f"no Teams app manifest at {path}") from exc
    return manifest


def manifest_for(template: dict[str, Any], app_id: str) -> dict[str, Any]:
    """``template`` with ``app_id`` as the app id and the id of its bot and message extension."""
    if not _GUID.match(app_id):
        raise ConfigurationError(f"MicrosoftAppId must be a GUID, not {app_id!r}")
    manifest = copy.deepcopy(template)
    manifest["id"] = app_id
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    for extension in manifest.get("composeExtensions", []):
        extension["botId"] = app_id
    return manifest


def build_package(settings: Settings, output: Path, *, source: Path = APP_PACKAGE) -> Path:
    """Write the app package for ``settings`` to ``output`` and return its path."""
    app_id = settings.teams.app_id
    if not app_id:
        logger.warning(
            "MicrosoftAppId is not set: the package carries the placeholder id %s; set it to "
            "your bot's app id before uploading the package to Teams",
            PLACEHOLDER_ID,
        )
        app_id = PLACEHOLDER_ID
    manifest = manifest_for(load_manifest(source), app_id)
    missing = [name for name in ICONS if not (source / name).is_file()]
    if missing:
        raise ConfigurationError(f"the app package lacks {', '.join(missing)} in {source}")
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        archive.writestr(zipfile.ZipInfo("manifest.json", _FIXED_TIME), text.encode("utf-8"))
        for name in ICONS:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            archive.writestr(info, (source / name).read_bytes())
    logger.info("Teams app package written: %s", output)
    return output


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="noblesse teams-package", description="build the Teams app package (a zip)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    return parser.parse_args(argv)


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """The ``teams-package`` command: ``args.output`` is the zip to write. Exit code 0 when
    written, 2 when the configuration does not allow it."""
    namespace = args if isinstance(args, argparse.Namespace) else _arguments(args)
    output = Path(getattr(namespace, "output", None) or DEFAULT_OUTPUT)
    try:
        written = build_package(Settings.from_env(), output)
    except ConfigurationError as exc:
        sys.stderr.write(f"noblesse teams-package: {exc}\n")
        return 2
    sys.stdout.write(f"{written}\n")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    sys.exit(main(sys.argv[1:]))
