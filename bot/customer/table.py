"""Strict reading of TOML tables: typed fields, clear errors, and no unknown or missing keys."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.customer.errors import CustomerError
from bot.footing.model import LANGS, Lang

T = TypeVar("T", bound=str)


class Table:
    """One TOML table. Each accessor marks its key as read; :meth:`done` rejects the rest.

    ``where`` names the file and table for error messages (e.g. ``"price_squeeze.toml [terms]"``);
    errors are raised as ``error`` so that each loader reports its own error type.
    """

    def __init__(self, data: Mapping[str, Any], where: str, error: type[CustomerError]) -> None:
        if not isinstance(data, Mapping):
            raise error(f"{where}: expected a table, found {type(data).__name__}")
        self._data = data
        self._read: set[str] = set()
        self.where = where
        self.error = error

    def fail(self, message: str) -> CustomerError:
        """An error of this table's type, prefixed with where it happened."""
        return self.error(f"{self.where}: {message}")

    def names(self) -> tuple[str, ...]:
        """The keys present in the table."""
        return tuple(self._data)

    def has(self, key: str) -> bool:
        return key in self._data

    def _get(self, key: str) -> Any:
        if key not in self._data:
            raise self.fail(f"missing required key {key!r}")
        self._read.add(key)
        return self._data[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string")
        return value.strip()

    def integer(self, key: str, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key!r} must be a whole number")
        _check_range(self, key, value, minimum, maximum)
        return value

    def number(self, key: str, minimum: float | None = None, maximum: float | None = None) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{key!r} must be a number")
        number = float(value)
        if not math.isfinite(number):
            raise self.fail(f"{key!r} must be a finite number")
        _check_range(self, key, number, minimum, maximum)
        return number

    def choice(self, key: str, options: Iterable[T]) -> T:
        allowed = tuple(options)
        value = self._get(key)
        if value not in allowed:
            raise self.fail(f"{key!r} must be one of {', '.join(allowed)}; found {value!r}")
        return value

    def choices(self, key: str, options: Iterable[T]) -> tuple[T, ...]:
        allowed = tuple(options)
        values = self._get(key)
        if not isinstance(values, list):
            raise self.fail(f"{key!r} must be a list")
        for value in values:
            if value not in allowed:
                raise self.fail(f"{key!r}: {value!r} is not one of {', '.join(allowed)}")
        if len(set(values)) != len(values):
            raise self.fail(f"{key!r} lists an entry twice")
        return tuple(values)

    def strings(self, key: str) -> tuple[str, ...]:
        values = self._get(key)
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise self.fail(f"{key!r} must be a list of non-empty strings")
        return tuple(v.strip() for v in values)

    def table(self, key: str) -> Table:
        return Table(self._get(key), f"{self.where} [{key}]", self.error)

    def tables(self, key: str) -> tuple[Table, ...]:
        values = self._get(key)
        if not isinstance(values, list) or not values:
            raise self.fail(f"{key!r} must be a non-empty array of tables")
        return tuple(
            Table(value, f"{self.where} [[{key}]] #{index}", self.error)
            for index, value in enumerate(values, start=1)
        )

    def raw(self, key: str) -> Any:
        """The value as TOML gave it, for callers that validate it themselves."""
        return self._get(key)

    def localized(self, key: str) -> Localized:
        """A table with exactly the keys ``en`` and ``nl``, both non-empty strings."""
        inner = self.table(key)
        result = Localized(en=inner.text("en"), nl=inner.text("nl"))
        inner.done()
        return result

    def done(self) -> None:
        """Raise if the table holds keys nobody asked for (typos, stale fields)."""
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.fail(f"unknown key(s): {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class Localized:
    """A text in both product languages."""

    en: str
    nl: str

    def __getitem__(self, lang: Lang) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        return self.en if lang == "en" else self.nl


def _check_range(
    table: Table, key: str, value: float, minimum: float | None, maximum: float | None
) -> None:
    if minimum is not None and value < minimum:
        raise table.fail(f"{key!r} must be at least {minimum}; found {value}")
    if maximum is not None and value > maximum:
        raise table.fail(f"{key!r} must be at most {maximum}; found {value}")
