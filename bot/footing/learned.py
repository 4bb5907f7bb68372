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
from bot.footing.model import STANCES, Stance
from bot.footing.signals import SIGNALS, Hit

WEIGHTS_FILE = "weights.json"
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
        feats[f"fam:{name}"] = score
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
    """Weights per feature and stance (in the order of ``STANCES``)."""

    version: str
    weights: dict[str, tuple[float, float, float]]

    def scores(self, feats: dict[str, float]) -> dict[Stance, float]:
        totals = [0.0, 0.0, 0.0]
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for i in range(3):
                    totals[i] += row[i] * value
        return dict(zip(STANCES, totals, strict=True))

    def probabilities(self, feats: dict[str, float]) -> dict[Stance, float]:
        scores = self.scores(feats)
        top = max(scores.values())
        exps = {s: math.exp(v - top) for s, v in scores.items()}
        total = sum(exps.values())
        return {s: v / total for s, v in exps.items()}

    def contributions(self, feats: dict[str, float], stance: Stance) -> list[tuple[str, float]]:
        """Features ranked by how much they pushed ``stance`` above the other two."""
        index = STANCES.index(stance)
        ranked: list[tuple[str, float]] = []
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is None or name == "bias":
                continue
            others = max(row[i] for i in range(3) if i != index)
            ranked.append((name, (row[index] - others) * value))
        ranked.sort(key=lambda item: -item[1])
        return ranked

    def to_json(self) -> str:
        rows = {name: [round(w, 5) for w in row] for name, row in sorted(self.weights.items())}
        return json.dumps(
            {"version": self.version, "stances": list(STANCES), "weights": rows},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> LinearModel:
        data = json.loads(raw)
        if data.get("stances") != list(STANCES):
            raise ValueError("the weights file was made for other stances")
        weights = {
            name: (float(r[0]), float(r[1]), float(r[2])) for name, r in data["weights"].items()
        }
        return cls(version=str(data["version"]), weights=weights)


@cache
def shipped_model() -> LinearModel | None:
    """The model shipped with the package, or None if it is missing or made for other
    features (then the rules decide alone)."""
    try:
        raw = (resources.files("bot.footing") / WEIGHTS_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    model = LinearModel.from_json(raw)
    return model if model.version == feature_version() else None
