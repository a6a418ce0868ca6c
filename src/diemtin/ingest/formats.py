"""One parser per input format, and :func:`detect_format`, which never guesses silently.

Formats:

``news-text``
    Plain text as scraped from a news page: optional category line, headline, lead,
    paragraphs separated by blank lines, then site chrome. Cleaned later by line roles.
``vims``
    ViMs corpus article: header lines ``Title:``, ``Source:``, ``Link:``, ``Published Date:``,
    ``Author:``, ``Tags:``, ``Summary:`` (the lead), then ``Content:`` and the body.
``abmusu``
    VLSP 2022 AbMuSu JSONL: one cluster per line, ``{"single_documents": [{"title",
    "anchor_text", "raw_text"}], "summary", "category"}``.
``jsonl``
    One article per line: ``{"title", "text"|"body"|"content", "lead"?, "outlet"?,
    "published"?, "url"?}``.
"""

from __future__ import annotations

import json
import re

from diemtin.errors import InputError, OptionalDependencyError
from diemtin.text.normalize import normalize_text
from diemtin.types import RawDocument, RejectedInput

_VIMS_HEADERS = {
    "title": "title",
    "source": "outlet",
    "link": "url",
    "published date": "published",
    "author": "author",
    "tags": "tags",
    "summary": "lead",
}
_VIMS_HEADER_LINE = re.compile(r"^(Title|Source|Link|Published Date|Author|Tags|Summary|Content):\s?(.*)$")
_ARTICLE_TEXT_KEYS = ("text", "body", "content", "raw_text")
#: A news paragraph is at most a few thousand characters. A longer line in a plain-text input
#: is a data dump, not an article, and would cost the cleaner minutes (a 50 MB line: 85 s).
MAX_LINE_CHARS = 1_000_000
#: Formats read one record per line: a bad line is rejected alone (``FILE:LINE``).
LINE_FORMATS = ("abmusu", "jsonl")
#: Bad lines of one JSONL input listed one by one; the rest are counted in one more line.
MAX_BAD_LINES_LISTED = 20
_NESTED = "invalid JSON (nested too deeply to be an article)"
#: How JSON text starts: ``{`` then a key or ``}``, or ``[`` then an object, array, string or
#: ``]`` (or the line ends there: pretty-printed JSON). A headline such as ``[VIDEO] Clip…``,
#: ``[Ảnh] …``, ``[1] …`` or ``{Tin nóng} …`` does not, and is read as plain text (a first
#: line that parses as JSON whole, ``[1, 2]``, is JSON all the same).
_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|$)|\[\s*(?:[{\["\]]|$))')
#: Fix hint when JSON-looking text does not parse (``without_cli_hints`` drops it for the API).
PLAIN_TEXT_HINT = "; if it is a plain-text article, pass --input-format news-text"


#: Non-blank lines whose JSON decides the format of a JSON-looking input: a bad first line (a
#: syntax error, too deep, a header object) is then rejected alone, as a later bad line is.
DETECT_LINES = 5
_NOT_JSON = object()


def _json_value(line: str) -> object:
    """``line`` parsed as JSON, or ``_NOT_JSON`` (malformed), or ``_NESTED`` (too deep)."""
    try:
        return json.loads(line)
    except RecursionError:
        return _NESTED
    except json.JSONDecodeError:
        return _NOT_JSON


def _jsonl_kind(obj: object) -> str | None:
    """``"abmusu"`` or ``"jsonl"`` when ``obj`` is a line of that format, else ``None``."""
    if isinstance(obj, dict) and "single_documents" in obj:
        return "abmusu"
    if isinstance(obj, dict) and any(k in obj for k in _ARTICLE_TEXT_KEYS):
        return "jsonl"
    return None


def _detect_json(text: str, source: str) -> str | None:
    """The format of a JSON-looking input (``text`` left-stripped), ``None`` when it is no JSON
    but a bracketed headline; raises :class:`InputError` for JSON of no known shape."""
    if not text.startswith(("{", "[")):
        return None
    lines: list[str] = []
    start = 0
    while len(lines) < DETECT_LINES and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            lines.append(text[start:end].strip())
        start = end + 1
    first, obj = lines[0], _json_value(lines[0])
    if obj is _NOT_JSON and _JSON_START.match(first) is None:
        return None  # "[VIDEO] Clip …", "{Tin nóng} …"
    kind = _jsonl_kind(obj)
    if kind:
        return kind
    if first not in ("{", "["):  # (a lone bracket starts pretty-printed JSON, not JSONL)
        for line in lines[1:DETECT_LINES]:
            kind = _jsonl_kind(_json_value(line)) if line.startswith("{") else None
            if kind:
                return kind  # line 1 is then rejected alone by parse_text
    if obj is _NESTED:
        raise InputError(source, _NESTED)
    if obj is _NOT_JSON:
        raise InputError(
            source,
            "looks like JSON but its first line is not a complete JSON object; "
            "expected JSONL (one object per line)" + PLAIN_TEXT_HINT,
        )
    what = "a JSON array" if isinstance(obj, list) else (
        "a JSON object with unknown fields" if isinstance(obj, dict) else "a bare JSON value"
    )
    raise InputError(
        source,
        f"{what}: expected JSONL with one AbMuSu cluster ('single_documents') or one "
        "article ('title' and 'text') per line",
    )


def _load_json(line: str, source: str) -> object:
    """``json.loads`` with a one-line :class:`InputError` for malformed or absurdly nested
    JSON (the decoder recurses, so ``[[[…]]]`` a hundred thousand deep would crash it)."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        what = exc.msg.removesuffix(" at")
        raise InputError(source, f"invalid JSON ({what} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(source, _NESTED) from None


def _refuse_huge_lines(text: str, source: str) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    start, number = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            raise InputError(
                source, f"line {number} has {end - start:,} characters, more than any article "
                f"paragraph ({MAX_LINE_CHARS:,}): not an article",
            )
        start, number = end + 1, number + 1


def detect_format(text: str, source: str) -> str:
    """Name the format of a decoded, normalised input.

    Raises :class:`InputError` when the text is empty or looks like no known format.
    """
    stripped = text.lstrip()
    if not stripped:
        raise InputError(source, "file is empty (or whitespace only): nothing to read")
    kind = _detect_json(stripped, source)
    if kind:
        return kind
    head = stripped[:4096].lower()
    if head.startswith("<!doctype html") or "<html" in head or "<body" in head:
        return "html"
    lines = stripped.split("\n", 12)
    if lines[0].startswith("Title:") and any(
        line.startswith(("Content:", "Summary:", "Source:")) for line in lines[1:]
    ):
        return "vims"
    return "news-text"


def parse_vims(text: str, source: str, group: str | None = None) -> RawDocument:
    """Parse one ViMs article (already normalised)."""
    meta: dict[str, str] = {}
    body: list[str] = []
    in_content = False
    for line in text.split("\n"):
        if in_content:
            if line.strip():
                body.append(line.strip())
            continue
        m = _VIMS_HEADER_LINE.match(line)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "content":
                in_content = True
                if value:
                    body.append(value)
            elif value:
                meta[_VIMS_HEADERS[key]] = value
        elif line.strip() and not in_content and "lead" in meta:
            # a lead spread over several lines
            meta["lead"] += " " + line.strip()
    if not in_content:
        raise InputError(source, "ViMs article without a 'Content:' line: the body is missing")
    return RawDocument(
        text="\n".join(body), source=source, format="vims", meta=meta, group=group,
        structured=True,
    )


def parse_abmusu_line(line: str, source: str) -> list[RawDocument]:
    """Parse one AbMuSu JSONL line (a cluster) into its documents."""
    obj = _load_json(line, source)
    if not isinstance(obj, dict) or not isinstance(obj.get("single_documents"), list):
        raise InputError(source, "AbMuSu line without a 'single_documents' list")
    docs: list[RawDocument] = []
    for j, d in enumerate(obj["single_documents"]):
        if not isinstance(d, dict) or not isinstance(d.get("raw_text"), str):
            raise InputError(f"{source}/{j}", "AbMuSu document without a 'raw_text' string")
        meta = {
            k: normalize_text(str(d[k])).replace("\n", " ").strip()
            for k in ("title", "anchor_text")
            if d.get(k)
        }
        if "anchor_text" in meta:
            meta["lead"] = meta.pop("anchor_text")
        if obj.get("category"):
            meta["category"] = normalize_text(str(obj["category"])).replace("\n", " ").strip()
        docs.append(
            RawDocument(
                text=normalize_text(d["raw_text"]), source=f"{source}/{j}", format="abmusu",
                meta=meta, group=source, structured=True,
            )
        )
    return docs


def parse_jsonl_article(line: str, source: str) -> RawDocument:
    """Parse one line of a generic article JSONL file."""
    obj = _load_json(line, source)
    if not isinstance(obj, dict):
        raise InputError(source, "expected a JSON object per line")
    body = next((obj[k] for k in _ARTICLE_TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if body is None:
        raise InputError(source, "article object without a 'text' (or 'body'/'content') string")
    meta = {
        k: normalize_text(str(obj[k])).replace("\n", " ").strip()
        for k in ("title", "lead", "outlet", "published", "url", "author")
        if obj.get(k)
    }
    return RawDocument(
        text=normalize_text(body), source=source, format="jsonl", meta=meta,
        structured="title" in meta,
    )


# Markdown as scraping services write it (Jina Reader, Firecrawl): "# Title", "**bold**",
# "![alt](url)", "[text](url)". Images go (their alt text repeats the caption line under
# them), links keep their text, headings and emphasis lose their marks.
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
# a URL may hold balanced brackets ("https://vi.wikipedia.org/wiki/Hà_Nội_(thành_phố)")
_MD_URL_CHARS = r"(?:[^()\s]|\([^()\s]*\))"
_MD_TITLE = r"(?:[ \t]+\"[^\"\n]*\")?"
_MD_IMAGE_SRC = rf"!\[[^\]\n]*\]\({_MD_URL_CHARS}+{_MD_TITLE}\)"
_MD_IMAGE = re.compile(_MD_IMAGE_SRC)
# an image that is a link's text, "[![alt](img)](url)", goes whole
_MD_LINKED_IMAGE = re.compile(rf"\[{_MD_IMAGE_SRC}\]\({_MD_URL_CHARS}+{_MD_TITLE}\)")
_MD_LINK = re.compile(rf"\[([^\]\n]+)\]\(((?:https?://|/|#){_MD_URL_CHARS}*){_MD_TITLE}\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def looks_like_markdown(text: str) -> bool:
    """Whether a plain-text page is Markdown: a heading, image or link plus one more mark."""
    strong = len(_MD_HEADING.findall(text)) + len(_MD_IMAGE.findall(text)) + len(_MD_LINK.findall(text))
    return strong >= 1 and strong + len(_MD_STRONG.findall(text)) >= 2


def markdown_removed(text: str) -> str:
    """The page's text with Markdown headings, emphasis, images and links made plain.

    Only the marks go, as with HTML tags left in plain text: "**TTO - …**" becomes
    "TTO - …" (so the dateline is read), "[Hà Nội](https://…)" becomes "Hà Nội"; a line
    that held only an image, or an image that links somewhere, becomes blank.
    """
    text = _MD_LINKED_IMAGE.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EM.sub(r"\1", text)


def parse_text(
    text: str, source: str, fmt: str | None = None, *,
    rejected: list[RejectedInput] | None = None,
) -> list[RawDocument]:
    """Parse a whole decoded input of format ``fmt`` (detected when ``None``).

    A bad line of a JSONL input raises :class:`InputError`, unless ``rejected`` is given:
    then the line is appended to it and the file's other lines are still read.
    """
    text = normalize_text(text)
    fmt = fmt or detect_format(text, source)
    if fmt in ("vims", "news-text"):
        _refuse_huge_lines(text, source)
    if fmt == "vims":
        return [parse_vims(text, source)]
    if fmt == "news-text":
        if looks_like_markdown(text):
            text = normalize_text(markdown_removed(text))
        return [RawDocument(text=text, source=source, format="news-text")]
    if fmt == "html":
        from diemtin.ingest.html import parse_html

        try:
            return [parse_html(text, source)]
        except OptionalDependencyError as exc:  # this file cannot be read; the batch goes on
            raise InputError(source, str(exc)) from None
    if fmt in ("abmusu", "jsonl"):
        docs: list[RawDocument] = []
        bad = 0
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{source}:{n}"
            try:
                if fmt == "abmusu":
                    docs.extend(parse_abmusu_line(line, where))
                else:
                    docs.append(parse_jsonl_article(line, where))
            except InputError as exc:
                if rejected is None:
                    raise
                bad += 1
                if bad <= MAX_BAD_LINES_LISTED:
                    rejected.append(RejectedInput(exc.source, exc.reason))
        if bad > MAX_BAD_LINES_LISTED and rejected is not None:
            rejected.append(RejectedInput(
                source, f"{bad - MAX_BAD_LINES_LISTED:,} more bad lines not listed "
                f"({bad:,} of {bad + len(docs):,} lines)",
            ))
        return docs
    raise InputError(source, f"unknown format {fmt!r}; use one of: news-text, vims, abmusu, jsonl, html")
