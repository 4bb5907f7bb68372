"""Hand-written, signed Slack Events API deliveries (no recordings, no real secrets)."""

from __future__ import annotations

import json
import time
from typing import Any

import aiohttp
from slack_sdk.signature import SignatureVerifier

from .fake_slack_api import BOT_USER, TEAM, dm_channel
from .processes import ServerProcess

SIGNING_SECRET = "instances-signing-secret"


def dm_message(event_id: str, user: str, text: str) -> bytes:
    """The body of a ``message`` event in the user's DM with the app."""
    now = time.time()
    body: dict[str, Any] = {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0NOBLESSE",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(now),
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": dm_channel(user),
            "user": user,
            "text": text,
            "ts": f"{now:.6f}",
            "team": TEAM,
        },
        "authorizations": [
            {"team_id": TEAM, "user_id": BOT_USER, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(body).encode()


def signed_headers(body: bytes, *, retry: int | None = None) -> dict[str, str]:
    """Slack's headers for ``body``, signed now; ``retry`` adds Slack's redelivery headers."""
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


async def deliver(
    http: aiohttp.ClientSession, server: ServerProcess, body: bytes, *, retry: int | None = None
) -> int:
    """POST a delivery to a server's ``/slack/events``; returns the HTTP status."""
    async with http.post(
        f"{server.url}/slack/events", data=body, headers=signed_headers(body, retry=retry)
    ) as response:
        await response.read()
        return response.status
