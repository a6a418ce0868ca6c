"""Read files, directories and stdin into :class:`RawDocument` objects.

A batch never stops at one bad input: each unreadable file becomes a
:class:`~diemtin.types.RejectedInput` with a one-line reason, and the rest is read.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from diemtin.errors import InputError, UsageError, printable
from diemtin.ingest.encoding import decode_bytes, decode_lines, lost_letters
from diemtin.ingest.formats import LINE_FORMATS, MAX_BAD_LINES_LISTED, detect_format, parse_text
from diemtin.text.normalize import normalize_text
from diemtin.types import RawDocument, RejectedInput

#: Files larger than this are refused (a news article is a few kB; 50 MB is a data dump).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: File endings read when a directory is given (others are skipped, not reported).
TEXT_SUFFIXES = frozenset({".txt", ".text", ".jsonl", ".json", ".html", ".htm", ""})
STDIN = "-"
#: Folders of a corpus cluster that hold reference summaries or annotations, not articles: a
#: folder with ``original/`` beside one of them (ViMs ``Cluster_NNN``, or the root of the ViMs
#: release with ``original/``, ``summary/`` and ``S3_summary/``) is read from ``original/``
#: only. Names are compared in lower case. Named explicitly, such a folder is read like any
#: other.
REFERENCE_FOLDERS = frozenset({"summary", "s3", "s3_summary"})


@dataclass(frozen=True)
class ReadResult:
    """What a batch read produced: documents, and the inputs that were refused."""

    documents: tuple[RawDocument, ...]
    rejected: tuple[RejectedInput, ...] = field(default=())


def format_size(n: int) -> str:
    """``n`` bytes for a message: ``512 bytes``, ``2 KiB``, ``20 MiB``, ``47.7 MiB``."""
    if n < 1024:
        return f"{n:,} byte" + ("" if n == 1 else "s")
    unit, size = next(  # rounded first: 1,048,575 bytes is "1 MiB", not "1024 KiB"
        (u, s) for u, s in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10))
        if round(n / s, 1) >= 1
    )
    return f"{round(n / size, 1):.1f}".removesuffix(".0") + f" {unit}"


def _natural_key(path: Path) -> tuple[object, ...]:
    parts: list[object] = []
    for chunk in re.split(r"(\d+)", path.name):
        parts.append((0, int(chunk)) if chunk.isdigit() else (1, chunk))
    return (str(path.parent), *parts)


def iter_files(
    directory: Path, rejected: list[RejectedInput] | None = None,
    passed_over: list[RejectedInput] | None = None, symlinked: list[Path] | None = None,
) -> Iterator[Path]:
    """Files under ``directory`` with a text-like ending, in natural order; hidden ones,
    symlinked directories (loops) and the reference folders of a corpus cluster
    (:data:`REFERENCE_FOLDERS`) are skipped. A folder that cannot be listed is appended to
    ``rejected`` (when given) and the walk goes on. Files left out for their ending are
    appended to ``passed_over`` (when given: ``diemtin inspect`` lists them), symlinked
    folders not followed to ``symlinked`` (when given)."""

    def unreadable(exc: OSError) -> None:
        if rejected is not None:
            where = exc.filename if exc.filename is not None else directory
            rejected.append(RejectedInput(str(where), f"cannot list this folder ({exc.strerror or exc})"))

    for root, dirs, files in os.walk(directory, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if symlinked is not None:
            symlinked.extend(Path(root) / d for d in dirs if os.path.islink(os.path.join(root, d)))
        names = {d.lower() for d in dirs}
        if "original" in names and REFERENCE_FOLDERS.intersection(names):
            # a ViMs cluster (or release root): its summaries and annotations are not news
            dirs[:] = [d for d in dirs if d.lower() == "original"]
        paths = [Path(root) / f for f in files if not f.startswith(".")]
        if passed_over is not None:
            passed_over.extend(
                RejectedInput(str(p), f"not read: {p.suffix!r} is not an article file ending "
                                      "(name the file to read it anyway)")
                for p in sorted(paths, key=_natural_key) if p.suffix.lower() not in TEXT_SUFFIXES)
        paths = [p for p in paths if p.suffix.lower() in TEXT_SUFFIXES]
        yield from sorted(paths, key=_natural_key)


def article_files(
    directory: Path, rejected: list[RejectedInput],
    passed_over: list[RejectedInput] | None = None,
) -> list[Path]:
    """:func:`iter_files` of ``directory``, recording in ``rejected`` each folder that cannot
    be listed, or the directory itself when it holds no article file at all."""
    listed = len(rejected)
    symlinked: list[Path] = []
    files = list(iter_files(directory, rejected, passed_over, symlinked))
    if not files and len(rejected) == listed:
        n, them = len(symlinked), "them" if len(symlinked) > 1 else "it"
        links = (f" ({n} symlinked folder{'s were' if n > 1 else ' was'} not followed, e.g. "
                 f"{printable(symlinked[0].name)}: name {them} on the command line to read "
                 f"{them})") if n else ""
        rejected.append(RejectedInput(
            str(directory), "directory holds no article files (.txt, .jsonl, .html)" + links))
    return files


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing unreadable, special and oversized files with a reason."""
    source = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(source, "no such file or directory") from None
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise InputError(source, "not a regular file")
    if st.st_size > max_bytes:
        raise InputError(
            source,
            f"file is {format_size(st.st_size)}, over the {format_size(max_bytes)} limit "
            "(raise it with --max-bytes)",
        )
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(source, "permission denied: make the file readable") from None
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror or exc})") from None


def read_document_bytes(
    data: bytes, source: str, *, fmt: str | None = None, encoding: str | None = None,
    rejected: list[RejectedInput] | None = None,
) -> list[RawDocument]:
    """Decode and parse one input's bytes. With ``rejected``, a bad line of a JSONL input
    is appended there and the other lines are kept (see :func:`parse_text`); so is a line of
    a JSONL or AbMuSu input that cannot be decoded (see :func:`decode_lines`)."""
    if rejected is None or fmt not in (None, *LINE_FORMATS):
        text = decode_bytes(data, source, encoding)
    else:
        text, bad_lines = decode_lines(data, source, encoding)
        if bad_lines:
            try:
                line_format = fmt or detect_format(normalize_text(text), source)
            except InputError:
                line_format = None
            if line_format not in LINE_FORMATS:  # one article: no line of it stands alone
                decode_bytes(data, source, encoding)  # raises the whole input's error
            rejected.extend(
                RejectedInput(e.source, e.reason) for _, e in bad_lines[:MAX_BAD_LINES_LISTED])
            if len(bad_lines) > MAX_BAD_LINES_LISTED:
                rejected.append(RejectedInput(
                    source, f"{len(bad_lines) - MAX_BAD_LINES_LISTED:,} more undecodable lines "
                    "not listed"))
    docs = parse_text(text, source, fmt, rejected=rejected)
    if not docs:
        raise InputError(source, "no articles in this file")
    kept = []
    for doc in docs:  # a file saved without its Vietnamese letters ("k?t n?p") is refused
        reason = lost_letters(doc.text)
        if reason is None:
            kept.append(doc)
        elif rejected is None or len(docs) == 1:
            raise InputError(doc.source, reason)
        else:
            rejected.append(RejectedInput(doc.source, reason))
    if not kept:
        raise InputError(source, "every article in this file lost its Vietnamese letters")
    return kept


def read_path(
    path: str | Path, *, fmt: str | None = None, encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, rejected: list[RejectedInput] | None = None,
) -> list[RawDocument]:
    """Read one file (raises :class:`InputError` on a bad one; ``rejected`` as in
    :func:`read_document_bytes`). A ViMs article of a corpus cluster gets the cluster as its
    group, as a line of an AbMuSu file does, so that ``summarize`` writes one summary per
    cluster (:func:`vims_cluster_of`)."""
    p = Path(path)
    docs = read_document_bytes(
        read_bytes(p, max_bytes), str(p), fmt=fmt, encoding=encoding, rejected=rejected,
    )
    if not any(d.format == "vims" and d.group is None for d in docs):
        return docs  # (no file-system lookups for other files)
    cluster = vims_cluster_of(p)
    if cluster is not None:
        docs = [replace(d, group=cluster) if d.format == "vims" and d.group is None else d
                for d in docs]
    return docs


def vims_cluster_of(path: Path) -> str | None:
    """The corpus cluster of the ViMs article at ``path``, or None: ``C`` for
    ``C/original/<k>.txt`` when ``C`` has a reference folder (:data:`REFERENCE_FOLDERS`)
    beside ``original/`` (the shared dev layout, ``Cluster_NNN/{original,summary,s3}``) or
    lies itself in an ``original/`` folder (the release, ``original/Cluster_NNN/original/``).
    Folder names in any case."""
    real = path.resolve()  # (a relative path may not name the cluster folder: "1.txt", "../x")
    cluster = real.parent.parent
    if real.parent.name.lower() != "original":
        return None
    if cluster.parent.name.lower() == "original" and cluster.parent != cluster:
        return cluster.name
    try:
        beside = {c.name.lower() for c in cluster.iterdir() if c.is_dir()}
    except OSError:
        return None
    return cluster.name if REFERENCE_FOLDERS.intersection(beside) else None


def first_time(path: Path, seen: set[str]) -> bool:
    """Whether the file ``path`` resolves to is not in ``seen`` yet (then it is added): a file
    named twice, or named and also inside a folder given, is read once, not cited as two
    sources."""
    try:
        key = str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: rejected when read
        key = os.path.abspath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def read_inputs(
    paths: Iterable[str | os.PathLike[str]], *, fmt: str | None = None,
    encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, stdin: bytes | None = None,
    seen: set[str] | None = None,
) -> ReadResult:
    """Read files, directories (recursively) and ``-`` (stdin) into documents.

    Bad inputs are collected in ``rejected``; they never stop the batch. Each file is read
    once however often it is named (``seen``: resolved paths already read, updated, to share
    that between calls).
    """
    seen = set() if seen is None else seen
    if isinstance(paths, (str, bytes, os.PathLike)):  # not a list: its characters are no paths
        raise UsageError(f"read_inputs takes a list of paths, not one {type(paths).__name__}: "
                         f"read_inputs([{paths!r}])")
    if not isinstance(paths, Iterable):
        raise UsageError(f"read_inputs takes a list of paths, not {type(paths).__name__}")
    docs: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    for item in paths:
        if not isinstance(item, (str, os.PathLike)):
            raise UsageError(f"read_inputs takes paths (str or Path), not {type(item).__name__}")
        try:
            if str(item) == STDIN:
                data = stdin if stdin is not None else sys.stdin.buffer.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise InputError("<stdin>", f"input is over the {format_size(max_bytes)} "
                                                "limit (raise it with --max-bytes)")
                docs.extend(read_document_bytes(
                    data, "<stdin>", fmt=fmt, encoding=encoding, rejected=rejected))
                continue
            p = Path(item)
            if p.is_dir():
                for f in article_files(p, rejected):
                    if not first_time(f, seen):
                        continue
                    try:
                        docs.extend(read_path(
                            f, fmt=fmt, encoding=encoding, max_bytes=max_bytes, rejected=rejected))
                    except InputError as exc:
                        rejected.append(RejectedInput(exc.source, exc.reason))
            elif first_time(p, seen):
                docs.extend(read_path(
                    p, fmt=fmt, encoding=encoding, max_bytes=max_bytes, rejected=rejected))
        except InputError as exc:
            rejected.append(RejectedInput(exc.source, exc.reason))
    return ReadResult(tuple(docs), tuple(rejected))
