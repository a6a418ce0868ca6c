"""``diemtin inspect``: how each input is read — encoding, format, language, line roles.

:func:`inspect_input` is the library side (one file's bytes → an :class:`Inspection`); the
command only prints it, as text or JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from diemtin.cli import EXIT_OK, EXIT_PARTIAL
from diemtin.commands.common import input_paths, with_input_options, write_output
from diemtin.errors import InputError, printable
from diemtin.ingest.encoding import EncodingGuess, detect_and_decode
from diemtin.ingest.formats import parse_text
from diemtin.ingest.read import STDIN, article_files, read_bytes, read_document_bytes
from diemtin.text.language import LanguageCheck, is_vietnamese
from diemtin.types import RawDocument, RejectedInput


@dataclass(frozen=True)
class DocumentReport:
    """One article of an input: language check, cleaning outcome, every line's role."""

    source: str
    format: str
    language: LanguageCheck
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    paragraphs: int = 0
    lines: tuple[tuple[str, str], ...] = ()  # (role, text)
    rejected: str | None = None  # why cleaning found no article


@dataclass(frozen=True)
class Inspection:
    """How one input was read; ``rejected`` is set when it could not be read at all."""

    source: str
    size: int | None  # bytes read; None when the file could not be read
    encoding: EncodingGuess | None = None
    documents: tuple[DocumentReport, ...] = field(default=())
    rejected: str | None = None
    bad_lines: tuple[tuple[str, str], ...] = ()  # (FILE:LINE, reason) of a JSONL input
    passed_over: str | None = None  # why a folder's file is not read (its ending): not a failure


def _report(doc: RawDocument) -> DocumentReport:
    from diemtin.cleaner import clean_article

    lang = is_vietnamese(doc.text)
    try:
        art = clean_article(doc)
    except InputError as exc:
        return DocumentReport(doc.source, doc.format, lang, rejected=exc.reason)
    return DocumentReport(
        doc.source, doc.format, lang, title=art.title, outlet=art.outlet,
        published=art.published.isoformat(sep=" ") if art.published else None,
        paragraphs=len(art.paragraphs),
        lines=tuple((str(ln.role), ln.text) for ln in art.lines),
    )


def inspect_input(
    data: bytes, source: str, *, encoding: str | None = None, fmt: str | None = None,
) -> Inspection:
    """Decode, detect the format, check the language and clean one input's bytes."""
    bad: list[RejectedInput] = []
    guess: EncodingGuess | None = None
    try:
        text, guess = detect_and_decode(data, source, encoding)
    except InputError as exc:
        # as summarize and ingest read it: a JSONL or AbMuSu input line by line, so that
        # only its undecodable lines are lost
        try:
            docs = read_document_bytes(data, source, fmt=fmt, encoding=encoding, rejected=bad)
        except InputError as whole:
            return Inspection(source, len(data), rejected=whole.reason if bad else exc.reason,
                              bad_lines=tuple((r.source, r.reason) for r in bad))
    else:
        try:
            docs = parse_text(text, source, fmt, rejected=bad)  # as summarize reads it
        except InputError as exc:
            return Inspection(source, len(data), guess, rejected=exc.reason)
    bad_lines = tuple((r.source, r.reason) for r in bad)
    if not docs:
        return Inspection(source, len(data), guess, rejected="no articles in this file",
                          bad_lines=bad_lines)
    return Inspection(source, len(data), guess, tuple(_report(d) for d in docs),
                      bad_lines=bad_lines)


def _inspect_paths(paths: list[str], encoding: str | None, fmt: str | None, max_bytes: int) -> list[Inspection]:
    out: list[Inspection] = []
    for item in paths:
        if item == STDIN:
            data = sys.stdin.buffer.read(max_bytes + 1)
            out.append(inspect_input(data[:max_bytes], "<stdin>", encoding=encoding, fmt=fmt))
            continue
        p = Path(item)
        unlisted: list[RejectedInput] = []
        passed_over: list[RejectedInput] = []
        files = article_files(p, unlisted, passed_over) if p.is_dir() else [p]
        out.extend(Inspection(r.source, None, rejected=r.reason) for r in unlisted)
        out.extend(Inspection(r.source, None, passed_over=r.reason) for r in passed_over)
        for f in files:
            try:
                data = read_bytes(f, max_bytes)
            except InputError as exc:
                out.append(Inspection(exc.source, None, rejected=exc.reason))
                continue
            out.append(inspect_input(data, str(f), encoding=encoding, fmt=fmt))
    return out


def _render_text(reports: list[Inspection], show_lines: bool) -> str:
    rows: list[str] = []
    for r in reports:
        rows.append(f"== {printable(r.source)} ({'not read' if r.size is None else f'{r.size:,} bytes'})")
        if r.encoding:
            rows.append(f"encoding: {r.encoding}")
        if r.rejected:
            rows.append(f"rejected: {r.rejected}")
        if r.passed_over:
            rows.append(r.passed_over)
        rows.extend(f"rejected: {where}: {why}" for where, why in r.bad_lines)
        for d in r.documents:
            if len(r.documents) > 1:
                rows.append(f"-- {d.source}")
            rows.append(f"format:   {d.format}")
            lang = d.language
            rows.append(
                f"language: {lang.language} ({'kept' if lang.is_vietnamese else 'left out of summaries'};"
                f" confidence {lang.confidence:.2f}): {lang.reason}"
            )
            if d.rejected:
                rows.append(f"rejected: {d.rejected}")
                continue
            facts = [f"title: {d.title!r}", f"{d.paragraphs} paragraphs"]
            facts += [f"outlet: {d.outlet}"] if d.outlet else []
            facts += [f"published: {d.published}"] if d.published else []
            rows.append("article:  " + "; ".join(facts))
            if show_lines:
                rows.append("lines:")
                width = max((len(role) for role, _ in d.lines), default=5)
                rows += [f"  {role:<{width}} | {text}" for role, text in d.lines if role != "blank"]
        rows.append("")
    return "\n".join(rows)


@click.command(
    "inspect",
    epilog="""Examples:

\b
  diemtin inspect ../shared/examples/nato-russia/000_2cd2a3638dc67307.txt
  diemtin inspect old-archive/ --no-lines          # encoding and language of every file
  diemtin inspect page.txt --encoding viqr          # VIQR is only read when asked
  diemtin inspect article.html --json
""",
)
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--lines/--no-lines", "show_lines", default=True, show_default=True,
              help="Print every line with the role the cleaner gave it.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@with_input_options
def inspect_cmd(
    paths: tuple[str, ...], show_lines: bool, as_json: bool, output: str | None,
    fmt: str | None, encoding: str | None, max_bytes: int,
) -> int:
    """Explain how each input is read: the detected encoding (with its reason and confidence),
    the format, the language check, and the role of every line (title, lead, body, caption,
    credit, teaser, chrome).

    Exit code 3 when an input (or a line of a JSONL input) could not be read or held no
    article.
    """
    reports = _inspect_paths(input_paths(paths), encoding, fmt, max_bytes)
    if as_json:
        text = json.dumps([asdict(r) for r in reports], ensure_ascii=False, indent=2) + "\n"
    else:
        text = _render_text(reports, show_lines)
    write_output(text, output)
    failed = any(r.rejected or r.bad_lines or any(d.rejected for d in r.documents)
                 for r in reports)
    return EXIT_PARTIAL if failed else EXIT_OK
