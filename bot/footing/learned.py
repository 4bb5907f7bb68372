"""The learned layer of the analyser: a linear model over the rule signals and the wording.

The rules find the signals (and the spans that quote them); this layer weighs them together
with the message's words and word pairs, as learned from the labelled corpus
(``bot/footing/corpus``, all parts except the held-out one). It is a plain multinomial logistic
regression: every weight is a number in ``weights.json`` that can be read and explained, and
the same text always gets the same verdict.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.footing import lexicon_en, lexicon_nl, signals
from bot.footing.model import STANCES
from bot.footing.signals import SIGNALS, Hit

WEIGHTS_FILE = "weights.json"
FAMILY_CAP = 4.0  # family votes beyond this add nothing (one cue repeated a hundred times)
ROUTINE_FILE = "routine.json"
ROUTINE_CLASSES: tuple[str, ...] = ("negotiation", "routine")
_WORD = re.compile(r"[a-zà-ÿ0-9'%€$£]+")
_DIGITS = re.compile(r"\d+")


def feature_version() -> str:
    """A fingerprint of everything the features depend on: the lexicons, the signal table
    and this module. A model trained on other features is not used."""
    digest = hashlib.sha256()
    for module in (lexicon_en, lexicon_nl, signals):
        digest.update(inspect.getsource(module).encode())
    digest.update(inspect.getsource(features).encode())
    return digest.hexdigest()[:16]


def _tokens(norm: str) -> list[str]:
    return [_DIGITS.sub("0", token.strip("'")) for token in _WORD.findall(norm)]


def feature_spans(norm: str) -> dict[str, tuple[int, int]]:
    """Where each word and word-pair feature first occurs in the normalised text."""
    spans: dict[str, tuple[int, int]] = {}
    previous: tuple[str, int] | None = None
    for match in _WORD.finditer(norm):
        token = _DIGITS.sub("0", match.group().strip("'"))
        spans.setdefault(f"w:{token}", (match.start(), match.end()))
        if previous is not None:
            spans.setdefault(f"b:{previous[0]}_{token}", (previous[1], match.end()))
        previous = (token, match.start())
    return spans


def features(norm: str, lang: str, hits: list[Hit]) -> dict[str, float]:
    """The model's inputs: signal counts, family votes, words and word pairs, shape."""
    feats: dict[str, float] = {"bias": 1.0}
    family = {"S": 0.0, "B": 0.0, "D": 0.0}
    for hit in hits:
        key = f"sig:{hit.signal}"
        feats[key] = min(2.0, feats.get(key, 0.0) + hit.weight)
        signal = SIGNALS[hit.signal]
        family[signal.family] += signal.weight * hit.weight
    for name, score in family.items():
        feats[f"fam:{name}"] = min(score, FAMILY_CAP)
    tokens = _tokens(norm)
    for token in tokens:
        feats[f"w:{token}"] = 1.0
    for first, second in itertools.pairwise(tokens):
        feats[f"b:{first}_{second}"] = 1.0
    feats["shape:question"] = float(min(2, norm.count("?")))
    feats["shape:exclaim"] = float(min(2, norm.count("!")))
    feats[f"shape:lang_{lang}"] = 1.0
    feats["shape:short"] = 1.0 if len(tokens) <= 6 else 0.0
    return feats


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial logistic regression: one weight per feature and class."""

    version: str
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, feats: dict[str, float]) -> dict[str, float]:
        totals = [0.0] * len(self.classes)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    totals[i] += weight * value
        return dict(zip(self.classes, totals, strict=True))

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        scores = self.scores(feats)
        top = max(scores.values())
        exps = {s: math.exp(v - top) for s, v in scores.items()}
        total = sum(exps.values())
        return {s: v / total for s, v in exps.items()}

    def contributions(self, feats: dict[str, float], label: str) -> list[tuple[str, float]]:
        """Features ranked by how much they pushed ``label`` above the other classes."""
        index = self.classes.index(label)
        ranked: list[tuple[str, float]] = []
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is None or name == "bias":
                continue
            others = max(w for i, w in enumerate(row) if i != index)
            ranked.append((name, (row[index] - others) * value))
        ranked.sort(key=lambda item: -item[1])
        return ranked

    def to_json(self) -> str:
        rows = {name: [round(w, 5) for w in row] for name, row in sorted(self.weights.items())}
        return json.dumps(
            {"version": self.version, "classes": list(self.classes), "weights": rows},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> LinearModel:
        data = json.loads(raw)
        classes = tuple(str(c) for c in data["classes"])
        weights = {name: tuple(float(w) for w in row) for name, row in data["weights"].items()}
        if any(len(row) != len(classes) for row in weights.values()):
            raise ValueError("a weights row does not match the classes")
        return cls(version=str(data["version"]), classes=classes, weights=weights)


def _load(filename: str, classes: tuple[str, ...]) -> LinearModel | None:
    try:
        raw = (resources.files("bot.footing") / filename).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    model = LinearModel.from_json(raw)
    if model.version != feature_version() or model.classes != classes:
        return None
    return model


@cache
def shipped_model() -> LinearModel | None:
    """The stance model shipped with the package, or None if it is missing or made for other
    features (then the rules decide alone)."""
    return _load(WEIGHTS_FILE, STANCES)


@cache
def routine_model() -> LinearModel | None:
    """The gate that tells routine messages (thanks, scheduling, sending a document) from
    negotiation; None if missing or made for other features."""
    return _load(ROUTINE_FILE, ROUTINE_CLASSES)
