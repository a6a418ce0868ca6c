"""The web page in a real headless Chromium (Debian's ``chromium``; no browser download).

A live uvicorn serves the app on loopback; Playwright drives ``/usr/bin/chromium``. Screenshots
go to ``test-artifacts/``. Skipped, with the reason printed, only when Chromium or Playwright
is missing (``.ci/run`` installs Chromium with apt-get).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]

XSS_TITLE = '<script>window.__pwned = "title"</script>Tin <img src=x onerror="window.__pwned=\'img\'">'
XSS_TEXT = (
    f"{XSS_TITLE}\n\n"
    "Sáng nay, hội đồng thành phố đã họp để bàn về việc <script>window.__pwned='body'</script> "
    "xây dựng thêm ba cây cầu mới bắc qua sông lớn nhằm giảm ùn tắc giao thông nội đô.\n\n"
    "Theo kế hoạch, công trình <img src=x onerror=\"window.__pwned='body-img'\"> sẽ được khởi công "
    "vào tháng sau và hoàn thành trong vòng hai năm với tổng vốn đầu tư rất lớn từ ngân sách.\n\n"
    "Người dân trong khu vực bày tỏ sự vui mừng khi biết tin dự án sẽ sớm được triển khai và "
    "mong muốn việc thi công bảo đảm an toàn cho các hộ gia đình sống gần công trường.\n"
)


def _chromium() -> str:
    found = os.environ.get("DIEMTIN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if not found:
        reason = ("Debian chromium is not installed (apt-get install -y chromium; .ci/run does it "
                  "when run as root)")
        print(f"SKIP browser tests: {reason}", file=sys.stderr)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[dev]')"
        print(f"SKIP browser tests: {reason}", file=sys.stderr)
        pytest.skip(reason)
    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    import uvicorn

    from diemtin.web.app import create_app
    from diemtin.web.settings import Settings

    app = create_app(Settings(db=tmp_path / "browser.db", port=0))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(timeout=30)


def _page(browser: Any, width: int = 390, height: int = 844) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"pageerror: {e}"))
    page.set_default_timeout(60_000)
    return context, page, events


def _screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _fits_width(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_paste_two_articles_and_follow_a_citation(browser: Any, server: tuple[str, Any],
                                                  example_dir: Path) -> None:
    base, _app = server
    texts = [p.read_text(encoding="utf-8") for p in sorted(example_dir.glob("*.txt"))]
    from diemtin.cleaner import clean
    from diemtin.types import Article

    cleaned: list[Article] = [clean(t, source=f"<text {n}>") for n, t in enumerate(texts)]

    context, page, events = _page(browser)  # a phone-width screen
    page.goto(f"{base}/#/new")
    page.fill("#text-1", texts[0])
    page.fill("#text-2", texts[1])
    page.fill("#max-words", "120")
    page.click("#summarize-btn")
    page.wait_for_selector("#new-summary li")

    sentences = page.locator("#new-summary > li")
    assert sentences.count() >= 2
    # the summary cites both articles: the markers [1] and [2] both appear
    markers = set(page.locator("#new-summary .cite").all_text_contents())
    assert {"[1]", "[2]"} <= markers
    # the source list names both outlets (each article's outlet, or its label when it has none)
    sources = page.locator("#new-sources > li").all_text_contents()
    assert len(sources) == 2
    for n, art in enumerate(cleaned):
        assert (art.outlet or f"Bài {n + 1}") in sources[n]
        assert art.title in sources[n]
    # Vietnamese text arrives intact (NFC, tone marks)
    whole = page.locator("#new-summary").inner_text()
    assert any(ch in whole for ch in "ơưđạếộ")

    # click a citation marker of the second article: its sentence, outlet and title appear
    marker = page.locator("#new-summary .cite", has_text="[2]").first
    marker.click()
    box = page.locator("#new-summary .cite-box")
    box.wait_for()
    quote = box.locator("blockquote").inner_text().strip()
    assert quote and quote in cleaned[1].text
    assert cleaned[1].title in box.inner_text()
    assert (cleaned[1].outlet or "Bài 2") in box.inner_text()
    assert marker.get_attribute("aria-expanded") == "true"
    assert _fits_width(page), "the page scrolls sideways on a phone-width screen"
    shot = _screenshot(page, "browser-summary-phone.png")
    assert shot.stat().st_size > 1000

    # store them: the story view shows the same kind of summary, and the list names the outlets
    page.click("#store-btn")
    page.wait_for_selector("#view-story:not([hidden]) #story-summary li")
    assert {"[1]", "[2]"} <= set(page.locator("#story-summary .cite").all_text_contents())
    page.locator("#story-summary .cite").first.click()
    quote = page.locator("#story-summary .cite-box blockquote").inner_text().strip()
    assert any(quote in a.text for a in cleaned)
    _screenshot(page, "browser-story-phone.png")
    page.click("#nav-stories")
    page.wait_for_selector("#story-list li a")
    listed = page.locator("#story-list li").first.inner_text()
    for art in cleaned:
        assert (art.outlet or "") in listed
    assert "2 bài" in listed
    assert _fits_width(page)
    assert events == []
    context.close()


def test_markup_in_articles_is_shown_as_text(browser: Any, server: tuple[str, Any]) -> None:
    base, app = server
    context, page, events = _page(browser, width=1000, height=900)
    page.goto(f"{base}/#/new")
    page.fill("#text-1", XSS_TEXT)
    page.click("#summarize-btn")  # the stateless path
    page.wait_for_selector("#new-summary li")
    assert "<script>" in page.locator("#new-summary").inner_text() or \
        "<img" in page.locator("#new-summary").inner_text()
    page.locator("#new-summary .cite").first.click()
    page.wait_for_selector("#new-summary .cite-box")

    page.click("#store-btn")  # the stored path: upload, then the story view
    page.wait_for_selector("#view-story:not([hidden]) #story-summary li")
    title = page.locator("#story-title").inner_text()
    assert title == app.state.store.get_story(1).title
    assert "<script>" in title and "onerror" in title
    page.locator("#story-sources button.read").first.click()
    page.wait_for_selector("#article-view:not([hidden])")
    body = page.locator("#article-body").inner_text()
    assert "<script>window.__pwned='body'</script>" in body
    assert "onerror=\"window.__pwned='body-img'\"" in body

    page.goto(f"{base}/#/")
    page.wait_for_selector("#story-list li a")
    assert "<script>" in page.locator("#story-list").inner_text()

    # no script ran, no element was made from the text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    _screenshot(page, "browser-markup-as-text.png")
    assert events == []
    context.close()
