"""Parallel coding: same results as one process, in order, failures kept, memory bounded."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from tacitus.article import Article
from tacitus.batch import code_many, code_stream
from tacitus.database import open_database
from tacitus.ingest import code_one, ingest

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
sys.path.insert(0, str(FIXTURES))
import fake_coder  # noqa: E402

TEXTS = [
    "Police in Lagos arrested forty protesters outside the state assembly on Monday.",
    "The foreign minister of Kenya met his Ugandan counterpart in Kampala on Tuesday.",
    "Thousands of teachers marched through Nairobi on Friday to demand higher pay.",
    "Russian forces shelled villages near Kharkiv overnight, Ukrainian officials said.",
    "The weather in Lisbon was mild for the season.",
]


def summary(article: Article) -> list[dict]:
    return [e.to_dict() for e in article.events]


def test_fake_coder_in_order_with_tags():
    jobs = [(n, Article(text=f"Dockworkers in Mombasa walked out, day {n}.")) for n in range(9)]
    out = list(code_stream(iter(jobs), coder=fake_coder.code, workers=2, in_flight=3))
    assert [tag for tag, _ in out] == list(range(9))
    assert all(c.error is None and c.article.events for _, c in out)


def test_source_is_read_lazily():
    """No more than `in_flight` articles are taken from the source ahead of the results."""
    taken = []

    def jobs():
        for n in range(20):
            taken.append(n)
            yield n, Article(text=f"Police in Mombasa arrested dockworkers, case {n}.")

    stream = code_stream(jobs(), coder=fake_coder.code, workers=2, in_flight=4)
    next(stream)
    assert len(taken) <= 5
    stream.close()


def test_a_failing_article_is_returned_not_raised():
    jobs = [(0, Article(text="Dockworkers walked out.")), (1, Article(text="An unreadable article.")),
            (2, Article(text="Police arrested dockworkers."))]
    out = dict(code_stream(jobs, coder=fake_coder.failing_code, workers=2))
    assert set(out) == {0, 1, 2}
    assert out[1].error == "ValueError" and out[0].error is None and out[2].error is None


def test_the_real_pipeline_gives_the_same_events_in_two_processes():
    import datetime as dt
    made = [Article(text=t, published=dt.date(2026, 3, 10)) for t in TEXTS]
    alone = [summary(code_one(a).article) for a in made]
    made = [Article(text=t, published=dt.date(2026, 3, 10)) for t in TEXTS]
    pooled = [summary(c.article) for c in code_many(made, workers=2)]
    assert pooled == alone and any(alone)


def test_ingest_with_workers_gives_the_same_database(tmp_path):
    rows = [{"text": f"Dockworkers in Mombasa walked out against the Ports Authority, day {n}."
             if n % 3 else f"The transport minister met dockworkers in Mombasa, day {n}.",
             "date": "2026-03-10"} for n in range(12)]
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    dumps = []
    for workers in (1, 2):
        path = tmp_path / f"w{workers}.db"
        with open_database(path) as db:
            report = ingest([source], db, coder=fake_coder.code, workers=workers)
        assert (report.stored, report.failed) == (12, 0)
        conn = sqlite3.connect(path)
        dumps.append(conn.execute("SELECT e.id, e.event_type, e.mention_count, e.article_count"
                                  " FROM events e ORDER BY e.id").fetchall())
        conn.close()
    assert dumps[0] == dumps[1]
