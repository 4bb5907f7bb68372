"""Looking under the store's hood: every table of the live schema, read with a plain engine.

:func:`owned_counts` follows the foreign keys the database itself reports (not the ORM's
models), so a table added later that points at ``users`` — directly or through another table —
is checked without changing the test. :func:`rows_as_text` renders every row of every table,
for searching words in them.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import UserKey
from bot.store.engine import create_store_engine, parse_url

from .stack import DatabaseLike

SKIPPED: Final = frozenset({"alembic_version"})


def engine_for(database: DatabaseLike) -> AsyncEngine:
    return create_store_engine(parse_url(database.url), schema=database.schema)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _links(connection: Connection) -> dict[str, list[tuple[str, str, str]]]:
    """For each table: (column, referred table, referred column) of its foreign keys."""
    inspector = inspect(connection)
    links: dict[str, list[tuple[str, str, str]]] = {}
    for table in inspector.get_table_names():
        if table in SKIPPED:
            continue
        links[table] = [
            (column, key["referred_table"], referred)
            for key in inspector.get_foreign_keys(table)
            for column, referred in zip(
                key["constrained_columns"], key["referred_columns"], strict=True
            )
        ]
    return links


def _owned_condition(
    table: str, links: dict[str, list[tuple[str, str, str]]], seen: frozenset[str] = frozenset()
) -> str | None:
    """SQL selecting the rows of ``table`` that belong to the user ``:user`` (a ``users.id``),
    or None when no chain of foreign keys leads from ``table`` to ``users``."""
    if table == "users":
        return "id = :user"
    for column, parent, referred in links.get(table, []):
        if parent in seen or parent == table:
            continue
        inner = _owned_condition(parent, links, seen | {table})
        if inner is not None:
            return (
                f"{_quote(column)} IN (SELECT {_quote(referred)} FROM {_quote(parent)} "
                f"WHERE {inner})"
            )
    return None


def _count_owned(connection: Connection, user_row: int) -> tuple[dict[str, int], set[str]]:
    links = _links(connection)
    counts: dict[str, int] = {}
    unlinked: set[str] = set()
    for table in links:
        condition = _owned_condition(table, links)
        if condition is None:
            unlinked.add(table)
            continue
        statement = text(f"SELECT count(*) FROM {_quote(table)} WHERE {condition}")
        counts[table] = int(connection.execute(statement, {"user": user_row}).scalar_one())
    return counts, unlinked


async def owned_counts(database: DatabaseLike, user_row: int) -> tuple[dict[str, int], set[str]]:
    """Rows per table that belong to the user with ``users.id == user_row``, and the tables
    with no foreign-key path to ``users``."""
    engine = engine_for(database)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: _count_owned(sync, user_row))
    finally:
        await engine.dispose()


async def user_row_id(database: DatabaseLike, key: UserKey) -> int | None:
    """The ``users.id`` of ``key``, or None when the store has no such user."""
    engine = engine_for(database)
    query = text("SELECT id FROM users WHERE platform = :p AND tenant = :t AND user_id = :u")
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                query, {"p": key.platform, "t": key.tenant, "u": key.user_id}
            )
            row = found.first()
    finally:
        await engine.dispose()
    return None if row is None else int(row[0])


def _all_rows(connection: Connection) -> dict[str, list[str]]:
    inspector = inspect(connection)
    rows: dict[str, list[str]] = {}
    for table in inspector.get_table_names():
        if table in SKIPPED:
            continue
        result = connection.exec_driver_sql(f"SELECT * FROM {_quote(table)}")
        rows[table] = [" | ".join(str(value) for value in row) for row in result]
    return rows


async def rows_as_text(database: DatabaseLike) -> dict[str, list[str]]:
    """Every row of every table, each as one line of text."""
    engine = engine_for(database)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_all_rows)
    finally:
        await engine.dispose()


def tables_mentioning(rows: dict[str, list[str]], words: list[str]) -> dict[str, list[str]]:
    """The tables (and the words) in whose rows one of ``words`` occurs."""
    found: dict[str, list[str]] = {}
    for table, lines in rows.items():
        text = "\n".join(lines).lower()
        hits = [word for word in words if word.lower() in text]
        if hits:
            found[table] = hits
    return found
