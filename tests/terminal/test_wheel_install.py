"""A non-editable install works: the wheel carries the prompts, scenarios, tips, corpus,
weights, playground files and the Teams app package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_runs_without_the_source_tree(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    wheel = next(tmp_path.glob("noblesse-*.whl"))
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "adapters.terminal.cli", *args],
            cwd=work,
            env=env,
            capture_output=True,
            timeout=120,
        )

    located = subprocess.run(
        [sys.executable, "-c", "import bot, adapters; print(bot.__file__, adapters.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(target) in located and str(ROOT) not in located
    feedback = run("feedback", "--json", "Graag of niet, dit is ons laatste bod.")
    assert json.loads(feedback.stdout)["stance"] == "dominant", feedback.stderr
    assert b"price_squeeze" in run("scenarios").stdout
    packaged = run("teams-package", "--output", str(tmp_path / "teams.zip"))
    assert packaged.returncode == 0, packaged.stderr
    chat = subprocess.run(
        [sys.executable, "-m", "adapters.terminal.cli", "chat", "--json", "--seed", "1"],
        input=b"What matters most to you?\n",
        cwd=work,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert b'"customer"' in chat.stdout, chat.stderr
