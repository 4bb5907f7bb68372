"""Where the data files shipped with Noblesse live."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import bot


def prompts_root() -> Traversable:
    """The ``prompts`` folder: inside the installed package (the wheel force-includes it as
    ``bot/prompts``) if it is there, else next to the ``bot`` package in a source checkout."""
    packaged = resources.files("bot") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(bot.__file__).resolve().parents[1] / "prompts"
