"""The story grouping a process keeps between refreshes of a store (session 10)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from diemtin import store as store_mod
from diemtin.store import Store, StoreError
from diemtin.stories.cluster import StoryIndex
from diemtin.types import Article, RawDocument

TOPICS = [
    "Hà Nội khởi công tuyến metro số 5 nối Văn Cao với Hòa Lạc, dài 38 km",
    "Đội tuyển bóng đá Việt Nam thắng Thái Lan 2-1 tại sân Mỹ Đình",
    "Giá vàng SJC tăng lên 90 triệu đồng một lượng sáng thứ Hai",
    "Bão số 3 đổ bộ vào Quảng Ninh, hàng nghìn hộ dân phải sơ tán",
]


def _doc(topic: int, copy: int, day: int | datetime | None) -> RawDocument:
    """An article on one of the topics, published on ``day`` of March 2025 (of January,
    when negative), at a given time, or undated."""
    if isinstance(day, int):
        day = datetime(2025, 1, -day, 8) if day < 0 else datetime(2025, 3, day, 8)
    dateline = [f"{day:%d/%m/%Y %H:%M}"] if day is not None else []
    body = f"{TOPICS[topic]}. " * 3 + f"Bản tin số {copy} của tòa soạn."
    text = "\n\n".join([f"Tin {TOPICS[topic][:30]} bản {copy}", *dateline, body])
    return RawDocument(text=text, source=f"t{topic}-{copy}.txt", format="news-text")


@pytest.fixture
def adds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many articles each StoryIndex.add call gets."""
    seen: list[int] = []
    real = StoryIndex.add

    def counting(self: StoryIndex, items, published=None, **kw):  # type: ignore[no-untyped-def]
        seen.append(len(items))
        return real(self, items, published, **kw)

    monkeypatch.setattr(StoryIndex, "add", counting)
    return seen


def _memberships(store: Store) -> set[str]:
    return {m for (m,) in store.conn.execute("SELECT members FROM stories")}


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_new_articles_are_added_to_the_kept_grouping(tmp_path: Path, adds: list[int]) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3), _doc(1, 1, 3)])
        assert adds == [2]  # the first refresh of a process groups every article
        report = store.add_documents([_doc(0, 2, 4)])
        assert adds == [2, 1]  # the next one adds only the new article
        story = store.get_story(report.stories[0])
        assert story is not None and story.article_ids == (1, 3)
        kept = _memberships(store)
        store.refresh_stories(force=True)  # afresh: every article, the same stories
        assert adds == [2, 1, 3] and _memberships(store) == kept
        # undated or back-filled articles are grouped afresh, with every article
        store.add_documents([_doc(2, 1, None)])
        store.add_documents([_doc(3, 1, -1)])
        assert adds == [2, 1, 3, 4, 5]
        loose = store.conn.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN "
                                   "(SELECT article_id FROM story_articles)").fetchone()[0]
        assert loose == 0 and len(_memberships(store)) == 4


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_another_database_at_the_same_path_is_grouped_afresh(tmp_path: Path, adds: list[int]) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_documents([_doc(0, 1, 3), _doc(1, 1, 3)])
    for f in tmp_path.glob("s.db*"):
        f.unlink()
    with Store(db) as store:
        store.add_documents([_doc(2, 1, 5)])  # id 1 again, but another article
        assert adds == [2, 1] and _memberships(store) == {"[1]"}


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_a_failed_grouping_leaves_nothing_half_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3)])
        real = StoryIndex.add

        def failing(self: StoryIndex, items, published=None, **kw):  # type: ignore[no-untyped-def]
            real(self, items[:1], None, **kw)  # half the work done, then a failure
            raise MemoryError

        monkeypatch.setattr(StoryIndex, "add", failing)
        with pytest.raises(MemoryError):
            store.add_documents([_doc(0, 2, 3), _doc(1, 1, 3)])
        monkeypatch.setattr(StoryIndex, "add", real)
        store.refresh_stories()
        assert _memberships(store) == {"[1, 2]", "[3]"}


def test_an_add_that_arrives_late_does_not_lose_its_articles() -> None:
    # the second add's first chunk moves nothing forward, but its second chunk is older than
    # the retention horizon of the first add's article: it used to be archived before it
    # was clustered (KeyError)
    index = StoryIndex()
    text = "Nội dung riêng của bài số {0} về một sự kiện. " * 3
    index.add([Article(title="a", paragraphs=[text.format(0)], published=datetime(2024, 3, 1))])
    late = [Article(title=str(n), paragraphs=[text.format(n)], published=when)
            for n, when in ((1, datetime(2024, 1, 1)), (2, datetime(2024, 1, 20)))]
    assert not index.adds_like_a_batch(a.published for a in late)
    index.add(late)
    assert sorted(i for s in index.stories() for i in s.indices) == [0, 1, 2]
    assert index.adds_like_a_batch([datetime(2024, 2, 25), datetime(2024, 3, 9)])
    assert not index.adds_like_a_batch([datetime(2024, 3, 2), None])


def _generations(store: Store) -> list[int | None]:
    return [g for (g,) in store.conn.execute("SELECT grouped_in FROM articles ORDER BY id")]


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_another_process_replays_the_recorded_grouping(tmp_path: Path, adds: list[int]) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3), _doc(1, 1, 3)])
        store.add_documents([_doc(0, 2, 4)])
        store.add_documents([_doc(1, 2, 5), _doc(2, 1, 5)])
        assert _generations(store) == [0, 0, 1, 2, 2] and adds == [2, 1, 2]
        before = _memberships(store)
        stories = store.counts()["stories"]
        store_mod._KEPT.clear()  # a new process (diemtin ingest while the server runs)
        store.add_documents([_doc(0, 3, 6)])
        assert adds == [2, 1, 2, 2, 1, 2, 1]  # the three recorded adds again, then the new one
        assert _generations(store) == [0, 0, 1, 2, 2, 3]
        after = _memberships(store)
        assert after - before == {"[1, 3, 6]"} and before - after == {"[1, 3]"}
        assert store.counts()["stories"] == stories  # nothing regrouped but the new article's


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_too_many_generations_start_afresh(tmp_path: Path, adds: list[int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "MAX_GENERATIONS", 2)
    with Store(tmp_path / "s.db") as store:
        for day in (3, 4, 5):
            store.add_documents([_doc(0, day, day)])
        assert adds == [1, 1, 3] and _generations(store) == [0, 0, 0]


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_a_date_far_after_storing_is_not_used_for_grouping(tmp_path: Path, adds: list[int]) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3)])
        typo = datetime.now() + timedelta(days=365)  # a year typed wrong
        store.add_documents([_doc(1, 1, typo)])  # taken as undated: grouped afresh
        store.add_documents([_doc(0, 2, 4)])  # the next day is not "back-filled"
        assert adds == [1, 2, 1]
        stored = store.get_article(2)
        assert stored is not None
        assert stored.article.published == typo.replace(second=0, microsecond=0)
        assert store.conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == 3


def _replayed(store: Store) -> set[str]:
    """The stories a replay of the recorded generations gives."""
    recorded = [(int(i), h, int(g)) for i, h, g in store.conn.execute(
        "SELECT id, content_hash, grouped_in FROM articles WHERE grouped_in IS NOT NULL "
        "ORDER BY grouped_in, id")]
    kept = store_mod._replay(store, recorded)
    ids = [i for i, _, _ in kept.keys]
    return {json.dumps([ids[p] for p in s.indices]) for s in kept.index.stories()}


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_a_grouping_whose_write_failed_is_recorded_with_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3), _doc(1, 1, 3)])
        real = Store._write_groups

        def failing(self: Store, conn: object, groups: object) -> int:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Store, "_write_groups", failing)
        with pytest.raises(StoreError):
            store.add_documents([_doc(0, 2, 4)])  # stored, added to the index, not written
        monkeypatch.setattr(Store, "_write_groups", real)
        store.add_documents([_doc(1, 2, 5)])
        assert _generations(store) == [0, 0, 1, 2]  # the unwritten add, then the new one
        assert _memberships(store) == _replayed(store)


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_a_grouping_done_elsewhere_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_documents([_doc(0, 1, 3), _doc(1, 1, 3)])
        real = store._groups
        calls: list[int] = []

        def racing(**kw: bool) -> store_mod._Grouping:
            grouping = real(**kw)
            if not calls:  # another process stores and groups an article meanwhile
                code = ("import sys; from diemtin.store import Store; "
                        "from tests.test_store_grouping import _doc; "
                        "Store(sys.argv[1]).add_documents([_doc(2, 1, 4)])")
                subprocess.run([sys.executable, "-c", code, str(db)], check=True,
                               cwd=Path(__file__).resolve().parents[1])
            calls.append(1)
            return grouping

        store._groups = racing  # type: ignore[method-assign]
        store.add_documents([_doc(0, 2, 4)])
        # the other process grouped this article too: this grouping is not written
        assert len(calls) == 1 and _generations(store) == [0, 0, 1, 1]
        assert _memberships(store) == _replayed(store)
        store._groups = real  # type: ignore[method-assign]
        store.add_documents([_doc(1, 2, 5)])  # the kept index is stale: replayed, then added
        assert _generations(store) == [0, 0, 1, 1, 2]
        assert _memberships(store) == _replayed(store)


@pytest.mark.skipif(store_mod._find_clusterer() is None, reason="diemtin.stories not installed")
def test_a_new_process_does_not_replay_what_it_will_regroup(tmp_path: Path, adds: list[int]) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_documents([_doc(0, 1, 3)])
        store.add_documents([_doc(0, 2, 4)])
        store_mod._KEPT.clear()
        store.add_documents([_doc(1, 1, None)])  # undated: grouped afresh, nothing replayed
        assert adds == [1, 1, 3] and _generations(store) == [0, 0, 0]
