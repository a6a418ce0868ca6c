"""The HTTP API against the real app (TestClient, plus one live uvicorn on loopback)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("fastapi_offline")
pytest.importorskip("httpx")

import httpx
from fastapi.testclient import TestClient

from diemtin import __version__
from diemtin.cleaner import clean_article
from diemtin.cli import main
from diemtin.errors import UsageError
from diemtin.ingest.formats import parse_text
from diemtin.ingest.read import read_path
from diemtin.render import summary_to_dict
from diemtin.store import SCHEMA_VERSION
from diemtin.summarizer import summarize
from diemtin.text.outlets import reprinted_from
from diemtin.web.app import create_app
from diemtin.web.settings import Settings

BASE = "http://127.0.0.1:8000"
NOTE = "stories grouped per corpus cluster or ingest batch: diemtin.stories.cluster is not installed"


def _texts(example_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(example_dir.glob("*.txt"))]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "api.db", max_body_bytes=200_000, max_upload_bytes=300_000,
                    max_articles=10)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.store._clusterer = None  # pin the built-in grouping (bodies below name it)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def _note(client: TestClient) -> str | None:
    return NOTE if client.app.state.store.story_method == "batch" else None  # type: ignore[attr-defined]


# -- health, docs, page ----------------------------------------------------------------------

def test_health(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": __version__, "schema_version": SCHEMA_VERSION,
                        "articles": 0, "stories": 0, "story_grouping": "batch", "folder": False}


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/health", "/api/summarize", "/api/articles", "/api/articles/{article_id}",
        "/api/stories", "/api/stories/{story_id}", "/api/folder", "/api/folder/ingest"}
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}


def test_docs_pages_work_offline(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        assert r.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert assets and all(a.startswith("/static-offline-docs/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset


def test_head_is_get_without_the_body(client: TestClient) -> None:
    for path in ("/", "/api/health", "/api/stories", "/openapi.json", "/static/app.js"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-length"] == str(len(got.content))
    assert client.head("/api/nope").status_code == 404


def test_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="vi">' in r.text and "Điểm tin" in r.text
    js = client.get("/static/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in js.text and "insertAdjacentHTML" not in js.text
    assert client.get("/static/app.css").status_code == 200
    for bad in ("/static/..%2fstore.py", "/static/index.html", "/static/../app.py", "/static/x.js"):
        r = client.get(bad)
        assert r.status_code == 404 and set(r.json()) == {"error"}, bad


def test_unknown_endpoint_and_method_are_json(client: TestClient) -> None:
    r = client.get("/api/nope")
    assert (r.status_code, r.json()) == (404, {"error": "no such endpoint: GET /api/nope"})
    r = client.delete("/api/summarize")
    assert (r.status_code, r.json()) == (405, {"error": "method DELETE is not allowed on /api/summarize"})


def test_internal_errors_are_json(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(client.app.state.store, "counts", boom)  # type: ignore[attr-defined]
    r = client.get("/api/health")
    assert (r.status_code, r.json()) == (500, {"error": "internal server error (see the server log)"})


# -- POST /api/summarize ---------------------------------------------------------------------

ENGLISH = ("NATO and Russia meet\n\nThe NATO-Russia Council met in Brussels on Wednesday for the "
           "first time in two years. Ambassadors discussed Ukraine and military activity near the "
           "borders. The meeting was frank and serious, officials said.")


def test_summarize_leaves_out_articles_not_in_vietnamese(client: TestClient, example_dir: Path) -> None:
    texts = _texts(example_dir)
    body = client.post("/api/summarize", json={"articles": [*texts, ENGLISH]}).json()
    assert [x["source"] for x in body["left_out"]] == [f"<text {len(texts)}>"]
    assert "keep_foreign: true" in body["left_out"][0]["reason"]
    assert "--" not in body["left_out"][0]["reason"]
    assert len(body["articles"]) == len(texts)
    body = client.post("/api/summarize", json={"articles": [*texts, ENGLISH], "keep_foreign": True}).json()
    assert body["left_out"] == [] and len(body["articles"]) == len(texts) + 1
    r = client.post("/api/summarize", json={"articles": [ENGLISH]})
    assert r.status_code == 422 and r.json()["error"].startswith("no article is in Vietnamese: <text 0>")


def test_library_errors_name_no_command_line_option(client: TestClient, example_dir: Path) -> None:
    r = client.post("/api/summarize", json={"articles": _texts(example_dir), "method": "oracle"})
    assert r.status_code == 422 and "--" not in r.json()["error"], r.json()


def test_summarize_returns_the_cli_json(client: TestClient, example_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    texts = _texts(example_dir)
    r = client.post("/api/summarize", json={"articles": texts, "max_words": 120})
    assert r.status_code == 200
    arts = [clean_article(d) for n, t in enumerate(texts) for d in parse_text(t, f"<text {n}>")]
    assert r.json() == {**summary_to_dict(summarize(arts, max_words=120)), "left_out": []}
    body = r.json()
    assert body["text"] and body["sentences"]
    assert {c["article"] for s in body["sentences"] for c in s["citations"]} == {0, 1}
    for s in body["sentences"]:
        for c in s["citations"]:
            assert set(c) >= {"article", "text", "outlet", "title"}
    # the same JSON as `diemtin summarize --format json`, but for the file paths and left_out
    assert main(["summarize", str(example_dir), "--max-words", "120", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)

    def strip(d: Any) -> Any:
        if isinstance(d, dict):
            return {k: strip(v) for k, v in d.items() if k != "source_path"}
        if isinstance(d, list):
            return [strip(v) for v in d]
        return d

    assert strip({k: v for k, v in body.items() if k != "left_out"}) == strip(cli)


def test_summarize_never_reads_a_path(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Bí mật\n\nMật khẩu quản trị là hunter2 và không được tiết lộ cho ai.\n",
                      encoding="utf-8")
    r = client.post("/api/summarize", json={"articles": [str(secret), "../" * 8 + "etc/passwd"]})
    assert "hunter2" not in r.text and "root:" not in r.text


@pytest.mark.parametrize(("body", "status", "expected"), [
    ({}, 422, {"error": "articles: Field required",
               "fields": [{"field": "articles", "message": "Field required"}]}),
    ({"articles": []}, 422, {
        "error": "articles: List should have at least 1 item after validation, not 0",
        "fields": [{"field": "articles",
                    "message": "List should have at least 1 item after validation, not 0"}]}),
    ({"articles": "one text"}, 422, {
        "error": "articles: Input should be a valid list",
        "fields": [{"field": "articles", "message": "Input should be a valid list"}]}),
    ({"articles": ["x"], "max_words": 0}, 422, {
        "error": "max_words: Input should be greater than or equal to 1",
        "fields": [{"field": "max_words", "message": "Input should be greater than or equal to 1"}]}),
    ({"articles": ["x"], "colour": "red"}, 422, {
        "error": "colour: Extra inputs are not permitted",
        "fields": [{"field": "colour", "message": "Extra inputs are not permitted"}]}),
    ({"articles": ["x"], "max_words": 50, "ratio": 0.2}, 422,
     {"error": "give either max_words or ratio, not both"}),
    ({"articles": ["x"], "max_words": 999_999}, 422, {"error": "max_words: at most 2000"}),
    ({"articles": ["ok", "  \n "]}, 422, {"error": "articles[1]: the article is empty"}),
    ({"articles": ["x"] * 11}, 422, {"error": "too many articles: 11 > 10 per request"}),
])
def test_summarize_rejects_malformed_input(client: TestClient, body: dict[str, Any], status: int,
                                           expected: dict[str, Any]) -> None:
    r = client.post("/api/summarize", json=body)
    assert (r.status_code, r.json()) == (status, expected)


def test_summarize_rejects_invalid_json_and_unknown_method(client: TestClient, example_dir: Path) -> None:
    r = client.post("/api/summarize", content=b'{"articles": [', headers={"content-type": "application/json"})
    assert (r.status_code, r.json()) == (422, {
        "error": "the request body is not valid JSON",
        "fields": [{"field": "body", "message": "not valid JSON"}]})
    r = client.post("/api/summarize", json={"articles": _texts(example_dir), "method": "nope"})
    assert r.status_code == 422 and set(r.json()) == {"error"} and "nope" in r.json()["error"]


def test_oversized_bodies_are_413(client: TestClient) -> None:
    big = json.dumps({"articles": ["chữ " * 60_000]}).encode()
    r = client.post("/api/summarize", content=big, headers={"content-type": "application/json"})
    assert (r.status_code, r.json()) == (413, {"error": "request body is larger than the 200,000 byte limit"})

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"articles": ["'
        for _ in range(30):
            yield b"x" * 10_000
        yield b'"]}'

    r = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert (r.status_code, r.json()) == (413, {"error": "request body is larger than the 200,000 byte limit"})
    r = client.post("/api/articles", files=[("files", ("big.txt", b"a" * 400_000))])
    assert (r.status_code, r.json()) == (413, {"error": "upload is larger than the 300,000 byte limit"})


def test_a_text_field_over_the_body_limit_is_a_413(client: TestClient) -> None:
    # 250 kB in one multipart text field: under the upload limit, over the body limit
    r = client.post("/api/articles", files=[("text", (None, "Tin. " * 50_000))])
    assert (r.status_code, r.json()) == (413, {"error": "a text field is larger than the 200,000 byte limit"})


def test_upload_file_limit_applies_per_file(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "u.db", max_body_bytes=1_000_000, max_upload_bytes=1_000)
    with TestClient(create_app(settings), base_url=BASE) as c:
        r = c.post("/api/articles", files=[("files", ("big.txt", b"a" * 5_000))])
    assert (r.status_code, r.json()) == (413, {"error": "file 'big.txt' is larger than the 1,000 byte limit"})


# -- articles and stories --------------------------------------------------------------------

def test_post_articles_json_then_upload_is_idempotent(client: TestClient, example_dir: Path) -> None:
    texts = _texts(example_dir)
    r = client.post("/api/articles", json={"articles": [texts[0], {"text": texts[1], "source": "https://x.vn/a"}]})
    assert (r.status_code, r.json()) == (201, {
        "inserted": [1, 2], "duplicates": [], "rejected": [], "stories": [1], "note": _note(client)})
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(example_dir.glob("*.txt"))]
    r = client.post("/api/articles", files=files)
    assert (r.status_code, r.json()) == (200, {
        "inserted": [], "duplicates": [1, 2], "rejected": [], "stories": [1], "note": _note(client)})
    assert client.get("/api/health").json()["articles"] == 2


def test_post_articles_reports_bad_inputs(client: TestClient, example_dir: Path) -> None:
    good = _texts(example_dir)[0].encode()
    r = client.post("/api/articles", files=[("files", ("../../etc/bad.txt", b"\x00\xff\x00" * 10)),
                                            ("files", ("ok.txt", good))],
                    data={"text": "   "})
    assert r.status_code == 201
    body = r.json()
    assert body["inserted"] == [1]
    assert [x["source"] for x in body["rejected"]] == ["<pasted 0>", "upload:bad.txt"]
    r = client.post("/api/articles", json={"articles": [""]})
    assert (r.status_code, r.json()) == (422, {
        "error": "no readable article in the request",
        "rejected": [{"source": "<pasted 0>", "reason": "file is empty (or whitespace only): nothing to read"}]})
    r = client.post("/api/articles", content=b"articles=x", headers={"content-type": "text/plain"})
    assert (r.status_code, r.json()) == (415, {"error": "send application/json or multipart/form-data"})
    r = client.post("/api/articles", json={"articles": ["x"], "format": "pdf"})
    assert (r.status_code, r.json()) == (422, {"error": "format: use one of news-text, vims, abmusu, jsonl, html"})
    r = client.post("/api/articles", content=b"{", headers={"content-type": "application/json"})
    assert (r.status_code, r.json()) == (422, {
        "error": "the request body is not valid JSON", "fields": [{"field": "body", "message": "not valid JSON"}]})
    r = client.post("/api/articles", files=[("other", ("a.txt", good))])
    assert (r.status_code, r.json()) == (422, {
        "error": "no articles: send files in the 'files' field or text in 'text'"})


def test_get_article(client: TestClient, example_dir: Path) -> None:
    first = sorted(example_dir.glob("*.txt"))[0]
    client.post("/api/articles", files=[("files", (first.name, first.read_bytes()))])
    doc = read_path(first)[0]
    art = clean_article(doc)
    r = client.get("/api/articles/1")
    assert r.status_code == 200
    body = r.json()
    assert body == {
        "id": 1, "title": art.title, "outlet": art.outlet, "credit": art.credit,
        "category": art.category, "published": art.published.isoformat() if art.published else None,
        "url": art.url, "source": f"upload:{first.name}", "format": "news-text", "lead": art.lead,
        "paragraphs": list(art.paragraphs), "story_id": 1,
        "content_hash": body["content_hash"], "ingested_at": body["ingested_at"],
    }
    assert len(body["content_hash"]) == 64
    raw = client.get("/api/articles/1", params={"raw": "true"}).json()
    assert raw["raw_text"] == doc.text
    assert client.get("/api/articles/9").json() == {"error": "no article with id 9"}
    assert client.get("/api/articles/9").status_code == 404
    r = client.get("/api/articles/abc")
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "path.article_id"


def test_stories(client: TestClient, example_dir: Path) -> None:
    r = client.post("/api/articles", json={"articles": _texts(example_dir)})
    store = client.app.state.store  # type: ignore[attr-defined]
    story = store.get_story(1)
    r = client.get("/api/stories")
    assert (r.status_code, r.json()) == (200, {
        "stories": [{"id": 1, "title": story.title, "outlets": list(story.outlets),
                     "start": story.start, "end": story.end, "n_articles": 2, "article_ids": [1, 2],
                     "grouping": "batch", "updated_at": story.updated_at}],
        "limit": 50, "offset": 0, "total": 1})
    assert client.get("/api/stories", params={"offset": 1}).json()["stories"] == []
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422

    r = client.get("/api/stories/1")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    arts = [s.article for s in store.articles([1, 2])]
    expected_summary = summary_to_dict(summarize(arts))
    assert body == {
        **story.to_dict(),
        "articles": [
            {"index": n, "id": n + 1, "title": a.title, "outlet": a.outlet, "credit": a.credit,
             "via": reprinted_from(a), "category": a.category, "published": None, "url": a.url, "source_path": a.source_path}
            for n, a in enumerate(arts)],
        "summary_error": None,
        "summary": expected_summary,
    }
    assert client.get("/api/stories/1").json() == body  # second time from the stored summary
    short = client.get("/api/stories/1", params={"max_words": 40}).json()["summary"]
    assert short == summary_to_dict(summarize(arts, max_words=40))
    assert client.get("/api/stories/7").json() == {"error": "no story with id 7"}
    assert client.get("/api/stories/1", params={"max_words": 5000}).json() == {"error": "max_words: at most 2000"}


# -- the served folder -----------------------------------------------------------------------

@pytest.fixture
def folder_client(tmp_path: Path, example_dir: Path) -> Iterator[TestClient]:
    root = tmp_path / "served"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").write_text("x", encoding="utf-8")
    texts = _texts(example_dir)
    (root / "a.txt").write_text(texts[0], encoding="utf-8")
    (root / "sub" / "b.txt").write_text(texts[1], encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Bí mật\n\nhunter2 hunter2 hunter2 hunter2\n", encoding="utf-8")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    (root / "sub" / "leak.txt").symlink_to(outside / "secret.txt")
    settings = Settings(db=tmp_path / "f.db", root=root)
    with TestClient(create_app(settings), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def test_folder_listing(folder_client: TestClient) -> None:
    r = folder_client.get("/api/folder")
    assert (r.status_code, r.json()) == (200, {"path": ".", "entries": [
        {"name": "a.txt", "path": "a.txt", "type": "file", "size": r.json()["entries"][0]["size"]},
        {"name": "sub", "path": "sub", "type": "folder"}]})
    r = folder_client.get("/api/folder", params={"path": "sub"})
    assert r.json()["path"] == "sub" and [e["name"] for e in r.json()["entries"]] == ["b.txt"]
    assert folder_client.get("/api/health").json()["folder"] is True


@pytest.mark.parametrize("path", [
    "..", "../outside", "../outside/secret.txt", "sub/../../outside", "/etc", "/etc/passwd",
    "escape", "escape/secret.txt", "sub/leak.txt", "..\\outside", "C:\\Windows",
])
def test_folder_refuses_paths_outside_root(folder_client: TestClient, path: str) -> None:
    r = folder_client.get("/api/folder", params={"path": path})
    assert r.status_code == 403, path
    assert set(r.json()) == {"error"} and "hunter2" not in r.text
    r = folder_client.post("/api/folder/ingest", json={"paths": [path]})
    assert r.status_code == 403, path
    assert folder_client.get("/api/health").json()["articles"] == 0


def test_folder_traversal_in_raw_url(folder_client: TestClient) -> None:
    r = folder_client.get("/api/folder?path=%2e%2e%2foutside")
    assert (r.status_code, r.json()) == (403, {"error": "../outside: outside the served folder"})
    r = folder_client.get("/api/folder?path=nothing-here")
    assert (r.status_code, r.json()) == (404, {"error": "nothing-here: no such file or folder in the served folder"})


def test_folder_ingest(folder_client: TestClient) -> None:
    r = folder_client.post("/api/folder/ingest", json={"paths": ["."]})
    assert r.status_code == 201
    body = r.json()
    assert body["inserted"] == [1, 2] and body["stories"]
    # the symlink leading outside is refused, named relative to the root (no absolute path)
    assert body["rejected"] == [{"source": "sub/leak.txt", "reason": "outside the served folder"}]
    assert "hunter2" not in json.dumps(folder_client.get("/api/articles/1").json())
    r = folder_client.post("/api/folder/ingest", json={"paths": ["a.txt"]})
    assert r.status_code == 200 and r.json()["duplicates"] == [1]


def test_folder_ingest_goes_on_past_a_bad_path(folder_client: TestClient) -> None:
    r = folder_client.post("/api/folder/ingest", json={"paths": ["missing.txt", "a.txt", "../outside"]})
    assert r.status_code == 201 and r.json()["inserted"] == [1]
    assert r.json()["rejected"] == [
        {"source": "missing.txt", "reason": "no such file or folder in the served folder"},
        {"source": "../outside", "reason": "outside the served folder"},
    ]


def _post_json(client: TestClient, url: str, body: Any) -> httpx.Response:
    """POST ``body`` as ASCII JSON, so that lone surrogates travel as ``\\udXXX`` escapes."""
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


def test_folder_ingest_stores_paths_relative_to_the_root(folder_client: TestClient) -> None:
    assert folder_client.post("/api/folder/ingest", json={"paths": ["sub"]}).status_code == 201
    assert folder_client.get("/api/articles/1").json()["source"] == "sub/b.txt"
    story = folder_client.get("/api/stories/1").json()
    assert [a["source_path"] for a in story["articles"]] == ["sub/b.txt"]


def test_folder_paths_that_cannot_be_file_names(folder_client: TestClient, tmp_path: Path) -> None:
    root = tmp_path / "served"
    (root / "loop1").symlink_to("loop2")
    (root / "loop2").symlink_to("loop1")
    r = folder_client.get("/api/folder")
    assert r.status_code == 200 and "loop1" not in r.text
    for path, status, says in [
        ("loop1", 422, "loop1: cannot be used (a symlink loop)"),
        ("a" * 300, 422, "cannot be used (File name too long)"),
        ("a" * 1001, 422, "1000"),
        ("\ud800", 422, "valid string"),
        ("no\nsuch", 404, "no\\nsuch: no such file"),
    ]:
        r = _post_json(folder_client, "/api/folder/ingest", {"paths": [path]})
        assert r.status_code == status and says in r.json()["error"], (path, r.text)
        assert "\n" not in r.json()["error"]
    r = folder_client.get("/api/folder", params={"path": "b" * 999})
    assert r.status_code == 422 and len(r.json()["error"]) < 200


def test_folder_ingest_gives_the_real_reason_for_broken_symlinks(folder_client: TestClient,
                                                                   tmp_path: Path) -> None:
    fs = tmp_path / "served" / "fs"
    fs.mkdir()
    (fs / "loop1.txt").symlink_to("loop2.txt")
    (fs / "loop2.txt").symlink_to("loop1.txt")
    (fs / "dangling.txt").symlink_to(tmp_path / "nonexistent.txt")  # would lead outside
    (fs / "gone.txt").symlink_to("deleted.txt")
    (fs / "leak.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    r = folder_client.post("/api/folder/ingest", json={"paths": ["fs", "a.txt"]})
    assert r.status_code == 201, r.text
    # the reasons the CLI gives for the same files; only the existing outside file is "outside"
    assert r.json()["rejected"] == [
        {"source": "fs/dangling.txt", "reason": "no such file or directory"},
        {"source": "fs/gone.txt", "reason": "no such file or directory"},
        {"source": "fs/leak.txt", "reason": "outside the served folder"},
        {"source": "fs/loop1.txt", "reason": "cannot read (Too many levels of symbolic links)"},
        {"source": "fs/loop2.txt", "reason": "cannot read (Too many levels of symbolic links)"},
    ]
    # named alone: missing (404), not outside (403); a real way out is still 403
    r = folder_client.post("/api/folder/ingest", json={"paths": ["fs/dangling.txt"]})
    assert (r.status_code, r.json()) == (
        404, {"error": "fs/dangling.txt: no such file or folder in the served folder"})
    r = folder_client.post("/api/folder/ingest", json={"paths": ["fs/../../nonexistent.txt"]})
    assert r.status_code == 403 and "hunter2" not in r.text
    # through a link that leads out, existing and missing paths get the same answer (a
    # reviewer's case: 403 against 404 told which outside paths exist)
    for path in ("escape/secret.txt", "escape/nothere.txt"):
        for r in (folder_client.get("/api/folder", params={"path": path}),
                  folder_client.post("/api/folder/ingest", json={"paths": [path]})):
            assert (r.status_code, r.json()) == (403, {"error": f"{path}: outside the served folder"})


def test_articles_are_counted_after_parsing(client: TestClient) -> None:
    lines = "\n".join(json.dumps({"title": f"Tin {i}", "text": f"Hà Nội mưa to lần thứ {i}. " * 4},
                                 ensure_ascii=False) for i in range(11))
    r = client.post("/api/articles", json={"articles": [lines], "format": "jsonl"})
    assert r.status_code == 422 and "too many articles: 11 > 10" in r.json()["error"]
    r = client.post("/api/summarize", json={"articles": [lines]})
    assert r.status_code == 422 and "too many articles" in r.json()["error"]


def test_a_lone_surrogate_in_an_article_is_replaced(client: TestClient, example_dir: Path) -> None:
    text = _texts(example_dir)[0].replace("NATO", "NATO\ud800")
    r = _post_json(client, "/api/summarize", {"articles": [text]})
    assert r.status_code == 200 and "NATO\ufffd" in r.text


def test_an_html_page_without_its_extra_is_one_rejected_file(
    client: TestClient, example_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diemtin.errors import OptionalDependencyError

    def missing(text: str, source: str) -> None:
        raise OptionalDependencyError("reading HTML pages", "html", "trafilatura")

    monkeypatch.setattr("diemtin.ingest.html.parse_html", missing)
    page = b"<!doctype html><html><body><p>Tin</p></body></html>"
    first = sorted(example_dir.glob("*.txt"))[0]
    r = client.post("/api/articles", files=[("files", (first.name, first.read_bytes())),
                                            ("files", ("b.html", page))])
    assert r.status_code == 201 and r.json()["inserted"] == [1]
    assert r.json()["rejected"] == [{"source": "upload:b.html", "reason": "reading HTML pages needs "
                                     "the optional package 'trafilatura', which is not installed here"}]


def test_serve_logs_the_servers_own_errors() -> None:
    from diemtin.commands.serve import _log_config

    config = _log_config("info")
    assert config["loggers"]["diemtin"] == {  # type: ignore[index]
        "handlers": ["default"], "level": "INFO", "propagate": False}


def test_concurrent_ingests_leave_no_article_without_a_story(tmp_path: Path) -> None:
    from diemtin.store import Store
    from diemtin.types import RawDocument

    db = tmp_path / "c.db"
    Store(db).close()
    errors: list[BaseException] = []

    def ingest(k: int) -> None:
        try:
            with Store(db) as store:
                store.add_documents([
                    RawDocument(text=f"Tin số {k}-{j}\n\n" + f"Bài viết riêng số {k} {j} về chủ đề {k * 7 + j}. " * 4,
                                source=f"t{k}-{j}", format="news-text")
                    for j in range(3)])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(k,)) for k in range(8)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    assert not errors
    with Store(db) as store:
        loose = store.conn.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN "
                                   "(SELECT article_id FROM story_articles)").fetchone()[0]
        assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 24
        assert loose == 0


def test_ids_beyond_sqlite_integers_are_404(client: TestClient) -> None:
    for what in ("articles", "stories"):
        r = client.get(f"/api/{what}/99999999999999999999")
        assert r.status_code == 404, what
    assert client.get("/api/stories", params={"offset": 10**20}).status_code == 422


def test_a_store_error_never_shows_the_database_path(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, settings: Settings,
) -> None:
    from diemtin.store import Store, StoreError

    def broken(self: Store, *a: object, **k: object) -> None:
        raise StoreError(f"{settings.db}: cannot write to the database (database is locked)")

    monkeypatch.setattr(Store, "add_documents", broken)
    r = client.post("/api/articles", json={"articles": ["Tin mới\n\n" + "Hà Nội mưa to. " * 5]})
    assert r.status_code == 503 and str(settings.db) not in r.text
    assert r.json()["error"].startswith("the article store cannot be used right now")


def test_articles_an_interrupted_ingest_left_ungrouped_get_stories_at_startup(
    settings: Settings, example_dir: Path,
) -> None:
    from diemtin.store import Store
    from diemtin.types import RawDocument

    with Store(settings.db) as store:  # committed, then killed before the regrouping
        store.add_documents([RawDocument(t, source=f"{k}.txt", format="news-text")
                             for k, t in enumerate(_texts(example_dir))],
                            refresh=False)
        assert store.counts()["stories"] == 0
    with TestClient(create_app(settings), base_url=BASE) as c:
        stories = c.get("/api/stories").json()["stories"]
        assert sum(s["n_articles"] for s in stories) == 2


def _damaged(*args: object, **kwargs: object) -> None:
    """A Store method reading a damaged database file."""
    import sqlite3

    raise sqlite3.DatabaseError("database disk image is malformed")


def test_the_server_starts_on_a_database_it_cannot_regroup(
    settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the startup regroup let a damaged file's sqlite3 error stop the server (a reviewer)
    from diemtin.store import Store

    monkeypatch.setattr(Store, "refresh_stories", _damaged)
    with TestClient(create_app(settings), base_url=BASE) as c:
        assert c.get("/api/health").status_code == 200


def test_a_damaged_database_read_is_a_503_not_a_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from diemtin.store import Store

    monkeypatch.setattr(Store, "get_article", _damaged)
    r = client.get("/api/articles/1")
    assert r.status_code == 503
    assert r.json() == {"error": "the article store cannot be read (the server log says why)"}


def test_folder_endpoints_need_a_root(client: TestClient) -> None:
    expected = {"error": "no folder is served: start the server with --root DIR"}
    assert client.get("/api/folder").json() == expected
    r = client.post("/api/folder/ingest", json={"paths": ["."]})
    assert (r.status_code, r.json()) == (404, expected)


# -- settings and serving --------------------------------------------------------------------

def test_settings_from_flags_over_environment(tmp_path: Path) -> None:
    env = {"DIEMTIN_DB": str(tmp_path / "env.db"), "DIEMTIN_PORT": "9001",
           "DIEMTIN_MAX_BODY_BYTES": "1234", "DIEMTIN_HOST": ""}
    s = Settings.from_env(env, port=9002, host=None)
    assert (s.db, s.port, s.max_body_bytes, s.host) == (tmp_path / "env.db", 9002, 1234, "127.0.0.1")
    assert Settings().host == "127.0.0.1" and Settings().is_loopback
    assert not Settings(host="0.0.0.0").is_loopback and Settings(host="::1").is_loopback
    with pytest.raises(UsageError, match="not a valid value"):
        Settings.from_env({"DIEMTIN_PORT": "eighty"})
    with pytest.raises(UsageError, match="out of range"):
        Settings.from_env({}, port=70000)
    with pytest.raises(UsageError, match="not a folder"):
        Settings.from_env({}, root=str(tmp_path / "missing"))


def test_serve_command_binds_loopback_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    for var in ("DIEMTIN_HOST", "DIEMTIN_PORT", "DIEMTIN_ROOT"):
        monkeypatch.delenv(var, raising=False)
    assert main(["serve", "--db", str(tmp_path / "s.db")]) == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    assert seen["app"].state.settings.db == tmp_path / "s.db"
    assert "warning" not in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 8123)
    assert "other machines can reach" in capsys.readouterr().err


def test_live_server_listens_on_loopback_only(tmp_path: Path, example_dir: Path) -> None:
    import uvicorn

    settings = Settings(db=tmp_path / "live.db", port=0)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host=settings.host,
                                           port=settings.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        sock: socket.socket = server.servers[0].sockets[0]
        host, port = sock.getsockname()[:2]
        assert host == "127.0.0.1"
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.get("/api/health").json()["status"] == "ok"
            r = http.post("/api/summarize", json={"articles": _texts(example_dir), "max_words": 120})
            assert r.status_code == 200 and r.json()["sentences"]
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def test_story_body_follows_regrouping(client: TestClient, example_dir: Path) -> None:
    from diemtin.types import Story

    store = client.app.state.store  # type: ignore[attr-defined]

    def together(articles: list[Any], published: object = None) -> list[Story]:
        return [Story(indices=tuple(range(len(articles))), articles=tuple(articles))]

    def split(articles: list[Any], published: object = None) -> list[Story]:
        return [Story(indices=(i,), articles=(a,)) for i, a in enumerate(articles)]

    store._clusterer = together
    client.post("/api/articles", json={"articles": _texts(example_dir)})
    assert client.get("/api/stories/1").json()["article_ids"] == [1, 2]
    store._clusterer = split
    store.refresh_stories(force=True)
    body = client.get("/api/stories/1").json()  # the rendered body is not served stale
    assert body["article_ids"] == [1] and body["grouping"] == "cluster"
    assert {c["article"] for s in body["summary"]["sentences"] for c in s["citations"]} == {0}
    assert client.get("/api/stories").json()["total"] == 2


def test_host_and_origin_guards(client: TestClient, tmp_path: Path) -> None:
    # DNS rebinding: a page whose name resolves to 127.0.0.1 sends its own name as Host
    r = client.get("/api/health", headers={"host": "evil.example:8000"})
    assert (r.status_code, r.json()) == (400, {
        "error": "host 'evil.example:8000' is not served here: open the page as "
                 "http://127.0.0.1:PORT/ (or set DIEMTIN_ALLOWED_HOSTS)"})
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/health", headers={"host": host}).status_code == 200, host
    # a cross-site form post (no preflight for multipart) is refused; same-origin is fine
    files = [("files", ("a.txt", "Tiêu đề\n\nNội dung.".encode()))]
    for origin in ("https://evil.example", "null"):
        r = client.post("/api/articles", files=files, headers={"origin": origin})
        assert (r.status_code, r.json()) == (403, {"error": f"cross-site request from {origin} refused"})
    r = client.post("/api/summarize", json={"articles": []}, headers={"origin": BASE})
    assert r.status_code == 422
    assert client.get("/api/health", headers={"origin": "https://evil.example"}).status_code == 200
    # bound beyond loopback, any Host is accepted unless a list is given
    open_settings = Settings(db=tmp_path / "o.db", host="0.0.0.0")
    assert open_settings.host_names is None
    with TestClient(create_app(open_settings), base_url="http://news.example") as c:
        assert c.get("/api/health").status_code == 200
    listed = Settings.from_env({"DIEMTIN_ALLOWED_HOSTS": "news.example, *"}, db=str(tmp_path / "l.db"))
    assert listed.host_names is None
    listed = Settings.from_env({"DIEMTIN_ALLOWED_HOSTS": "News.example"}, db=str(tmp_path / "l.db"))
    assert listed.host_names == frozenset({"news.example"})


def test_story_list_refuses_parameters_it_does_not_take(client: TestClient) -> None:
    # an audit's case: ?since= was ignored, so a date filter seemed to work
    r = client.get("/api/stories", params={"since": "2016-05-21", "limit": 5})
    assert r.status_code == 422 and r.json()["error"].startswith("unknown parameter(s): since;")
    assert client.get("/api/stories", params={"limit": 5, "offset": 0}).status_code == 200
