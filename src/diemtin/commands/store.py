"""``diemtin ingest``: store articles (and their stories) in a SQLite database."""

from __future__ import annotations

import os
import sqlite3
import sys

import click

from diemtin.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import input_paths, report_rejected, with_input_options

#: Database used when neither --db nor DIEMTIN_DB is given.
DEFAULT_DB = "diemtin.db"


def db_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None, envvar="DIEMTIN_DB",
        help=f"SQLite database file (created when missing). [env: DIEMTIN_DB; default: {DEFAULT_DB}]",
    )(func)


@click.command(
    "ingest",
    epilog="""Examples:

\b
  diemtin ingest ../shared/examples/nato-russia --db news.db
  diemtin ingest archive/ more.jsonl --db news.db --summarize
  cat article.txt | diemtin ingest - --db news.db
""",
)
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@db_option
@click.option("--batch-size", type=click.IntRange(min=1, max=10_000), default=16, show_default=True,
              help="Articles per transaction (an interrupted ingest keeps every committed batch).")
@click.option("--summarize/--no-summarize", "precompute", default=False, show_default=True,
              help="Also compute the cited summary of every story the articles landed in "
                   "(otherwise summaries are computed when first requested).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--keep-foreign", is_flag=True,
              help="Store articles that are not in Vietnamese too (by default they are listed "
                   "and not stored).")
@with_input_options
def ingest_cmd(
    paths: tuple[str, ...], db: str | None, batch_size: int, precompute: bool, quiet: bool,
    keep_foreign: bool, fmt: str | None, encoding: str | None, max_bytes: int,
) -> int:
    """Store the articles in PATHS (files, directories, or - for stdin) in a database.

    Each article is cleaned and stored with its raw text; an article already in the database
    (same content) is not stored twice, so running the same ingest again is harmless. Articles
    are grouped into stories, which `diemtin serve` shows with their cited summaries.
    Files that cannot be read are reported on stderr and skipped (exit code 3).
    """
    from diemtin.store import Store, database_error, find_storable
    from diemtin.types import RejectedInput

    given = input_paths(paths)
    if all(p != "-" and not os.path.lexists(p) for p in given):  # (no empty database for a typo)
        report_rejected([RejectedInput(p, "no such file or directory") for p in given])
        click.echo("diemtin: error: no readable article in the input", err=True)
        return EXIT_ERROR
    path = db or os.environ.get("DIEMTIN_DB") or DEFAULT_DB
    stdin = sys.stdin.buffer.read(max_bytes + 1) if "-" in given else None
    if not os.path.lexists(path):  # a new database only for inputs with an article to store
        unreadable = find_storable(given, fmt=fmt, encoding=encoding, max_bytes=max_bytes,
                                   keep_foreign=keep_foreign, stdin=stdin)
        if unreadable is not None:
            report_rejected(unreadable)
            click.echo(f"diemtin: error: no readable article in the input; {path} was not "
                       "created", err=True)
            return EXIT_ERROR
    store = Store(path)
    try:
        report = store.ingest_paths(
            given, fmt=fmt, encoding=encoding, max_bytes=max_bytes,
            batch_size=batch_size, keep_foreign=keep_foreign, stdin=stdin,
        )
        report_rejected(report.rejected)
        summarized = store.summarize_stories(report.stories) if precompute else 0
        if not quiet:
            parts = [
                f"{len(report.inserted)} new article(s)",
                f"{len(report.duplicates)} already stored",
                f"{len(report.rejected)} rejected",
                f"{len(report.stories)} story(ies)",
            ]
            if precompute:
                parts.append(f"{summarized} summary(ies)")
            click.echo(f"{store.path}: " + ", ".join(parts))
            if report.note:
                click.echo(f"note: {report.note}", err=True)
    except sqlite3.Error as exc:  # a failed read (writes fail as StoreError)
        raise database_error(store.path, exc, "read") from None
    finally:
        store.close()
    if not report.inserted and not report.duplicates:
        click.echo("diemtin: error: no readable article in the input", err=True)
        return EXIT_ERROR
    return EXIT_PARTIAL if report.rejected else EXIT_OK
