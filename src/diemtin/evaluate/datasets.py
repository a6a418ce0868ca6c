"""Loaders for the public Vietnamese multi-document summarisation corpora.

Every loader returns a list of :class:`Cluster` (documents + reference summaries), sorted by
natural cluster id (``Cluster_2`` before ``Cluster_10``); documents inside a cluster follow the
natural order of their file names (``1.txt, 2.txt, …, 10.txt``). All text is normalised
(NFC, one tone-mark convention, LF line ends) on read.

ViMs (:func:`load_vims`)
    ``Cluster_NNN/original/*.txt`` articles (header lines ``Title:``, ``Source:``, ``Link:``,
    ``Published Date:``, ``Author:``, ``Tags:``, ``Summary:``, then ``Content:`` and the body),
    references ``Cluster_NNN/summary/*.gold.txt``; annotators' sentence labels
    ``Cluster_NNN/s3/*.s3.txt`` via :func:`load_vims_s3`.
AbMuSu (:func:`load_abmusu`)
    VLSP 2022 JSONL, one cluster per line: ``{"single_documents": [{"title", "anchor_text",
    "raw_text"}], "summary", "category"}``. Cluster ids are ``line_NNN`` (1-based line number).
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from diemtin.errors import InputError, UsageError
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
    ``s3/``), a training signal for learned methods (never used to summarise).
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
    if (root / "original").is_dir() or (root / "summary").is_dir():
        return (
            "this looks like one ViMs cluster; pass the folder that holds the Cluster_NNN "
            "folders"
        )
    if any(root.glob("*.body.txt")):
        return "this looks like one VN-MDS cluster; pass the folder that holds the cluster_N folders"
    if any(root.glob("*.jsonl")):
        return "it holds .jsonl files: for AbMuSu use --dataset abmusu"
    for sub in _subdirs(root)[:5]:
        if (sub / "original").is_dir():
            return "it holds ViMs-style clusters: use --dataset vims"
        if any(sub.glob("*.body.txt")):
            return "it holds VN-MDS-style clusters: use --dataset vnmds"
    return ""


_VIMS_CLUSTER = re.compile(r"^cluster_\d+$", re.IGNORECASE)


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


def _vims_clusters(path: str | Path) -> list[Path]:
    root = _folder(path, "ViMs")
    clusters = [
        d for d in _subdirs(root) if _VIMS_CLUSTER.match(d.name) and (d / "original").is_dir()
    ]
    if not clusters:
        hint = _looks_like(root)
        raise InputError(
            str(root),
            "no ViMs clusters found: expected Cluster_NNN/original/*.txt and "
            "Cluster_NNN/summary/*.gold.txt" + (f"; {hint}" if hint else ""),
        )
    return clusters


# --------------------------------------------------------------------------------------------
# ViMs
# --------------------------------------------------------------------------------------------


def _vims_cluster(folder: Path, annotations: bool) -> Cluster:
    cid = folder.name
    articles = _files(folder / "original", ".txt")
    if not articles:
        raise InputError(str(folder / "original"), "ViMs cluster without article files (*.txt)")
    docs = tuple(parse_vims(_read(p), str(p), group=cid) for p in articles)
    summary = folder / "summary"
    golds = _files(summary, ".gold.txt") if summary.is_dir() else []
    if not golds:
        raise InputError(
            str(folder), "ViMs cluster without reference summaries (summary/*.gold.txt)"
        )
    refs = tuple(_strip_blank_edges(_read(p)) for p in golds)
    for p, ref in zip(golds, refs, strict=True):
        if not ref:
            raise InputError(str(p), "reference summary is empty")
    notes = _vims_annotations(folder) if annotations else ()
    return Cluster(id=cid, documents=docs, references=refs, annotations=notes)


def load_vims(
    path: str | Path, *, annotations: bool = True, skipped: list[RejectedInput] | None = None,
) -> list[Cluster]:
    """Load a ViMs corpus folder (``Cluster_NNN/original``, ``Cluster_NNN/summary``, and the
    annotators' ``Cluster_NNN/s3`` selections where present, as ``Cluster.annotations``;
    ``annotations=False`` skips them, about 40% of the load time, when nothing is trained).

    Raises :class:`~diemtin.errors.InputError` naming the file or folder that breaks the
    layout; with ``skipped``, a broken cluster is left out and recorded there instead.
    """
    return _load_each(
        _vims_clusters(path), lambda d: _vims_cluster(d, annotations), str(path), skipped
    )


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

    Clusters in natural order; a cluster without an ``s3`` folder maps to ``()``.
    """
    return {folder.name: _vims_annotations(folder) for folder in _vims_clusters(path)}


def _vims_annotations(folder: Path) -> tuple[S3Annotation, ...]:
    s3 = folder / "s3"
    files = _files(s3, ".s3.txt") if s3.is_dir() else []
    return tuple(_parse_s3(p) for p in files)


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


def load_abmusu(path: str | Path, *, skipped: list[RejectedInput] | None = None) -> list[Cluster]:
    """Load an AbMuSu JSONL file (or a folder holding exactly one ``.jsonl``).

    Each non-blank line is a cluster with id ``line_NNN``; ``anchor_text`` is the lead of its
    document, ``summary`` the one reference, ``category`` goes to ``Cluster.meta``. With
    ``skipped``, a malformed line is left out and recorded there instead of raising.
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
    return _load_each(lines, lambda item: _abmusu_cluster(file, *item), str(file), skipped)


def _abmusu_cluster(file: Path, n: int, line: str | InputError) -> Cluster | None:
    """Line ``n`` of an AbMuSu file as cluster ``line_NNN`` (``None`` for a blank line; an
    :class:`InputError` for a line that could not be decoded is raised)."""
    if isinstance(line, InputError):
        raise line
    if not line.strip():
        return None
    where = f"{file}:{n}"
    docs = parse_abmusu_line(line, where)
    obj = json.loads(line)  # valid: parse_abmusu_line checked it
    summary = obj.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InputError(where, "AbMuSu cluster without a 'summary' string (the reference)")
    if not docs:
        raise InputError(where, "AbMuSu cluster with an empty 'single_documents' list")
    cid = f"line_{n:03d}"
    meta = {"category": str(obj["category"])} if obj.get("category") else {}
    return Cluster(
        id=cid,
        documents=tuple(dataclasses.replace(d, group=cid) for d in docs),
        references=(_strip_blank_edges(normalize_text(summary)),),
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
