"""Latency of the HTTP API under load: p50/p95 of each endpoint with N concurrent clients on
loopback, against a database of at least 10,000 articles (a benchmark, never a test).

The database: the corpus of ../shared/corpora is coded once (`tacitus ingest`, 2 workers),
then its stored rows are replicated in SQLite with new ids and dates shifted by a multiple
of 97 days (articles, events, parties, mentions, attribution, the FTS index) until there are
at least `--articles` articles. Replicating rows is far faster than coding variants, and
the API's cost depends on row counts and indices, not on how the rows were coded.

    .venv/bin/python bench/web.py                        # 10,000+ articles, 20 clients, 1 worker
    .venv/bin/python bench/web.py --workers 2            # two server processes (2 cores here)
    .venv/bin/python bench/web.py --repeat               # the same request over and over

Results go to bench/results/web-<time>.json (git-ignored) and to the screen.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "guardian_sample.csv.gz"
RESULTS = REPO / "bench" / "results"
SHIFT_DAYS = 97


def build(path: Path, articles: int) -> None:
    """Code the corpus into `path` (once), then replicate its rows up to `articles`."""
    if not path.exists():
        subprocess.run([sys.executable, "-m", "tacitus", "ingest", str(CORPUS), "--db", str(path),
                        "--workers", "2", "--quiet"], check=True, cwd=REPO)
    conn = sqlite3.connect(path, isolation_level=None)
    base = conn.execute("SELECT COUNT(*) FROM articles WHERE id NOT LIKE '%~%'").fetchone()[0]
    have = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    copy = have // base
    while conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] < articles:
        replicate(conn, copy)
        copy += 1
    conn.execute("ANALYZE")
    conn.close()


def replicate(conn: sqlite3.Connection, copy: int) -> None:
    """One more copy of the original rows: ids offset, dates shifted by copy * SHIFT_DAYS.
    Columns are read from the schema, so a newer schema is copied whole."""
    shift = f"'+{copy * SHIFT_DAYS} days'"
    events = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
    mentions = conn.execute("SELECT MAX(id) FROM mentions").fetchone()[0]
    originals = conn.execute("SELECT MAX(e.id) FROM events e JOIN mentions m ON m.event_id = e.id"
                             " WHERE m.article_id NOT LIKE '%~%'").fetchone()[0]
    day = lambda column: f"CASE WHEN length({column}) = 10 THEN date({column}, {shift}) ELSE {column} END"
    changed = {
        "articles": {"id": f"id || '~{copy}'", "content_hash": f"content_hash || '~{copy}'",
                     "url": f"url || '?copy={copy}'", "published": day("published")},
        "events": {"id": f"id + {events}", "date": day("date"), "date_lo": f"date(date_lo, {shift})",
                   "date_hi": f"date(date_hi, {shift})"},
        "event_parties": {"id": "NULL", "event_id": f"event_id + {events}"},
        "mentions": {"id": f"id + {mentions}", "event_id": f"event_id + {events}",
                     "article_id": f"article_id || '~{copy}'"},
        "reported_by": {"id": "NULL", "mention_id": f"mention_id + {mentions}",
                        "event_id": f"event_id + {events}"},
    }
    which = {"articles": "id NOT LIKE '%~%'", "events": f"id <= {originals}",
             "event_parties": f"event_id <= {originals}",
             "mentions": "article_id NOT LIKE '%~%'", "reported_by": f"event_id <= {originals}"}
    conn.execute("BEGIN")
    for table, changes in changed.items():
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        values = ", ".join(changes.get(c, c) for c in columns)
        conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table}"
                     f" WHERE {which[table]}")
    conn.execute(
        f"INSERT INTO sentences_fts (sentence, mention_id) SELECT f.sentence, f.mention_id + {mentions}"
        " FROM sentences_fts f JOIN mentions m ON m.id = f.mention_id"
        " WHERE m.article_id NOT LIKE '%~%'")
    conn.execute("COMMIT")


def endpoints(path: Path) -> dict[str, tuple[str, str, dict | None]]:
    """name -> (method, URL template, body). {until} and {event}/{article} take a new value at
    each request, so that with `--distinct` no two requests ask the same thing (and no
    remembered answer serves them): the figures are those of real queries."""
    code = {"text": "Police arrested 40 protesters in Nairobi on Monday, witnesses said.",
            "published": "2026-03-10"}
    return {
        "events (page of 50)": ("GET", "/api/v1/events?until={until}", None),
        "events, type + date range": ("GET", "/api/v1/events?event_type=ASSAULT&since=1990-01-01&until={until}", None),
        "events, two actor countries": ("GET", "/api/v1/events?actor_country=USA&actor_country=RUS&sort=-mentions&until={until}", None),
        "events, search": ("GET", "/api/v1/events?search=missile+strike&until={until}", None),
        "events, page 400": ("GET", "/api/v1/events?offset=20000&limit=50&until={until}", None),
        "events export csv (1 type, 1 year)": ("GET", "/api/v1/events?format=csv&event_type=PROTEST&since=2019-01-01&until={until}", None),
        "event detail": ("GET", "/api/v1/events/{event}", None),
        "article": ("GET", "/api/v1/articles/{article}", None),
        "timeline (month, type)": ("GET", "/api/v1/timeline?until={until}", None),
        "timeline (week, quad)": ("GET", "/api/v1/timeline?interval=week&by=quad&until={until}", None),
        "dyads": ("GET", "/api/v1/dyads?until={until}", None),
        "places (GeoJSON)": ("GET", "/api/v1/places?until={until}", None),
        "countries": ("GET", "/api/v1/countries?until={until}", None),
        "facets": ("GET", "/api/v1/facets?until={until}", None),
        "stats": ("GET", "/api/v1/stats", None),
        "code (POST)": ("POST", "/api/v1/code", code),
    }


def samples(path: Path, count: int) -> dict[str, list[str]]:
    """`count` values for each placeholder: days, event ids, article ids."""
    import datetime as dt
    conn = sqlite3.connect(path)
    events = [str(r[0]) for r in conn.execute("SELECT id FROM events ORDER BY random() LIMIT ?", (count,))]
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT ?", (count,))]
    conn.close()
    last = dt.date(2030, 12, 31)
    days = [(last - dt.timedelta(days=n)).isoformat() for n in range(count)]
    return {"until": days, "event": events, "article": articles}


async def load(base: str, method: str, url: str, body, clients: int, requests: int,
               values: dict[str, list[str]] | None) -> list[float]:
    import httpx
    latencies: list[float] = []

    async def client(number: int):
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            for n in range(requests):
                at = number * requests + n
                target = url.format(**{k: v[at % len(v)] for k, v in values.items()}) if values \
                    else url.format(until="2030-12-31", event="1", article=first_article)
                started = time.perf_counter()
                try:
                    response = await http.request(method, target, json=body)
                except httpx.TransportError as error:  # counted, not fatal: the run goes on
                    failures.append(f"{target}: {type(error).__name__}")
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{target}: HTTP {response.status_code} {response.text[:200]}")

    await asyncio.gather(*(client(number) for number in range(clients)))
    return latencies


first_article = ""
failures: list[str] = []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds used so far by the server process and its worker processes."""
    import psutil
    process = psutil.Process(server.pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def server_load() -> float:
    return os.getloadavg()[0]


def serve(path: Path, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "tacitus", "serve", "--db", str(path),
                               "--port", str(port), "--workers", str(workers)], cwd=REPO,
                              stderr=subprocess.DEVNULL)
    import httpx
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=RESULTS / "web-bench.db")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client per endpoint")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--only", metavar="WORDS", help="only the endpoints whose name holds this")
    parser.add_argument("--repeat", action="store_true",
                        help="every request the same (remembered answers serve most of them); "
                             "default: every request different")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    build(args.db, args.articles)
    conn = sqlite3.connect(args.db)
    sizes = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
             for t in ("articles", "events", "mentions")}
    conn.close()
    print(f"database: {sizes} ({args.db.stat().st_size / 1e6:.0f} MB), built in "
          f"{time.monotonic() - started:.0f} s", flush=True)
    server = serve(args.db, args.port, args.workers)
    base, rows = f"http://127.0.0.1:{args.port}", []
    global first_article
    values = samples(args.db, args.clients * args.requests + 2)
    first_article = values["article"][0]
    try:
        for name, (method, url, body) in endpoints(args.db).items():
            if args.only and args.only not in name:
                continue
            warm = {k: v[-2:] for k, v in values.items()}  # the model for /code, page caches
            asyncio.run(load(base, method, url, body, 2, 1, warm))
            cpu_before = server_cpu(server)
            latencies = asyncio.run(load(base, method, url, body, args.clients, args.requests,
                                         None if args.repeat else values))
            # the server's CPU seconds per request: what one request costs on an idle core,
            # whatever else the machine runs (wall-clock latency depends on that load)
            cpu = (server_cpu(server) - cpu_before) / max(1, len(latencies))
            row = {"endpoint": name, "url": url, "requests": len(latencies),
                   "p50_ms": round(1000 * statistics.median(latencies), 1),
                   "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
                   "server_cpu_ms": round(1000 * cpu, 1), "failed": len(failures)}
            failures.clear()
            rows.append(row)
            print(f"{name:40s} p50 {row['p50_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms"
                  f"   server CPU {row['server_cpu_ms']:7.1f} ms/request"
                  + (f"   {row['failed']} failed" if row["failed"] else ""), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = RESULTS / f"web-{time.strftime('%Y%m%dT%H%M%S')}.json"
    print(f"load average at the end: {server_load():.1f} on {os.cpu_count()} cores")
    out.write_text(json.dumps({"sizes": sizes, "clients": args.clients, "workers": args.workers,
                               "distinct": not args.repeat, "load_average": server_load(),
                               "cpus": os.cpu_count(), "endpoints": rows}, indent=1))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
