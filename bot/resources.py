"""Where the data files shipped with Noblesse (the `prompts/` folder) live: in an installed wheel
and in a source checkout alike. The one place that knows the layout."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import bot


def prompts_root() -> Traversable:
    """The ``prompts`` folder: ``bot/prompts`` inside an installed wheel (the build copies it
    there), else ``prompts/`` at the top of the source checkout (editable installs, tests)."""
    installed = files("bot") / "prompts"
    if installed.is_dir():
        return installed
    return Path(bot.__file__).resolve().parents[1] / "prompts"
