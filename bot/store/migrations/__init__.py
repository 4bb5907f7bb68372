"""Alembic migrations of the Noblesse schema (``env.py`` and ``versions/``)."""
