"""The long fuzz run, on demand (never a test): mutated real articles through the Python API
and through `tacitus ingest`.

    .venv/bin/python bench/fuzz.py --examples 10000 --mode api
    .venv/bin/python bench/fuzz.py --examples 10000 --mode ingest --workers 2

The articles are ../shared/corpora/guardian_sample.csv.gz, mutated at run time by
bench/mutations.py (nothing is written into the repository). It reports:
- api: each article read (text, or HTML for one in ten), coded and saved, one at a time;
  exceptions outside `tacitus.errors` ("undocumented"), items over 10 s, peak RSS.
- ingest: the fuzzed rows as JSON Lines (a few broken lines among them) through the command
  with --workers; peak RSS of each worker and of the parent (sampled), items that failed
  and the error classes of their failure rows, rows without a reason, and whether every
  item is accounted for (stored + already stored + failed = seen).
The report goes to stdout and to bench/results/fuzz-<mode>-<time>.json (git-ignored), with
every undocumented exception's sample saved beside it for a regression test.
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import mutations  # noqa: E402

SLOW = 10.0


def corpus(path: Path) -> list[tuple[str, str | None]]:
    csv.field_size_limit(10**8)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [(row["text"], row.get("date")) for row in csv.DictReader(handle) if row.get("text")]


def samples(texts, count: int, seed: int):
    """(number, text, published, as_html) for `count` fuzzed articles, the same for a seed."""
    rng = random.Random(seed)
    for number in range(count):
        text, date = rng.choice(texts)
        text = mutations.mutate(text, rng)
        as_html = rng.random() < 0.1
        if as_html:
            text = mutations.html_wrap(text, rng)
        yield number, text, mutations.published(rng, date), as_html


def run_api(texts, args, out: Path) -> dict:
    import tacitus
    from tacitus.database import open_database
    from tacitus.errors import TacitusError
    from tacitus.ingest import parse_date
    from tacitus.options import Options
    from tacitus.reading import read_html, read_text
    documented, undocumented, slow, events = collections.Counter(), [], [], 0
    longest = longest_cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp, open_database(Path(tmp) / "fuzz.db") as db:
        started = time.monotonic()
        for number, text, published, as_html in samples(texts, args.examples, args.seed):
            if number % args.shards != args.shard:
                continue
            began, cpu = time.perf_counter(), time.process_time()
            try:
                options = Options(published=parse_date(published))
                article = (read_html if as_html else read_text)(text, options, source=f"fuzz:{number}")
                article = tacitus.code(article, options)
                db.save_article(article)
                events += len(article.events)
            except TacitusError as error:
                documented[type(error).__name__] += 1
            except Exception as error:  # noqa: BLE001  what this run is looking for
                undocumented.append(_keep(out, number, text, published, error))
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
            longest, longest_cpu = max(longest, seconds), max(longest_cpu, cpu)
            if seconds > SLOW or cpu > SLOW:
                slow.append({"number": number, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1)})
                (out / f"slow-{number}.txt").write_text(text, encoding="utf-8", errors="replace")
            if number % 500 < args.shards:
                print(f"{number} done, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return {"examples": args.examples, "shard": f"{args.shard}/{args.shards}",
            "undocumented": len(undocumented),
            "undocumented_samples": undocumented[:50], "documented": dict(documented),
            "over_10_s": sum(1 for x in slow if x["seconds"] > SLOW),
            "over_10_cpu_s": sum(1 for x in slow if x["cpu_seconds"] > SLOW), "slow": slow,
            "longest_s": round(longest, 2), "longest_cpu_s": round(longest_cpu, 2),
            "load_average": os.getloadavg(),
            "events": events, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "seconds": round(time.monotonic() - started, 1)}


def _keep(out: Path, number: int, text: str, published, error: BaseException) -> dict:
    import traceback
    path = out / f"undocumented-{number}.json"
    path.write_text(json.dumps({"text": text, "published": published,
                                "traceback": traceback.format_exc()}, ensure_ascii=True))
    return {"number": number, "error": type(error).__name__, "message": str(error)[:300],
            "sample": str(path)}


def run_ingest(texts, args, out: Path) -> dict:
    import psutil
    with tempfile.TemporaryDirectory() as tmp:
        source, db = Path(tmp) / "fuzzed.jsonl", Path(tmp) / "fuzz.db"
        seen = _write_rows(texts, args, source)
        command = [str(REPO / ".venv/bin/tacitus"), "ingest", str(source), "--db", str(db),
                   "--workers", str(args.workers)]
        started = time.monotonic()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        peaks: dict[int, float] = {}
        parent = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                for proc in [parent, *parent.children(recursive=True)]:
                    peaks[proc.pid] = max(peaks.get(proc.pid, 0), proc.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.2)
        err = process.stderr.read()
        seconds = time.monotonic() - started
        return _ingest_report(db, err, process.returncode, seen, peaks, process.pid, seconds)


def _write_rows(texts, args, path: Path) -> int:
    rng, seen = random.Random(args.seed + 1), 0
    with open(path, "w", encoding="utf-8") as handle:
        for number, text, published, as_html in samples(texts, args.examples, args.seed):
            seen += 1
            if rng.random() < 0.01:
                handle.write('{"text": "a broken line\n')
                continue
            row = {"html" if as_html else "text": text, "date": published,
                   "url": f"https://fuzz.example/{number}" if rng.random() < 0.9 else
                   mutations.random_unicode("https://fuzz.example/x", rng),
                   "title": mutations.random_unicode("A title", rng) if rng.random() < 0.1 else None,
                   "outlet": rng.choice(("Guardian", "=cmd|' /C calc'!A0", "+Outlet", None))}
            if as_html:  # the table reader takes text columns; HTML goes in as the text
                row["text"] = row.pop("html")
            # ASCII JSON can carry lone surrogates ("\\ud800"); UTF-8 JSON cannot
            handle.write(json.dumps(row, ensure_ascii=rng.random() < 0.5 or _surrogates(row)) + "\n")
    return seen


def _surrogates(row: dict) -> bool:
    try:
        json.dumps(row, ensure_ascii=False).encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _ingest_report(db: Path, err: str, status: int, seen: int, peaks: dict, parent: int,
                   seconds: float) -> dict:
    conn = sqlite3.connect(db)
    failures = conn.execute("SELECT error, reason FROM failures").fetchall()
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    conn.close()
    line = [ln for ln in err.splitlines() if "articles (" in ln]
    counts = re.search(r"(\d+) articles \((\d+) new, (\d+) already stored, (\d+) failed\)",
                       line[-1]) if line else None
    seen_, new, skipped, failed = map(int, counts.groups()) if counts else (None,) * 4
    documented = _documented_names()
    kinds = collections.Counter(error for error, _ in failures)
    workers = {pid: round(mb) for pid, mb in peaks.items() if pid != parent}
    return {"examples": seen, "exit_status": status, "seconds": round(seconds, 1),
            "reported": {"seen": seen_, "new": new, "already_stored": skipped, "failed": failed},
            "articles_stored": articles, "failure_rows": len(failures),
            "failure_rows_without_reason": sum(1 for _, reason in failures if not reason),
            "every_item_accounted": seen_ == seen and new + skipped + failed == seen
            and failed == len(failures) and new == articles,
            "failure_errors": dict(kinds.most_common()),
            "undocumented_failure_rows": sum(n for kind, n in kinds.items() if kind not in documented),
            "over_time_budget": kinds.get("TimeBudgetExceeded", 0),
            "peak_rss_mb_parent": round(peaks.get(parent, 0)),
            "peak_rss_mb_per_worker": workers, "peak_rss_mb_worst_worker": max(workers.values(), default=0),
            "stderr_tail": err[-600:]}


def _documented_names() -> set[str]:
    """The error classes a failure row may name: tacitus.errors, and the reader's own."""
    import inspect
    from tacitus import errors
    names = {name for name, value in vars(errors).items() if inspect.isclass(value)}
    return names | {"JSONDecodeError", "NotAnObject", "MissingText", "UnsupportedType",
                    "WorkerDied", "FileNotFoundError"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000, help="how many fuzzed articles")
    parser.add_argument("--mode", choices=("api", "ingest"), default="api",
                        help="api: read/code/save in this process; ingest: the command")
    parser.add_argument("--workers", type=int, default=2, help="ingest --workers")
    parser.add_argument("--seed", type=int, default=13, help="the mutations' seed")
    parser.add_argument("--shard", type=int, default=0, help="api: run the examples whose number "
                        "modulo --shards is this (to spread a run over processes)")
    parser.add_argument("--shards", type=int, default=1, help="api: how many shards in all")
    parser.add_argument("--corpus", type=Path,
                        default=REPO.parent / "shared" / "corpora" / "guardian_sample.csv.gz",
                        help="a CSV (.gz) with a text column and a date column")
    args = parser.parse_args()
    out = REPO / "bench" / "results" / f"fuzz-{args.mode}-{time.strftime('%Y%m%d-%H%M%S')}-{args.shard}"
    out.mkdir(parents=True, exist_ok=True)
    texts = corpus(args.corpus)
    report = (run_api if args.mode == "api" else run_ingest)(texts, args, out)
    report.update(mode=args.mode, seed=args.seed, corpus=str(args.corpus), command=" ".join(sys.argv))
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
