"""Reading the servers' logs for things that must never be there: what the users wrote.

Every message a test sends carries a made-up sentinel word that appears nowhere in the product's
own texts, so finding it in a log means some code logged a user's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .processes import ServerProcess


def leaked_lines(servers: Sequence[ServerProcess], sentinels: Iterable[str]) -> list[str]:
    """Lines (cut to 300 characters) of the servers' output that contain a sentinel."""
    words = [word.lower() for word in sentinels]
    found: list[str] = []
    for server in servers:
        for line in server.log_text().splitlines():
            lowered = line.lower()
            if any(word in lowered for word in words):
                found.append(f"{server.name}: {line[:300]}")
    return found


def assert_logs_clean(servers: Sequence[ServerProcess], sentinels: Iterable[str]) -> None:
    """The servers logged (their start-up at least) and none of it holds a sentinel."""
    for server in servers:
        assert "listening on" in server.log_text(), f"{server.name} logged nothing useful"
    leaks = leaked_lines(servers, sentinels)
    assert not leaks, "user text in the server logs:\n" + "\n".join(leaks)
