"""``GET /api/stories`` and ``GET /api/stories/{id}`` (with the story's cited summary)."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
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
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
) -> dict[str, Any]:
    """Each story's title, outlets, time span (first and last publication) and size."""
    unknown = sorted(set(request.query_params) - {"limit", "offset"})
    if unknown:  # "?since=..." would otherwise look like a filter that worked
        raise ApiError(422, f"unknown parameter(s): {', '.join(unknown)}; /api/stories takes "
                            "limit and offset (stories come most recent first)")
    stories, total = store.story_page(limit=limit, offset=offset)
    return {
        "stories": [s.to_dict() for s in stories],
        "limit": limit,
        "offset": offset,
        "total": total,
    }


class ResponseCache:
    """Rendered story bodies, least recently used dropped first.

    Keyed by everything in the story row (members, title, span, update time): stored articles
    never change, and a story's default summary changes only with its members, so a body
    rendered for the same row is still right. One indexed read then answers the request.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._data: OrderedDict[tuple[object, ...], bytes] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        body = self._data.get(key)
        if body is not None:
            self._data.move_to_end(key)
        return body

    def put(self, key: tuple[object, ...], body: bytes) -> None:
        self._data[key] = body
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)


def _cache(request: Request) -> ResponseCache:
    cache = getattr(request.app.state, "story_cache", None)
    if cache is None:
        cache = request.app.state.story_cache = ResponseCache()
    return cache


@router.get(
    "/api/stories/{story_id}", summary="One story, its articles and its cited summary",
    responses={200: {"content": {"application/json": {}}}},
)
async def get_story(
    request: Request,
    story_id: int,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    max_words: Annotated[int | None, Query(ge=1, le=2**31)] = None,
    method: str | None = None,
) -> Response:
    """``summary`` is the JSON of ``POST /api/summarize``; its citations' ``article`` indexes
    ``articles`` here (each with its stored ``id`` for ``GET /api/articles/{id}``).

    The hot path (a story whose default summary is stored) runs on the event loop: a few
    indexed reads, or one when the rendered body is cached. Computing a missing summary runs
    in a worker thread.
    """
    story = store.get_story(story_id)
    if story is None:
        raise ApiError(404, f"no story with id {story_id}")
    if max_words is not None and max_words > settings.max_words_limit:
        raise ApiError(422, f"max_words: at most {settings.max_words_limit}")
    default = max_words is None and method is None
    key = (story.id, story.article_ids, story.title, story.outlets, story.start, story.end,
           story.updated_at)
    if default and (cached := _cache(request).get(key)) is not None:
        return Response(cached, media_type="application/json")
    head = story.to_dict()
    head["articles"] = [
        {**article_to_dict(n, s.article), "id": s.id}
        for n, s in enumerate(store.articles(story.article_ids))
    ]
    summary_json: str | None = None
    error: str | None = None
    if default:
        summary_json = store.cached_summary_body(story.id, json.dumps(list(story.article_ids)))
    if summary_json is None:
        try:
            body = await run_in_threadpool(
                store.story_summary, story.id, max_words=max_words, method=method, story=story)
            summary_json = json.dumps(body, ensure_ascii=False)
        except NoArticlesError as exc:
            error = str(exc)
    head["summary_error"] = error
    # the stored summary is already JSON: splice it in rather than parse and re-encode it
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "summary": ' + (summary_json or "null") + "}"
    data = text.encode("utf-8")
    if default and error is None:
        _cache(request).put(key, data)
    return Response(data, media_type="application/json")
