"""The served folder (``--root DIR``): list it and ingest files from it.

Every path is relative to the root; after resolving ``..`` and symlinks it must still lie
inside the root, or the request is refused (403). Without ``--root`` these endpoints are 404.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from diemtin.errors import printable, without_cli_hints
from diemtin.ingest.read import TEXT_SUFFIXES
from diemtin.store import Store, new_batch_id
from diemtin.web.deps import get_settings, get_store
from diemtin.web.errors import ApiError
from diemtin.web.settings import Settings

router = APIRouter(tags=["folder"])


def served_root(settings: Settings) -> Path:
    if settings.root is None:
        raise ApiError(404, "no folder is served: start the server with --root DIR")
    return settings.root.resolve()


#: Longest path accepted from a client (a real one is far shorter; the OS limit is 4,096).
MAX_PATH_CHARS = 1000


def _shown(relative: str) -> str:
    """A client's path as it may appear in a one-line message: no line breaks, at most 100
    characters."""
    flat = printable(relative)
    return flat if len(flat) <= 100 else flat[:97] + "..."


def resolve_inside(root: Path, relative: str) -> Path:
    """``root / relative`` if it stays inside ``root`` (``..`` and symlinks resolved), else 403;
    a path that cannot be a file name is 422 and a missing one 404."""
    if "\x00" in relative:
        raise ApiError(422, "path contains a NUL character")
    if len(relative) > MAX_PATH_CHARS:
        raise ApiError(422, f"path is longer than {MAX_PATH_CHARS} characters")
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(422, f"{_shown(relative)}: not valid Unicode (a lone surrogate)") from None
    rel = PurePosixPath(relative.replace("\\", "/"))
    if rel.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise ApiError(403, f"{_shown(relative)}: give a path relative to the served folder")
    why = ""
    try:
        target = (root / rel).resolve()
        inside = target.is_relative_to(root)
        exists = inside and target.exists()
        if inside and not exists:
            (root / rel).resolve(strict=True)  # tells a loop (ELOOP) from a missing file
    except FileNotFoundError:
        pass
    except RuntimeError:  # Python < 3.13 raises this for a loop
        why = "a symlink loop"
    except OSError as exc:  # a loop, a name too long for the system
        why = "a symlink loop" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
    if why:
        raise ApiError(422, f"{_shown(relative)}: cannot be used ({why})")
    if not inside and not _dangling_link_inside(root, rel):
        raise ApiError(403, f"{_shown(relative)}: outside the served folder")
    if not exists:
        raise ApiError(404, f"{_shown(relative)}: no such file or folder in the served folder")
    return target


def _dangling_link_inside(root: Path, rel: PurePosixPath) -> bool:
    """Whether ``root / rel`` is a symlink of the served folder that points nowhere: its own
    folder resolves inside ``root`` and the link itself is broken. It is reported as missing,
    as the CLI does. Nothing is said about paths reached through a link that leads out of
    the folder (``rootlink/etc/...``), so the API never tells which outside paths exist."""
    link = root / rel
    try:
        parent = link.parent.resolve(strict=True)
    except OSError:
        return False
    return parent.is_relative_to(root) and link.is_symlink() and not link.exists()


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() or "."


@router.get("/api/folder", summary="List a folder inside the served folder")
def list_folder(
    settings: Annotated[Settings, Depends(get_settings)],
    path: Annotated[str, Query(max_length=MAX_PATH_CHARS)] = ".",
) -> dict[str, Any]:
    """Sub-folders and article files (``.txt``, ``.jsonl``, ``.json``, ``.html``), hidden
    entries and links leading outside the folder left out."""
    root = served_root(settings)
    folder = resolve_inside(root, path)
    if not folder.is_dir():
        raise ApiError(422, f"{path}: not a folder")
    entries: list[dict[str, Any]] = []
    with os.scandir(folder) as it:
        for entry in sorted(it, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            try:
                full = Path(entry.path).resolve()
                if not full.is_relative_to(root) or not full.exists():
                    continue  # a link leading outside, or a dangling one
            except (OSError, RuntimeError):
                continue  # a symlink loop: nothing to list
            if full.is_dir():
                entries.append({"name": entry.name, "path": _relative(root, full), "type": "folder"})
            elif full.is_file() and full.suffix.lower() in TEXT_SUFFIXES:
                entries.append({"name": entry.name, "path": _relative(root, full), "type": "file",
                                "size": full.stat().st_size})
    return {"path": _relative(root, folder), "entries": entries}


class FolderIngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paths: list[Annotated[str, Field(max_length=MAX_PATH_CHARS)]] = Field(
        min_length=1, max_length=1000, description="Files or folders, relative to the served folder.")
    keep_foreign: bool = Field(default=False, description="Store articles not in Vietnamese too "
                                                          "(by default they are rejected).")


@router.post("/api/folder/ingest", status_code=201, summary="Store articles from the served folder")
def ingest_folder(
    body: FolderIngestRequest,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> JSONResponse:
    """Same answer as ``POST /api/articles``."""
    root = served_root(settings)
    # a path that is missing or leads outside is reported and the others are still stored;
    # when every path is bad the first one's error (403/404/422) is the answer
    targets: list[Path] = []
    refused: list[tuple[str, ApiError]] = []
    for p in body.paths:
        try:
            targets.append(resolve_inside(root, p))
        except ApiError as exc:
            refused.append((p, exc))
    if not targets:
        raise refused[0][1]
    report = store.ingest_paths(
        targets, max_bytes=settings.max_upload_bytes, batch=new_batch_id(), allowed_root=root,
        keep_foreign=body.keep_foreign,
    )
    out = report.to_dict()
    for item in out["rejected"]:  # report paths relative to the root, never absolute ones
        src = Path(os.path.normpath(item["source"]))
        if src.is_absolute():
            item["source"] = _relative(root, src) if src.is_relative_to(root) else src.name
        item["reason"] = without_cli_hints(item["reason"], " (the server's --max-upload-bytes)")
    out["rejected"][:0] = [
        {"source": _shown(p.replace("\x00", "")),
         "reason": str(exc.detail).removeprefix(f"{_shown(p)}: ")}
        for p, exc in refused
    ]
    if not report.inserted and not report.duplicates:
        raise ApiError(422, "no readable article in the given paths", rejected=out["rejected"])
    return JSONResponse(out, status_code=201 if report.inserted else 200)
