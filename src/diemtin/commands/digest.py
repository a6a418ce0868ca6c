"""``diemtin digest``: stories of a pile of articles, each with a cited summary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from diemtin.cli import EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import input_paths, report_rejected, with_input_options, write_output

FORMATS = ("markdown", "json", "html")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown"}


@click.command(
    "digest",
    epilog="""Examples:

\b
  diemtin digest ../shared/examples/nato-russia
  diemtin digest ../shared/data/vims-dev -o digest.html
  diemtin digest news/ --since 2016-05-20 --until 2016-05-22 --format json -o digest.json
""",
)
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Keep articles published on or after this day (YYYY-MM-DD); undated ones are left out.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Keep articles published on or before this day (YYYY-MM-DD).")
@click.option("--format", "out_format", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the -o suffix, .html/.json/.md, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout (the HTML report links its sources relative to it).")
@click.option("--max-words", type=click.IntRange(min=1), default=None,
              help="Summary length per story in syllables.")
@click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), default=None,
              help="Summary length per story as a fraction of the story's text.")
@click.option("--method", default=None, metavar="NAME", help="Summarisation method (see diemtin summarize --list-methods).")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Progress bars on stderr (for runs of 100 articles or more).")
@click.option("--keep-foreign", is_flag=True,
              help="Digest articles that are not in Vietnamese too (by default they are "
                   "listed and left out).")
@with_input_options
def digest_cmd(
    paths: tuple[str, ...], since: datetime | None, until: datetime | None, out_format: str | None,
    output: str | None, max_words: int | None, ratio: float | None, method: str | None,
    progress: bool, keep_foreign: bool, fmt: str | None, encoding: str | None, max_bytes: int,
) -> int:
    """Group PATHS (files, folders, or - for stdin) into stories, each with a cited summary.

    Articles are read and cleaned, wire copies found (they count as one source but every
    outlet that ran them is cited), articles grouped into stories by text and publication
    time, each story summarised; stories come biggest first, then most recent.
    A ViMs corpus folder stands for its Cluster_*/original articles.
    Files that cannot be read are reported on stderr and skipped (exit code 3).
    """
    from diemtin.stories.digest import digest, render_digest, tqdm_progress

    if max_words is not None and ratio is not None:
        raise click.UsageError("give either --max-words or --ratio, not both")
    if out_format is None:
        out_format = _BY_SUFFIX.get(Path(output).suffix.lower(), "markdown") if output and output != "-" else "markdown"
    from diemtin.ingest.read import STDIN

    dg = digest(
        [p if p == STDIN else Path(p) for p in input_paths(paths)],
        since=since.date() if since else None,
        until=until.date() if until else None,
        max_words=max_words, ratio=ratio, method=method, fmt=fmt, encoding=encoding,
        max_bytes=max_bytes, progress=tqdm_progress(progress), keep_foreign=keep_foreign,
    )
    report_rejected(dg.rejected)
    link_base = Path(output).resolve().parent if output and output != "-" else Path.cwd()
    write_output(render_digest(dg, out_format, link_base=link_base), output)
    return EXIT_PARTIAL if dg.rejected else EXIT_OK
