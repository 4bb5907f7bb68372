"""A small asyncio TCP proxy between a server and PostgreSQL, to take the database away.

Modes:

* ``forward`` — pass bytes both ways (the database is there);
* ``refuse`` — stop listening, so new connections are refused, and cut every open one
  (the database host is down);
* ``drop`` — keep listening but cut every new connection at once, and the open ones
  (something in between resets connections).

Cutting a connection aborts both sides (a TCP reset), as a crashed database or a firewall
would. ``forward`` after ``refuse`` listens again on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal

Mode = Literal["forward", "refuse", "drop"]
_CHUNK = 65536


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.port = 0
        self.mode: Mode = "forward"
        self.cut = 0  # connections cut or turned away so far
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self._listen()

    async def close(self) -> None:
        await self._stop_listening()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def forward(self) -> None:
        self.mode = "forward"
        if self._server is None:
            await self._listen()

    async def refuse(self) -> None:
        self.mode = "refuse"
        await self._stop_listening()

    async def drop(self) -> None:
        self.mode = "drop"
        if self._server is None:
            await self._listen()
        self._cut_all()

    # --- internals ------------------------------------------------------------------------------

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def _stop_listening(self) -> None:
        """Stop accepting and cut the open connections (before waiting: from Python 3.12 on,
        ``wait_closed`` waits for every connection to end)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        self._cut_all()
        if server is not None:
            await server.wait_closed()

    def _cut_all(self) -> None:
        for client, upstream in list(self._links):
            self._cut(client, upstream)

    def _cut(self, client: asyncio.StreamWriter, upstream: asyncio.StreamWriter) -> None:
        link = (client, upstream)
        if link in self._links:
            self._links.discard(link)
            self.cut += 1
        client.transport.abort()
        upstream.transport.abort()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.mode != "forward":
            self.cut += 1
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            writer.transport.abort()
            return
        link = (writer, upstream)
        self._links.add(link)
        pumps = [
            asyncio.ensure_future(self._pump(reader, upstream)),
            asyncio.ensure_future(self._pump(upstream_reader, writer)),
        ]
        for pump in pumps:
            self._tasks.add(pump)
            pump.add_done_callback(self._tasks.discard)
        await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        # One side closed: close the other, as a proxy that simply relays would.
        if link in self._links:
            self._links.discard(link)
            for side in (writer, upstream):
                with contextlib.suppress(OSError):
                    side.close()

    @staticmethod
    async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await source.read(_CHUNK):
                sink.write(data)
                await sink.drain()
