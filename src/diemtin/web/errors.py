"""Every error leaves the API as JSON ``{"error": "<one-line message>"}`` with a fitting status."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from diemtin.errors import DiemtinError, without_cli_hints
from diemtin.store import StoreError

log = logging.getLogger("diemtin.web")


class ApiError(StarletteHTTPException):
    """An error with a status and a message for the caller (plus optional extra fields)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(status_code=status, detail=message)
        self.extra = extra


class PayloadTooLarge(ApiError):
    def __init__(self, limit: int, what: str = "request body") -> None:
        super().__init__(413, f"{what} is larger than the {limit:,} byte limit")


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.method} {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    extra = getattr(exc, "extra", {})
    response = error_response(exc.status_code, message, **extra)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def validation_error(errors: Sequence[Any]) -> ApiError:
    """A 422 naming every invalid field (pydantic/FastAPI error dicts), on one line."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return ApiError(422, "the request body is not valid JSON",
                        fields=[{"field": "body", "message": "not valid JSON"}])
    fields = [{"field": _where(e.get("loc", ())), "message": e.get("msg", "invalid")}
              for e in errors]
    message = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "invalid request"
    return ApiError(422, message, fields=fields)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    err = validation_error(exc.errors())
    return error_response(422, str(err.detail), **err.extra)


async def _diemtin_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, StoreError):
        # the message names the server's database file: log it, never send it
        log.error("store error: %s", exc)
        return error_response(503, "the article store cannot be used right now (the server log "
                                   "says why); retry later")
    return error_response(422, without_cli_hints(str(exc)))


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    # a read from a damaged database (writes fail as StoreError): not the caller's fault
    log.error("database error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, "the article store cannot be read (the server log says why)")


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # one line here; the server (uvicorn) logs the traceback itself
    log.error("unhandled error on %s %s: %r", request.method, request.url.path, exc)
    return error_response(500, "internal server error (see the server log)")


def install(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DiemtinError, _diemtin_error)
    app.add_exception_handler(sqlite3.Error, _database_error)
    app.add_exception_handler(Exception, _internal_error)
