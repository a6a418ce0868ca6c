"""``diemtin fetch``: download article pages or RSS/Atom feeds into an articles JSONL file."""

from __future__ import annotations

import json

import click

from diemtin.cli import EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import report_rejected, write_output
from diemtin.errors import InputError
from diemtin.ingest.fetch import FetchPolicy, fetch_articles
from diemtin.types import Article, RejectedInput

_DEFAULT = FetchPolicy()


def article_record(art: Article) -> dict[str, str]:
    """One JSONL line in the ``jsonl`` input format (``diemtin summarize`` reads it back)."""
    record = {
        "title": art.title,
        "text": "\n".join(art.paragraphs),
        "outlet": art.outlet or "",
        "published": art.published.isoformat(sep=" ") if art.published else "",
        "url": art.url or art.source_path or "",
        "author": art.credit or "",
    }
    return {k: v for k, v in record.items() if v}


@click.command(
    "fetch",
    epilog="""Examples:

\b
  diemtin fetch https://vnexpress.net/rss/the-gioi.rss -o world.jsonl --limit 10
  diemtin fetch https://example.vn/bai-bao.html > article.jsonl
  diemtin summarize world.jsonl --max-words 120
  diemtin fetch http://127.0.0.1:8000/feed.xml --allow-private   # a local test server

Pages are fetched politely: robots.txt is obeyed, responses are capped in time and size,
and loopback, private and link-local addresses are refused unless --allow-private is given.
""",
)
@click.argument("urls", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the articles (JSONL) to this file instead of stdout.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many entries of each feed.")
@click.option("--allow-private", is_flag=True,
              help="Also fetch from loopback, private and link-local addresses (refused by "
                   "default so that a URL cannot reach internal services).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=_DEFAULT.timeout, show_default=True,
              help="Seconds to connect and between reads; a response gets 3x this in all.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=_DEFAULT.max_bytes,
              show_default=True, help="Refuse responses larger than this.")
@click.option("--max-redirects", type=click.IntRange(min=0), default=_DEFAULT.max_redirects,
              show_default=True, help="Follow at most this many redirects.")
@click.option("--user-agent", default=_DEFAULT.user_agent, show_default=True,
              help="User-Agent header, also the name matched in robots.txt.")
def fetch_cmd(
    urls: tuple[str, ...], output: str | None, limit: int, allow_private: bool, timeout: float,
    max_bytes: int, max_redirects: int, user_agent: str,
) -> int:
    """Fetch URLS (article pages or RSS/Atom feeds) and write one cleaned article per line
    (JSONL: title, text, outlet, published, url).

    Each URL or feed entry that cannot be fetched or holds no article is listed on stderr
    (exit code 3); the others are still written.
    """
    from diemtin.cleaner import clean_article

    policy = FetchPolicy(
        allow_private=allow_private, timeout=timeout, total_timeout=3 * timeout,
        max_bytes=max_bytes, max_redirects=max_redirects, user_agent=user_agent,
    )
    result = fetch_articles(urls, policy, limit=limit)
    rejected: list[RejectedInput] = list(result.rejected)
    lines: list[str] = []
    for doc in result.documents:
        try:
            art = clean_article(doc)
        except InputError as exc:
            rejected.append(RejectedInput(exc.source, exc.reason))
            continue
        lines.append(json.dumps(article_record(art), ensure_ascii=False))
    report_rejected(rejected)
    if not lines:
        raise click.ClickException("no article could be fetched")
    write_output("\n".join(lines) + "\n", output)
    return EXIT_PARTIAL if rejected else EXIT_OK
