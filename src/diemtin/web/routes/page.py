"""The editors' web page: three fixed files, served from memory (no path is ever looked up)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from diemtin.web.errors import ApiError

router = APIRouter(include_in_schema=False)

_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}

#: The page loads only its own script and style, and talks only to this server.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")

_cache: dict[str, bytes] = {}


def _file(name: str) -> bytes:
    if name not in _cache:
        _cache[name] = resources.files("diemtin.web").joinpath("static", name).read_bytes()
    return _cache[name]


def _serve(name: str) -> Response:
    return Response(_file(name), media_type=_TYPES[name], headers={
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    })


@router.get("/")
def index() -> Response:
    return _serve("index.html")


@router.get("/index.html")
def index_html() -> RedirectResponse:
    return RedirectResponse("/")


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _TYPES or name == "index.html":
        raise ApiError(404, f"no such file: {name}")
    return _serve(name)
