"""``diemtin summarize``: one cited summary of the given articles."""

from __future__ import annotations

import json

import click

from diemtin.cleaner import clean_documents
from diemtin.cli import EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import read_or_fail, report_rejected, with_input_options, write_output
from diemtin.errors import NoArticlesError, TooLargeError
from diemtin.render import FORMATS, render_markdown, render_summary, summary_to_dict
from diemtin.summarizer import available_methods, summarize
from diemtin.text.language import filter_vietnamese
from diemtin.types import RawDocument, RejectedInput


@click.command(
    "summarize",
    epilog="""Examples:

\b
  diemtin summarize ../shared/examples/nato-russia --max-words 120
  diemtin summarize a.txt b.txt --format markdown -o summary.md
  cat article.txt | diemtin summarize --ratio 0.2
  diemtin summarize train.jsonl --format json   # one summary per AbMuSu cluster
""",
)
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--max-words", type=click.IntRange(min=1), default=None,
              help="Length budget in syllables (whitespace-separated tokens).")
@click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), default=None,
              help="Length budget as a fraction of the input length.")
@click.option("--method", default=None, metavar="NAME",
              help="Summarisation method (see --list-methods); default: the best measured.")
@click.option("--format", "out_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@click.option("--list-methods", is_flag=True, help="List the available methods and exit.")
@click.option("--keep-foreign", is_flag=True,
              help="Also summarise articles that are not Vietnamese (left out and listed by default).")
@with_input_options
def summarize_cmd(
    paths: tuple[str, ...], max_words: int | None, ratio: float | None, method: str | None,
    out_format: str, output: str | None, list_methods: bool, keep_foreign: bool, fmt: str | None,
    encoding: str | None, max_bytes: int,
) -> int:
    """Summarise PATHS (files, directories, or - for stdin) into one cited summary.

    Articles are read (plain-text pages, ViMs, AbMuSu JSONL, JSONL, HTML), cleaned of site
    chrome, and summarised; each summary sentence cites every article that states it.
    Files that cannot be read are reported on stderr and skipped (exit code 3).
    """
    if list_methods:
        from diemtin.summarizer import get_method

        for name in available_methods():
            impl = get_method(name)
            note = " (evaluation only: needs reference summaries)" if getattr(
                impl, "needs_references", False) else ""
            click.echo(f"{name}{note}")
        return EXIT_OK
    if max_words is not None and ratio is not None:
        raise click.UsageError("give either --max-words or --ratio, not both")
    result = read_or_fail(paths, fmt, encoding, max_bytes)
    groups: dict[str | None, list[RawDocument]] = {}
    for d in result.documents:
        groups.setdefault(d.group, []).append(d)
    rejected = list(result.rejected)
    rendered: list[str] = []
    as_json: list[dict[str, object]] = []
    for group, docs in groups.items():
        arts, bad = clean_documents(docs)
        if not keep_foreign:  # the language gate: English/Russian wire copy is listed, left out
            arts, foreign = filter_vietnamese(arts)
            bad += foreign
        if not arts:
            rejected += bad
            report_rejected(bad)
            continue
        try:
            summary = summarize(arts, max_words=max_words, ratio=ratio, method=method)
        except (NoArticlesError, TooLargeError) as exc:  # one bad cluster does not stop the rest
            bad.append(RejectedInput(str(group or arts[0].source_path), str(exc)))
            report_rejected(bad)
            rejected += bad
            continue
        rejected += bad
        report_rejected(bad)
        if len(groups) == 1:
            rendered.append(render_summary(summary, out_format))
        elif out_format == "json":
            as_json.append({"cluster": group, **summary_to_dict(summary)})
        elif out_format == "markdown":
            rendered.append(render_markdown(summary, heading=str(group)))
        else:
            rendered.append(f"# {group}\n{render_summary(summary, 'text')}")
    if not rendered and not as_json:
        raise click.ClickException("no summary written: every input was left out (see above)")
    text = json.dumps(as_json, ensure_ascii=False, indent=2) + "\n" if as_json else "\n".join(rendered)
    write_output(text, output)
    return EXIT_PARTIAL if rejected else EXIT_OK
