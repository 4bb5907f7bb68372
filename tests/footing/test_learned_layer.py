"""The learned layer: shipped weights match the current features, training is deterministic,
and the held-out corpus part is never trained on."""

from __future__ import annotations

from pathlib import Path

from bot.footing import analyze
from bot.footing.evaluation import load_examples, shipped_corpus
from bot.footing.learned import (
    ROUTINE_FILE,
    WEIGHTS_FILE,
    LinearModel,
    feature_version,
    routine_model,
    shipped_model,
)
from bot.footing.training import HELD_OUT, fit, training_parts


def test_shipped_weights_were_fitted_on_the_current_features() -> None:
    """Changing a lexicon or the signal table without `noblesse train-footing` fails here."""
    for name in (WEIGHTS_FILE, ROUTINE_FILE):
        raw = (shipped_corpus("train").parent.parent / name).read_text(encoding="utf-8")
        assert LinearModel.from_json(raw).version == feature_version()
    assert shipped_model() is not None and routine_model() is not None


def test_everyday_messages_are_on_an_equal_footing() -> None:
    """Thanks, scheduling, sending a document: messages like these were kept out of training
    (tests/footing/data/neutral_check.jsonl) and must not be judged off balance."""
    checks = load_examples(Path(__file__).parent / "data" / "neutral_check.jsonl")
    balanced = sum(analyze(e.text, e.lang).stance == "balanced" for e in checks)
    assert balanced / len(checks) >= 0.8, balanced


def test_the_held_out_part_is_never_trained_on() -> None:
    folder = shipped_corpus("train").parent
    parts = [p.name for p in training_parts(folder)]
    assert HELD_OUT not in parts and "train.jsonl" in parts and (folder / HELD_OUT).exists()


def test_training_is_deterministic_and_learns() -> None:
    examples = load_examples(shipped_corpus("train"))[:120]
    first, second = fit(examples, epochs=40), fit(examples, epochs=40)
    assert first.to_json() == second.to_json()
    assert len(first.weights) > 50


def test_the_corpus_is_large_balanced_and_bilingual() -> None:
    folder = shipped_corpus("train").parent
    rows = [e for part in sorted(Path(folder).glob("*.jsonl")) for e in load_examples(part)]
    assert len(rows) >= 400
    for lang in ("en", "nl"):
        labels = [e.label for e in rows if e.lang == lang]
        for stance in ("submissive", "balanced", "dominant"):
            assert labels.count(stance) / len(labels) > 0.25
