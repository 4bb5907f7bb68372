"""Anonymous visitors: a random id (128 bits) in an HttpOnly, SameSite=Lax cookie.

The id is the playground user's identity (``UserKey("web", "", id)``): no account, no name.
Role-plays live in the store under it, so they survive a server restart as long as the browser
keeps the cookie.
"""

from __future__ import annotations

import re
import secrets
from typing import Final

from aiohttp import web

COOKIE: Final = "noblesse_visitor"
MAX_AGE_S: Final = 400 * 86_400  # the longest lifetime browsers accept
_ID: Final = re.compile(r"^[A-Za-z0-9_-]{22}$")  # 16 random bytes, URL-safe base64


def new_visitor_id() -> str:
    return secrets.token_urlsafe(16)


def visitor_of(request: web.Request) -> tuple[str, bool]:
    """The visitor's id from the cookie, or a fresh one; the flag says whether it is new."""
    current = request.cookies.get(COOKIE, "")
    if _ID.match(current):
        return current, False
    return new_visitor_id(), True


def remember_visitor(request: web.Request, response: web.StreamResponse, visitor: str) -> None:
    response.set_cookie(
        COOKIE,
        visitor,
        max_age=MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.secure,
    )


def forget_visitor(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")
