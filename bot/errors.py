"""The root of every error the core raises on purpose."""


class NoblesseError(Exception):
    """Base class for all errors raised deliberately by Noblesse."""


class InputError(NoblesseError):
    """The user's input cannot be processed (empty, not text, malformed)."""


class ConfigurationError(NoblesseError):
    """The settings are inconsistent or incomplete."""
