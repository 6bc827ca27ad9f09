"""Parallel coding: many articles over a pool of worker processes, streamed in order.

    >>> from tacitus.batch import code_stream
    >>> for tag, coded in code_stream(((a.url, a) for a in articles), workers=2):
    ...     save(tag, coded.article)

Why this shape:
- Processes, not threads: spaCy and the stage code hold the GIL for most of their time.
- Each worker loads the language model and the knowledge files once. Where the platform
  forks, the parent loads them before the pool starts and the workers inherit them
  (copy-on-write), so a worker is ready at once and the model's weights are shared.
- Articles go to a worker `chunk` at a time (default `ingest.CHUNK`, 8): their sentences are
  parsed as one spaCy batch, about 14% faster than article by article (`ingest.code_chunk`).
- At most `in_flight` articles are submitted and not yet handed back, so memory stays flat
  however long the corpus is; the source is read lazily, as results are taken.
- Results come back in input order. The database merges an article's events with those
  already stored, so the same order gives the same database as a run with one process.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator, TypeVar

from .article import Article
from .ingest import CHUNK, Coded, Coder, code_chunk, warm_once
from .options import DEFAULT, Options

Tag = TypeVar("Tag")


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def warm(options: Options = DEFAULT) -> None:
    """Load everything a stage loads lazily (model, lexicon, knowledge, gazetteer) by coding
    a short text, so that the first real article pays no loading time."""
    import tacitus
    from .errors import TacitusError
    from .reading import read_text
    text = "Police in Lagos arrested 40 protesters outside parliament on Monday."
    try:
        tacitus.code(read_text(text, options.with_(published=options.published)), options)
    except TacitusError:
        pass  # then the first real article fails with the reason, where it is recorded


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_start(parent: int) -> None:
    # Ctrl-C goes to the whole process group; the parent alone decides what stops, so a
    # worker never dies halfway through an article. SIGTERM keeps its default: it is how
    # the pool itself ends a worker when another one has died
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when the parent process ends, even by SIGKILL: the kernel's
    parent-death signal on Linux, a watching thread elsewhere. A worker left behind would
    hold its 670 MB for nothing."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):  # not Linux
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _context():
    """Fork where the platform has it (workers inherit the loaded model), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def code_stream(jobs: Iterable[tuple[Tag, Article]], options: Options = DEFAULT,
                coder: Coder | None = None, workers: int | None = None,
                in_flight: int | None = None, chunk: int = CHUNK) -> Iterator[tuple[Tag, Coded]]:
    """Code every `(tag, article)` of `jobs` and yield `(tag, Coded)` in the same order.

    `workers` processes (default: every core; 1 codes in this process, no pool), each given
    `chunk` articles at a time; at most `in_flight` articles (default two chunks per worker)
    are read ahead. `coder` must be picklable (a module-level function) when `workers` > 1.
    A coder that cannot run (ImportError, NotImplementedError) is raised here, as `code_one`
    does."""
    workers = default_workers() if workers is None else max(1, workers)
    in_flight = max(workers, in_flight or 2 * workers * chunk)
    # a custom coder codes article by article anyway: no reason to hold results back
    chunk = 1 if coder is not None else max(1, min(chunk, in_flight // workers))
    parts = _chunks(jobs, chunk)
    if workers == 1:
        for part in parts:  # code_chunk loads the model before the first time budget
            yield from zip([tag for tag, _ in part], code_chunk([a for _, a in part], options, coder))
        return
    context = _context()
    if coder is None and context.get_start_method() == "fork":
        warm_once(options)  # once, here: every worker inherits it
    pool = _Pool(workers, context, coder is None and context.get_start_method() != "fork", options)
    pending: deque[tuple[list, Future]] = deque()
    finished = False
    try:
        for part in parts:
            pending.append(pool.submit(part, options, coder))
            if len(pending) * chunk >= in_flight:
                yield from pool.result(pending.popleft(), pending, options, coder)
        while pending:
            yield from pool.result(pending.popleft(), pending, options, coder)
        finished = True
    finally:
        # on Ctrl-C, SIGTERM or an error the workers are ended at once: what was yielded is
        # already saved, and what they hold is coded again by a rerun
        pool.shutdown(stop=not finished)


class _Pool:
    """A process pool that outlives a dead worker (out of memory, killed by hand). When the
    pool breaks, the chunk being waited for is tried again in a new pool, then article by
    article; the article whose worker still dies fails with `WorkerDied`. Chunks still queued
    go to the new pool."""

    def __init__(self, workers: int, context, warm_workers: bool, options: Options):
        self.args = (workers, context, warm_workers, options)
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, context, warm_workers, options = self.args
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                   initargs=(os.getpid(), options if warm_workers else None))

    def submit(self, part: list, options: Options, coder) -> tuple[list, list, Future]:
        articles = [a for _, a in part]
        try:
            future = self.pool.submit(code_chunk, articles, options, coder)
        except BrokenProcessPool as error:  # a worker died since: `result` deals with it
            future = Future()
            future.set_exception(error)
        return [t for t, _ in part], articles, future

    def result(self, job, pending: deque, options: Options, coder) -> Iterator:
        tags, articles, future = job
        try:
            coded = future.result()
        except BrokenProcessPool:
            self._restart(pending, options, coder)
            coded = self._again(articles, pending, options, coder)
        yield from zip(tags, coded)

    def _again(self, articles: list, pending: deque, options: Options, coder) -> list[Coded]:
        """The chunk in a fresh pool; if that breaks too, each article alone."""
        try:
            return self.pool.submit(code_chunk, articles, options, coder).result()
        except BrokenProcessPool:
            self._restart(pending, options, coder)
        coded = []
        for article in articles:
            try:
                coded += self.pool.submit(code_chunk, [article], options, coder).result()
            except BrokenProcessPool as error:
                coded.append(Coded(article, "WorkerDied", f"the worker process coding it died "
                                   f"({error}); it may have run out of memory"))
                self._restart(pending, options, coder)
        return coded

    def _restart(self, pending: deque, options: Options, coder) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._start()
        for _ in range(len(pending)):
            tags, articles, _ = pending.popleft()
            pending.append((tags, articles, self.pool.submit(code_chunk, articles, options, coder)))

    def shutdown(self, stop: bool = False) -> None:
        if stop:
            # waiting would deadlock: a worker cannot exit while its finished chunk sits in
            # a full result pipe that no one reads any more (a chunk is 8 articles' text)
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _worker_init(parent: int, options: Options | None) -> None:
    _worker_start(parent)
    if options is not None:  # spawned, not forked: load the model before the first budget
        warm_once(options)


def _chunks(jobs: Iterable, size: int) -> Iterator[list]:
    iterator = iter(jobs)
    while part := list(islice(iterator, size)):
        yield part


def code_many(articles: Iterable[Article], options: Options = DEFAULT,
              workers: int | None = None, in_flight: int | None = None) -> Iterator[Coded]:
    """Code `articles` in parallel, in order: each `Coded` holds the article with its events,
    or the error and reason it failed with."""
    for _, coded in code_stream(((None, a) for a in articles), options, None, workers, in_flight):
        yield coded
