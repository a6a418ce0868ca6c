"""``GET /api/health``: is the server up, and what does its store hold."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from diemtin import __version__
from diemtin.store import Store
from diemtin.web.deps import get_settings, get_store
from diemtin.web.settings import Settings

router = APIRouter(tags=["health"])


@router.get("/api/health", summary="Server status and store counts")
def health(
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    counts = store.counts()
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": store.schema_version,
        "articles": counts["articles"],
        "stories": counts["stories"],
        "story_grouping": store.story_method,
        "folder": settings.root is not None,
    }
