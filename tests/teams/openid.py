"""A local OpenID metadata and JWKS server, and RS256 tokens shaped like the Bot Connector's.

botbuilder fetches the metadata with blocking ``requests`` calls from inside the event loop, so
this server runs in a thread of its own (an aiohttp server on the test's loop would deadlock).
"""

from __future__ import annotations

import functools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KEY_ID = "test-signing-key"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def signing_key() -> rsa.RSAPrivateKey:
    """The server's key, made once per test run (making RSA keys is slow)."""
    return new_key()


@dataclass
class OpenIdServer:
    key: rsa.RSAPrivateKey = field(default_factory=signing_key)
    endorsements: tuple[str, ...] = ("msteams",)
    requests: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/.well-known/openidconfiguration"

    def _documents(self) -> dict[str, dict[str, Any]]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": KEY_ID, "use": "sig", "endorsements": list(self.endorsements)})
        return {
            "/.well-known/openidconfiguration": {
                "issuer": ISSUER,
                "jwks_uri": f"{self.base_url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            },
            "/keys": {"keys": [jwk]},
        }

    def start(self) -> OpenIdServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                document = owner._documents().get(self.path)
                payload = json.dumps(document or {"error": "not found"}).encode()
                self.send_response(200 if document else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def token(
    key: rsa.RSAPrivateKey,
    *,
    audience: str,
    service_url: str,
    issuer: str = ISSUER,
    expires_in: float = 3600,
    key_id: str = KEY_ID,
) -> str:
    """An RS256 token like the ones the Bot Connector sends to a bot."""
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": audience,
        "serviceurl": service_url,
        "nbf": now - 60,
        "iat": now - 60,
        "exp": now + int(expires_in),
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id})
