"""A database that is missing, silent, locked or gone raises ``StoreUnavailable`` quickly, and
configuration mistakes raise ``ConfigurationError``, never a raw driver error."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.errors import ConfigurationError, NoblesseError
from bot.settings import Settings
from bot.store import Store, StoreUnavailable
from bot.store.engine import parse_url

from .support import ALICE, Backend


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def _elapsed_below(seconds: float) -> AsyncIterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


async def test_a_refused_connection_is_reported_quickly_without_the_password() -> None:
    url = f"postgresql+asyncpg://noblesse:s3cret@127.0.0.1:{_closed_port()}/noblesse"
    async with _elapsed_below(3):
        with pytest.raises(StoreUnavailable) as caught:
            await Store.open(url)
    assert "s3cret" not in str(caught.value)
    assert isinstance(caught.value, NoblesseError)


async def test_a_silent_server_times_out_at_the_connect_timeout() -> None:
    clients: list[asyncio.StreamWriter] = []

    async def accept_and_say_nothing(_r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        clients.append(w)

    server = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with _elapsed_below(3):
            with pytest.raises(StoreUnavailable):
                await Store.open(
                    f"postgresql+asyncpg://root@127.0.0.1:{port}/test", connect_timeout=0.5
                )
    finally:
        for writer in clients:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_database_that_goes_away_is_reported_quickly(postgres_backend: Backend) -> None:
    target = parse_url(postgres_backend.url)
    links: list[asyncio.StreamWriter] = []

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def forward(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(target.host, target.port or 5432)
        links.extend([client_w, server_w])
        await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))

    proxy = await asyncio.start_server(forward, "127.0.0.1", 0)
    port = proxy.sockets[0].getsockname()[1]
    via_proxy = target.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    store = await Store.open(via_proxy, schema=postgres_backend.schema, connect_timeout=1)
    try:
        assert await store.ping()
        await store.get_or_create_user(ALICE)
        proxy.close()  # the database "goes down": no new connections, open ones cut
        for writer in links:
            writer.transport.abort()
        await proxy.wait_closed()
        async with _elapsed_below(3):
            assert not await store.ping()
        async with _elapsed_below(3):
            with pytest.raises(StoreUnavailable):
                await store.get_user(ALICE)
    finally:
        await store.close()


async def test_a_sqlite_database_that_stays_locked_is_reported(sqlite_backend: Backend) -> None:
    store = await sqlite_backend.open(busy_timeout=0.3)
    path = parse_url(sqlite_backend.url).database
    assert path is not None
    other_process = sqlite3.connect(path, isolation_level=None)
    try:
        other_process.execute("BEGIN IMMEDIATE")
        async with _elapsed_below(3):
            with pytest.raises(StoreUnavailable):
                await store.mark_event_processed("Ev-locked")
        other_process.execute("ROLLBACK")
        assert await store.mark_event_processed("Ev-locked")
    finally:
        other_process.close()
        await store.close()


async def test_a_sqlite_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreUnavailable):
        await Store.open(f"sqlite+aiosqlite:///{blocker}/noblesse.sqlite3")


async def test_the_default_sqlite_file_and_folder_are_created(tmp_path: Path) -> None:
    store = await Store.from_settings(Settings.from_env({}))  # no DATABASE_URL: embedded SQLite
    try:
        assert await store.ping()
        assert store.backend == "sqlite"
        assert (await store.get_or_create_user(ALICE)).tip_time == "09:00"
    finally:
        await store.close()
    assert (tmp_path / "var" / "noblesse.sqlite3").is_file()
    plain = await Store.open("sqlite:///var/nested/noblesse.sqlite3")  # a plain URL is accepted
    await plain.close()
    assert (tmp_path / "var" / "nested" / "noblesse.sqlite3").is_file()


@pytest.mark.parametrize(
    ("url", "schema"),
    [
        ("sqlite+aiosqlite:///:memory:", None),
        ("sqlite+aiosqlite://", None),
        ("sqlite+pysqlite:///x.sqlite3", None),
        ("postgresql+psycopg2://root@127.0.0.1/test", None),
        ("mysql+aiomysql://root@127.0.0.1/test", None),
        ("not a url", None),
        ("sqlite+aiosqlite:///x.sqlite3", "noblesse"),
        (f"postgresql+asyncpg://root@127.0.0.1:{_closed_port()}/test", "Robert'); DROP"),
    ],
)
async def test_configuration_mistakes_are_named(url: str, schema: str | None) -> None:
    with pytest.raises(ConfigurationError):
        await Store.open(url, schema=schema)
