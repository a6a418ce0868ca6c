"""``GET /api/stories`` and ``GET /api/stories/{id}`` (with the story's cited summary)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from diemtin.errors import NoArticlesError
from diemtin.render import article_to_dict
from diemtin.store import Store
from diemtin.web.deps import get_settings, get_store
from diemtin.web.errors import ApiError
from diemtin.web.settings import Settings

router = APIRouter(tags=["stories"])


@router.get("/api/stories", summary="Stories, most recent first")
def list_stories(
    store: Annotated[Store, Depends(get_store)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Each story's title, outlets, time span (first and last publication) and size."""
    stories = store.list_stories(limit=limit, offset=offset)
    return {
        "stories": [s.to_dict() for s in stories],
        "limit": limit,
        "offset": offset,
        "total": store.counts()["stories"],
    }


@router.get(
    "/api/stories/{story_id}", summary="One story, its articles and its cited summary",
    responses={200: {"content": {"application/json": {}}}},
)
def get_story(
    story_id: int,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    max_words: Annotated[int | None, Query(ge=1)] = None,
    method: str | None = None,
) -> Response:
    """``summary`` is the JSON of ``POST /api/summarize``; its citations' ``article`` indexes
    ``articles`` here (each with its stored ``id`` for ``GET /api/articles/{id}``)."""
    story = store.get_story(story_id)
    if story is None:
        raise ApiError(404, f"no story with id {story_id}")
    if max_words is not None and max_words > settings.max_words_limit:
        raise ApiError(422, f"max_words: at most {settings.max_words_limit}")
    head = story.to_dict()
    head["articles"] = [
        {**article_to_dict(n, s.article), "id": s.id}
        for n, s in enumerate(store.articles(story.article_ids))
    ]
    summary_json: str | None = None
    error: str | None = None
    if max_words is None and method is None:
        summary_json = store.cached_summary_body(story.id, json.dumps(list(story.article_ids)))
    if summary_json is None:
        try:
            summary_json = json.dumps(
                store.story_summary(story.id, max_words=max_words, method=method), ensure_ascii=False)
        except NoArticlesError as exc:
            error = str(exc)
    head["summary_error"] = error
    # the stored summary is already JSON: splice it in rather than parse and re-encode it
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "summary": ' + (summary_json or "null") + "}"
    return Response(text.encode("utf-8"), media_type="application/json")
