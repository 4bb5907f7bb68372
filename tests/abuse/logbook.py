"""Log records captured during a test, and the checks made on them.

A :class:`LogBook` is a handler on the root logger. It keeps every record it is given and
answers two questions: which records show that something broke (``problems``: an error, or any
record that carries a traceback), and whether any record lets a secret through (``leaks``:
its message, arguments, extra fields, exception or stack contain a given word).
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

_STANDARD = frozenset(
    vars(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None)).keys()
) | {"message", "asctime", "taskName"}


def record_text(record: logging.LogRecord) -> str:
    """Everything a record carries that a handler could write out."""
    parts = [record.name, str(record.msg)]
    with contextlib.suppress(TypeError, ValueError):  # a broken format: the raw parts stay
        parts.append(record.getMessage())
    parts.append(repr(record.args))
    parts.extend(f"{key}={value!r}" for key, value in vars(record).items() if key not in _STANDARD)
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


def describe(record: logging.LogRecord) -> str:
    """One line for an assertion message: level, logger, message, exception type."""
    exception = ""
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        exception = f" [{type(error).__name__}: {str(error)[:120]}{where}]"
    return f"{record.levelname} {record.name}: {record.getMessage()[:160]}{exception}"


class LogBook(logging.Handler):
    """Keeps the records that reach it (see :func:`logbook`)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def clear(self) -> None:
        self.records.clear()

    def problems(self) -> list[logging.LogRecord]:
        """Errors, and records with a traceback: something was not handled as it should."""
        return [
            record
            for record in self.records
            if record.levelno >= logging.ERROR or (record.exc_info and record.exc_info[0])
        ]

    def leaks(self, words: Iterable[str]) -> list[tuple[str, logging.LogRecord]]:
        """(word, record) for every record that contains one of ``words`` (case-insensitive)."""
        lowered = [word.lower() for word in words]
        found: list[tuple[str, logging.LogRecord]] = []
        for record in self.records:
            text = record_text(record).lower()
            found.extend((word, record) for word in lowered if word in text)
        return found

    def matching(self, logger_prefix: str, fragment: str) -> list[logging.LogRecord]:
        """Records of loggers under ``logger_prefix`` whose message contains ``fragment``."""
        return [
            record
            for record in self.records
            if record.name.startswith(logger_prefix) and fragment in record.getMessage()
        ]

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the logs show unhandled trouble:\n" + "\n".join(
            describe(record) for record in problems
        )


@contextmanager
def logbook(level: int = logging.WARNING) -> Iterator[LogBook]:
    """A :class:`LogBook` on the root logger, which is set to ``level`` meanwhile."""
    root = logging.getLogger()
    book = LogBook()
    previous = root.level
    root.addHandler(book)
    root.setLevel(level)
    try:
        yield book
    finally:
        root.removeHandler(book)
        root.setLevel(previous)
