"""The SQLite store: schema, migrations, idempotent ingest, stories, summaries, ``diemtin ingest``."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from diemtin import store as store_mod
from diemtin.cli import main
from diemtin.ingest.read import read_path
from diemtin.store import SCHEMA_VERSION, Store, StoreError, content_hash
from diemtin.types import Article, RawDocument, Story

ABMUSU_SAMPLE = Path(__file__).parent / "data" / "corpora" / "abmusu" / "sample.jsonl"


def _article_text(n: int) -> str:
    """A small synthetic article (title, lead, two body paragraphs), unique per ``n``."""
    return (
        f"Hà Nội khánh thành cây cầu số {n}\n\n"
        f"Sáng {n % 28 + 1}/5, thành phố Hà Nội đã khánh thành cây cầu số {n} bắc qua sông Hồng "
        "sau hơn hai năm thi công, giúp giảm ùn tắc cho các quận nội thành.\n\n"
        f"Cây cầu dài {1000 + n} mét, có sáu làn xe và được xây dựng với tổng vốn đầu tư hơn "
        "một nghìn tỷ đồng từ ngân sách thành phố.\n\n"
        "Theo đại diện chủ đầu tư, công trình hoàn thành sớm hơn kế hoạch ba tháng và bảo đảm "
        "chất lượng, an toàn trong suốt quá trình thi công.\n"
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def store(db: Path):  # type: ignore[no-untyped-def]
    s = Store(db)
    s._clusterer = None  # these tests pin the built-in grouping; see test_clusterer_*
    yield s
    s.close()


def test_new_database_has_schema_wal_and_foreign_keys(store: Store, db: Path) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "stories", "story_articles", "summaries", "summary_sentences",
            "citations"} <= tables
    assert store.integrity_check() == "ok"
    assert store.counts() == {"articles": 0, "stories": 0, "summaries": 0}


def test_ingest_keeps_raw_text_and_cleaned_fields(store: Store, example_dir: Path) -> None:
    report = store.ingest_paths([example_dir])
    assert report.inserted == (1, 2) and report.duplicates == () and report.rejected == ()
    files = sorted(example_dir.glob("*.txt"))
    for aid, path in zip(report.inserted, files, strict=True):
        stored = store.get_article(aid)
        assert stored is not None
        doc = read_path(path)[0]
        assert stored.raw_text == doc.text  # raw text kept, exactly as read
        assert stored.content_hash == content_hash(doc)
        assert stored.source == str(path)
        assert stored.article.title and stored.article.paragraphs
        assert stored.story_id == report.stories[0]
    assert len(report.stories) == 1
    story = store.get_story(report.stories[0])
    assert story is not None and story.article_ids == (1, 2)
    assert story.title == store.get_article(1).article.title  # type: ignore[union-attr]


def test_reingest_is_idempotent(store: Store, example_dir: Path) -> None:
    first = store.ingest_paths([example_dir])
    second = store.ingest_paths([example_dir])
    assert second.inserted == ()
    assert second.duplicates == first.inserted
    assert second.stories == first.stories
    assert store.counts()["articles"] == 2 and store.counts()["stories"] == 1
    # the same text pasted (not read from a file) is the same article
    text = (sorted(example_dir.glob("*.txt"))[0]).read_text(encoding="utf-8")
    from diemtin.ingest.read import read_document_bytes

    pasted = store.add_documents(read_document_bytes(text.encode(), "<pasted 0>"))
    assert pasted.inserted == () and pasted.duplicates == (1,)


def test_duplicate_inside_one_batch_is_stored_once(store: Store) -> None:
    doc = RawDocument(text=_article_text(1), source="a.txt", format="news-text")
    twin = RawDocument(text=_article_text(1), source="b.txt", format="news-text")
    report = store.add_documents([doc, twin])
    assert report.inserted == (1,) and report.duplicates == (1,)


def test_bad_files_are_reported_and_good_ones_stored(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(_article_text(1), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    report = store.ingest_paths([folder, tmp_path / "missing.txt"])
    assert len(report.inserted) == 1
    assert {Path(r.source).name for r in report.rejected} == {"empty.txt", "binary.txt", "missing.txt"}
    assert all(r.reason for r in report.rejected)


def test_allowed_root_refuses_symlinks_leading_outside(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(_article_text(99), encoding="utf-8")
    (root / "ok.txt").write_text(_article_text(1), encoding="utf-8")
    (root / "link.txt").symlink_to(secret)
    report = store.ingest_paths([root], allowed_root=root)
    assert len(report.inserted) == 1
    assert [(Path(r.source).name, r.reason) for r in report.rejected] == [
        ("link.txt", "outside the served folder")]
    assert "99" not in store.get_article(report.inserted[0]).raw_text  # type: ignore[union-attr]


def test_corpus_clusters_become_stories_without_a_clusterer(store: Store) -> None:
    report = store.ingest_paths([ABMUSU_SAMPLE])
    assert len(report.inserted) == 3
    stories = store.list_stories()
    assert sorted(len(s.article_ids) for s in stories) == [1, 2]
    assert report.note and "diemtin.stories.cluster" in report.note


def test_each_loose_batch_is_one_story_without_a_clusterer(store: Store) -> None:
    a = store.add_documents([RawDocument(_article_text(1), "a.txt", "news-text")])
    b = store.add_documents([RawDocument(_article_text(2), "b.txt", "news-text"),
                             RawDocument(_article_text(3), "c.txt", "news-text")])
    assert a.stories != b.stories
    assert store.get_story(b.stories[0]).article_ids == b.inserted  # type: ignore[union-attr]


def _fake_clusterer(groups: list[list[int]]):  # type: ignore[no-untyped-def]
    def cluster_stories(articles: list[Article], published: object = None) -> list[Story]:
        out = []
        for g in groups:
            idx = tuple(i for i in g if i < len(articles))
            if idx:
                out.append(Story(indices=idx, articles=tuple(articles[i] for i in idx),
                                 title=f"story of {articles[idx[0]].title}"))
        return out
    return cluster_stories


def test_clusterer_groups_stories_and_keeps_ids(store: Store) -> None:
    store._clusterer = _fake_clusterer([[0, 2], [1]])
    docs = [RawDocument(_article_text(n), f"{n}.txt", "news-text") for n in range(3)]
    report = store.add_documents(docs)
    assert store.story_method == "cluster"
    by_members = {s.article_ids: s for s in store.list_stories()}
    assert set(by_members) == {(1, 3), (2,)}
    first = by_members[(1, 3)]
    assert first.title.startswith("story of") and first.grouping == "cluster"
    assert set(report.stories) == {s.id for s in by_members.values()}
    # a summary is kept until the story's members change
    store.story_summary(first.id)
    assert store.counts()["summaries"] == 1
    store._clusterer = _fake_clusterer([[0, 2, 3], [1]])
    store.add_documents([RawDocument(_article_text(3), "3.txt", "news-text")])
    after = {s.article_ids: s.id for s in store.list_stories()}
    assert after == {(1, 3, 4): first.id, (2,): by_members[(2,)].id}
    assert store.counts()["summaries"] == 0


def test_real_clusterer_is_used_when_installed(db: Path) -> None:
    expected = "cluster" if store_mod._find_clusterer() is not None else "batch"
    with Store(db) as s:
        assert s.story_method == expected


def test_story_summary_is_computed_once_and_cited(store: Store, example_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import diemtin.summarizer.core as summarizer  # (the store summarises through core)

    report = store.ingest_paths([example_dir])
    sid = report.stories[0]
    calls = []
    real = summarizer.summarize

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(summarizer, "summarize", counting)
    body = store.story_summary(sid, max_words=120)
    again = store.story_summary(sid, max_words=120)
    assert body == again and len(calls) == 1
    assert set(body) >= {"text", "sentences", "articles", "method"}
    cited = {c["article"] for s in body["sentences"] for c in s["citations"]}
    assert cited == {0, 1}  # both example articles are cited
    rows = store.conn.execute("SELECT count(*) FROM summary_sentences").fetchone()[0]
    assert rows == len(body["sentences"])
    assert store.citing_summaries(1) == store.citing_summaries(2) == [1]
    assert store.cached_summary_body(sid, json.dumps([1, 2])) is None  # default budget not cached
    store.story_summary(sid)
    assert json.loads(store.cached_summary_body(sid, json.dumps([1, 2])) or "null")["sentences"]
    with pytest.raises(KeyError):
        store.story_summary(999)


def test_a_story_keeps_a_bounded_number_of_summaries(store: Store, example_dir: Path) -> None:
    # every max_words a client asks for used to be kept: GETs grew the database without bound
    from diemtin.store import KEPT_VARIANTS

    sid = store.ingest_paths([example_dir]).stories[0]
    store.story_summary(sid)
    for n in range(20, 20 + 3 * KEPT_VARIANTS):
        store.story_summary(sid, max_words=n)
    kept = store.conn.execute(
        "SELECT method, max_words FROM summaries WHERE story_id = ? ORDER BY id", (sid,)).fetchall()
    assert kept[0] == ("", 0)  # the default summary stays
    assert [m for _, m in kept[1:]] == list(range(20 + 2 * KEPT_VARIANTS, 20 + 3 * KEPT_VARIANTS))
    orphans = store.conn.execute(
        "SELECT count(*) FROM summary_sentences WHERE summary_id NOT IN (SELECT id FROM summaries)")
    assert orphans.fetchone()[0] == 0


def test_a_summary_that_cannot_be_kept_is_still_returned(
        store: Store, example_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a read-only or damaged database file: the story page used to fail with "retry later"
    from diemtin.store import StoreError

    sid = store.ingest_paths([example_dir]).stories[0]

    def refuse(*args: object) -> None:
        raise StoreError("news.db: cannot write to the database (attempt to write a readonly database)")

    monkeypatch.setattr(Store, "_keep_summary", refuse)
    body = store.story_summary(sid)
    assert body["sentences"] and store.cached_summary_body(sid, json.dumps([1, 2])) is None


def test_deleting_an_article_cascades(store: Store, example_dir: Path) -> None:
    sid = store.ingest_paths([example_dir]).stories[0]
    store.story_summary(sid)
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = 1")
    assert store.conn.execute("SELECT count(*) FROM citations WHERE article_id = 1").fetchone()[0] == 0
    assert store.integrity_check() == "ok"


def test_newer_schema_is_refused(db: Path) -> None:
    Store(db).close()  # a store a newer diemtin has migrated: its tables, a higher version
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this diemtin supports"):
        Store(db)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable diemtin database"):
        Store(bad)
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)


def _foreign_db(path: Path) -> bytes:
    """Another program's database (a table and a row, rollback journal); its bytes."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE VIEW named AS SELECT name FROM customers")
    conn.execute("INSERT INTO customers VALUES (1, 'x')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_another_programs_database_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    before = _foreign_db(other)
    with pytest.raises(StoreError) as info:
        Store(other)
    msg = str(info.value)
    assert msg == (f"{other}: is an SQLite database of another program (tables: customers, "
                   "named), not a diemtin store; it was left unchanged: give a new --db file "
                   "(e.g. --db news.db)")
    assert other.read_bytes() == before  # no tables, no WAL, no user_version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    # a zero-byte file and a diemtin store (any schema version) are still opened
    empty = tmp_path / "empty.db"
    empty.touch()
    Store(empty).close()
    Store(empty).close()
    old = tmp_path / "v1.db"
    conn = sqlite3.connect(old)
    for statement in store_mod.MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("CREATE TABLE notes (x TEXT)")  # a table a user added is no reason to refuse
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(old) as s:
        assert s.schema_version == SCHEMA_VERSION
    # an empty database another program stamped with its own schema version (a review's case)
    stamped = tmp_path / "stamped.db"
    conn = sqlite3.connect(stamped)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    before = stamped.read_bytes()
    with pytest.raises(StoreError, match=r"another program \(schema version 5, no tables\)"):
        Store(stamped)
    assert stamped.read_bytes() == before


def test_ingest_refuses_another_programs_database(tmp_path: Path, example_dir: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.db"
    before = _foreign_db(other)
    assert main(["ingest", str(example_dir), "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"diemtin: error: {other}: is an SQLite database")
    monkeypatch.setenv("DIEMTIN_DB", str(other))
    assert main(["ingest", str(example_dir)]) == 1
    assert "give a new --db file" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_migrations_upgrade_and_roll_back(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db).close()
    nxt = SCHEMA_VERSION + 1
    upgraded = {**store_mod.MIGRATIONS, nxt: ("ALTER TABLE articles ADD COLUMN language TEXT",)}
    monkeypatch.setattr(store_mod, "MIGRATIONS", upgraded)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", nxt)
    with Store(db) as s:
        assert s.schema_version == nxt
        cols = {r[1] for r in s.conn.execute("PRAGMA table_info(articles)")}
        assert "language" in cols
    broken = {**upgraded, nxt + 1: ("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL")}
    monkeypatch.setattr(store_mod, "MIGRATIONS", broken)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", nxt + 1)
    with pytest.raises(StoreError):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == nxt  # all or nothing
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='extra'").fetchone() is None
    conn.close()


def test_threads_share_a_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            docs = [RawDocument(_article_text(n), f"{n}.txt", "news-text") for n in range(k, k + 10)]
            store.add_documents(docs)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in (0, 5, 10, 15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counts()["articles"] == 25  # overlapping ranges stored once
    assert store.integrity_check() == "ok"


# -- diemtin ingest ------------------------------------------------------------------------

def test_ingest_command(tmp_path: Path, example_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    assert main(["ingest", str(example_dir), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 new article(s), 0 already stored, 0 rejected, 1 story(ies)" in out
    assert main(["ingest", str(example_dir), "--db", str(db), "--summarize", "-q"]) == 0
    assert capsys.readouterr().out == ""
    with Store(db) as s:
        assert s.counts() == {"articles": 2, "stories": 1, "summaries": 1}


def test_ingest_names_a_database_it_cannot_read(tmp_path: Path, example_dir: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    def damaged(self: Store, *a: object, **k: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Store, "ingest_paths", damaged)
    db = tmp_path / "cli.db"
    assert main(["ingest", str(example_dir), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"diemtin: error: {db}: cannot read the database (database disk image")
    assert "restore it from a backup" in err
    assert err.count("\n") == 1


def test_ingest_of_paths_that_do_not_exist_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "typo.db"
    assert main(["ingest", str(tmp_path / "no-such-folder"), "--db", str(db)]) == 1
    assert "no such file or directory" in capsys.readouterr().err and not db.exists()


def test_ingest_of_only_unreadable_files_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # D6: files that exist but hold no article (empty, binary, bad JSON, English) made a new
    # empty database while the command said "error, nothing written"
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad.jsonl").write_text('{"title": broken\n', encoding="utf-8")
    db = tmp_path / "new.db"
    assert main(["ingest", str(tmp_path), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert not db.exists() and not list(tmp_path.glob("new.db*")) and out == ""
    assert err.count("diemtin: skipped ") == 3 and f"{db} was not created" in err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["ingest", "-", "--db", str(db)]) == 1 and not db.exists()
    good = tmp_path / "good.txt"  # one readable article: the database is created
    good.write_text(_article_text(1), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(_article_text(2).encode())))
    assert main(["ingest", str(tmp_path), "-", "--db", str(db)]) == 3
    assert "2 new article(s)" in capsys.readouterr().out


def test_ingest_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cli.db"
    good = tmp_path / "good.txt"
    good.write_text(_article_text(1), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["ingest", str(good), str(empty), "--db", str(db)]) == 3
    assert f"diemtin: skipped {empty}:" in capsys.readouterr().err
    assert main(["ingest", str(empty), "--db", str(db)]) == 1
    assert "no readable article" in capsys.readouterr().err
    notdb = tmp_path / "x.db"
    notdb.write_bytes(b"garbage" * 200)
    assert main(["ingest", str(good), "--db", str(notdb)]) == 1
    assert "not a usable diemtin database" in capsys.readouterr().err
    monkeypatch.setenv("DIEMTIN_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(good), "-q"]) == 0
    assert (tmp_path / "env.db").exists()


def test_ingest_and_serve_help_have_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in ("ingest", "serve"):
        assert main([cmd, "--help"]) == 0
        out = capsys.readouterr().out
        assert "Example" in out and f"diemtin {cmd} " in out


def test_a_database_in_a_folder_it_cannot_write_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # it said "not a usable diemtin database" about a sound file in a read-only folder
    import os
    import sqlite3

    def refuse(*a: object, **k: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match=r"its folder is not writable, and SQLite keeps news\.db-wal"):
        Store(tmp_path / "news.db").counts()


def test_a_stored_story_summary_counts_a_wire_copy_once_and_cites_it(
        store: Store, example_dir: Path, tmp_path: Path) -> None:
    # an audit's case: the API's summaries let a republished article take over its story,
    # while digest counts the copies once; both summarise alike now
    files = sorted(example_dir.glob("*.txt"))
    folder = tmp_path / "pile"
    folder.mkdir()
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    original = files[0].read_text(encoding="utf-8")
    paragraphs = original.rstrip().split("\n\n")
    (folder / "zz_copy.txt").write_text("\n\n".join(paragraphs[:-2]) + "\n", encoding="utf-8")
    report = store.ingest_paths([folder])
    (sid,) = report.stories
    body = store.story_summary(sid, max_words=120)
    paths = [a["source_path"] for a in body["articles"]]
    copy, first = paths.index(str(folder / "zz_copy.txt")), paths.index(str(folder / files[0].name))
    assert all(s["article"] != copy for s in body["sentences"])  # the fuller copy speaks
    for s in body["sentences"]:
        cited = {c["article"] for c in s["citations"]}
        if first in cited:
            assert copy in cited, s["text"]
    from diemtin.stories.digest import digest

    (ds,) = digest([folder], max_words=120).stories
    assert ds.summary is not None
    assert [s["text"] for s in body["sentences"]] == [s.text for s in ds.summary.sentences]


def test_a_story_names_sites_and_ignores_typo_dates_in_its_span(store: Store, example_dir: Path,
                                                                tmp_path: Path) -> None:
    # an audit's cases: outlets were empty where digest names the site; a date like
    # 21/05/2061 set the story's end and kept it first "by recency" for decades
    texts = [f.read_text(encoding="utf-8") for f in sorted(example_dir.glob("*.txt"))]
    rows = [{"title": t.split("\n", 1)[0], "text": t.split("\n", 1)[1], "url": url,
             "published": when}
            for t, url, when in zip(texts, ("https://www.dantri.com.vn/a.htm", "https://vnexpress.net/b"),
                                    ("2016-05-20 08:00", "2061-05-21 09:00"), strict=True)]
    f = tmp_path / "two.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    (sid,) = store.ingest_paths([f]).stories
    story = store.get_story(sid)
    assert story is not None
    assert "Dân trí" in story.outlets  # (the outlet its address names)
    assert (story.start, story.end) == ("2016-05-20T08:00:00", "2016-05-20T08:00:00")


def test_a_page_of_stories_and_their_count_come_from_one_snapshot(store: Store, example_dir: Path) -> None:
    store.ingest_paths([example_dir])
    stories, total = store.story_page(limit=1)
    assert len(stories) == 1 and total == store.counts()["stories"]
    assert not store.conn.in_transaction  # the read transaction is closed


def test_outlets_stored_under_an_older_name_are_shown_by_their_one_name(store: Store, example_dir: Path) -> None:
    # a store written before outlet names were unified holds "TTO" and "TUOI TRE ONLINE" for
    # one outlet: reading gives each article, and each story regrouped, the one name
    (sid,) = store.ingest_paths([example_dir]).stories
    store.conn.execute("UPDATE articles SET outlet = 'TUOI TRE ONLINE' WHERE id = 1")
    store.conn.execute("""UPDATE stories SET outlets = '["TTO", "tuoitre.vn", "DNVN"]'""")
    stored = store.get_article(1)
    assert stored is not None and stored.article.outlet == "Tuổi Trẻ"
    story = store.get_story(sid)
    assert story is not None and story.outlets == ("Tuổi Trẻ", "DNVN")
