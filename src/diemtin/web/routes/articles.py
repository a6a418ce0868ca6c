"""``POST /api/articles`` (JSON or multipart upload) and ``GET /api/articles/{id}``."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from diemtin.errors import InputError, without_cli_hints
from diemtin.store import IngestReport, Store, new_batch_id
from diemtin.types import RawDocument, RejectedInput
from diemtin.web.deps import get_settings, get_store
from diemtin.web.errors import ApiError, PayloadTooLarge, validation_error
from diemtin.web.settings import Settings

router = APIRouter(tags=["articles"])

FORMATS = ("news-text", "vims", "abmusu", "jsonl", "html")


class PastedArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The raw article text (or a JSONL/ViMs/HTML document).")
    source: str | None = Field(default=None, max_length=300, description="A label, e.g. the URL.")


class ArticlesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[str | PastedArticle] = Field(min_length=1)
    format: str | None = Field(default=None, description=f"One of {', '.join(FORMATS)}; default: detected.")
    keep_foreign: bool = Field(default=False, description="Store articles not in Vietnamese too "
                                                          "(by default they are rejected).")


_OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticlesRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "text": {"type": "array", "items": {"type": "string"}},
                        "format": {"type": "string", "enum": list(FORMATS)},
                        "keep_foreign": {"type": "boolean"},
                    },
                }
            },
        },
    }
}


def _parse(data: bytes, source: str, fmt: str | None) -> tuple[list[RawDocument], list[RejectedInput]]:
    """Decode and parse one input (in a worker thread: a large file takes seconds)."""
    from diemtin.ingest.read import read_document_bytes

    rejected: list[RejectedInput] = []
    try:
        docs = read_document_bytes(data, source, fmt=fmt, rejected=rejected)
    except InputError as exc:
        docs = []
        rejected.append(RejectedInput(exc.source, exc.reason))
    # the hints name command-line options; the API has none of them
    return docs, [RejectedInput(r.source, without_cli_hints(r.reason)) for r in rejected]


def _safe_name(name: str | None, n: int) -> str:
    # an upload's name is a label only: keep the last component, never use it as a path
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return f"upload:{base[:200] or f'file {n}'}"


async def _documents(
    request: Request, settings: Settings,
) -> tuple[list[RawDocument], list[RejectedInput], bool]:
    """The request's documents, the inputs it could not read, and its ``keep_foreign``."""
    docs: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        try:
            form = await request.form(max_files=settings.max_articles,
                                      max_fields=settings.max_articles,
                                      max_part_size=settings.max_body_bytes)
        except StarletteHTTPException as exc:  # the parser's "Part exceeded maximum size"
            if "maximum size" in str(exc.detail):
                raise PayloadTooLarge(settings.max_body_bytes, "a text field") from None
            raise
        fmt = form.get("format")
        fmt = fmt if isinstance(fmt, str) and fmt else None
        if fmt is not None and fmt not in FORMATS:
            raise ApiError(422, f"format: use one of {', '.join(FORMATS)}")
        items = [v for k, v in form.multi_items() if k in ("files", "file", "text")]
        if not items:
            raise ApiError(422, "no articles: send files in the 'files' field or text in 'text'")
        for n, value in enumerate(items):
            if isinstance(value, str):
                d, r = await run_in_threadpool(_parse, value.encode("utf-8"), f"<pasted {n}>", fmt)
            else:
                if value.size is not None and value.size > settings.max_upload_bytes:
                    raise PayloadTooLarge(settings.max_upload_bytes, f"file {value.filename!r}")
                data = await value.read(settings.max_upload_bytes + 1)
                if len(data) > settings.max_upload_bytes:
                    raise PayloadTooLarge(settings.max_upload_bytes, f"file {value.filename!r}")
                d, r = await run_in_threadpool(_parse, data, _safe_name(value.filename, n), fmt)
            docs += d
            rejected += r
        keep = form.get("keep_foreign")
        return docs, rejected, isinstance(keep, str) and keep.lower() in ("1", "true", "on", "yes")
    if ctype and not ctype.startswith("application/json"):
        raise ApiError(415, "send application/json or multipart/form-data")
    raw = await request.body()
    try:
        body = ArticlesRequest.model_validate_json(raw)
    except ValidationError as exc:
        raise validation_error(exc.errors()) from None
    if body.format is not None and body.format not in FORMATS:
        raise ApiError(422, f"format: use one of {', '.join(FORMATS)}")
    if len(body.articles) > settings.max_articles:
        raise ApiError(422, f"too many articles: {len(body.articles)} > {settings.max_articles} per request")
    for n, item in enumerate(body.articles):
        text, source = (item, None) if isinstance(item, str) else (item.text, item.source)
        label = f"<pasted {n}>" if not source else f"pasted:{source}"
        d, r = await run_in_threadpool(_parse, text.encode("utf-8"), label, body.format)
        docs += d
        rejected += r
    return docs, rejected, body.keep_foreign


@router.post(
    "/api/articles", status_code=201, openapi_extra=_OPENAPI_BODY,
    summary="Store articles (JSON or file upload); they are grouped into stories",
    responses={200: {"description": "every article was already stored"},
               201: {"description": "some articles were stored"},
               413: {"description": "body or a file over the size limit"},
               422: {"description": "malformed request, or no readable article"}},
)
async def post_articles(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> JSONResponse:
    """JSON: ``{"articles": ["raw text", {"text": "...", "source": "url"}], "format": null}``.
    Multipart: one or more ``files`` (and/or ``text`` fields).

    Returns the new article ids, the ids of those already stored, the rejected inputs with
    reasons, and the stories the articles are in.
    """
    docs, rejected, keep_foreign = await _documents(request, settings)
    if len(docs) > settings.max_articles:  # JSONL items hold many articles each
        raise ApiError(422, f"too many articles: {len(docs)} > {settings.max_articles} per request")
    if not docs:
        raise ApiError(422, "no readable article in the request",
                       rejected=[r.to_dict() for r in rejected])
    report: IngestReport = await run_in_threadpool(
        functools.partial(store.add_documents, docs, batch=new_batch_id(), keep_foreign=keep_foreign))
    body = report.to_dict()
    body["rejected"] = [r.to_dict() for r in rejected] + [
        {"source": r["source"], "reason": without_cli_hints(r["reason"])} for r in body["rejected"]]
    if not report.inserted and not report.duplicates:
        raise ApiError(422, "no readable article in the request", rejected=body["rejected"])
    return JSONResponse(body, status_code=201 if report.inserted else 200)


@router.get("/api/articles/{article_id}", summary="One stored article")
def get_article(
    article_id: int, store: Annotated[Store, Depends(get_store)],
    raw: Annotated[bool, Query(description="Include the raw text as read.")] = False,
) -> dict[str, Any]:
    found = store.get_article(article_id)
    if found is None:
        raise ApiError(404, f"no article with id {article_id}")
    return found.to_dict(raw=raw)
