"""Fetching pages and feeds from a local HTTP server started here (never the internet)."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")

from diemtin.cli import main
from diemtin.errors import InputError
from diemtin.ingest.fetch import Fetcher, FetchPolicy, check_url, fetch_articles
from diemtin.ingest.legacy import encode_tcvn3

PARAS = [
    "Ủy ban nhân dân thành phố cho biết dự án mở rộng con đường ven sông sẽ hoàn thành trước "
    "khi mùa mưa bắt đầu, sau nhiều tháng thi công cả ngày lẫn đêm.",
    "Ông Trần Văn Hùng, phó giám đốc ban quản lý dự án, nói rằng các đội thi công đang làm "
    "việc cả ngày lẫn đêm để kịp tiến độ. Ở đoạn qua chợ cũ, người dân đã bàn giao mặt bằng.",
    "Theo thiết kế, mặt đường sẽ rộng hai mươi bốn mét, có dải phân cách trồng hoa và làn "
    "riêng cho xe đạp. Hệ thống thoát nước được thay mới hoàn toàn để chống ngập.",
]


def article_page(title: str, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta property="og:site_name" content="Báo Thử"></head><body>'
            f"<nav><a href='/'>Trang chủ</a> <a href='/x'>Thời sự</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Báo Thử</footer></body></html>")


def rss(base: str) -> str:
    items = "".join(
        f"<item><title>Bài {i}</title><link>{base}{path}</link></item>"
        for i, path in enumerate(["/a1.html", "/a2.html", "/private/a3.html", "/missing.html"])
    )
    items += "<item><title>Tin không có link</title><description>Chỉ có mô tả.</description></item>"
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Báo Thử</title><link>{base}/</link>{items}</channel></rss>")


def dated_rss(base: str) -> str:
    """A feed whose entries carry dates; /a1.html states none, /dated.html its own."""
    items = (f"<item><title>Bài 1</title><link>{base}/a1.html</link>"
             "<pubDate>Fri, 20 May 2016 10:00:00 +0700</pubDate></item>"
             f"<item><title>Có ngày</title><link>{base}/dated.html</link>"
             "<pubDate>Sat, 21 May 2016 08:00:00 +0700</pubDate></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Báo Thử</title><link>{base}/</link>{items}</channel></rss>")


def dated_atom(base: str) -> str:
    """An Atom feed whose only entry has an ``updated`` date and no ``published`` one."""
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Báo Thử</title><id>{base}/</id><updated>2016-05-22T09:30:00+07:00</updated>"
            f'<entry><title>Bài 2</title><link href="{base}/a2.html"/><id>{base}/a2.html</id>'
            "<updated>2016-05-22T09:30:00+07:00</updated></entry></feed>")


class Handler(BaseHTTPRequestHandler):
    """Routes of the local test site."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_port}"  # type: ignore[attr-defined]
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/a1.html", "/a2.html", "/private/a3.html"):
            self._send(200, article_page(f"Bài thử {path}").encode())
        elif path == "/tcvn3.html":  # a legacy-font page labelled iso-8859-1, as they were
            self._send(200, encode_tcvn3(article_page("Trang TCVN3"), errors="replace"),
                       "text/html; charset=iso-8859-1")
        elif path == "/gzip.html":
            body = gzip.compress(article_page("Nén gzip").encode())
            self._send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/feed.xml":
            self._send(200, rss(base).encode(), "application/rss+xml")
        elif path == "/dated-feed.xml":
            self._send(200, dated_rss(base).encode(), "application/rss+xml")
        elif path == "/atom.xml":
            self._send(200, dated_atom(base).encode(), "application/atom+xml")
        elif path == "/dated.html":  # the page states its own date, which wins over the feed's
            page = article_page("Có ngày").replace(
                "<head>", '<head><meta property="article:published_time" content="2016-05-19T07:15:00+07:00">')
            self._send(200, page.encode())
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/a1.html" if n == 0 else f"/redirect/{n - 1}"
            self._send(302, b"", headers={"Location": target})
        elif path == "/to-metadata":
            self._send(302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-loopback":
            self._send(302, b"", headers={"Location": f"http://127.0.0.2:{self.server.server_port}/a1.html"})  # type: ignore[attr-defined]
        elif path == "/big":
            self._send(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>")
        elif path == "/big-chunked":  # no Content-Length: the cap is checked while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"y" * 10_000)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, article_page("Chậm").encode())
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>.</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


LOCAL = FetchPolicy(allowed_networks=("127.0.0.1/32",), timeout=1.0, total_timeout=2.0,
                    max_bytes=200_000)


# --------------------------------------------------------------------------------- SSRF

@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]:8080/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://100.64.0.1/", "non-global"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 written as one number
    ],
)
def test_internal_addresses_are_refused_by_default(url: str, what: str) -> None:
    with pytest.raises(InputError, match=f"{what} address.*--allow-private"):
        check_url(url, FetchPolicy())


def test_every_resolved_address_is_checked() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.5"]

    with pytest.raises(InputError, match=r"mixed\.example resolves to 10\.0\.0\.5, a private address"):
        check_url("http://mixed.example/", FetchPolicy(), resolver)
    assert check_url("http://public.example/", FetchPolicy(), lambda h, p: ["93.184.216.34"]) \
        == "93.184.216.34"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x/"])
def test_only_http(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        check_url(url, FetchPolicy(allow_private=True))


def test_local_server_needs_the_allow_flag(site: str) -> None:
    result = fetch_articles([f"{site}/a1.html"])
    assert not result.documents
    assert "loopback" in result.rejected[0].reason
    result = fetch_articles([f"{site}/a1.html"], FetchPolicy(allow_private=True))
    assert len(result.documents) == 1


def test_redirects_are_checked_at_every_hop(site: str) -> None:
    with Fetcher(LOCAL) as f:
        page = f.get(f"{site}/redirect/2")
        assert page.url == f"{site}/a1.html" and len(page.redirects) == 3
        with pytest.raises(InputError, match=r"169\.254\.169\.254 is a link-local address"):
            f.get(f"{site}/to-metadata")
        with pytest.raises(InputError, match=r"127\.0\.0\.2 is a loopback address"):
            f.get(f"{site}/to-loopback")
        with pytest.raises(InputError, match="more than 5 redirects"):
            f.get(f"{site}/redirect/9")


# ------------------------------------------------------------------------ limits, robots

def test_size_cap_timeouts_and_status(site: str) -> None:
    with Fetcher(LOCAL) as f:
        with pytest.raises(InputError, match="over the 200,000-byte limit"):
            f.get(f"{site}/big")
        with pytest.raises(InputError, match="over the 200,000-byte limit"):
            f.get(f"{site}/big-chunked")
        with pytest.raises(InputError, match="timed out"):
            f.get(f"{site}/slow")
        start = time.monotonic()
        with pytest.raises(InputError, match="took over 2 s"):
            f.get(f"{site}/drip")
        assert time.monotonic() - start < 3.5
        with pytest.raises(InputError, match="HTTP status 404"):
            f.get(f"{site}/missing.html")


def test_robots_txt_is_obeyed(site: str) -> None:
    with Fetcher(LOCAL) as f:
        assert f.allowed_by_robots(f"{site}/a1.html")
        assert not f.allowed_by_robots(f"{site}/private/a3.html")
        with pytest.raises(InputError, match=r"robots\.txt"):
            f.get(f"{site}/private/a3.html")


# ------------------------------------------------------------------------ pages and feeds

def test_feed_entries_become_articles(site: str) -> None:
    result = fetch_articles([f"{site}/feed.xml"], LOCAL)
    assert [d.meta["title"] for d in result.documents] == ["Bài thử /a1.html", "Bài thử /a2.html"]
    assert all(d.meta["outlet"] == "Báo Thử" for d in result.documents)
    reasons = {r.source.rsplit("/", 1)[1]: r.reason for r in result.rejected}
    assert "robots.txt" in reasons["a3.html"]
    assert reasons["missing.html"] == "HTTP status 404"
    # an entry without a link was dropped without a word
    assert reasons["feed.xml"] == "1 feed entry has no link to fetch ('Tin không có link')"
    assert len(fetch_articles([f"{site}/feed.xml"], LOCAL, limit=1).documents) == 1


def test_a_url_urllib_cannot_split_is_rejected_not_a_crash() -> None:
    result = fetch_articles(["http://reader:hunter2@[::1/x"], FetchPolicy())
    assert not result.documents and len(result.rejected) == 1
    assert "hunter2" not in str(result.rejected[0])


def test_a_password_in_a_url_is_not_stored(site: str) -> None:
    host = site.removeprefix("http://")
    result = fetch_articles([f"http://reader:hunter2@{host}/a1.html"], LOCAL)
    doc = result.documents[0]
    assert doc.source == f"{site}/a1.html" and "hunter2" not in json.dumps(dict(doc.meta))
    failed = fetch_articles([f"http://reader:hunter2@{host}/missing.html"], LOCAL).rejected[0]
    assert failed.source == f"{site}/missing.html" and "hunter2" not in failed.reason


def test_pages_in_legacy_encodings_and_gzip(site: str) -> None:
    result = fetch_articles([f"{site}/tcvn3.html", f"{site}/gzip.html", f"{site}/image.png"], LOCAL)
    titles = [d.meta["title"] for d in result.documents]
    assert titles == ["Trang TCVN3", "Nén gzip"]
    assert PARAS[0] in result.documents[0].text
    assert "content type image/png" in result.rejected[0].reason


def test_cli_fetch_then_summarize(site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "feed.jsonl"
    assert main(["fetch", f"{site}/feed.xml", "-o", str(out)]) == 1  # refused without the flag
    assert "--allow-private" in capsys.readouterr().err
    code = main(["fetch", f"{site}/feed.xml", "--allow-private", "--timeout", "1", "-o", str(out)])
    assert code == 3  # two articles written, two entries listed as skipped
    err = capsys.readouterr().err
    assert "robots.txt" in err and "HTTP status 404" in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in records] == ["Bài thử /a1.html", "Bài thử /a2.html"]
    assert records[0]["outlet"] == "Báo Thử" and records[0]["url"].endswith("/a1.html")
    assert PARAS[1] in records[0]["text"] and "Trang chủ" not in records[0]["text"]
    assert main(["summarize", str(out), "--max-words", "40"]) == 0
    summary = capsys.readouterr().out
    assert summary.strip() and all(line in " ".join(PARAS) for line in summary.splitlines())


def test_feed_entry_dates_stand_in_for_a_page_without_one(site: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    result = fetch_articles([f"{site}/dated-feed.xml", f"{site}/atom.xml"], LOCAL)
    assert [d.meta.get("feed_published") for d in result.documents] == [
        "2016-05-20 10:00:00", "2016-05-21 08:00:00", "2016-05-22 09:30:00"]
    out = tmp_path / "dated.jsonl"
    code = main(["fetch", f"{site}/dated-feed.xml", f"{site}/atom.xml", "--allow-private",
                 "--timeout", "1", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # the feed's wall-clock time (as diemtin reads dates), the page's own date when it has one
    assert [(r["title"], r["published"][:16]) for r in records] == [
        ("Bài thử /a1.html", "2016-05-20 10:00"), ("Có ngày", "2016-05-19 07:15"),
        ("Bài thử /a2.html", "2016-05-22 09:30")]
    capsys.readouterr()
    digest = tmp_path / "digest.html"
    assert main(["digest", str(out), "--since", "2016-05-01", "-o", str(digest)]) == 0
    assert "Bài thử /a1.html" in digest.read_text(encoding="utf-8")


def test_a_feed_date_outside_the_plausible_years_is_not_kept() -> None:
    # a reviewer's case: a Unix time stamp read as RFC 822 gave the year 1463
    from diemtin.ingest.fetch import _entry_date

    assert _entry_date({"published": "1463713200"}) is None
    assert _entry_date({"published": "Fri, 20 May 1016 10:00:00 +0700"}) is None
    assert _entry_date({"published": "1463713200", "updated": "2016-05-20T10:00:00+07:00"}) == "2016-05-20 10:00:00"
    assert _entry_date({"published": "Fri, 20 May 2016 10:00:00 +0700"}) == "2016-05-20 10:00:00"
    assert _entry_date({"published": "Fri, 20 May 2016 03:00:00 GMT"}) == "2016-05-20 10:00:00"
