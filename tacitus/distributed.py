"""The Dask path: code a corpus on a cluster into Parquet partitions, then load them.

    >>> from tacitus.distributed import code_partitions, load_partitions
    >>> parts = code_partitions(["news.jsonl.gz"], "parts/", scheduler="tcp://10.0.0.5:8786")
    >>> report = load_partitions("parts/", open_database("tacitus.db"))

This process reads the sources and cuts them into partitions of `partition_size` items;
each partition is one Dask task that reads its items into articles, codes them and writes
`part-NNNNN.parquet`: one row per article (its metadata and text), the coded events as
PLOVER JSON in `events`, or `error` and `reason` when it failed. A worker process keeps the
language model loaded between tasks, so it loads once. At most `in_flight` partitions are
out at a time, so the client's memory stays flat. A partition whose file exists is not
coded again, so a rerun after a crash continues.

Only `load_partitions` writes the database, one process, partitions in order, which gives
the same database as `tacitus.ingest` on the same sources. Needs `dask[distributed]` and
pyarrow (the `dask` extra).
"""
from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .article import Article
from .ingest import (CHUNK, SAVE_ERRORS, Columns, IngestReport, Item, Unreadable, code_chunk,
                     iter_items, read_item)
from .options import DEFAULT, Options
from .records import event_from_dict

COLUMNS = ("source", "id", "text", "title", "published", "url", "outlet", "author", "language",
           "events", "stage", "error", "reason")


def _partitions(items: Iterable[Item | Unreadable], size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rows(items: list[Item | Unreadable], options: Options, chunk: int = CHUNK) -> list[dict]:
    """The items read and coded (`chunk` at a time, as the local path does), as Parquet rows;
    a failure is a row too, never lost."""
    rows: list[dict | None] = []
    readable: list[tuple[int, Item, Article]] = []
    for item in items:
        if isinstance(item, Unreadable):
            rows.append({"source": item.source, "stage": "read", "error": item.error,
                         "reason": item.reason})
            continue
        try:
            readable.append((len(rows), item, read_item(item, options)))
            rows.append(None)
        except (ImportError, NotImplementedError):
            raise
        except Exception as error:  # one bad article never takes the partition down
            rows.append({"source": item.source, "stage": "read", "error": type(error).__name__,
                         "reason": str(error)})
    for k in range(0, len(readable), chunk):
        part = readable[k:k + chunk]
        for (at, item, _), coded in zip(part, code_chunk([a for _, _, a in part], options)):
            rows[at] = _row(item, coded)
    return rows


def _row(item: Item, coded) -> dict:
    article = coded.article
    row = {"source": item.source, "id": article.id, "text": article.text,
           "title": article.title, "published": article.published.isoformat()
           if article.published else None, "url": article.url, "outlet": article.outlet,
           "author": article.author, "language": article.language}
    if coded.error:
        return {**row, "stage": "code", "error": coded.error, "reason": coded.reason}
    return {**row, "events": json.dumps([e.to_dict() for e in article.events], ensure_ascii=False)}


def code_partition(items: list, path: str, options: Options = DEFAULT) -> str:
    """The Dask task: code one partition of items and write it to `path` (atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = _rows(items, options)
    table = pa.table({name: pa.array([r.get(name) for r in rows], pa.string()) for name in COLUMNS})
    partial = Path(path + ".partial")
    pq.write_table(table, partial)
    partial.replace(path)
    return path


def code_partitions(sources: Iterable[str | Path], output: str | Path, *, client=None,
                    scheduler: str | None = None, options: Options = DEFAULT,
                    columns: Columns = Columns(), partition_size: int = 50,
                    in_flight: int | None = None, limit: int | None = None) -> list[Path]:
    """Code `sources` on a Dask cluster (`client`, or a `distributed.Client(scheduler)`)
    into Parquet partitions under `output`; returns their paths, in order."""
    from distributed import Client, as_completed
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or Client(scheduler)
    try:
        in_flight = in_flight or 2 * max(1, sum(client.nthreads().values()))
        items = islice(iter_items(sources, columns, options), limit)
        paths, running = [], as_completed()
        for number, chunk in enumerate(_partitions(items, partition_size)):
            path = output / f"part-{number:05d}.parquet"
            paths.append(path)
            if path.exists():
                continue  # coded by an earlier run
            running.add(client.submit(code_partition, chunk, str(path), options, pure=False))
            while running.count() >= in_flight:
                next(running).result()  # raises what the task raised
        for future in running:
            future.result()
        return paths
    finally:
        if own:
            client.close()


def article_of(row: dict) -> Article:
    """The coded article a Parquet row holds (text, metadata and events)."""
    from .ingest import parse_date
    article = Article(text=row["text"], id=row["id"], title=row["title"],
                      published=parse_date(row["published"]), url=row["url"],
                      outlet=row["outlet"], author=row["author"], language=row["language"],
                      source=row["source"])
    article.events = [event_from_dict(e) for e in json.loads(row["events"] or "[]")]
    return article


def load_partitions(output: str | Path, db) -> IngestReport:
    """Save every article of the partitions under `output` into `db`, in partition order;
    failed rows go to the failures table. Loading twice stores once."""
    import pyarrow.parquet as pq
    report = IngestReport()
    for path in sorted(Path(output).glob("part-*.parquet")):
        for row in pq.read_table(path).to_pylist():
            report.seen += 1
            if row["error"]:
                report.failed += 1
                db.record_failure(row["source"], row["stage"], row["error"], row["reason"])
                continue
            try:
                saved = db.save_article(article_of(row))
            except SAVE_ERRORS as error:
                report.failed += 1
                db.record_failure(row["source"], "save", type(error).__name__, str(error))
                continue
            if saved.skipped:
                report.skipped += 1
                continue
            report.stored += 1
            report.mentions += len(saved.event_ids)
            report.new_events += saved.new_events
    return report


def ingest_dask(paths, db_path, *, columns: Columns = Columns(), scheduler: str | None = None,
                output: str | None = None, workers: int = 0, limit: int | None = None,
                quiet: bool = False, options: Options = DEFAULT) -> int:
    """`tacitus ingest --engine dask`: code on the cluster, then load into the database.
    Without a scheduler, a local cluster of `workers` processes (0: one per core)."""
    from .batch import default_workers
    from .database import open_database
    output = Path(output or f"{db_path}.parts")
    client = None
    if scheduler is None:
        from distributed import Client, LocalCluster
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True)
        client = Client(cluster)
    try:
        parts = code_partitions(paths, output, client=client, scheduler=scheduler,
                                options=options, columns=columns, limit=limit)
    finally:
        if client is not None:
            client.close()
            cluster.close()
    with open_database(db_path) as db:
        report = load_partitions(output, db)
    if not quiet:
        print(f"{len(parts)} partitions in {output}; {report.seen} articles ({report.stored} new,"
              f" {report.skipped} already stored, {report.failed} failed), {report.mentions}"
              f" events", file=sys.stderr)
    return 0
