"""Errors of the demanding-customer engine, all rooted in :class:`bot.errors.NoblesseError`."""

from __future__ import annotations

from bot.errors import NoblesseError


class CustomerError(NoblesseError):
    """Base class for errors raised by the customer engine."""


class ScenarioError(CustomerError):
    """A scenario file is missing, malformed or inconsistent."""


class WordingError(CustomerError):
    """A wording file is malformed, or a line cannot be rendered (e.g. a missing placeholder)."""


class StateError(CustomerError):
    """A serialised customer state cannot be read back."""


class SessionOverError(CustomerError):
    """A turn was played on a session that already has an outcome."""
