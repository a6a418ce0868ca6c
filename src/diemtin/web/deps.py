"""Dependencies injected into routes: the settings object and the store built from it."""

from __future__ import annotations

from fastapi import Request

from diemtin.store import Store
from diemtin.web.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store
