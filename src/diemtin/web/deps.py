"""Dependencies injected into routes: the settings object and the store built from it."""

from __future__ import annotations

from fastapi import Request

from diemtin.store import Store
from diemtin.web.settings import Settings

# ``async`` although they only read attributes: FastAPI runs plain ``def`` dependencies in a
# worker thread, and two thread hops per request were a third of the time of GET /api/stories/{id}.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store
