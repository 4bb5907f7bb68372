"""The learned layer: shipped weights match the current features, training is deterministic,
and the held-out corpus part is never trained on."""

from __future__ import annotations

from pathlib import Path

from bot.footing.evaluation import load_examples, shipped_corpus
from bot.footing.learned import WEIGHTS_FILE, LinearModel, feature_version, shipped_model
from bot.footing.training import HELD_OUT, fit, training_parts


def test_shipped_weights_were_fitted_on_the_current_features() -> None:
    """Changing a lexicon or the signal table without `noblesse train-footing` fails here."""
    raw = (shipped_corpus("train").parent.parent / WEIGHTS_FILE).read_text(encoding="utf-8")
    assert LinearModel.from_json(raw).version == feature_version()
    assert shipped_model() is not None


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
