"""`noblesse chat` and `noblesse scenarios` as a user runs them, including a kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

NOBLESSE = Path(sys.executable).with_name("noblesse")


def test_scenarios_lists_at_least_six() -> None:
    result = subprocess.run([str(NOBLESSE), "scenarios"], capture_output=True, timeout=60)
    lines = result.stdout.decode().splitlines()
    assert len(lines) >= 6 and any(line.startswith("price_squeeze") for line in lines)


def test_json_chat_writes_one_object_per_turn(tmp_path: Path) -> None:
    script = "What matters most to you here?\nIf you sign for two years, we can do 3%.\n"
    result = subprocess.run(
        [
            str(NOBLESSE),
            "chat",
            "--json",
            "--scenario",
            "price_squeeze",
            "--seed",
            "4",
            "--lang",
            "en",
            "--difficulty",
            "hard",
        ],
        input=script.encode(),
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert "start" in objects[0]
    turns = [o for o in objects[1:] if o.get("salesperson")]
    assert [t["turn"] for t in turns] == [1, 2]
    for turn in turns:
        assert turn["customer"] and turn["assessment"]["stance"] in (
            "balanced",
            "submissive",
            "dominant",
        )
        assert 0 <= turn["state"]["trust"] <= 1
    assert objects[-1]["outcome"] == "stopped" and "scorecard" in objects[-1]


def test_same_seed_same_customer(tmp_path: Path) -> None:
    def play(folder: Path) -> list[str]:
        folder.mkdir()
        result = subprocess.run(
            [
                str(NOBLESSE),
                "chat",
                "--json",
                "--scenario",
                "rush_delivery",
                "--seed",
                "9",
                "--lang",
                "nl",
            ],
            input=b"Wat is voor u het belangrijkste?\nDat lukt niet, maar we kunnen in twee "
            b"delen leveren.\n",
            capture_output=True,
            timeout=60,
            cwd=folder,
        )
        return [json.loads(line).get("customer", "") for line in result.stdout.splitlines()]

    assert play(tmp_path / "a") == play(tmp_path / "b")


def test_killed_mid_roleplay_resumes_where_it_stopped(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            str(NOBLESSE),
            "chat",
            "--json",
            "--scenario",
            "escalation",
            "--seed",
            "2",
            "--lang",
            "en",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert process.stdin and process.stdout
    process.stdout.readline()  # the start object
    process.stdin.write(b"I understand. What would a good outcome look like for you?\n")
    process.stdin.flush()
    first = json.loads(process.stdout.readline())
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(0.1)
    resumed = subprocess.run(
        [str(NOBLESSE), "chat", "--json", "--resume"],
        input=b"If you confirm today, we can phase the rollout.\n",
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    objects = [json.loads(line) for line in resumed.stdout.splitlines()]
    turn = next(o for o in objects if o.get("salesperson"))
    assert turn["turn"] == first["turn"] + 1
    assert turn["state"]["scenario_id"] == "escalation"
