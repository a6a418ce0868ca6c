"""The embedded article store: one SQLite file shared by ``diemtin ingest`` and ``diemtin serve``.

What it keeps:

- **articles**: the raw (boundary-normalised) text exactly as read, its format-header fields,
  the cleaned fields (title, lead, paragraphs, outlet, credit, category, published, url), and a
  ``content_hash`` that makes ingest idempotent (the same article twice is stored once);
- **stories**: groups of articles about one event, with their title, outlets and time span;
- **summaries**: a cited summary per story (per membership, method and budget), kept as the
  JSON the API serves plus one row per summary sentence and per citation, so "which summaries
  cite article N" is a query.

Durability: WAL journal with ``synchronous=NORMAL`` (a committed transaction survives a killed
process; only a power cut can lose the last few commits), foreign keys on, and an ingest
commits every ``batch_size`` articles (default 16), so an interrupted bulk ingest loses nothing
it committed and re-running it stores only what is missing.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` lists the statements that
bring a database from one version to the next, each applied in one transaction. A database made
by a newer diemtin is refused with a message, never silently altered.

Stories are grouped by :class:`diemtin.stories.cluster.StoryIndex` when that module is
installed; otherwise articles are grouped by their corpus cluster (AbMuSu/ViMs) or, for loose
articles, by ingest batch (one story per ``diemtin ingest`` run or upload), and
:attr:`Store.story_method` says which. Each refresh adds the articles stored since the last
one to the index in one ``add`` and records them as one generation (``grouped_in``), so the
stories are a function of the database, whichever process grouped them (see
:func:`_kept_stories`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import importlib
import json
import logging
import os
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diemtin.errors import DiemtinError, InputError, NoArticlesError, printable
from diemtin.ingest.read import (
    DEFAULT_MAX_BYTES,
    STDIN,
    article_files,
    first_time,
    read_inputs,
    read_path,
)
from diemtin.text.dates import to_days
from diemtin.text.outlets import distinct_outlets, outlet_of
from diemtin.types import Article, RawDocument, RejectedInput, Story, Summary, web_site

if TYPE_CHECKING:  # the story clusterer is optional at run time
    from diemtin.stories.cluster import StoryIndex

_log = logging.getLogger(__name__)

#: Current schema version (``PRAGMA user_version``).
SCHEMA_VERSION = 2

#: version -> statements that bring a database at ``version - 1`` to ``version``.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE articles (
            id            INTEGER PRIMARY KEY,
            content_hash  TEXT NOT NULL UNIQUE,
            source        TEXT NOT NULL,
            format        TEXT NOT NULL,
            raw_text      TEXT NOT NULL,
            meta          TEXT NOT NULL DEFAULT '{}',
            grp           TEXT,
            title         TEXT NOT NULL,
            lead          TEXT,
            paragraphs    TEXT NOT NULL,
            outlet        TEXT,
            credit        TEXT,
            category      TEXT,
            published     TEXT,
            url           TEXT,
            batch         TEXT NOT NULL,
            ingested_at   TEXT NOT NULL
        )""",
        "CREATE INDEX articles_batch ON articles(batch)",
        """CREATE TABLE stories (
            id          INTEGER PRIMARY KEY,
            key         TEXT NOT NULL UNIQUE,
            title       TEXT NOT NULL,
            outlets     TEXT NOT NULL DEFAULT '[]',
            start       TEXT,
            end         TEXT,
            n_articles  INTEGER NOT NULL,
            members     TEXT NOT NULL,
            grouping    TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        )""",
        """CREATE TABLE story_articles (
            story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            PRIMARY KEY (story_id, article_id)
        )""",
        "CREATE UNIQUE INDEX story_articles_article ON story_articles(article_id)",
        """CREATE TABLE summaries (
            id          INTEGER PRIMARY KEY,
            story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            members     TEXT NOT NULL,
            method      TEXT NOT NULL,
            max_words   INTEGER NOT NULL,
            body        TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            UNIQUE (story_id, members, method, max_words)
        )""",
        """CREATE TABLE summary_sentences (
            summary_id  INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            text        TEXT NOT NULL,
            article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence    INTEGER NOT NULL,
            PRIMARY KEY (summary_id, position)
        )""",
        """CREATE TABLE citations (
            summary_id  INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence    INTEGER NOT NULL,
            text        TEXT NOT NULL,
            similarity  REAL NOT NULL,
            PRIMARY KEY (summary_id, position, article_id, sentence),
            FOREIGN KEY (summary_id, position)
                REFERENCES summary_sentences(summary_id, position) ON DELETE CASCADE
        )""",
        "CREATE INDEX citations_article ON citations(article_id)",
    ),
    # the story grouping's history: the articles a refresh added to the grouping (one
    # StoryIndex.add) share a generation, so any process can rebuild the same grouping
    2: ("ALTER TABLE articles ADD COLUMN grouped_in INTEGER",
        "CREATE INDEX articles_grouped ON articles(grouped_in)"),
}

#: Articles per transaction in a bulk ingest: small enough that a kill loses little work,
#: large enough that commits are not the bottleneck (16-64 measured the same on the examples).
DEFAULT_BATCH_SIZE = 16

_ARTICLE_COLUMNS = (
    "id, content_hash, source, format, raw_text, meta, grp, title, lead, paragraphs, outlet, "
    "credit, category, published, url, batch, ingested_at"
)


#: The tables every diemtin store has (schema version 1 on): a database that has tables but
#: not these is another program's, and is refused rather than converted.
_STORE_TABLES = frozenset(
    {"articles", "stories", "story_articles", "summaries", "summary_sentences", "citations"})

#: Table names a refusal lists before it just counts them (the message stays one line).
_FOREIGN_TABLES_SHOWN = 5


class StoreError(DiemtinError):
    """The database cannot be opened or used (wrong file, newer schema, corrupt)."""


def _is_row_id(value: int) -> bool:
    """Whether ``value`` fits SQLite's 64-bit row ids (a larger one names no row, and
    binding it would raise ``OverflowError``)."""
    return -(2**63) <= value < 2**63


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(doc: RawDocument) -> str:
    """SHA-256 of the normalised text plus the format's header fields (title, lead, ...)."""
    payload = json.dumps(
        {"text": doc.text.strip(), "meta": dict(sorted(doc.meta.items()))},
        ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def new_batch_id() -> str:
    """A label for one ingest run or upload (UTC time plus a random suffix)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass(frozen=True)
class StoredArticle:
    """One row of ``articles``: the cleaned article plus what the store adds."""

    id: int
    content_hash: str
    source: str
    format: str
    raw_text: str
    article: Article
    batch: str
    ingested_at: str
    story_id: int | None = None

    def to_dict(self, *, raw: bool = False) -> dict[str, Any]:
        a = self.article
        out: dict[str, Any] = {
            "id": self.id,
            "title": a.title,
            "outlet": a.outlet,
            "credit": a.credit,
            "category": a.category,
            "published": a.published.isoformat() if a.published else None,
            "url": a.url,
            "source": self.source,
            "format": self.format,
            "lead": a.lead,
            "paragraphs": list(a.paragraphs),
            "story_id": self.story_id,
            "content_hash": self.content_hash,
            "ingested_at": self.ingested_at,
        }
        if raw:
            out["raw_text"] = self.raw_text
        return out


@dataclass(frozen=True)
class StoredStory:
    """One row of ``stories`` with its member article ids (in story order)."""

    id: int
    title: str
    outlets: tuple[str, ...]
    start: str | None
    end: str | None
    article_ids: tuple[int, ...]
    grouping: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlets": list(self.outlets),
            "start": self.start,
            "end": self.end,
            "n_articles": len(self.article_ids),
            "article_ids": list(self.article_ids),
            "grouping": self.grouping,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: new article ids, ids already stored, refused inputs, stories."""

    inserted: tuple[int, ...] = ()
    duplicates: tuple[int, ...] = ()
    rejected: tuple[RejectedInput, ...] = ()
    stories: tuple[int, ...] = ()
    batch: str = ""
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "inserted": list(self.inserted),
            "duplicates": list(self.duplicates),
            "rejected": [r.to_dict() for r in self.rejected],
            "stories": list(self.stories),
            "note": self.note,
        }


@dataclass
class _Progress:
    inserted: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    rejected: list[RejectedInput] = field(default_factory=list)


@functools.cache
def _find_clusterer() -> Callable[..., list[Story]] | None:
    """``diemtin.stories.cluster.cluster_stories`` when that module exists, else ``None``."""
    try:
        mod = importlib.import_module("diemtin.stories.cluster")
    except ModuleNotFoundError as exc:
        if exc.name in ("diemtin.stories.cluster", "diemtin.stories"):
            return None
        raise
    fn = getattr(mod, "cluster_stories", None)
    return fn if callable(fn) else None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class Store:
    """A diemtin database. Safe to share between threads: each thread gets its own connection.

    >>> store = Store("news.db")                     # created and migrated on first use
    >>> report = store.ingest_paths(["../shared/examples/nato-russia"])
    >>> store.list_stories()[0].title
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._clusterer = _find_clusterer()
        self._open()  # fail early on a bad file, and migrate once

    # -- connections and schema ----------------------------------------------------------

    @property
    def story_method(self) -> str:
        """``"cluster"`` (diemtin.stories) or ``"batch"`` (one story per corpus cluster/batch)."""
        return "cluster" if self._clusterer is not None else "batch"

    def _open(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory: give a database file path, e.g. --db news.db")
        if not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist: create it first")
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self._refuse_foreign(conn)  # before anything (WAL, tables) changes the file
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot use WAL journal mode (got {mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            opening = "unable to open" in str(exc) or "readonly" in str(exc)
            if opening and not os.access(self.path.parent, os.W_OK):  # the file may be fine
                raise StoreError(
                    f"{self.path}: cannot open the database ({exc}): its folder is not writable, "
                    f"and SQLite keeps {self.path.name}-wal and {self.path.name}-shm beside it: "
                    "make the folder writable, or use a copy in a writable folder") from None
            raise StoreError(f"{self.path}: not a usable diemtin database ({exc})") from None
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        self._local.conn = conn
        with self._lock:
            self._all.append(conn)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode; use :meth:`transaction` for writes)."""
        return self._open()

    def _refuse_foreign(self, conn: sqlite3.Connection) -> None:
        """Raise :class:`StoreError` if the file is another program's SQLite database: it
        holds tables or views but not diemtin's (a typo in ``--db``, a wrong ``DIEMTIN_DB``).
        Only reads the schema, so nothing in that file changes. An empty database (new or
        zero bytes) and a diemtin store of any schema version pass; an empty one with a
        schema version set is another program's too."""
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
        if set(names) >= _STORE_TABLES and names:
            return
        if not names:  # empty: new, or another program's that set a version and no tables yet
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                return
            raise StoreError(
                f"{self.path}: is an SQLite database of another program (schema version "
                f"{version}, no tables), not a diemtin store; it was left unchanged: give a new "
                "--db file (e.g. --db news.db)")
        shown = ", ".join(printable(n) for n in names[:_FOREIGN_TABLES_SHOWN])
        if len(names) > _FOREIGN_TABLES_SHOWN:
            shown += f", … ({len(names)} in all)"
        raise StoreError(
            f"{self.path}: is an SQLite database of another program (tables: {shown}), not a "
            "diemtin store; it was left unchanged: give a new --db file (e.g. --db news.db)")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {current} is newer than this diemtin "
                f"supports ({SCHEMA_VERSION}): upgrade diemtin"
            )
        if current == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            for version in sorted(v for v in MIGRATIONS if current < v <= SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def transaction(self) -> _Transaction:
        """``with store.transaction() as conn:`` — one write transaction (BEGIN IMMEDIATE)."""
        return _Transaction(self.conn, self.path)

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` plus a foreign-key check: ``"ok"`` when both pass."""
        result = ", ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))
        bad_fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad_fk:
            result += f"; {len(bad_fk)} foreign-key violations"
        return result

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("articles", "stories", "summaries")
        }

    # -- ingest --------------------------------------------------------------------------

    def add_documents(
        self, docs: Iterable[RawDocument], *, batch: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE, refresh: bool = True, keep_foreign: bool = False,
    ) -> IngestReport:
        """Clean and store documents; a document already stored (same content) is skipped.

        Commits every ``batch_size`` documents. Documents the cleaner refuses, and those not
        in Vietnamese unless ``keep_foreign``, are reported in ``rejected``. With
        ``refresh`` the stories are regrouped afterwards.
        """
        batch = batch or new_batch_id()
        progress = _Progress()
        self._add(docs, batch, batch_size, progress, keep_foreign=keep_foreign)
        return self._finish(progress, batch, refresh)

    def ingest_paths(
        self, paths: Sequence[str | os.PathLike[str]], *, fmt: str | None = None,
        encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = DEFAULT_BATCH_SIZE, batch: str | None = None,
        allowed_root: Path | None = None, on_progress: Callable[[int, int], None] | None = None,
        keep_foreign: bool = False, stdin: bytes | None = None,
    ) -> IngestReport:
        """Read files, directories (recursively) or ``-`` and store their articles.

        Files are read one at a time (a large folder is never held in memory) and bad ones
        are reported, never fatal. With ``allowed_root``, any file that resolves outside
        that folder (``..``, symlinks) is refused, and articles are stored with their paths
        relative to it. Articles not in Vietnamese are reported, not stored, unless
        ``keep_foreign``. ``stdin``: the bytes of ``-`` when already read.
        """
        batch = batch or new_batch_id()
        progress = _Progress()
        docs = iter_path_documents(
            paths, progress.rejected, fmt=fmt, encoding=encoding, max_bytes=max_bytes,
            allowed_root=allowed_root, stdin=stdin,
        )
        self._add(docs, batch, batch_size, progress, on_progress, keep_foreign=keep_foreign)
        return self._finish(progress, batch, refresh=True)

    def _add(
        self, docs: Iterable[RawDocument], batch: str, batch_size: int, progress: _Progress,
        on_progress: Callable[[int, int], None] | None = None, *, keep_foreign: bool = False,
    ) -> None:
        pending: list[tuple[RawDocument, Article, str]] = []

        def flush() -> None:
            if not pending:
                return
            with self.transaction() as conn:
                for doc, art, digest in pending:
                    row = conn.execute(
                        "INSERT INTO articles (content_hash, source, format, raw_text, meta, grp, "
                        "title, lead, paragraphs, outlet, credit, category, published, url, batch, "
                        "ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        "ON CONFLICT(content_hash) DO NOTHING RETURNING id",
                        (
                            digest, doc.source, doc.format, doc.text,
                            json.dumps(dict(doc.meta), ensure_ascii=False), doc.group,
                            art.title, art.lead, json.dumps(list(art.paragraphs), ensure_ascii=False),
                            art.outlet, art.credit, art.category,
                            art.published.isoformat() if art.published else None,
                            art.url, batch, _now(),
                        ),
                    ).fetchone()
                    if row is not None:
                        progress.inserted.append(int(row[0]))
                    else:  # stored earlier (or earlier in this very batch)
                        old = conn.execute(
                            "SELECT id FROM articles WHERE content_hash = ?", (digest,)
                        ).fetchone()
                        progress.duplicates.append(int(old[0]))
            pending.clear()
            if on_progress is not None:
                on_progress(len(progress.inserted), len(progress.duplicates))

        for doc in docs:
            digest = content_hash(doc)
            known = self.conn.execute(
                "SELECT id FROM articles WHERE content_hash = ?", (digest,)
            ).fetchone()
            if known is not None:  # skip the cleaning work for what is already stored
                progress.duplicates.append(int(known[0]))
                continue
            art = _storable(doc, keep_foreign, progress.rejected)
            if art is None:
                continue
            pending.append((doc, art, digest))
            if len(pending) >= batch_size:
                flush()
        flush()

    def _finish(self, progress: _Progress, batch: str, refresh: bool) -> IngestReport:
        stories: tuple[int, ...] = ()
        note = None
        if refresh:
            self.refresh_stories()
            ids = progress.inserted + progress.duplicates
            stories = self.story_ids_for(ids)
            if self._clusterer is None:
                note = ("stories grouped per corpus cluster or ingest batch: "
                        "diemtin.stories.cluster is not installed")
        return IngestReport(
            tuple(progress.inserted), tuple(progress.duplicates), tuple(progress.rejected),
            stories, batch, note,
        )

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def _row_to_article(row: sqlite3.Row | tuple[Any, ...], story_id: int | None = None) -> StoredArticle:
        (aid, digest, source, fmt, raw, _meta, grp, title, lead, paras, outlet, credit,
         category, published, url, batch, ingested_at) = row
        art = Article(  # (outlets stored before session 14 get their one name too)
            title=title, paragraphs=json.loads(paras), outlet=outlet_of(outlet, url), credit=credit,
            category=category, published=_parse_time(published), source_path=source, url=url,
            lead=lead, group=grp,
        )
        return StoredArticle(aid, digest, source, fmt, raw, art, batch, ingested_at, story_id)

    def get_article(self, article_id: int) -> StoredArticle | None:
        if not _is_row_id(article_id):
            return None
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        sid = self.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return self._row_to_article(row, int(sid[0]) if sid else None)

    def articles(self, ids: Sequence[int] | None = None) -> list[StoredArticle]:
        """Articles by id (in the order given), or all of them by id."""
        if ids is None:
            return [self._row_to_article(r) for r in
                    self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY id")]
        out: list[StoredArticle] = []
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start:chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ).fetchall()
            by_id = {r[0]: r for r in rows}
            out.extend(self._row_to_article(by_id[i]) for i in chunk if i in by_id)
        return out

    def story_ids_for(self, article_ids: Sequence[int]) -> tuple[int, ...]:
        """The distinct stories holding these articles, in first-seen order."""
        seen: dict[int, None] = {}
        for aid in article_ids:
            row = self.conn.execute(
                "SELECT story_id FROM story_articles WHERE article_id = ?", (aid,)
            ).fetchone()
            if row is not None:
                seen.setdefault(int(row[0]), None)
        return tuple(seen)

    @staticmethod
    def _row_to_story(row: tuple[Any, ...]) -> StoredStory:
        sid, title, outlets, start, end, members, grouping, updated = row
        # (one name per outlet, for stories stored before session 14 as well)
        names = distinct_outlets(json.loads(outlets))
        return StoredStory(
            int(sid), title, names, start, end,
            tuple(int(x) for x in json.loads(members)), grouping, updated,
        )

    _STORY_COLUMNS = "id, title, outlets, start, end, members, grouping, updated_at"

    def list_stories(self, limit: int = 50, offset: int = 0) -> list[StoredStory]:
        """Stories, most recent first (by latest publication date, then newest id)."""
        rows = self.conn.execute(
            f"SELECT {self._STORY_COLUMNS} FROM stories "
            "ORDER BY coalesce(end, '') DESC, id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [self._row_to_story(r) for r in rows]

    def story_page(self, limit: int = 50, offset: int = 0) -> tuple[list[StoredStory], int]:
        """:meth:`list_stories` and the number of stories, read from one snapshot of the
        database (a concurrent ingest cannot make the count disagree with the page)."""
        conn = self.conn
        conn.execute("BEGIN")
        try:
            stories = self.list_stories(limit=limit, offset=offset)
            total = int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])
        finally:
            conn.execute("COMMIT")
        return stories, total

    def get_story(self, story_id: int) -> StoredStory | None:
        if not _is_row_id(story_id):
            return None
        row = self.conn.execute(
            f"SELECT {self._STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return self._row_to_story(row) if row else None

    # -- stories -------------------------------------------------------------------------

    def _groups(self, *, fresh: bool = False) -> _Grouping:
        """The stories the articles form now: (key, article ids, title) for each, and the
        generations to record (see :func:`_kept_stories`)."""
        if self._clusterer is None:
            rows = self.conn.execute("SELECT id, grp, batch FROM articles ORDER BY id").fetchall()
            by_key: dict[str, list[int]] = {}
            for aid, grp, batch in rows:
                key = f"group:{grp}" if grp else f"batch:{batch}"
                by_key.setdefault(key, []).append(int(aid))
            return _Grouping([(key, ids, "") for key, ids in by_key.items()])
        if self._clusterer is _find_clusterer():
            found, ids, generations = _kept_stories(self, fresh)
        else:  # a clusterer put in its place (tests): every article, every time
            stored = self.articles()
            found, ids, generations = self._clusterer([s.article for s in stored]), [s.id for s in stored], []
        groups: list[tuple[str, list[int], str]] = []
        for story in found:
            members = [ids[i] for i in story.indices]
            if members:
                groups.append((f"cluster:{min(members)}", members, story.title))
        return _Grouping(groups, generations)

    #: Times :meth:`refresh_stories` groups outside the write lock before it gives up and
    #: groups while holding it (other writers then wait for the grouping).
    REGROUP_TRIES = 3

    def _loose(self) -> bool:
        """Whether some article belongs to no story."""
        return self.conn.execute(
            "SELECT 1 FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) LIMIT 1"
        ).fetchone() is not None

    def _article_state(self) -> tuple[int, ...]:
        """(count, largest id, grouped count, largest generation) of the articles: changes
        whenever one is stored or another process records a grouping."""
        row = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(grouped_in), COALESCE(MAX(grouped_in), -1) "
            "FROM articles").fetchone()
        return tuple(int(v) for v in row)

    def refresh_stories(self, *, force: bool = False) -> int:
        """Regroup articles into stories when some article has none (or ``force``).

        Stories keep their id while their key (first article / corpus cluster / batch) stays;
        a story whose members changed loses its cached summaries. Returns how many stories
        were created or changed.

        With the story clusterer, this process keeps the grouping of the database and adds
        only the articles stored since its last refresh (by any process), so a refresh costs
        in proportion to the new articles; a process that does not hold it yet replays the
        adds recorded in the database first. ``force``, new articles that one add would group
        worse than one batch (undated or back-filled ones, see
        :meth:`StoryIndex.adds_like_a_batch
        <diemtin.stories.cluster.StoryIndex.adds_like_a_batch>`) and a refresh that would
        record generation :data:`MAX_GENERATIONS` group every article afresh.

        The grouping runs without the write lock; the result is written only if no article
        was stored or grouped meanwhile (by another thread or process). Else, when articles
        are still without a story, it is tried again (adding them, or replaying what the
        other process recorded first), and the last try groups under the lock. An article
        is never left without a story, and no writer waits for a grouping it does not need.
        """
        with _refresh_lock(self.path):  # threads of one process group one at a time
            return self._refresh(force)

    def _refresh(self, force: bool) -> int:
        for attempt in range(self.REGROUP_TRIES):
            if not force and not self._loose():
                return 0  # (a refresh that just ran grouped them)
            last = attempt == self.REGROUP_TRIES - 1
            state = self._article_state()
            grouping = None if last else self._groups(fresh=force)
            with self.transaction() as conn:
                if not force and not self._loose():
                    return 0  # another refresh grouped them meanwhile
                if grouping is None:
                    grouping = self._groups(fresh=force)
                elif self._article_state() != state:
                    continue  # stored (or grouped elsewhere) meanwhile: group again
                conn.executemany("UPDATE articles SET grouped_in = ? WHERE id = ?",
                                 grouping.generations)
                return self._write_groups(conn, grouping.groups)
        raise AssertionError("unreachable: the last try always writes")

    def _write_groups(self, conn: sqlite3.Connection, groups: list[tuple[str, list[int], str]]) -> int:
        """Store ``groups`` as the stories (inside the caller's transaction); how many
        stories were created or changed."""
        changed = 0
        grouping = self.story_method
        keep: set[int] = set()
        meta = {
            r[0]: r[1:] for r in conn.execute(
                "SELECT id, title, outlet, published, ingested_at, url FROM articles")
        }
        for key, ids, title in groups:
            members = json.dumps(ids)
            old = conn.execute("SELECT id, members FROM stories WHERE key = ?", (key,)).fetchone()
            if old is not None and old[1] == members:
                keep.add(int(old[0]))
                continue
            changed += 1
            # who published each (the site of its address when no outlet is named, as digest
            # shows it); the span leaves out dates later than storing allows (typos)
            outlets = list(distinct_outlets(
                o for i in ids if (o := outlet_of(meta[i][1], meta[i][4]) or web_site(meta[i][4]))))
            dates = sorted(meta[i][2] for i in ids if meta[i][2] and _grouping_time(
                _parse_time(meta[i][2]), meta[i][3]) is not None)
            title = title or meta[ids[0]][0] or "(không có tiêu đề)"
            values = (title, json.dumps(outlets, ensure_ascii=False),
                      dates[0] if dates else None, dates[-1] if dates else None,
                      len(ids), members, grouping, _now())
            if old is None:
                sid = conn.execute(
                    "INSERT INTO stories (title, outlets, start, end, n_articles, members, "
                    "grouping, updated_at, key) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                    (*values, key),
                ).fetchone()[0]
            else:
                sid = int(old[0])
                conn.execute(
                    "UPDATE stories SET title=?, outlets=?, start=?, end=?, n_articles=?, "
                    "members=?, grouping=?, updated_at=? WHERE id=?", (*values, sid),
                )
                conn.execute("DELETE FROM story_articles WHERE story_id = ?", (sid,))
                conn.execute("DELETE FROM summaries WHERE story_id = ?", (sid,))
            keep.add(int(sid))
            # an article moves here from another story: free it first
            conn.executemany(
                "DELETE FROM story_articles WHERE article_id = ? AND story_id != ?",
                [(aid, sid) for aid in ids],
            )
            conn.executemany(
                "INSERT INTO story_articles (story_id, article_id, position) VALUES (?,?,?)",
                [(sid, aid, pos) for pos, aid in enumerate(ids)],
            )
        stale = [
            (r[0],) for r in conn.execute("SELECT id FROM stories") if r[0] not in keep
        ]
        conn.executemany("DELETE FROM stories WHERE id = ?", stale)
        return changed

    # -- summaries -----------------------------------------------------------------------

    def story_summary(
        self, story_id: int, *, max_words: int | None = None, method: str | None = None,
        story: StoredStory | None = None,
    ) -> dict[str, Any]:
        """The cited summary of a story as the API's JSON (``render.summary_to_dict``).

        Computed on first request and kept; later requests read it back. Raises
        :class:`KeyError` for an unknown story and :class:`NoArticlesError` when the story
        has nothing to summarise. ``story``: the caller's snapshot of it, so that the
        summary's article indexes match the articles the caller lists even if the story is
        regrouped meanwhile.
        """
        if story is None or story.id != story_id:
            story = self.get_story(story_id)
        if story is None:
            raise KeyError(story_id)
        members = json.dumps(list(story.article_ids))
        key = (story_id, members, method or "", max_words or 0)
        row = self.conn.execute(
            "SELECT body FROM summaries WHERE story_id=? AND members=? AND method=? AND max_words=?",
            key,
        ).fetchone()
        if row is not None:
            body: dict[str, Any] = json.loads(row[0])
            return body
        return self._compute_summary(story, key, max_words, method)

    def cached_summary_body(self, story_id: int, members: str) -> str | None:
        """The stored JSON text of a story's default summary, if computed (no parsing)."""
        row = self.conn.execute(
            "SELECT body FROM summaries WHERE story_id=? AND members=? AND method='' AND max_words=0",
            (story_id, members),
        ).fetchone()
        return row[0] if row else None

    def _compute_summary(
        self, story: StoredStory, key: tuple[int, str, str, int], max_words: int | None,
        method: str | None,
    ) -> dict[str, Any]:
        from diemtin.render import summary_to_dict
        from diemtin.stories.dedup import near_duplicate_groups
        from diemtin.stories.digest import summarize_story

        stored = self.articles(story.article_ids)
        if not stored:
            raise NoArticlesError(f"story {story.id} has no articles left")
        # as digest does: wire copies count once and are all cited; a story too large for one
        # summary is summarised from its newest articles, numbered in the story
        arts = tuple(s.article for s in stored)
        copies = near_duplicate_groups(
            arts, [_grouping_time(s.article.published, s.ingested_at) for s in stored])
        summary = summarize_story(Story(indices=tuple(range(len(arts))), articles=arts,
                                        duplicate_groups=tuple(copies)),
                                  max_words=max_words, method=method)
        body = summary_to_dict(summary)
        try:
            self._keep_summary(key, summary, body, [s.id for s in stored])
        except StoreError as exc:  # a read-only or damaged file: the summary is still right
            _log.warning("summary of story %s not kept: %s", story.id, exc)
        return body

    def _keep_summary(self, key: tuple[int, str, str, int], summary: Summary,
                      body: dict[str, Any], ids: list[int]) -> None:
        """Store a computed summary (``key``: story id, members, method, max_words) with its
        sentences and citations. Besides the default
        summary, a story keeps its :data:`KEPT_VARIANTS` latest other ones (lengths,
        methods), so that requests cannot grow the database without bound."""
        story_id = key[0]
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM stories WHERE id = ? AND members = ?",
                            (story_id, key[1])).fetchone() is None:
                return  # regrouped meanwhile: right for the articles read, not kept
            row = conn.execute(
                "INSERT INTO summaries (story_id, members, method, max_words, body, created_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
                (*key, json.dumps(body, ensure_ascii=False), _now()),
            ).fetchone()
            if row is not None:  # (another request may have stored the same one meanwhile)
                summary_id = int(row[0])
                for pos, s in enumerate(summary.sentences):
                    conn.execute(
                        "INSERT INTO summary_sentences VALUES (?,?,?,?,?)",
                        (summary_id, pos, s.text, ids[s.source.article], s.source.index),
                    )
                    conn.executemany(
                        "INSERT OR IGNORE INTO citations VALUES (?,?,?,?,?,?)",
                        [(summary_id, pos, ids[c.article], c.sentence, c.text, c.similarity)
                         for c in s.citations],
                    )
            conn.execute(
                "DELETE FROM summaries WHERE story_id = ? AND (method != '' OR max_words != 0) "
                "AND id NOT IN (SELECT id FROM summaries WHERE story_id = ? "
                "AND (method != '' OR max_words != 0) ORDER BY id DESC LIMIT ?)",
                (story_id, story_id, KEPT_VARIANTS),
            )

    def summarize_stories(self, story_ids: Iterable[int]) -> int:
        """Compute (and keep) the default summary of each story; returns how many succeeded."""
        done = 0
        for sid in story_ids:
            try:
                self.story_summary(sid)
                done += 1
            except NoArticlesError:
                continue
        return done

    def citing_summaries(self, article_id: int) -> list[int]:
        """Ids of stored summaries that cite this article."""
        rows = self.conn.execute(
            "SELECT DISTINCT summary_id FROM citations WHERE article_id = ? ORDER BY summary_id",
            (article_id,),
        )
        return [int(r[0]) for r in rows]


#: What to do about a database that refuses a write, by SQLite's message.
_WRITE_HINTS = (
    ("readonly", "make the file (and its folder) writable"),
    ("malformed", "the file is damaged: restore it from a backup or start a new one with --db"),
    ("not a database", "the file is damaged: restore it from a backup or start a new one with --db"),
    ("disk is full", "free some disk space"),
    ("locked", "another program holds the database: retry when it is done"),
)


def database_error(path: Path, exc: sqlite3.Error, doing: str = "write to") -> StoreError:
    """A one-line :class:`StoreError` for a failed read or write of the database at
    ``path``, with what to do about it."""
    msg = str(exc)
    hint = next((h for key, h in _WRITE_HINTS if key in msg.lower()), "check the --db file")
    return StoreError(f"{path}: cannot {doing} the database ({msg}): {hint}")


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error; SQLite's own errors become
    a :class:`StoreError` that names the file (nothing of the transaction is kept)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error as err:
                exc = err
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise database_error(self.path, exc) from None


_REFRESH_LOCKS: dict[str, threading.Lock] = {}
_REFRESH_LOCKS_GUARD = threading.Lock()


def _refresh_lock(path: Path) -> threading.Lock:
    """One lock per database file, shared by every :class:`Store` of this process: a
    regrouping takes seconds on a large store, and threads that stored articles at the same
    time need only one of them (the others then find nothing left to group)."""
    key = str(path.resolve())
    with _REFRESH_LOCKS_GUARD:
        return _REFRESH_LOCKS.setdefault(key, threading.Lock())


#: Summaries a story keeps besides its default one (other lengths or methods, latest first).
KEPT_VARIANTS = 8

#: Databases whose story grouping a process keeps between refreshes (the most recently
#: grouped ones).
KEPT_GROUPINGS = 2
#: A refresh that would record more generations than this groups every article afresh
#: instead (one generation again): a process that does not keep the grouping replays one
#: ``StoryIndex.add`` per generation, so this bounds the cost of its first refresh.
MAX_GENERATIONS = 64
#: A publication time later than this after the article was stored is taken for a typo
#: and not used for grouping (one article dated next year would make every later one look
#: back-filled, and archive the stories it should join).
FUTURE_SLACK = timedelta(days=2)


@dataclass(frozen=True)
class _Grouping:
    """What a refresh writes: the stories, and (generation, article id) to record."""

    groups: list[tuple[str, list[int], str]]
    generations: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _KeptGrouping:
    """A :class:`~diemtin.stories.cluster.StoryIndex` of one database and the (id, content
    hash, generation) of the articles it holds, in the order they were added."""

    index: StoryIndex
    keys: list[tuple[int, str, int]] = field(default_factory=list)

    def add(self, rows: list[StoredArticle], generation: int) -> None:
        self.index.add([r.article for r in rows],
                       [_grouping_time(r.article.published, r.ingested_at) for r in rows])
        self.keys.extend((r.id, r.content_hash, generation) for r in rows)


_KEPT: OrderedDict[str, _KeptGrouping] = OrderedDict()
_KEPT_GUARD = threading.Lock()


def _grouping_time(when: datetime | None, ingested_at: str) -> datetime | None:
    """An article's publication time, unless it is later than its storing allows."""
    stored = _parse_time(ingested_at)
    if when is None or stored is None:
        return when
    if when.tzinfo is None:
        stored = stored.replace(tzinfo=None)
    elif stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)
    return when if when <= stored + FUTURE_SLACK else None


def _newest_recorded(store: Store) -> datetime | None:
    """The newest grouping time among the articles a grouping holds (recorded ones)."""
    times = [_grouping_time(_parse_time(p), at) for p, at in store.conn.execute(
        "SELECT published, ingested_at FROM articles WHERE grouped_in IS NOT NULL AND published IS NOT NULL")]
    dated = [t for t in times if t is not None]
    return max(dated, key=to_days) if dated else None


def _replay(store: Store, recorded: list[tuple[int, str, int]]) -> _KeptGrouping:
    """The grouping the recorded generations describe: one add per generation."""
    from diemtin.stories.cluster import StoryIndex

    kept = _KeptGrouping(StoryIndex())
    rows = {r.id: r for r in store.articles([i for i, _, _ in recorded])}
    start = 0
    while start < len(recorded):
        gen = recorded[start][2]
        end = start
        while end < len(recorded) and recorded[end][2] == gen:
            end += 1
        kept.add([rows[i] for i, _, _ in recorded[start:end]], gen)
        start = end
    return kept


def _kept_stories(store: Store, fresh: bool) -> tuple[list[Story], list[int], list[tuple[int, int]]]:
    """Group ``store``'s articles: (stories, article id of each index position,
    (generation, article id) to record).

    Each refresh adds the articles it groups to a :class:`StoryIndex` in one ``add`` and
    records them as one generation, so the grouping is a function of the database: a process
    that kept the index adds only the new articles, and any other rebuilds the same index by
    replaying the generations (after a restart, or when another process grouped meanwhile).
    Every article is grouped afresh, as generation 0, when ``fresh``, when nothing is
    recorded yet, when the new articles would be grouped worse one add at a time
    (:meth:`~diemtin.stories.cluster.StoryIndex.adds_like_a_batch`: undated or back-filled
    ones), or past :data:`MAX_GENERATIONS`. Called under :func:`_refresh_lock`; the index is
    taken out of the cache while it changes, so a failure leaves nothing half-added behind.
    """
    from diemtin.stories.cluster import StoryIndex, adds_like_a_batch

    path = str(store.path.resolve())
    with _KEPT_GUARD:
        kept = _KEPT.pop(path, None)
    rows = [(int(i), str(h), g) for i, h, g in store.conn.execute(
        "SELECT id, content_hash, grouped_in FROM articles ORDER BY id")]
    recorded = sorted(((i, h, int(g)) for i, h, g in rows if g is not None), key=lambda k: (k[2], k[0]))
    waiting = {i for i, _, g in rows if g is None}
    if kept is not None and (kept.keys[: len(recorded)] != recorded or any(
            i not in waiting for i, _, _ in kept.keys[len(recorded):])):
        kept = None  # a database grouped by another process meanwhile, or another file
    held = {i for i, _, _ in kept.keys} if kept is not None else set()
    new = store.articles([i for i, _, g in rows if g is None and i not in held])
    times = [_grouping_time(r.article.published, r.ingested_at) for r in new]
    if kept is not None:
        generation = kept.keys[-1][2] + 1
        afresh = not kept.index.adds_like_a_batch(times)
    else:  # decided before replaying what is recorded, which may then be skipped
        generation = recorded[-1][2] + 1 if recorded else 0
        afresh = not recorded or not adds_like_a_batch(times, _newest_recorded(store))
    if fresh or afresh or generation >= MAX_GENERATIONS:
        kept = _KeptGrouping(StoryIndex())
        kept.add(new if len(new) == len(rows) else store.articles(), 0)  # (all new: loaded)
    else:
        if kept is None:
            kept = _replay(store, recorded)  # a new process, or grouped by another one
        if new:
            kept.add(new, generation)
    stories = kept.index.stories()
    known = {i: g for i, _, g in rows}
    record = [(g, i) for i, _, g in kept.keys if known.get(i, -1) != g]
    ids = [i for i, _, _ in kept.keys]
    with _KEPT_GUARD:
        _KEPT[path] = kept
        while len(_KEPT) > KEPT_GROUPINGS:
            _KEPT.popitem(last=False)
    return stories, ids, record


def iter_path_documents(
    paths: Sequence[str | os.PathLike[str]], rejected: list[RejectedInput], *,
    fmt: str | None = None, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    allowed_root: Path | None = None, stdin: bytes | None = None,
) -> Iterator[RawDocument]:
    """The documents of files, directories and ``-`` as :meth:`Store.ingest_paths` stores
    them, one file at a time; unreadable inputs are appended to ``rejected``."""
    prefixes = _root_prefixes(allowed_root) if allowed_root is not None else ()
    seen: set[str] = set()
    for item in paths:
        if str(item) == STDIN:
            result = read_inputs([STDIN], fmt=fmt, encoding=encoding, max_bytes=max_bytes,
                                 stdin=stdin)
            rejected.extend(result.rejected)
            yield from result.documents
            continue
        p = Path(item)
        files = article_files(p, rejected) if p.is_dir() else [p]
        for f in files:
            if not first_time(f, seen):  # named twice, or also inside a folder given
                continue
            if allowed_root is not None and (why := _outside_reason(f, allowed_root)):
                rejected.append(RejectedInput(str(f), why))
                continue
            try:
                docs = read_path(f, fmt=fmt, encoding=encoding, max_bytes=max_bytes,
                                 rejected=rejected)
            except InputError as exc:
                rejected.append(RejectedInput(exc.source, exc.reason))
                continue
            if prefixes:  # never store the server's own paths
                docs = [_relabel(d, prefixes) for d in docs]
            yield from docs


def find_storable(
    paths: Sequence[str | os.PathLike[str]], *, fmt: str | None = None,
    encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, keep_foreign: bool = False,
    stdin: bytes | None = None,
) -> list[RejectedInput] | None:
    """``None`` as soon as one input holds an article that :meth:`Store.ingest_paths` would
    store; else every rejected input, in its order. ``diemtin ingest`` asks this before it
    creates a new database, so that inputs of which nothing is readable leave no empty one."""
    rejected: list[RejectedInput] = []
    for doc in iter_path_documents(paths, rejected, fmt=fmt, encoding=encoding,
                                   max_bytes=max_bytes, stdin=stdin):
        if _storable(doc, keep_foreign, rejected) is not None:
            return None
    return rejected


def _storable(doc: RawDocument, keep_foreign: bool, rejected: list[RejectedInput]) -> Article | None:
    """``doc`` cleaned, as the store keeps it; ``None`` (and the reason appended to
    ``rejected``) when it cannot be cleaned or, unless ``keep_foreign``, is not in
    Vietnamese (the language gate of ``diemtin summarize``)."""
    from diemtin.cleaner import clean_article
    from diemtin.text.language import filter_vietnamese

    try:
        art = clean_article(doc)
    except InputError as exc:
        rejected.append(RejectedInput(exc.source, exc.reason))
        return None
    if not keep_foreign:
        _, foreign = filter_vietnamese([art], "not stored")
        if foreign:
            rejected.extend(foreign)
            return None
    return art


def _root_prefixes(root: Path) -> tuple[str, ...]:
    """``root/`` as given and resolved: what :func:`_relabel` takes off a stored path."""
    return tuple(dict.fromkeys((f"{root}{os.sep}", f"{root.resolve()}{os.sep}")))


def _relabel(doc: RawDocument, prefixes: Sequence[str]) -> RawDocument:
    """``doc`` with the first of ``prefixes`` it starts with taken off its source and group."""

    def strip(value: str) -> str:
        prefix = next((p for p in prefixes if value.startswith(p)), "")
        return value[len(prefix):].replace(os.sep, "/") if prefix else value

    group = strip(doc.group) if doc.group is not None else None
    return dataclasses.replace(doc, source=strip(doc.source), group=group)


def _outside_reason(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read from the served folder ``root``, or ``None`` when it lies
    inside it (after resolving ``..`` and symlinks). A symlink loop or a dangling symlink is
    reported as the CLI reports it (nothing is there to read), not as outside the folder."""
    try:
        os.stat(path)  # follows symlinks: a loop or a dangling one fails here
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"cannot read ({exc.strerror or exc})"
    return None if _inside(path, root) else "outside the served folder"


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (after resolving ``..`` and symlinks) lies inside ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False
