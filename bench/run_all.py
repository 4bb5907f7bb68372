"""``make bench``: run every benchmark and write ``bench/REPORT.md`` — one table of figure,
target and measured value, with the machine it ran on.

Each script prints its own table and ``FIGURE`` lines (``bench/figures.py``); this collects
them. A script that fails is reported as such, and the run exits non-zero.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import machine

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "footing.py",
    "coach_turns.py",
    "prompt_tokens.py",
    "server.py",
    "slack_ack.py",
    "teams_turns.py",
)
TIMEOUT_S = 600


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    failures: list[str] = []
    started = time.perf_counter()
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        try:
            result = subprocess.run(
                [sys.executable, str(HERE / script)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                cwd=HERE.parent,
            )
        except subprocess.TimeoutExpired:
            failures.append(f"{script}: no result within {TIMEOUT_S} s")
            continue
        print(result.stdout, end="")
        if result.returncode != 0:
            failures.append(f"{script}: exit {result.returncode}: {result.stderr[-500:]}")
            continue
        for line in result.stdout.splitlines():
            if line.startswith("FIGURE\t"):
                _, name, target, measured, ok = line.split("\t")
                verdict = {"True": "met", "False": "**missed**"}.get(ok, "")
                rows.append((name, target or "—", measured, verdict))
    elapsed = time.perf_counter() - started
    lines = [
        "# Benchmark report",
        "",
        f"Made by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on {machine()}, "
        f"in {elapsed:.0f} s. Each figure comes from the script named before the colon "
        "(`bench/<script>.py`); run one alone for its full table.",
        "",
        "| figure | target | measured | |",
        "|---|---|---|---|",
        *(f"| {n} | {t} | {m} | {v} |" for n, t, m, v in rows),
    ]
    if failures:
        lines += ["", "## Scripts that failed", "", *(f"- {f}" for f in failures)]
    (HERE / "REPORT.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'REPORT.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
