"""`noblesse feedback` and `noblesse eval`, run as the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOBLESSE = Path(sys.executable).with_name("noblesse")


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(NOBLESSE), *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_readable_verdict_has_gauge_quotes_advice_and_rewrite() -> None:
    result = run("feedback", "OK. 25% then. I'll send the new quote.")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.startswith("submissive")
    assert "S [" in out and "] D" in out
    assert '"OK. 25% then"' in out
    assert "Next step:" in out and "On an equal footing:" in out


def test_json_is_one_assessment_object() -> None:
    result = run("feedback", "--json", "Met alle respect, u begrijpt er niets van.")
    data = json.loads(result.stdout)
    assert data["stance"] == "dominant" and data["lang"] == "nl"
    assert set(data) >= {"dominance", "affiliation", "confidence", "evidence", "advice", "rewrite"}
    for item in data["evidence"]:
        assert (
            "Met alle respect, u begrijpt er niets van."[item["start"] : item["end"]]
            == item["quote"]
        )


def test_lang_forces_the_language() -> None:
    result = run("feedback", "--json", "--lang", "nl", "OK")
    assert json.loads(result.stdout)["lang"] == "nl"
    bad = run("feedback", "--lang", "fr", "Bonjour")
    assert bad.returncode == 2 and b"nl" in bad.stderr


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_empty_text_is_a_clear_error_with_exit_code_2(text: str) -> None:
    result = run("feedback", text)
    assert result.returncode == 2
    assert b"draft" in result.stderr
    assert b"Traceback" not in result.stderr


def test_huge_text_is_analysed_up_to_the_cap_with_a_note() -> None:
    result = run("feedback", "--json", "We can do 5% if you sign for two years. " * 600)
    data = json.loads(result.stdout)
    assert any("10,000" in note for note in data["notes"])


def test_batch_keeps_order_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Take it or leave it."}).encode(),
        b"{not json",
        b"\xff\xfe broken utf-8",
        json.dumps({"id": "x", "text": "Als u tekent, doen we 5%.", "lang": "nl"}).encode(),
        json.dumps({"id": 3, "text": ""}).encode(),
        json.dumps({"id": 4, "text": 42}).encode(),
        json.dumps([1, 2]).encode(),
    ]
    result = run("feedback", "--batch", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == [1, None, None, "x", 3, 4, None]
    assert out[0]["stance"] == "dominant"
    assert "error" in out[1] and "error" in out[2] and "UTF-8" in out[2]["error"]
    assert out[3]["lang"] == "nl" and out[3]["stance"] == "balanced"
    assert "empty" in out[4]["error"] and "string" in out[5]["error"]


def test_invalid_utf8_on_stdin_is_an_error_line_not_a_traceback() -> None:
    result = run("feedback", stdin=b"\xff\xfe\xfa")
    assert result.returncode == 2
    assert b"UTF-8" in result.stderr and b"Traceback" not in result.stderr


def test_eval_prints_accuracy_macro_f1_and_confusion_per_language(tmp_path: Path) -> None:
    corpus = tmp_path / "small.jsonl"
    rows = [
        {"id": "a", "lang": "en", "label": "dominant", "text": "Take it or leave it."},
        {"id": "b", "lang": "en", "label": "balanced", "text": "What matters most to you?"},
        {"id": "c", "lang": "nl", "label": "submissive", "text": "Oké, 25% dan."},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("eval", str(corpus))
    out = result.stdout.decode()
    assert result.returncode == 0
    for token in ("[en]", "[nl]", "[all]", "accuracy=", "macro-F1=", "gold \\ predicted"):
        assert token in out


def test_eval_reports_a_malformed_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"lang": "en"}\n', encoding="utf-8")
    result = run("eval", str(corpus))
    assert result.returncode == 2 and b"bad.jsonl:1" in result.stderr
