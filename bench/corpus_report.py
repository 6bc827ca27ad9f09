"""Code every article of a news corpus and summarise what Tacitus found.

    .venv/bin/python bench/corpus_report.py [--corpus PATH] [--sample N] [--seed S] [--limit K]

The corpus is a gzipped CSV with columns (index, date, text, source); the Guardian sample in
/work/shared/corpora has an unnamed first column, so the index is read positionally. Texts are
read at run time only and never copied into the repository. One article that fails is recorded
with its reason and the run goes on (STYLE.md, rule 8). The JSON summary, with every event, goes
to bench/results/ (git-ignored); the figures and a seeded random sample of events go to stdout so
a person can judge them against their evidence sentences.
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import random
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

import tacitus
from tacitus.errors import TacitusError

DEFAULT_CORPUS = Path("/work/shared/corpora/guardian_sample.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results"


def read_corpus(path: Path) -> list[dict]:
    """Rows as {index, date, text}; the first column is the index whatever its header."""
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        date_col, text_col = header.index("date"), header.index("text")
        return [{"index": row[0], "date": row[date_col], "text": row[text_col]}
                for row in reader if row]


def code_corpus(rows: list[dict]) -> tuple[list[dict], list[dict], list[int]]:
    """Code each row; returns (events as dicts, failures, events-per-article counts)."""
    events, failures, per_article = [], [], []
    for number, row in enumerate(rows, 1):
        try:
            found = tacitus.code_text(row["text"], published=row["date"] or None)
        except TacitusError as error:
            failures.append({"index": row["index"], "kind": type(error).__name__,
                             "reason": str(error), "traceback": traceback.format_exc()})
            continue
        except Exception as error:  # a pipeline bug: record it and go on to the next article
            failures.append({"index": row["index"], "kind": type(error).__name__,
                             "reason": repr(error), "traceback": traceback.format_exc()})
            continue
        per_article.append(len(found))
        events.extend({**event.to_dict(), "article_index": row["index"]} for event in found)
        if number % 25 == 0:
            print(f"  coded {number}/{len(rows)}", file=sys.stderr, flush=True)
    return events, failures, per_article


def share(count: int, total: int) -> float:
    return round(count / total, 3) if total else 0.0


def summarise(events: list[dict], failures: list[dict], per_article: list[int]) -> dict:
    """The corpus-level figures the report prints."""
    total = len(events)
    modality = [e["modality"] for e in events]
    return {
        "articles_coded": len(per_article),
        "failures": [{k: f[k] for k in ("index", "kind", "reason")} for f in failures],
        "events": total,
        "events_per_article": {
            "mean": round(statistics.mean(per_article), 2) if per_article else 0,
            "median": statistics.median(per_article) if per_article else 0,
            "max": max(per_article, default=0),
            "share_with_none": share(sum(1 for n in per_article if n == 0), len(per_article)),
        },
        "event_types": dict(collections.Counter(e["event_type"] for e in events).most_common()),
        "modes": dict(collections.Counter(e["mode"] or "-" for e in events).most_common()),
        "share_asserted": share(sum(1 for m in modality
                                    if not (m["negated"] or m["hypothetical"])), total),
        "share_negated": share(sum(1 for m in modality if m["negated"]), total),
        "share_hypothetical": share(sum(1 for m in modality if m["hypothetical"]), total),
        "share_actor_with_country": share(
            sum(1 for e in events if any(a.get("country") for a in e["actor"])), total),
        "share_with_actor": share(sum(1 for e in events if e["actor"]), total),
        "share_with_recipient": share(sum(1 for e in events if e["recipient"]), total),
    }


def party(actors: list[dict]) -> str:
    if not actors:
        return "-"
    return "+".join(f"{a['text']}[{a.get('country') or '?'}/{a.get('sector') or '?'}]"
                    for a in actors)


def describe(number: int, event: dict) -> str:
    """One sampled event with every sentence that coded it, for a human judge.

    A merged event can take its actor from one mention and its trigger from another, so each
    mention is shown with the spans it contributed.
    """
    modality = event["modality"]
    flags = ",".join(k for k in ("negated", "hypothetical", "future", "historical")
                     if modality[k]) or "asserted"
    date = event["date"]
    lines = [f"[{number}] article {event['article_index']}  {event['event_type']}/"
             f"{event['mode'] or '-'} ({flags})  {party(event['actor'])} -> "
             f"{party(event['recipient'])}",
             f"    date: {date['value']} ({date['granularity']}, text={date['text']!r})"]
    for evidence in event["evidence"][:4]:
        spans = lambda key: "+".join(s["text"] for s in evidence.get(key) or ()) or "-"
        trigger = (evidence.get("trigger") or {}).get("text", "?")
        lines.append(f"    #{evidence['sentence_index']} trigger '{trigger}' actor {spans('actor')}"
                     f" recipient {spans('recipient')}: {evidence['sentence']}")
    if len(event["evidence"]) > 4:
        lines.append(f"    ... {len(event['evidence']) - 4} more mentions")
    return "\n".join(lines)


def print_summary(summary: dict, failures: list[dict]) -> None:
    per = summary["events_per_article"]
    print(f"articles coded: {summary['articles_coded']}   failures: {len(failures)}")
    for failure in failures:
        print(f"  FAILED article {failure['index']}: {failure['kind']}: {failure['reason']}")
        print("    " + failure["traceback"].strip().replace("\n", "\n    "))
    print(f"events: {summary['events']}   per article: mean {per['mean']}, median "
          f"{per['median']}, max {per['max']}, share with none {per['share_with_none']}")
    print("event types: " + ", ".join(f"{k} {v}" for k, v in summary["event_types"].items()))
    print("modes: " + ", ".join(f"{k} {v}" for k, v in summary["modes"].items()))
    print(f"asserted {summary['share_asserted']}, negated {summary['share_negated']}, "
          f"hypothetical {summary['share_hypothetical']}; actor has a country "
          f"{summary['share_actor_with_country']}; has actor {summary['share_with_actor']}, "
          f"has recipient {summary['share_with_recipient']}")


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=25, help="random events to print")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--limit", type=int, default=0, help="code only the first K articles")
    args = parser.parse_args(argv)

    rows = read_corpus(args.corpus)[: args.limit or None]
    started = time.perf_counter()  # wall time of the coding, model loading included
    events, failures, per_article = code_corpus(rows)
    seconds = time.perf_counter() - started
    summary = {"commit": git_commit(), "corpus": str(args.corpus), "seconds": round(seconds, 1),
               **summarise(events, failures, per_article)}
    print(f"commit {summary['commit']}, {len(rows)} articles in {seconds:.0f} s")
    print_summary(summary, failures)

    sample = random.Random(args.seed).sample(events, min(args.sample, len(events)))
    print(f"\n{len(sample)} random events (seed {args.seed}):")
    for number, event in enumerate(sample, 1):
        print(describe(number, event))

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"corpus_{summary['commit']}.json"
    out.write_text(json.dumps({**summary, "failure_tracebacks": failures, "sample": sample,
                               "all_events": events}, indent=1))
    print(f"\nsummary: {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
