"""Scoring the analyser against a labelled corpus: accuracy, macro-F1, confusion per language."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.footing.analyzer import analyze
from bot.footing.model import STANCES, Stance


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    lang: str
    label: Stance
    text: str
    topic: str = ""
    hard_case: str | None = None


@dataclass(slots=True)
class LanguageReport:
    lang: str
    total: int = 0
    correct: int = 0
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {g: dict.fromkeys(STANCES, 0) for g in STANCES}
    )

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def f1(self, stance: str) -> float:
        tp = self.confusion[stance][stance]
        predicted = sum(self.confusion[g][stance] for g in STANCES)
        actual = sum(self.confusion[stance].values())
        if not tp:
            return 0.0
        precision, recall = tp / predicted, tp / actual
        return 2 * precision * recall / (precision + recall)

    @property
    def macro_f1(self) -> float:
        return sum(self.f1(s) for s in STANCES) / len(STANCES)


def load_examples(path: Path) -> list[Example]:
    """Read a JSON-lines corpus; a malformed line raises ``ValueError`` naming its number."""
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if row["label"] not in STANCES:
                    raise ValueError(f"unknown label {row['label']!r}")
                examples.append(
                    Example(
                        id=str(row.get("id", number)),
                        lang=row["lang"],
                        label=row["label"],
                        text=row["text"],
                        topic=row.get("topic", ""),
                        hard_case=row.get("hard_case"),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return examples


def shipped_corpus(part: str) -> Path:
    """The corpus shipped with the package: ``"train"`` or ``"heldout"``."""
    return Path(str(resources.files("bot.footing") / "corpus" / f"{part}.jsonl"))


@dataclass(frozen=True, slots=True)
class Miss:
    example: Example
    predicted: Stance


def evaluate(examples: Iterable[Example]) -> tuple[dict[str, LanguageReport], list[Miss]]:
    """Run the analyser over ``examples``; reports per language (and "all") and the misses."""
    reports: dict[str, LanguageReport] = {"all": LanguageReport("all")}
    misses: list[Miss] = []
    for example in examples:
        predicted = analyze(example.text, example.lang).stance
        for key in (example.lang, "all"):
            report = reports.setdefault(key, LanguageReport(key))
            report.total += 1
            report.correct += predicted == example.label
            report.confusion[example.label][predicted] += 1
        if predicted != example.label:
            misses.append(Miss(example, predicted))
    return reports, misses


def format_report(reports: dict[str, LanguageReport]) -> str:
    """A plain-text table per language: accuracy, macro-F1 and the confusion matrix."""
    lines: list[str] = []
    for key in sorted(reports, key=lambda k: (k == "all", k)):
        report = reports[key]
        lines.append(
            f"[{key}] n={report.total}  accuracy={report.accuracy:.3f}  "
            f"macro-F1={report.macro_f1:.3f}"
        )
        lines.append("  gold \\ predicted  " + "  ".join(f"{s:>10}" for s in STANCES))
        for gold in STANCES:
            row = "  ".join(f"{report.confusion[gold][p]:>10}" for p in STANCES)
            lines.append(f"  {gold:<17} {row}")
        lines.append("  F1: " + "  ".join(f"{s}={report.f1(s):.3f}" for s in STANCES))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
