"""The playground page (``/``) and its static files (``/playground/…``): plain HTML, CSS and
JavaScript shipped in ``static/``, nothing to build.

Pages go out with a strict Content-Security-Policy (scripts and styles only from this server,
no inline script), so that text shown on the page can never run as code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from aiohttp import web

from adapters.playground.visitors import remember_visitor, visitor_of

STATIC_DIR: Final = Path(__file__).parent / "static"
ASSET_PREFIX: Final = "/playground"
ASSETS: Final[dict[str, str]] = {
    "app.css": "text/css",
    "app.js": "text/javascript",
    "drawing.js": "text/javascript",
    "i18n.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
}
SECURITY_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


async def index(request: web.Request) -> web.StreamResponse:
    visitor, is_new = visitor_of(request)
    response = web.FileResponse(
        STATIC_DIR / "index.html",
        headers={
            **SECURITY_HEADERS,
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
        },
    )
    if is_new:
        remember_visitor(request, response, visitor)
    return response


async def asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    content_type = ASSETS.get(name)
    if content_type is None:
        raise web.HTTPNotFound()
    charset = "; charset=utf-8" if content_type.startswith("text/") else ""
    return web.FileResponse(
        STATIC_DIR / name,
        headers={
            **SECURITY_HEADERS,
            "Content-Type": content_type + charset,
            "Cache-Control": "no-cache",
        },
    )


def mount_page(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get(ASSET_PREFIX + "/{name}", asset)
