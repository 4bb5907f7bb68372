"""Where the prompt data files live, in an installed wheel and in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import bot


def prompts_root() -> Traversable:
    """The ``prompts`` folder: ``bot/prompts`` inside an installed wheel (the build copies it
    there), else the repository's top-level ``prompts/`` folder next to the ``bot`` package."""
    packaged = files("bot") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(bot.__file__).resolve().parents[1] / "prompts"
