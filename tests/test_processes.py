"""kill -9 and SIGTERM of `tacitus ingest --workers 2`: no worker outlives its parent, SIGTERM
exits 143 having saved what was coded, and a rerun loses and duplicates nothing."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPO = Path(__file__).parent.parent


# each article long enough that a chunk of coded articles overfills a pipe: a parent that
# waited for its workers on SIGTERM deadlocked on exactly that
FILLER = " The quay was quiet and the cranes stood idle." * 1500


def corpus(path: Path, count: int = 40) -> Path:
    rows = [{"text": f"Dockworkers in Mombasa walked out against the Ports Authority, report {n}."
             + FILLER,
             "date": f"2026-03-{1 + n % 28:02d}", "url": f"https://news.example/{n}",
             "outlet": ("Coast Herald", "Nairobi Ledger")[n % 2]} for n in range(count)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not created yet


def summary(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT url, COUNT(*) FROM articles GROUP BY url ORDER BY url").fetchall()
        events = conn.execute("SELECT event_type, date, mention_count FROM events ORDER BY id").fetchall()
        return articles, events
    finally:
        conn.close()


def alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                living.append(pid)
        except psutil.NoSuchProcess:
            pass
    return living


def run(source: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # stderr to a file, not a pipe: a worker left alive would hold a pipe open for ever
    err = open(db.with_suffix(".err"), "w")
    return subprocess.Popen([sys.executable, str(FIXTURES / "run_cli.py"), "ingest", str(source),
                             "--db", str(db), "--workers", "2", "-q"], env=env, stderr=err)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_a_stopped_ingest_leaves_no_worker_and_a_rerun_completes_it(tmp_path, stop):
    source, killed, whole = corpus(tmp_path / "rows.jsonl"), tmp_path / "killed.db", tmp_path / "whole.db"
    process = run(source, killed)
    deadline = time.monotonic() + 60
    while stored(killed) < 6 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    workers = [child.pid for child in psutil.Process(process.pid).children(recursive=True)]
    assert len(workers) >= 2, "the pool did not start"
    process.send_signal(stop)
    status = process.wait(timeout=60)
    err = killed.with_suffix(".err").read_text()
    if stop == signal.SIGTERM:
        assert status == 143, err
        assert "interrupted" in err
    else:
        assert status == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = alive(workers)
    for pid in orphans:  # end them, so that a failure here leaves nothing behind
        os.kill(pid, signal.SIGKILL)
    assert orphans == [], "orphaned workers"
    assert 6 <= stored(killed) < 40, "the run was not stopped midway"

    assert run(source, killed).wait(timeout=120) == 0
    assert run(source, whole).wait(timeout=120) == 0
    assert summary(killed) == summary(whole)
    articles, _ = summary(whole)
    assert len(articles) == 40 and all(count == 1 for _, count in articles)


def test_a_worker_that_dies_fails_its_article_and_the_pool_goes_on():
    sys.path.insert(0, str(FIXTURES))
    import fake_coder
    from tacitus.article import Article
    from tacitus.batch import code_stream
    texts = [f"Dockworkers in Mombasa walked out, day {n}." for n in range(8)]
    texts[3] = "A poison article about dockworkers who walked out."
    jobs = [(n, Article(text=text)) for n, text in enumerate(texts)]
    out = dict(code_stream(jobs, coder=fake_coder.dies_on_poison, workers=2, in_flight=4))
    assert sorted(out) == list(range(8))
    assert out[3].error == "WorkerDied" and "died" in out[3].reason
    assert all(out[n].error is None and out[n].article.events for n in out if n != 3)
