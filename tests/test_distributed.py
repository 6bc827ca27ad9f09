"""The Dask path on a local cluster: the same events as the local path, failures kept."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from distributed import Client, LocalCluster  # noqa: E402

from tacitus.database import open_database  # noqa: E402
from tacitus.distributed import code_partitions, load_partitions  # noqa: E402
from tacitus.ingest import ingest  # noqa: E402

ROWS = [
    {"text": "Police in Lagos arrested forty protesters outside the state assembly on Monday.",
     "date": "2026-03-10", "url": "https://example.org/lagos"},
    {"text": "The foreign minister of Kenya met his Ugandan counterpart in Kampala on Tuesday.",
     "date": "2026-03-11", "url": "https://example.org/kampala"},
    {"text": "Thousands of teachers marched through Nairobi on Friday to demand higher pay.",
     "date": "2026-03-14", "url": "https://example.org/nairobi"},
    {"text": "The weather in Lisbon was mild for the season.", "date": "2026-03-14"},
    {"title": "a row with no text"},
]


def dump(path: Path) -> dict:
    conn = sqlite3.connect(path)
    tables = {
        "articles": "SELECT id, url, title, published, event_count FROM articles ORDER BY id",
        "events": "SELECT event_type, date, mention_count, article_count FROM events ORDER BY id",
        "parties": "SELECT event_id, role, name FROM event_parties ORDER BY 1, 2, 3",
        "failures": "SELECT source, stage, error FROM failures ORDER BY source",
    }
    out = {name: conn.execute(sql).fetchall() for name, sql in tables.items()}
    conn.close()
    out["failures"] = [(s.rsplit(":", 1)[-1], stage, err) for s, stage, err in out["failures"]]
    return out


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def test_dask_gives_the_same_database_as_the_local_path(tmp_path, client):
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    with open_database(tmp_path / "local.db") as db:
        local = ingest([source], db)
    parts = code_partitions([source], tmp_path / "parts", client=client, partition_size=2)
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet",
                                       "part-00002.parquet"]
    with open_database(tmp_path / "dask.db") as db:
        loaded = load_partitions(tmp_path / "parts", db)
    assert (loaded.stored, loaded.failed, loaded.mentions) == \
        (local.stored, local.failed, local.mentions) == (4, 1, local.mentions)
    assert local.mentions >= 2  # the pipeline found events, so the comparison means something
    assert dump(tmp_path / "dask.db") == dump(tmp_path / "local.db")


def test_a_rerun_codes_nothing_and_loads_nothing_new(tmp_path, client):
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in ROWS[:2]))
    code_partitions([source], tmp_path / "parts", client=client)
    stamp = (tmp_path / "parts" / "part-00000.parquet").stat().st_mtime_ns
    code_partitions([source], tmp_path / "parts", client=client)
    assert (tmp_path / "parts" / "part-00000.parquet").stat().st_mtime_ns == stamp
    with open_database(tmp_path / "t.db") as db:
        assert load_partitions(tmp_path / "parts", db).stored == 2
        assert load_partitions(tmp_path / "parts", db).skipped == 2


def test_cli_engine_dask_on_a_local_cluster(tmp_path, monkeypatch):
    from tacitus.cli import main
    source = tmp_path / "rows.jsonl"
    source.write_text(json.dumps(ROWS[0]) + "\n")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", str(source), "--db", "t.db", "--engine", "dask", "--workers", "1",
                 "--quiet"]) == 0
    assert (tmp_path / "t.db.parts" / "part-00000.parquet").exists()
    assert dump(tmp_path / "t.db")["articles"][0][1] == "https://example.org/lagos"
