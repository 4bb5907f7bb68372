"""Slack's request signature, checked on the raw bytes before anything reads the body.

Slack signs ``v0:<timestamp>:<body>`` with the app's signing secret (HMAC-SHA256) and sends the
timestamp in ``X-Slack-Request-Timestamp``; a request more than 5 minutes old is refused, so a
captured one cannot be replayed later. ``slack_sdk``'s verifier does the time window and the
constant-time comparison; it only decodes the body as UTF-8 first, which fails on bytes that
are not: here the bytes are signed as they came, so such a body is refused only when its
signature is wrong.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from slack_sdk.signature import SignatureVerifier

TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"


class RawSignatureVerifier(SignatureVerifier):
    """``slack_sdk``'s verifier, signing the body's bytes as they are."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        if timestamp is None:
            return None
        raw = body if isinstance(body, bytes) else body.encode()
        signed = b"v0:" + timestamp.encode() + b":" + raw
        digest = hmac.new(self.signing_secret.encode(), signed, hashlib.sha256).hexdigest()
        return f"v0={digest}"


def is_signed(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    """True when ``body`` carries a valid signature made in the last 5 minutes. A timestamp
    that is not a number, or a signature that is not ASCII, is simply not valid."""
    try:
        return verifier.is_valid(body, headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER))
    except (ValueError, TypeError, UnicodeError):
        return False
