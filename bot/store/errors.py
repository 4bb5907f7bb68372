"""What can go wrong with storage, as errors the adapters can answer in a friendly way."""

from bot.errors import NoblesseError


class StoreError(NoblesseError):
    """Base class for storage errors."""


class StoreUnavailable(StoreError):
    """The database cannot be reached, refused the connection, or stayed locked too long."""


class StoreConflict(StoreError):
    """Another writer changed the same data at the same time; the operation may be retried."""


class SessionNotFound(StoreError):
    """No role-play session has the given id (it never existed or was forgotten)."""
