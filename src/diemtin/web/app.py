"""Build the web app: ``create_app(settings)``; ``uvicorn --factory diemtin.web.app:create_app``."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from diemtin import __version__
from diemtin.store import Store, StoreError
from diemtin.web import errors
from diemtin.web.limits import BodyLimitMiddleware, HeadMiddleware, HostGuardMiddleware
from diemtin.web.routes import ROUTERS
from diemtin.web.settings import Settings

DESCRIPTION = """\
Cited multi-document summaries of Vietnamese news.

- `POST /api/summarize`: raw articles in, the cited summary out (stateless; the JSON of
  `diemtin summarize --format json`, plus `left_out`: articles not in Vietnamese, which
  `"keep_foreign": true` includes).
- `POST /api/articles`: store articles (JSON or file upload); they are grouped into stories.
- `GET /api/stories`, `GET /api/stories/{id}`: stories and their cited summaries.

Errors are `{"error": "<message>"}` with status 400 (a Host the server does not serve, a
malformed upload), 403 (a cross-site form post, a folder path outside the served folder),
404, 405, 413 (body over the limit), 415, 422 (malformed input), 503 (the article store
cannot be used or read; the server log says why) or 500.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The FastAPI app for ``settings`` (default: from ``DIEMTIN_*`` environment variables).

    The store is opened now, so a bad ``--db`` fails before the server starts listening.
    """
    settings = settings or Settings.from_env()
    store = store or Store(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # articles an interrupted ingest committed without grouping them get their stories
        # before the first request (a no-op when every article has one)
        try:
            store.refresh_stories()
        except (StoreError, sqlite3.Error) as exc:  # read-only or damaged: serve what is stored
            errors.log.warning("stories not regrouped at startup: %s", exc)
        yield
        store.close()

    # /docs (Swagger UI) and /redoc load their scripts from the fastapi-offline package, not a CDN
    app = FastAPIOffline(title="diemtin", version=__version__, description=DESCRIPTION,
                         lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    errors.install(app)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(HostGuardMiddleware, host_names=settings.host_names)  # outermost
    for router in ROUTERS:
        app.include_router(router)
    return app
