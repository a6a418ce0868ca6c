"""``POST /api/summarize``: stateless; raw articles in, the cited summary out.

The response is the JSON of ``diemtin summarize --format json``
(:func:`diemtin.render.summary_to_dict`) plus ``left_out``: the articles not summarised
because they are not in Vietnamese (``keep_foreign: true`` includes them), as
``{"source": "<text N>", "reason": ...}``, N their index in the request. As on the command
line, ``articles`` lists the summarised articles only, and each citation's ``article``
indexes that list; each article's ``source_path`` (``<text N>``) names its request item.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from diemtin.errors import InputError, without_cli_hints
from diemtin.types import Article
from diemtin.web.deps import get_settings
from diemtin.web.errors import ApiError
from diemtin.web.settings import Settings

router = APIRouter(tags=["summarize"])

EXAMPLE_TEXT = "Tiêu đề bài báo\n\nĐoạn mở đầu của bài báo ...\n\nĐoạn thân bài ..."


class SummarizeRequest(BaseModel):
    """Raw article texts (as scraped: title first, then paragraphs) and an optional budget."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"articles": [EXAMPLE_TEXT, EXAMPLE_TEXT], "max_words": 120}]},
    )

    articles: list[str] = Field(min_length=1, description="Raw article texts, one per item.")
    max_words: int | None = Field(default=None, ge=1, description="Length budget in syllables.")
    ratio: float | None = Field(default=None, gt=0, le=1, description="Budget as a fraction of the input.")
    method: str | None = Field(default=None, description="Summarisation method (default: the best measured).")
    keep_foreign: bool = Field(default=False, description="Summarise articles not in Vietnamese "
                                                          "too (by default they are left out).")


def articles_from_texts(texts: list[str], settings: Settings) -> list[Article]:
    """Parse and clean pasted texts. Text is never taken as a file path."""
    from diemtin.cleaner import clean_article
    from diemtin.ingest.formats import parse_text

    if len(texts) > settings.max_articles:
        raise ApiError(422, f"too many articles: {len(texts)} > {settings.max_articles} per request")
    for n, text in enumerate(texts):
        if not text.strip():
            raise ApiError(422, f"articles[{n}]: the article is empty")
    out: list[Article] = []
    for n, text in enumerate(texts):
        source = f"<text {n}>"
        try:
            docs = parse_text(text, source)
            if len(out) + len(docs) > settings.max_articles:  # a JSONL item holds many
                raise ApiError(422, f"too many articles: {len(out) + len(docs)} or more > "
                                    f"{settings.max_articles} per request")
            out.extend(clean_article(doc) for doc in docs)
        except InputError as exc:
            raise ApiError(422, f"articles[{n}]: {without_cli_hints(exc.reason)}") from None
    return out


@router.post("/api/summarize", summary="Summarise raw articles (stateless)")
def summarize_articles(
    body: SummarizeRequest, settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    """Clean the articles, summarise them, and return the sentences with their citations."""
    from diemtin.render import summary_to_dict
    from diemtin.summarizer import summarize

    if body.max_words is not None and body.ratio is not None:
        raise ApiError(422, "give either max_words or ratio, not both")
    if body.max_words is not None and body.max_words > settings.max_words_limit:
        raise ApiError(422, f"max_words: at most {settings.max_words_limit}")
    from diemtin.text.language import filter_vietnamese

    articles = articles_from_texts(body.articles, settings)
    left_out: list[dict[str, str]] = []
    if not body.keep_foreign:  # the language gate of the CLI and the store
        articles, foreign = filter_vietnamese(articles)
        left_out = [{"source": r.source, "reason": without_cli_hints(r.reason)} for r in foreign]
        if not articles:
            raise ApiError(422, "no article is in Vietnamese: " + "; ".join(
                f"{r['source']}: {r['reason']}" for r in left_out))
    summary = summarize(articles, max_words=body.max_words, ratio=body.ratio, method=body.method)
    return {**summary_to_dict(summary), "left_out": left_out}
