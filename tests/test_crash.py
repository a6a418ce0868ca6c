"""Crash safety: SIGKILL a bulk ``diemtin ingest`` midway, then check and finish the job."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diemtin.cleaner import clean_article
from diemtin.ingest.read import read_path
from diemtin.store import Store, content_hash

N_ARTICLES = 1200
KILL_AFTER = 64  # committed articles seen before the kill


def _article(n: int) -> str:
    return (
        f"Tỉnh số {n} khai trương tuyến xe buýt điện mới\n\n"
        f"Ngày {n % 28 + 1}/6, tỉnh số {n} đã đưa vào khai thác tuyến xe buýt điện đầu tiên nối "
        "trung tâm thành phố với sân bay, phục vụ hàng nghìn lượt khách mỗi ngày.\n\n"
        f"Tuyến xe dài {20 + n % 50} km với {10 + n % 7} điểm dừng, giá vé được giữ ở mức thấp để "
        "khuyến khích người dân chuyển sang sử dụng phương tiện công cộng thân thiện môi trường.\n\n"
        "Đại diện sở giao thông cho biết trong năm tới tỉnh sẽ mở thêm nhiều tuyến mới và đầu tư "
        "hệ thống trạm sạc tại các bến xe lớn trên địa bàn.\n"
    )


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created / being migrated yet
        return 0


def _ingest(folder: Path, db: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return [sys.executable, "-m", "diemtin.cli", "ingest", str(folder), "--db", str(db)], env


def test_sigkill_midway_loses_nothing_committed(tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    for n in range(N_ARTICLES):
        (folder / f"{n:05d}.txt").write_text(_article(n), encoding="utf-8")
    db = tmp_path / "bulk.db"
    cmd, env = _ingest(folder, db)

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _committed(db)
        if seen >= KILL_AFTER:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.fail(f"ingest ended (rc={proc.returncode}) before it could be killed; "
                    f"raise N_ARTICLES. stderr: {proc.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL

    # restart: the database opens, passes the integrity check, and kept every commit
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        after_kill = store.counts()["articles"]
        assert KILL_AFTER <= seen <= after_kill < N_ARTICLES
        for stored in store.articles():
            doc = read_path(stored.source)[0]
            assert stored.raw_text == doc.text
            assert stored.content_hash == content_hash(doc)
            assert stored.article.paragraphs == clean_article(doc).paragraphs
            assert stored.article.title == clean_article(doc).title

    # re-run: completes, stores only what was missing, no duplicates
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    m = re.search(r"(\d+) new article\(s\), (\d+) already stored, 0 rejected", done.stdout)
    assert m, done.stdout
    assert (int(m.group(1)), int(m.group(2))) == (N_ARTICLES - after_kill, after_kill)
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        conn = store.conn
        assert store.counts()["articles"] == N_ARTICLES
        assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == N_ARTICLES
        assert conn.execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0] == N_ARTICLES
        loose = conn.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"
        ).fetchone()[0]
        assert loose == 0  # every article is in a story after the re-run
        members = [json.loads(r[0]) for r in conn.execute("SELECT members FROM stories")]
        assert sorted(i for m in members for i in m) == list(range(1, N_ARTICLES + 1))
