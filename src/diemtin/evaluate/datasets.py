"""Loaders for the public Vietnamese multi-document summarisation corpora.

Every loader returns a list of :class:`Cluster` (documents + reference summaries), sorted by
natural cluster id (``Cluster_2`` before ``Cluster_10``); documents inside a cluster follow the
natural order of their file names (``1.txt, 2.txt, …, 10.txt``). All text is normalised
(NFC, one tone-mark convention, LF line ends) on read.

ViMs (:func:`load_vims`)
    ``Cluster_NNN/original/*.txt`` articles (header lines ``Title:``, ``Source:``, ``Link:``,
    ``Published Date:``, ``Author:``, ``Tags:``, ``Summary:``, then ``Content:`` and the body),
    references ``Cluster_NNN/summary/*.gold.txt``; annotators' sentence labels
    ``Cluster_NNN/s3/*.s3.txt`` via :func:`load_vims_s3` (the shared dev layout). The release
    layout is read too: ``original/Cluster_NNN/original/*.txt``,
    ``summary/Cluster_NNN/*.gold.txt`` and ``S3_summary/Cluster_NNN/*.s3.txt``, joined by
    cluster number.
AbMuSu (:func:`load_abmusu`)
    VLSP 2022 JSONL, one cluster per line: ``{"single_documents": [{"title", "anchor_text",
    "raw_text"}], "summary", "category"}`` (``summary`` a string, or a list of strings for
    several references). Cluster ids are ``line_NNN``, the 1-based ordinal of the line among
    the non-blank lines. A file without any ``summary`` (the test split) is refused unless
    ``allow_unlabelled=True``.
VN-MDS / KTLAB (:func:`load_vnmds`)
    ``cluster_N/<doc>.body.txt`` and ``<doc>.info.txt`` (``LINK:``, ``TITLE:``, ``SUMMARY:``,
    ``TIME: dd/mm/yyyy HH:MM``; TITLE and SUMMARY word-segmented with ``_``), references
    ``cluster_N.ref1.txt``, ``cluster_N.ref2.txt`` (inside the cluster folder or beside it);
    ``*.tok.txt`` and ``cluster_N.sum.txt`` are ignored.
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from diemtin.errors import DiemtinWarning, InputError, UsageError
from diemtin.ingest.encoding import decode_bytes, decode_lines
from diemtin.ingest.formats import parse_abmusu_line, parse_vims
from diemtin.text.normalize import normalize_text
from diemtin.types import RawDocument, RejectedInput

__all__ = [
    "DATASETS",
    "Cluster",
    "S3Annotation",
    "S3Label",
    "load_abmusu",
    "load_dataset",
    "load_vims",
    "load_vims_s3",
    "load_vnmds",
    "natural_key",
]

@dataclass(frozen=True)
class S3Label:
    """One source sentence of a ViMs ``s3`` file: the annotator chose it (``label == 1``) or not.

    ``group`` numbers the blank-line separated groups of the file (0-based).
    """

    sentence: str
    label: int
    group: int


@dataclass(frozen=True)
class S3Annotation:
    """One annotator's sentence selection for a ViMs cluster (file ``s3/<annotator>.s3.txt``)."""

    annotator: str
    labels: tuple[S3Label, ...]

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(x.sentence for x in self.labels if x.label == 1)


@dataclass(frozen=True)
class Cluster:
    """One multi-document summarisation item: the input documents and the human references.

    ``meta`` holds cluster-level fields a corpus carries (AbMuSu's ``category``);
    ``annotations`` the annotators' sentence selections where the corpus has them (ViMs
    ``s3/``), a training signal for learned methods (never used to summarise). ``references``
    is empty only for an unlabelled split (``load_abmusu(..., allow_unlabelled=True)``),
    which can be summarised but not scored.
    """

    id: str
    documents: tuple[RawDocument, ...]
    references: tuple[str, ...]
    meta: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    annotations: tuple[S3Annotation, ...] = ()


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting ``2`` before ``10`` (``Cluster_2`` < ``Cluster_10``, ``2.txt`` <
    ``10.txt``)."""
    return tuple(
        (0, int(chunk)) if chunk.isdigit() else (1, chunk.lower())
        for chunk in re.split(r"(\d+)", name)
        if chunk
    )


def _read(path: Path) -> str:
    """Read and normalise one text file (UTF-8 or UTF-16 with BOM; CRLF → LF; NFC)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    return normalize_text(decode_bytes(data, str(path)))


def _strip_blank_edges(text: str) -> str:
    return text.strip("\n").strip()


def _folder(path: str | Path, dataset: str) -> Path:
    root = Path(path)
    if not root.exists():
        raise InputError(str(root), f"no such folder: pass the {dataset} corpus folder")
    if not root.is_dir():
        raise InputError(
            str(root), f"is a file, but the {dataset} corpus is a folder of cluster folders"
        )
    return root


def _subdirs(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: natural_key(p.name),
    )


def _files(folder: Path, suffix: str) -> list[Path]:
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.name.endswith(suffix)),
        key=lambda p: natural_key(p.name),
    )


def _looks_like(root: Path) -> str:
    """A hint naming the corpus ``root`` seems to hold, for error messages."""
    if _release_trees(root, quiet=True) is not None:
        return "it holds a ViMs corpus (original/ and summary/ trees): use --dataset vims"
    if (root.name.lower() in ("original", "summary", *_S3_NAMES)
            and _release_trees(root.parent, quiet=True) is not None):
        return (f"this is the {root.name}/ tree of the ViMs release; pass {root.parent}, the "
                "folder that holds original/ and summary/")
    if _child(root, "original", quiet=True) or _child(root, "summary", quiet=True):
        return (
            "this looks like one ViMs cluster; pass the folder that holds the Cluster_NNN "
            "folders"
        )
    if any(root.glob("*.body.txt")):
        return "this looks like one VN-MDS cluster; pass the folder that holds the cluster_N folders"
    if any(root.glob("*.jsonl")):
        return "it holds .jsonl files: for AbMuSu use --dataset abmusu"
    for sub in _subdirs(root)[:5]:
        if _child(sub, "original", quiet=True):
            return "it holds ViMs-style clusters: use --dataset vims"
        if any(sub.glob("*.body.txt")):
            return "it holds VN-MDS-style clusters: use --dataset vnmds"
    return ""


#: A ViMs cluster folder: ``Cluster_NNN`` as released, in any case, with ``-``, a space or
#: nothing for ``_`` (``cluster-202``, ``cluster203``). Other names (``Cluster_204_v2``,
#: ``C205``) are not guessed at: such a folder is reported when it holds cluster files.
_VIMS_CLUSTER = re.compile(r"^cluster[-_ ]?(\d+)$", re.IGNORECASE)


T = TypeVar("T")


def _load_each(
    items: Sequence[T], load: Callable[[T], Cluster | None], where: str,
    skipped: list[RejectedInput] | None,
) -> list[Cluster]:
    """``load`` every item; with ``skipped``, an item whose files are unreadable or malformed
    is left out and recorded there (one line each) instead of stopping the corpus. Raises
    when nothing at all is left."""
    out: list[Cluster] = []
    start = len(skipped) if skipped is not None else 0  # the list may hold another corpus's
    for item in items:
        try:
            cluster = load(item)
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(RejectedInput(exc.source, exc.reason))
            continue
        if cluster is not None:
            out.append(cluster)
    if not out and skipped is not None and len(skipped) > start:
        raise InputError(where, f"every cluster is unreadable (first: {skipped[start]})")
    return out


#: Names of the folder of the annotators' sentence selections: ``s3/`` in a cluster folder (the
#: shared dev copy), ``S3_summary/`` beside ``original/`` and ``summary/`` (the release).
_S3_NAMES = ("s3", "s3_summary")


def _listing(folder: Path) -> list[Path]:
    """The entries of ``folder`` that are not hidden (dot-files, macOS ``._*`` files and the
    ``__MACOSX`` folder of a zip, which holds only those), in natural order: what the ingest
    walk would read there."""
    try:
        entries = [p for p in folder.iterdir()
                   if not p.name.startswith(".") and p.name != "__MACOSX"]
    except OSError as exc:
        raise InputError(str(folder), f"cannot list this folder ({exc.strerror or exc})") from None
    return sorted(entries, key=lambda p: natural_key(p.name))


def _child(folder: Path, *names: str, quiet: bool = False) -> Path | None:
    """The sub-folder of ``folder`` named one of ``names`` in any case (``Original/``), or
    None. Two such folders are refused (``quiet``: None, as for a folder that cannot be
    listed)."""
    try:
        found = [p for p in _listing(folder) if p.name.lower() in names and p.is_dir()]
        if len(found) > 1:
            raise InputError(str(folder), f"{len(found)} folders named alike "
                                          f"({', '.join(p.name for p in found)}): keep one")
    except InputError:
        if quiet:
            return None
        raise
    return found[0] if found else None


def _holds_clusters(folder: Path) -> bool:
    """Whether ``folder`` holds cluster folders (``Cluster_NNN``, or any with ``original/``)."""
    try:
        subs = [p for p in _listing(folder) if p.is_dir()]
    except InputError:
        return False
    return any(_VIMS_CLUSTER.match(p.name) or _child(p, "original", quiet=True) for p in subs)


def _release_trees(
    root: Path, quiet: bool = False,
) -> tuple[Path, Path | None, Path | None] | None:
    """``(original, summary, s3)`` when ``root`` is laid out as the ViMs release
    (``original/Cluster_NNN/original/``, ``summary/Cluster_NNN/``, ``S3_summary/Cluster_NNN/``;
    the last two may be missing), else None."""
    original = _child(root, "original", quiet=quiet)
    if original is None or not _holds_clusters(original):
        return None
    return original, _child(root, "summary", quiet=quiet), _child(root, *_S3_NAMES, quiet=quiet)


def looks_like_vims(path: Path) -> bool:
    """Whether ``path`` looks like a ViMs corpus folder, in the shared dev layout
    (``Cluster_NNN/original/``) or the release layout (``original/Cluster_NNN/original/``
    and ``summary/``), for format detection."""
    if not path.is_dir():
        return False
    if _release_trees(path, quiet=True) is not None:
        return True
    try:
        subs = [p for p in _listing(path) if p.is_dir()][:20]
    except InputError:
        return False
    return any(_child(p, "original", quiet=True) for p in subs)


def _holds_cluster_files(folder: Path) -> bool:
    """Whether a folder not named like a cluster holds what a cluster holds (``.txt`` files,
    an ``original/`` or ``summary/`` folder, cluster folders), so that passing it over must be
    said."""
    try:
        entries = _listing(folder)
    except InputError:
        return True  # (it cannot be told: say so)
    return any(
        (p.is_file() and p.suffix.lower() == ".txt")
        or (p.is_dir() and (p.name.lower() in ("original", "summary", *_S3_NAMES)
                            or _VIMS_CLUSTER.match(p.name) is not None))
        for p in entries
    )


@dataclass(frozen=True)
class _VimsFolders:
    """Where one ViMs cluster lies. ``folder`` holds its ``original/`` (``Cluster_NNN`` in the
    dev layout, ``original/Cluster_NNN`` in the release); in the release ``summary`` and
    ``s3`` are ``summary/Cluster_NNN`` and ``S3_summary/Cluster_NNN`` (in the dev layout they
    are looked up in ``folder``). ``error``: why the cluster cannot be read at all."""

    cid: str
    folder: Path
    release: bool = False
    summary: Path | None = None
    s3: Path | None = None
    error: InputError | None = None


def _scan(tree: Path) -> tuple[dict[int, list[Path]], list[_VimsFolders]]:
    """The cluster folders of ``tree`` by cluster number, and the other folders that hold
    cluster files, refused (not read, and said so)."""
    found: dict[int, list[Path]] = {}
    refused: list[_VimsFolders] = []
    for d in _listing(tree):
        if not d.is_dir():
            continue
        m = _VIMS_CLUSTER.match(d.name)
        if m:
            found.setdefault(int(m.group(1)), []).append(d)
        elif _holds_cluster_files(d):
            refused.append(_VimsFolders(d.name, d, error=InputError(
                str(d), "not read: not a ViMs cluster folder name (Cluster_NNN, e.g. "
                        "Cluster_204); rename it to read it")))
    return found, refused


def _vims_dev(root: Path) -> list[_VimsFolders]:
    """Clusters of the shared dev layout, ``Cluster_NNN/{original,summary,s3}``."""
    found, refused = _scan(root)
    folders = [d for same in found.values() for d in same]
    if not any(_child(d, "original", quiet=True) for d in folders):
        hint = _looks_like(root)
        unread = f" (not read: {', '.join(r.cid for r in refused[:3])})" if refused else ""
        raise InputError(
            str(root),
            "no ViMs clusters found: expected Cluster_NNN/original/*.txt and "
            "Cluster_NNN/summary/*.gold.txt" + unread + (f"; {hint}" if hint else ""),
        )
    return [_VimsFolders(d.name, d) for d in folders] + refused


def _vims_release(
    original: Path, summary: Path | None, s3: Path | None,
) -> list[_VimsFolders]:
    """Clusters of the release layout, joined over its trees by cluster number (so that
    ``Cluster_202`` in one tree meets ``cluster-202`` in another); a cluster with documents
    but no summaries, or summaries but no documents, is refused with the reason."""
    docs, refused = _scan(original)
    golds, refused_golds = _scan(summary) if summary is not None else ({}, [])
    notes = _scan(s3)[0] if s3 is not None else {}
    out = [*refused, *refused_golds]
    for key in sorted(docs.keys() | golds.keys()):
        here, refs = docs.get(key, []), golds.get(key, [])
        twins = here if len(here) > 1 else refs if len(refs) > 1 else []
        if twins:  # Cluster_7 and Cluster_007 in one tree: which one is meant is not guessed
            names = ", ".join(d.name for d in twins)
            out.extend(_VimsFolders(d.name, d, error=InputError(
                str(d), f"two folders for cluster {key} ({names}): keep one")) for d in twins)
        elif not refs:
            where = f"{summary.name}/{here[0].name}" if summary else "summary/"
            out.append(_VimsFolders(here[0].name, here[0], error=InputError(
                str(here[0]), f"ViMs cluster without reference summaries: no {where} folder "
                              f"beside {original.name}/ (the release keeps them in "
                              "summary/Cluster_NNN/*.gold.txt)")))
        elif not here:
            out.append(_VimsFolders(refs[0].name, refs[0], error=InputError(
                str(refs[0]), f"reference summaries without documents: no "
                              f"{original.name}/{refs[0].name}/original/ folder")))
        else:
            s3_folder = notes.get(key, [None])[0]
            out.append(_VimsFolders(here[0].name, here[0], release=True, summary=refs[0],
                                    s3=s3_folder))
    return out


def _vims_layout(path: str | Path) -> list[_VimsFolders]:
    """The clusters of the ViMs corpus at ``path``, in natural order: the shared dev layout
    (``Cluster_NNN/{original,summary,s3}``), the release root (``original/``, ``summary/``,
    ``S3_summary/``), or the release's ``original/`` tree, read with the ``summary/`` tree
    beside it."""
    root = _folder(path, "ViMs")
    trees = _release_trees(root)
    if trees is None and root.name.lower() == "original":
        above = _release_trees(root.parent, quiet=True)
        if (above is not None and above[0].resolve() == root.resolve()
                and not any(_child(d, "summary", quiet=True)
                            for d in _listing(root) if d.is_dir())):
            if above[1] is None:
                raise InputError(str(root), (
                    "this is the original/ tree of the ViMs release, and no summary/ tree "
                    f"lies beside it in {root.parent}: pass the folder that holds both"))
            trees = above  # the release's original/ tree: read it with its summary/ tree
    items = _vims_release(*trees) if trees is not None else _vims_dev(root)
    return sorted(items, key=lambda it: _cluster_order(it.cid))


def _cluster_order(name: str) -> tuple[int, int, tuple[tuple[int, int | str], ...]]:
    """Clusters by number (``cluster-7`` before ``Cluster_10``), then folders that are not
    clusters, each in natural order."""
    m = _VIMS_CLUSTER.match(name)
    return (0, int(m.group(1)), natural_key(name)) if m else (1, 0, natural_key(name))


# --------------------------------------------------------------------------------------------
# ViMs
# --------------------------------------------------------------------------------------------


def _named_files(folder: Path, suffix: str) -> tuple[list[Path], list[Path]]:
    """The files of ``folder`` whose name ends in ``suffix`` in any case (``27.TXT``), and
    every other entry, each in natural order; hidden entries are neither (skipped, as the
    ingest walk skips them)."""
    read: list[Path] = []
    other: list[Path] = []
    for p in _listing(folder):
        name = p.name.lower()
        ok = p.is_file() and name.endswith(suffix) and len(name) > len(suffix)
        (read if ok else other).append(p)
    return read, other


def _cluster_files(folder: Path, suffix: str, what: str) -> list[Path]:
    """:func:`_named_files` of ``folder``, refusing the cluster when anything else lies there,
    so that no file of it goes unread without a word."""
    files, other = _named_files(folder, suffix)
    if other:
        p = other[0]
        dotted = f"{p.name}.txt"  # ("1.gold" for "1.gold.txt", "5" for "5.txt")
        fix = (f"rename it to {dotted}" if p.is_file() and dotted.lower().endswith(suffix)
               and (suffix != ".txt" or not p.suffix)
               else f"rename it to *{suffix} or move it out of {folder.name}/")
        more = f" ({len(other) - 1} more such entries)" if len(other) > 1 else ""
        raise InputError(str(p), f"not read: {what} is named *{suffix}: {fix}{more}")
    return files


def _vims_cluster(item: _VimsFolders, annotations: bool) -> Cluster:
    if item.error is not None:
        raise item.error
    cid, folder = item.cid, item.folder
    original = _child(folder, "original")
    if original is None:
        raise InputError(str(folder), "ViMs cluster folder without original/ (its articles, "
                                      "original/*.txt)")
    articles = _cluster_files(original, ".txt", "a ViMs article")
    if not articles:
        raise InputError(str(original), "ViMs cluster without article files (*.txt)")
    summary = item.summary if item.release else _child(folder, "summary")
    golds = _cluster_files(summary, ".gold.txt", "a reference summary") if summary else []
    if not golds:
        raise InputError(
            str(summary if item.release else folder),
            "ViMs cluster without reference summaries (summary/*.gold.txt)",
        )
    docs = tuple(parse_vims(_read(p), str(p), group=cid) for p in articles)
    refs = tuple(_strip_blank_edges(_read(p)) for p in golds)
    for p, ref in zip(golds, refs, strict=True):
        if not ref:
            raise InputError(str(p), "reference summary is empty")
    notes = _vims_annotations(item) if annotations else ()
    return Cluster(id=cid, documents=docs, references=refs, annotations=notes)


def load_vims(
    path: str | Path, *, annotations: bool = True, skipped: list[RejectedInput] | None = None,
) -> list[Cluster]:
    """Load a ViMs corpus: the shared dev layout (``Cluster_NNN/original``,
    ``Cluster_NNN/summary``, ``Cluster_NNN/s3``) or the release layout (a folder holding
    ``original/Cluster_NNN/original``, ``summary/Cluster_NNN`` and ``S3_summary/Cluster_NNN``,
    joined by cluster number; its ``original/`` tree alone is read with the ``summary/`` tree
    beside it). The annotators' ``s3`` selections come as ``Cluster.annotations``
    (``annotations=False`` skips them, about 40% of the load time, when nothing is trained).

    Folder and file names follow the ingest walk: cluster folders ``Cluster_NNN`` in any
    case, with ``-``, a space or nothing for ``_``; sub-folders in any case; suffixes in any
    case; hidden files skipped. Anything else that holds cluster files (a folder
    ``Cluster_204_v2``, a file ``1.gold``) is not guessed at: its cluster is refused.

    Raises :class:`~diemtin.errors.InputError` naming the file or folder that breaks the
    layout; with ``skipped``, a broken cluster is left out and recorded there instead. An
    ``s3`` file that cannot be parsed only drops that annotation, with a
    :class:`~diemtin.errors.DiemtinWarning`; another one says when the clusters have
    different numbers of references.
    """
    clusters = _load_each(
        _vims_layout(path), lambda it: _vims_cluster(it, annotations), str(path), skipped
    )
    counts = Counter(len(c.references) for c in clusters)
    if len(counts) > 1:
        usual = counts.most_common(1)[0][0]
        odd = [c for c in clusters if len(c.references) != usual]
        listed = ", ".join(f"{c.id}: {len(c.references)}" for c in odd[:5])
        warnings.warn(
            f"{path}: {len(odd)} of {len(clusters)} ViMs clusters have a number of reference "
            f"summaries other than {usual} ({listed}{', …' if len(odd) > 5 else ''}); each "
            "cluster's ROUGE averages over its own references, so check that no gold file is "
            "missing", DiemtinWarning, stacklevel=2)
    return clusters


_S3_LINE = re.compile(r"^([01])\s+(\S.*)$")  # after normalisation the TAB is a space


def _parse_s3(path: Path) -> S3Annotation:
    labels: list[S3Label] = []
    group = 0
    pending_break = False
    for n, line in enumerate(_read(path).split("\n"), start=1):
        if not line.strip():
            pending_break = bool(labels)
            continue
        m = _S3_LINE.match(line)
        if not m:
            if labels and not pending_break:
                # a sentence broken over two lines (one case in ViMs): continue the last one
                last = labels[-1]
                labels[-1] = dataclasses.replace(last, sentence=f"{last.sentence} {line.strip()}")
                continue
            raise InputError(
                f"{path}:{n}", "expected '<0|1><TAB><sentence>' in a ViMs s3 file"
            )
        if pending_break:
            group += 1
            pending_break = False
        labels.append(S3Label(sentence=m.group(2).strip(), label=int(m.group(1)), group=group))
    annotator = path.name.removesuffix(".s3.txt")
    return S3Annotation(annotator=annotator, labels=tuple(labels))


def load_vims_s3(path: str | Path) -> dict[str, tuple[S3Annotation, ...]]:
    """Annotators' sentence selections per ViMs cluster: ``{cluster id: (annotation, ...)}``.

    Clusters in natural order; a cluster without an ``s3`` folder maps to ``()``. Unlike
    :func:`load_vims`, a file that cannot be parsed raises :class:`~diemtin.errors.InputError`.
    """
    return {it.cid: _vims_annotations(it, strict=True)
            for it in _vims_layout(path) if it.error is None}


def _vims_annotations(item: _VimsFolders, strict: bool = False) -> tuple[S3Annotation, ...]:
    """The ``s3`` annotations of one cluster. They only train, so a file that cannot be read
    or parsed is dropped with a :class:`~diemtin.errors.DiemtinWarning` and the cluster is
    still scored (``strict``: raised)."""
    notes: list[S3Annotation] = []
    try:
        s3 = item.s3 if item.release else _child(item.folder, *_S3_NAMES)
        files, other = _named_files(s3, ".s3.txt") if s3 is not None else ([], [])
        for p in other:
            warnings.warn(f"{p}: not read: an annotation file is named <annotator>.s3.txt",
                          DiemtinWarning, stacklevel=3)
        for p in files:
            try:
                notes.append(_parse_s3(p))
            except InputError as exc:
                if strict:
                    raise
                warnings.warn(f"{exc} (annotation dropped: it only trains; {item.cid} is "
                              "still scored)", DiemtinWarning, stacklevel=3)
    except InputError as exc:
        if strict:
            raise
        warnings.warn(f"{exc} (annotations dropped: they only train; {item.cid} is still "
                      "scored)", DiemtinWarning, stacklevel=3)
    return tuple(notes)


# --------------------------------------------------------------------------------------------
# AbMuSu
# --------------------------------------------------------------------------------------------


def _abmusu_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file: pass the AbMuSu .jsonl file")
    if p.is_dir():
        found = sorted(p.glob("*.jsonl"), key=lambda q: natural_key(q.name))
        if len(found) == 1:
            return found[0]
        hint = _looks_like(p)
        what = "no .jsonl file" if not found else f"{len(found)} .jsonl files"
        raise InputError(
            str(p),
            f"folder with {what}: pass the AbMuSu .jsonl file itself" + (f"; {hint}" if hint and not found else ""),
        )
    return p


def load_abmusu(
    path: str | Path, *, skipped: list[RejectedInput] | None = None,
    allow_unlabelled: bool = False,
) -> list[Cluster]:
    """Load an AbMuSu JSONL file (or a folder holding exactly one ``.jsonl``).

    Each non-blank line is a cluster. Its id is ``line_NNN``, NNN its ordinal among the
    file's non-blank lines (1-based; blank lines do not count, so a blank line added or
    removed never moves an id, and outputs saved as ``line_NNN.txt`` stay with their
    cluster; an ``id`` field in the lines is not used). ``anchor_text`` is the lead of its
    document, ``summary`` the reference (a string) or the references (a list of strings),
    ``category`` goes to ``Cluster.meta``. With ``skipped``, a malformed line is left out and
    recorded there instead of raising.

    A file in which no line has a non-empty ``summary`` (the official test split) is refused
    as unlabelled, unless ``allow_unlabelled``: its clusters then have no references (to be
    summarised, never scored). A JSON array, or one pretty-printed JSON object, is refused
    as not JSONL.
    """
    file = _abmusu_file(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(str(file), f"cannot read the file ({exc.strerror or exc})") from None
    text, bad = decode_lines(data, str(file))  # a line no encoding reads: that cluster alone
    lines: list[tuple[int, str | InputError]] = list(
        enumerate(normalize_text(text).split("\n"), start=1))
    for n, error in bad:
        lines[n - 1] = (n, error)
    if not any(isinstance(line, InputError) or line.strip() for _, line in lines):
        raise InputError(str(file), "AbMuSu file holds no clusters (no non-blank lines)")
    _refuse_json_document(file, lines)
    items = [(n, line) for n, line in lines if isinstance(line, InputError) or line.strip()]
    labelled = any(_has_summary(line) for _, line in items)
    # unlabelled: no summary anywhere, yet clusters (a file of broken lines says so instead)
    if not labelled and not allow_unlabelled and any(_json_object(line).get("single_documents")
                                                     for _, line in items):
        raise InputError(str(file), _UNLABELLED.format(file=file))
    return _load_each(
        [(k, n, line) for k, (n, line) in enumerate(items, start=1)],
        lambda item: _abmusu_cluster(file, *item, labelled=labelled), str(file), skipped,
    )


_UNLABELLED = (
    "no reference summaries: no line has a 'summary' (a test split?), so it cannot be "
    "scored; to summarise each cluster under the ids 'diemtin eval score' expects, run "
    "'diemtin eval run {file} --budget ratio:0.1 --save-outputs DIR' (writes "
    "DIR/<method>/line_NNN.txt)"
)


def _refuse_json_document(file: Path, lines: Sequence[tuple[int, str | InputError]]) -> None:
    """Raise when the file is one JSON document (an array, or a pretty-printed object)
    rather than JSONL."""
    first = next((line.strip() for _, line in lines
                  if isinstance(line, str) and line.strip()), "")
    if first.startswith("["):
        raise InputError(
            str(file), "a JSON array, expected JSONL (one cluster per line): write one "
            "cluster object per line, e.g. jq -c '.[]' FILE > FILE.jsonl")
    if first == "{":
        raise InputError(
            str(file), "a pretty-printed JSON object, expected JSONL (one cluster per line)")


def _json_object(line: str | InputError) -> dict[str, object]:
    """The JSON object of a line; ``{}`` when the line is none."""
    if isinstance(line, InputError):
        return {}
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    return obj if isinstance(obj, dict) else {}


def _has_summary(line: str | InputError) -> bool:
    """Whether a line holds a non-empty ``summary`` (a cheap look first: most lines say it)."""
    if isinstance(line, InputError) or ('"summary"' not in line and "\\u" not in line):
        return False
    return _references(_json_object(line).get("summary")) is not None


def _references(summary: object) -> tuple[str, ...] | None:
    """The reference(s) of a ``summary`` value (a string, or a list of strings), normalised;
    ``None`` when there is none or one is empty or not a string."""
    values = [summary] if isinstance(summary, str) else summary
    if not isinstance(values, list) or not values:
        return None
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            return None
        ref = _strip_blank_edges(normalize_text(value))
        if not ref:
            return None
        out.append(ref)
    return tuple(out)


def _abmusu_cluster(
    file: Path, k: int, n: int, line: str | InputError, *, labelled: bool = True,
) -> Cluster:
    """Line ``n`` of an AbMuSu file, its ``k``-th non-blank line, as cluster ``line_KKK``
    (an :class:`InputError` for a line that could not be decoded is raised). Without
    ``labelled`` (a file with no ``summary`` at all) the cluster has no references."""
    if isinstance(line, InputError):
        raise line
    where = f"{file}:{n}"
    docs = parse_abmusu_line(line, where)
    obj = json.loads(line)  # valid: parse_abmusu_line checked it
    refs: tuple[str, ...] = ()
    if labelled:
        found = _references(obj.get("summary"))
        if found is None:
            raise InputError(
                where, "AbMuSu cluster without a 'summary' (the reference: a non-empty string, "
                "or a list of them)")
        refs = found
    if not docs:
        raise InputError(where, "AbMuSu cluster with an empty 'single_documents' list")
    cid = f"line_{k:03d}"
    meta = {"category": str(obj["category"])} if obj.get("category") else {}
    return Cluster(
        id=cid,
        documents=tuple(dataclasses.replace(d, group=cid) for d in docs),
        references=refs,
        meta=MappingProxyType(meta),
    )


# --------------------------------------------------------------------------------------------
# VN-MDS / KTLAB
# --------------------------------------------------------------------------------------------

_INFO_LINE = re.compile(r"^\s*(LINK|TITLE|SUMMARY|TIME)\s*:\s*(.*)$", re.IGNORECASE)
_INFO_KEYS = {"link": "url", "title": "title", "summary": "lead", "time": "published"}
_VNMDS_CLUSTER = re.compile(r"^cluster_(\d+)$", re.IGNORECASE)


def _unsegment(text: str) -> str:
    """``Hà_Nội đã_có`` → ``Hà Nội đã có`` (VN-MDS word-segmented fields)."""
    return " ".join(text.replace("_", " ").split())


def _vnmds_time(value: str) -> str:
    """``20/05/2013 11:03`` → ``2013-05-20T11:03``; other shapes are kept as given."""
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).isoformat(timespec="minutes")
        except ValueError:
            continue
    return value.strip()


def _vnmds_info(path: Path) -> dict[str, str]:
    meta: dict[str, str] = {}
    last: str | None = None
    for line in _read(path).split("\n"):
        m = _INFO_LINE.match(line)
        if m:
            last = _INFO_KEYS[m.group(1).lower()]
            meta[last] = m.group(2).strip()
        elif line.strip() and last in ("title", "lead"):
            meta[last] += " " + line.strip()  # a field wrapped over several lines
    for key in ("title", "lead"):
        if key in meta:
            meta[key] = _unsegment(meta[key])
    if "published" in meta:
        meta["published"] = _vnmds_time(meta["published"])
    return {k: v for k, v in meta.items() if v}


def _vnmds_cluster(folder: Path, root: Path) -> Cluster:
    cid = folder.name
    bodies = [p for p in _files(folder, ".body.txt") if ".tok." not in p.name]
    if not bodies:
        raise InputError(str(folder), "VN-MDS cluster without documents (<doc>.body.txt)")
    docs: list[RawDocument] = []
    for body in bodies:
        stem = body.name.removesuffix(".body.txt")
        info = folder / f"{stem}.info.txt"
        meta = _vnmds_info(info) if info.is_file() else {}
        lines = [line for line in _read(body).split("\n") if line.strip()]
        if not lines:
            raise InputError(str(body), "VN-MDS document body is empty")
        docs.append(
            RawDocument(
                text="\n".join(lines),
                source=str(body),
                format="vnmds",
                meta=MappingProxyType(meta),
                group=cid,
                structured=True,
            )
        )
    refs: list[Path] = []
    for where in (folder, root):
        refs = sorted(
            (
                p
                for p in where.glob(f"{cid}.ref*.txt")
                if re.fullmatch(rf"{re.escape(cid)}\.ref\d+\.txt", p.name)
            ),
            key=lambda p: natural_key(p.name),
        )
        if refs:
            break
    if not refs:
        raise InputError(
            str(folder),
            f"VN-MDS cluster without references ({cid}.ref1.txt, {cid}.ref2.txt inside the "
            "cluster folder or beside it)",
        )
    references = tuple(_strip_blank_edges(_read(p)) for p in refs)
    for p, ref in zip(refs, references, strict=True):
        if not ref:
            raise InputError(str(p), "reference summary is empty")
    return Cluster(id=cid, documents=tuple(docs), references=references)


def load_vnmds(path: str | Path, *, skipped: list[RejectedInput] | None = None) -> list[Cluster]:
    """Load a VN-MDS (KTLAB, Báo Mới 2013) corpus folder of ``cluster_N`` folders (with
    ``skipped``, a broken cluster is left out and recorded there instead of raising)."""
    root = _folder(path, "VN-MDS")
    clusters = [d for d in _subdirs(root) if _VNMDS_CLUSTER.match(d.name)]
    clusters = [d for d in clusters if any(d.glob("*.body.txt"))]
    if not clusters:
        hint = _looks_like(root)
        raise InputError(
            str(root),
            "no VN-MDS clusters found: expected cluster_N/<doc>.body.txt, <doc>.info.txt and "
            "cluster_N.ref1.txt" + (f"; {hint}" if hint else ""),
        )
    return _load_each(clusters, lambda d: _vnmds_cluster(d, root), str(root), skipped)


# --------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------

DATASETS: Mapping[str, Callable[..., list[Cluster]]] = MappingProxyType(
    {"vims": load_vims, "abmusu": load_abmusu, "vnmds": load_vnmds}
)


def load_dataset(
    name: str, path: str | Path, *, annotations: bool = True,
    skipped: list[RejectedInput] | None = None,
) -> list[Cluster]:
    """Load corpus ``name`` (``"vims"``, ``"abmusu"`` or ``"vnmds"``) from ``path``;
    ``annotations=False`` skips the training-only sentence selections (ViMs ``s3/``; the
    other corpora have none, so it changes nothing for them). With ``skipped``, a cluster
    with an unreadable or malformed file is left out and recorded there (default: raise)."""
    key = name.lower().replace("-", "")
    loader = DATASETS.get(key)
    if loader is None:
        raise UsageError(f"unknown dataset {name!r}: use one of {', '.join(DATASETS)}")
    if key == "vims":
        return load_vims(path, annotations=annotations, skipped=skipped)
    return loader(path, skipped=skipped)
