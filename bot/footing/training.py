"""Fitting the learned layer on the labelled corpus (``noblesse train-footing``).

Multinomial logistic regression with L2 regularisation, fitted by full-batch gradient descent
with AdaGrad steps: deterministic (no shuffling, no randomness), a few seconds on the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from bot.footing.analyzer import find_hits, resolve_language
from bot.footing.evaluation import Example
from bot.footing.learned import ROUTINE_CLASSES, LinearModel, feature_version, features
from bot.footing.model import STANCES
from bot.footing.text import normalise

EPOCHS = 200
LEARNING_RATE = 0.5
L2 = 0.002
MIN_COUNT = 2  # words and pairs seen fewer times than this are left out


HELD_OUT = "heldout.jsonl"


ROUTINE_FOLDER = "routine"


def training_parts(folder: Path) -> list[Path]:
    """The corpus parts to fit the stance model on: every ``*.jsonl`` in ``folder`` except
    the held-out part."""
    return sorted(p for p in folder.glob("*.jsonl") if p.name != HELD_OUT)


def routine_parts(folder: Path) -> list[Path]:
    """Everyday messages (balanced, no negotiation) that train the routine gate."""
    return sorted((folder / ROUTINE_FOLDER).glob("*.jsonl"))


def example_features(example: Example) -> dict[str, float]:
    norm = normalise(example.text)
    lang = resolve_language(example.lang, norm)
    return features(norm, lang, find_hits(norm, lang))


def fit(
    examples: Sequence[Example],
    *,
    epochs: int = EPOCHS,
    l2: float = L2,
    sample_weights: Sequence[float] | None = None,
) -> LinearModel:
    """The stance model: submissive, balanced or dominant."""
    labels = [STANCES.index(e.label) for e in examples]
    return _fit(examples, labels, STANCES, epochs=epochs, l2=l2, sample_weights=sample_weights)


def fit_routine(
    negotiation: Sequence[Example], routine: Sequence[Example], *, epochs: int = EPOCHS
) -> LinearModel:
    """The routine gate: messages that answer pressure against everyday ones (thanks,
    scheduling, a document). The two sides weigh the same in total."""
    examples = [*negotiation, *routine]
    labels = [0] * len(negotiation) + [1] * len(routine)
    weights = [len(routine) / len(negotiation)] * len(negotiation) + [1.0] * len(routine)
    return _fit(examples, labels, ROUTINE_CLASSES, epochs=epochs, sample_weights=weights)


def _fit(
    examples: Sequence[Example],
    labels: list[int],
    classes: tuple[str, ...],
    *,
    epochs: int = EPOCHS,
    l2: float = L2,
    sample_weights: Sequence[float] | None = None,
) -> LinearModel:
    rows = [example_features(e) for e in examples]
    width = len(classes)
    shares = list(sample_weights) if sample_weights is not None else [1.0] * len(rows)
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    keep = {n for n, c in counts.items() if c >= MIN_COUNT or not n.startswith(("w:", "b:"))}
    rows = [{n: v for n, v in row.items() if n in keep} for row in rows]
    weights: dict[str, list[float]] = {name: [0.0] * width for name in sorted(keep)}
    history: dict[str, list[float]] = {name: [1e-8] * width for name in weights}
    size = len(rows)
    for _ in range(epochs):
        grads: dict[str, list[float]] = {name: [0.0] * width for name in weights}
        for row, gold, share in zip(rows, labels, shares, strict=True):
            scores = [sum(weights[n][k] * v for n, v in row.items()) for k in range(width)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for k in range(width):
                error = (exps[k] / total - (1.0 if k == gold else 0.0)) * share / size
                for name, value in row.items():
                    grads[name][k] += error * value
        for name, row_weights in weights.items():
            for k in range(width):
                grad = grads[name][k] + l2 * row_weights[k]
                history[name][k] += grad * grad
                row_weights[k] -= LEARNING_RATE * grad / math.sqrt(history[name][k])
    pruned = {n: tuple(w) for n, w in weights.items() if max(map(abs, w)) > 1e-3}
    return LinearModel(version=feature_version(), classes=classes, weights=pruned)
