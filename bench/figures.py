"""What every benchmark prints: a readable table, plus one machine-readable line per figure
(``FIGURE\\t<name>\\t<target>\\t<measured>\\t<ok>``) that ``bench/run_all.py`` collects into
``bench/REPORT.md``."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    target: str  # e.g. ">= 2,000 /s", "< 5 ms", "" for figures reported without a target
    measured: str
    ok: bool | None  # None: no target


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(title: str, figures: list[Figure]) -> None:
    """Print the figures as a table and as FIGURE lines."""
    width = max(len(f.name) for f in figures)
    print(f"{title}  ({machine()})")
    for f in figures:
        verdict = "" if f.ok is None else ("ok" if f.ok else "MISSED")
        print(f"  {f.name:<{width}}  {f.measured:>14}   target {f.target or '-':<14} {verdict}")
    for f in figures:
        print(f"FIGURE\t{title}: {f.name}\t{f.target}\t{f.measured}\t{f.ok}")


def pin_to_one_core() -> None:
    """Measure on one core, as the targets say (where the OS allows it)."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
