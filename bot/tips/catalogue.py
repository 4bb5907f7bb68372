"""The daily-tip catalogue: one TOML file per language under ``prompts/tips/``, strictly checked.

File layout (``prompts/tips/<lang>.toml``)::

    version = 1                      # positive whole number, bumped on every edit
    lang = "en"                      # must match the file name
    exercise_label = "Try this today"

    [[tips]]
    id = "trade-not-give-01"         # stable slug, the same in every language
    habits = ["trading"]             # one or more bot.habits.Habit values
    title = "..."
    body = "..."
    exercise = "..."

The loader rejects unknown or missing keys, empty texts, unknown habits, duplicate ids, ids
that are not present in every language and ids whose habits differ between languages, each
with a message naming the file and the tip.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from bot.errors import NoblesseError
from bot.habits import Habit
from bot.resources import prompts_root

logger = logging.getLogger(__name__)

REQUIRED_LANGS: tuple[str, ...] = ("en", "nl")
"""Languages every catalogue must offer (the product's first-class languages)."""

_FILE_KEYS = frozenset({"version", "lang", "exercise_label", "tips"})
_TIP_KEYS = frozenset({"id", "habits", "title", "body", "exercise"})
_TEXT_KEYS = ("title", "body", "exercise")
_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[a-z]{2,3}")
_HABITS = {habit.value: habit for habit in Habit}


class CatalogueError(NoblesseError):
    """The tip files are missing, malformed or inconsistent between languages."""


@dataclass(frozen=True, slots=True)
class Tip:
    """One daily tip in one language."""

    id: str
    lang: str
    habits: tuple[Habit, ...]
    title: str
    body: str
    exercise: str
    exercise_label: str = ""  # introduces the exercise in to_text(), e.g. "Try this today"

    def to_text(self) -> str:
        """Plain-text rendering: the fallback for notifications, terminals and screen readers."""
        exercise = (
            f"{self.exercise_label}: {self.exercise}" if self.exercise_label else self.exercise
        )
        return f"{self.title}\n\n{self.body}\n\n{exercise}"


class Catalogue:
    """All tips, per language. Every id exists in every language with the same habits."""

    __slots__ = ("_by_lang", "_habits", "_ids", "_tips", "_versions")

    def __init__(self, tips: Mapping[str, tuple[Tip, ...]], versions: Mapping[str, int]) -> None:
        if not tips:
            raise CatalogueError("a catalogue needs at least one language")
        if set(tips) != set(versions):
            raise CatalogueError("every language needs a version, and every version a language")
        self._tips = MappingProxyType(dict(tips))
        self._versions = MappingProxyType(dict(versions))
        self._by_lang = {
            lang: {tip.id: tip for tip in lang_tips} for lang, lang_tips in self._tips.items()
        }
        _check_consistent(self._by_lang)
        first = next(iter(self._by_lang.values()))
        self._ids = tuple(sorted(first))
        self._habits = {tip_id: tip.habits for tip_id, tip in first.items()}

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(sorted(self._tips))

    @property
    def ids(self) -> tuple[str, ...]:
        """Every tip id, sorted (the same set in every language)."""
        return self._ids

    @property
    def versions(self) -> Mapping[str, int]:
        """The ``version`` of each language file."""
        return self._versions

    def version(self, lang: str) -> int:
        self._require_lang(lang)
        return self._versions[lang]

    def in_lang(self, lang: str) -> tuple[Tip, ...]:
        """The tips of one language, in file order."""
        self._require_lang(lang)
        return self._tips[lang]

    def get(self, tip_id: str, lang: str) -> Tip:
        self._require_lang(lang)
        try:
            return self._by_lang[lang][tip_id]
        except KeyError:
            raise CatalogueError(f"no tip with id {tip_id!r}") from None

    def habits_of(self, tip_id: str) -> tuple[Habit, ...]:
        try:
            return self._habits[tip_id]
        except KeyError:
            raise CatalogueError(f"no tip with id {tip_id!r}") from None

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __contains__(self, tip_id: object) -> bool:
        return tip_id in self._habits

    def _require_lang(self, lang: str) -> None:
        if lang not in self._tips:
            known = ", ".join(self.langs)
            raise CatalogueError(f"no tips in language {lang!r} (available: {known})")


def read_catalogue(folder: Traversable) -> Catalogue:
    """Read and check every ``<lang>.toml`` in ``folder``. Not cached; see load_catalogue()."""
    if not folder.is_dir():
        raise CatalogueError(f"tip folder not found: {folder}")
    tips: dict[str, tuple[Tip, ...]] = {}
    versions: dict[str, int] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml") or not entry.is_file():
            continue
        lang = entry.name.removesuffix(".toml")
        where = f"tips/{entry.name}"
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{where}: not valid TOML: {exc}") from exc
        versions[lang], tips[lang] = _parse_file(data, lang, where)
    missing = [lang for lang in REQUIRED_LANGS if lang not in tips]
    if missing:
        raise CatalogueError(f"tip files missing for: {', '.join(missing)} (in {folder})")
    catalogue = Catalogue(tips, versions)
    logger.info(
        "loaded %d tips in %s",
        len(catalogue),
        ", ".join(f"{lang}@{versions[lang]}" for lang in catalogue.langs),
    )
    return catalogue


@functools.cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with Noblesse, read once and cached for the process."""
    return read_catalogue(prompts_root() / "tips")


def _parse_file(data: Mapping[str, Any], lang: str, where: str) -> tuple[int, tuple[Tip, ...]]:
    if not _LANG.fullmatch(lang):
        raise CatalogueError(f"{where}: file name must be a language code such as en.toml")
    _check_keys(data, _FILE_KEYS, where)
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CatalogueError(f"{where}: 'version' must be a positive whole number")
    if data["lang"] != lang:
        raise CatalogueError(f"{where}: 'lang' is {data['lang']!r} but the file name says {lang!r}")
    label = _text(data, "exercise_label", where)
    raw_tips = data["tips"]
    if not isinstance(raw_tips, list) or not raw_tips:
        raise CatalogueError(f"{where}: 'tips' must be a non-empty list of [[tips]] tables")
    parsed: list[Tip] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_tips, start=1):
        tip = _parse_tip(raw, lang, label, f"{where}: tip #{index}")
        if tip.id in seen:
            raise CatalogueError(f"{where}: tip id {tip.id!r} appears more than once")
        seen.add(tip.id)
        parsed.append(tip)
    return version, tuple(parsed)


def _parse_tip(raw: object, lang: str, label: str, where: str) -> Tip:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: must be a [[tips]] table")
    tip_id = raw.get("id")
    if not isinstance(tip_id, str) or not _ID.fullmatch(tip_id):
        raise CatalogueError(
            f"{where}: 'id' must be a lowercase slug such as 'trade-not-give-01', not {tip_id!r}"
        )
    where = f"{where} ({tip_id})"
    _check_keys(raw, _TIP_KEYS, where)
    title, body, exercise = (_text(raw, key, where) for key in _TEXT_KEYS)
    return Tip(
        id=tip_id,
        lang=lang,
        habits=_habits(raw["habits"], where),
        title=title,
        body=body,
        exercise=exercise,
        exercise_label=label,
    )


def _check_keys(data: Mapping[str, Any], expected: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - expected)
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s): {', '.join(unknown)}")
    missing = sorted(expected - set(data))
    if missing:
        raise CatalogueError(f"{where}: missing key(s): {', '.join(missing)}")


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: {key!r} must be a non-empty string")
    return " ".join(value.split())


def _habits(value: object, where: str) -> tuple[Habit, ...]:
    if not isinstance(value, list) or not value:
        raise CatalogueError(f"{where}: 'habits' must be a non-empty list")
    habits: list[Habit] = []
    for name in value:
        habit = _HABITS.get(name) if isinstance(name, str) else None
        if habit is None:
            known = ", ".join(_HABITS)
            raise CatalogueError(f"{where}: unknown habit {name!r} (known: {known})")
        if habit in habits:
            raise CatalogueError(f"{where}: habit {name!r} is listed twice")
        habits.append(habit)
    return tuple(habits)


def _check_consistent(by_lang: Mapping[str, Mapping[str, Tip]]) -> None:
    all_ids = set().union(*(set(tips) for tips in by_lang.values()))
    for lang, tips in sorted(by_lang.items()):
        missing = sorted(all_ids - set(tips))
        if missing:
            raise CatalogueError(
                f"tips/{lang}.toml: missing tip id(s) present in another language: "
                + ", ".join(missing)
            )
    for tip_id in sorted(all_ids):
        variants = {lang: frozenset(tips[tip_id].habits) for lang, tips in by_lang.items()}
        if len(set(variants.values())) > 1:
            detail = "; ".join(
                f"{lang}: {', '.join(sorted(habits))}" for lang, habits in sorted(variants.items())
            )
            raise CatalogueError(f"tip {tip_id!r} has different habits per language ({detail})")
