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
