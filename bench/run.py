"""Tacitus benchmark: run on demand, never as a test.

    .venv/bin/python bench/run.py                       # the shared corpus, 2 workers, 3 runs
    .venv/bin/python bench/run.py --scale 9 --runs 1    # 9x the corpus in distinct articles
    .venv/bin/python bench/run.py --generate 500        # 500 generated articles

`--scale N` codes N times as many articles as the corpus has, every one a distinct real news
text: the corpus first, then the raw texts of the gold sets in ../shared (PolNeAR, TimeBank,
AQUAINT, LGL, GeoVirus, WikiEvents, through `tacitus.evaluation.news`), about 9x the corpus in
all. Repeating the same articles would measure a warm cache, not scale.

Each run is a fresh interpreter: it loads the model and knowledge (`load_s`), then reads and
codes the articles with `tacitus.batch.code_stream` over `--workers` processes (no database
writes). It reports articles/s and words/s of the coding, articles/s end to end (interpreter
start to the last article), and peak RSS of the parent and of the largest worker. In the same
invocation the full spaCy parse of the same texts with the same model runs over the same
number of processes, timed the same two ways, and the ratios are printed. The baseline is the
pipeline as spaCy loads it (`tacitus.language.load_pipeline()`); a second, "tuned", baseline
parses with the pipeline as Tacitus sets it up (`tacitus.language.nlp()`: numpy's BLAS, the
faster lemmatizer and attribute ruler), so the gain of parsing only candidate sentences shows
on its own.
Cold start is `tacitus code FILE` on the first article with an event, from process start to
its first line of output.
Per-stage times come from a one-process pass over `--stage-sample` articles. Medians go to
stdout and everything to bench/results/<time>.json.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
PYTHON = sys.executable

PLACES = ("Lagos", "Nairobi", "Kyiv", "Gaza", "Caracas", "Manila", "Khartoum", "Dhaka")
ACTORS = ("Police", "Protesters", "The government", "Rebels", "The army", "Striking workers")
ACTS = ("arrested dozens of demonstrators", "met opposition leaders", "called for a ceasefire",
        "shelled villages near the border", "marched on parliament", "signed a trade agreement",
        "denied the accusations", "announced new sanctions")
FILLER = ("The weather was mild for the season.", "Markets were quiet in early trading.",
          "Officials gave no further details.", "The report runs to 40 pages.")


def generate(n: int, seed: int = 7) -> list[dict]:
    """`n` synthetic news articles of about 300 words, half of the sentences eventful."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        sentences = []
        for _ in range(24):
            if rng.random() < 0.5:
                sentences.append(f"{rng.choice(ACTORS)} in {rng.choice(PLACES)} {rng.choice(ACTS)}"
                                 f" on {rng.choice(('Monday', 'Tuesday', 'Friday'))}.")
            else:
                sentences.append(rng.choice(FILLER))
        paragraphs = ["  ".join(sentences[j:j + 4]) for j in range(0, 24, 4)]
        rows.append({"date": "2026-03-12", "text": f"Report {i}\n\n" + "\n\n".join(paragraphs)})
    return rows


def corpus_rows(path: Path) -> list[dict]:
    files = sorted(path.glob("*.csv.gz")) if path.is_dir() else [path]
    csv.field_size_limit(2**31 - 1)
    rows = []
    for file in files:
        with gzip.open(file, "rt", encoding="utf-8", newline="") as handle:
            rows += [{"date": r["date"], "text": r["text"]} for r in csv.DictReader(handle)]
    return rows


def scaled(rows: list[dict], times: int) -> list[dict]:
    """`times` as many rows as `rows`, all distinct texts: `rows` first, then the raw news
    texts of the gold sets (each source in full, in `news.SOURCES` order). Fewer when the
    texts run out: the caller reports how many it got."""
    if times <= 1:
        return rows
    from tacitus.evaluation import news
    import itertools
    wanted, seen, out = len(rows) * times, set(), []
    extra = ({"date": item.published.isoformat() if item.published else "", "text": item.text}
             for source in news.SOURCES if source != "guardian" for item in news.texts(source))
    for row in itertools.chain(rows, extra):
        if len(out) == wanted:
            break
        if row["text"].strip() and row["text"] not in seen:
            seen.add(row["text"])
            out.append(row)
    return out


# -- one measured run, in its own interpreter ------------------------------------------------

def one_run(args) -> dict:
    """Tacitus over the articles: model and knowledge loaded first (timed as `load_s`), then
    the coding timed alone (`seconds`), like the full parse below."""
    import psutil
    born = psutil.Process().create_time()
    from tacitus.batch import code_stream, warm
    from tacitus.ingest import iter_items, read_item
    warm()
    loaded = time.time()
    started = time.perf_counter()
    articles = events = 0
    jobs = ((None, read_item(i)) for i in iter_items([args.one]))
    for _, coded in code_stream(jobs, workers=args.workers):
        articles += 1
        events += len(coded.article.events) if not coded.error else 0
    seconds = time.perf_counter() - started
    return {"articles": articles, "events": events, "seconds": seconds, "load_s": loaded - born,
            "end_to_end_s": time.time() - born,
            "peak_rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _parse_chunk(texts: list[str]) -> int:
    return sum(len(doc) for doc in _BASELINE[0].pipe(texts, batch_size=64))


_BASELINE: list = []  # the pipeline parsed with, loaded in the parent before the workers fork


def full_parse_run(args) -> dict:
    """The full spaCy pipeline on every text, split over `workers` processes (fork after the
    model loads, as tacitus.batch does): the load timed as `load_s`, the parse as `seconds`."""
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing
    import psutil
    born = psutil.Process().create_time()
    from tacitus.ingest import iter_items
    from tacitus.language import load_pipeline, nlp
    _BASELINE.append(nlp() if args.tuned else load_pipeline())
    loaded = time.time()
    texts = [i.text for i in iter_items([args.full])]
    started = time.perf_counter()
    chunks = [texts[k::args.workers] for k in range(args.workers)]
    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("fork")) as pool:
        tokens = sum(pool.map(_parse_chunk, chunks))
    return {"articles": len(texts), "tokens": tokens, "seconds": time.perf_counter() - started,
            "load_s": loaded - born, "end_to_end_s": time.time() - born}


def cold_start(path: Path) -> float:
    """Seconds from starting `tacitus code FILE` to its first event on stdout."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-m", "tacitus", "code", str(path), "--format", "jsonl"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    first = process.stdout.readline()
    seconds = time.perf_counter() - started
    process.communicate()
    if not first.strip():
        raise SystemExit(f"bench: {path} gave no event; cold start needs an article with one")
    return seconds


def stage_times(path: Path, sample: int) -> dict:
    """Seconds per article in each stage, one process, after a warm-up."""
    import tacitus
    from tacitus.batch import warm
    from tacitus.ingest import iter_items, read_item
    warm()
    timings: dict = {}
    items = [i for _, i in zip(range(sample), iter_items([path]))]
    for item in items:
        tacitus.code(read_item(item), timings=timings)
    return {stage: seconds / len(items) for stage, seconds in timings.items()}


def _child(args, mode: str, tuned: bool = False) -> dict:
    command = [PYTHON, __file__, f"--{mode}", str(args.data), "--workers", str(args.workers)]
    command += ["--tuned"] if tuned else []
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder or .csv.gz")
    parser.add_argument("--generate", type=int, metavar="N", help="N generated articles instead")
    parser.add_argument("--scale", type=int, default=1,
                        help="this many times the corpus in distinct articles (gold-set texts "
                             "after the corpus); about 9 is all there are")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stage-sample", type=int, default=60)
    parser.add_argument("--no-full-parse", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--full", help=argparse.SUPPRESS)
    parser.add_argument("--tuned", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.one or args.full:
        print(json.dumps(one_run(args) if args.one else full_parse_run(args)))
        return 0
    rows = generate(args.generate) if args.generate else corpus_rows(args.corpus)
    rows = scaled(rows, args.scale)
    words = sum(len(r["text"].split()) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        args.data = Path(tmp) / "bench.jsonl"
        args.data.write_text("".join(json.dumps(r) + "\n" for r in rows))
        runs, parses, tuned = [], [], []
        for k in range(args.runs):
            runs.append(_child(args, "one"))
            if not args.no_full_parse:
                parses.append(_child(args, "full"))
                tuned.append(_child(args, "full", tuned=True))
            print(f"run {k + 1}: {runs[-1]}" + (f"  full parse: {parses[-1]}  tuned: {tuned[-1]}"
                                                if parses else ""), file=sys.stderr)
        stages = stage_times(args.data, min(args.stage_sample, len(rows)))
        colds = []
        for row in rows[:5]:  # the first article with an event
            one = Path(tmp) / "one.txt"
            one.write_text(row["text"])
            try:
                colds = [cold_start(one) for _ in range(args.runs)]
                break
            except SystemExit:
                continue
    result = summary(args, rows, words, runs, parses, tuned, stages, colds)
    out = ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M%S.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**result, "runs": runs, "full_parse_runs": parses,
                               "tuned_full_parse_runs": tuned}, indent=1))
    print(json.dumps(result, indent=1))
    print(f"saved {out}", file=sys.stderr)
    return 0


def summary(args, rows, words, runs, parses, tuned, stages, colds) -> dict:
    med = lambda values: statistics.median(values) if values else None  # noqa: E731
    seconds = med([r["seconds"] for r in runs])
    end_to_end = med([r["end_to_end_s"] for r in runs])
    result = {
        "articles": len(rows), "distinct_texts": len({r["text"] for r in rows}), "words": words,
        "scale": args.scale, "workers": args.workers, "runs": len(runs),
        "cpu_count": os.cpu_count(),
        "articles_per_s": len(rows) / seconds, "words_per_s": words / seconds,
        "load_s": med([r["load_s"] for r in runs]),
        "end_to_end_articles_per_s": len(rows) / end_to_end,
        "peak_rss_parent_mb": med([r["peak_rss_parent_mb"] for r in runs]),
        "peak_rss_worker_mb": med([r["peak_rss_worker_mb"] for r in runs]),
        "cold_start_to_first_event_s": med(colds), "cold_starts": colds,
        "events": runs[0]["events"], "stage_s_per_article": stages,
    }
    if parses:
        parse_seconds = med([p["seconds"] for p in parses])
        parse_end_to_end = med([p["end_to_end_s"] for p in parses])
        result["full_parse_articles_per_s"] = len(rows) / parse_seconds
        result["full_parse_end_to_end_articles_per_s"] = len(rows) / parse_end_to_end
        result["tacitus_over_full_parse"] = parse_seconds / seconds
        result["tacitus_over_full_parse_end_to_end"] = parse_end_to_end / end_to_end
    if tuned:
        tuned_seconds = med([p["seconds"] for p in tuned])
        result["tuned_full_parse_articles_per_s"] = len(rows) / tuned_seconds
        result["tacitus_over_tuned_full_parse"] = tuned_seconds / seconds
    return result


if __name__ == "__main__":
    sys.exit(main())
