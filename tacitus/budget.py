"""A wall-clock time budget for one piece of work, by SIGALRM.

    with time_budget(10.0):
        code(article)        # raises TimeBudgetExceeded after 10 s

The signal handler raises in the main thread at the next Python instruction, so a stage
caught in a long pure-Python loop stops there; a long call into C returns first, which is
why reading bounds what reaches spaCy (`reading.text`). Where there is no SIGALRM (Windows)
or the work runs outside the main thread (a Dask worker, a web server's thread), there is
no budget: the work runs to its end.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from .errors import TimeBudgetExceeded

def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None):
    """Raise `TimeBudgetExceeded` in the body once it has run `seconds` (None or 0: never)."""
    if not seconds or seconds <= 0 or not available():
        yield
        return

    def expire(signum, frame):
        raise TimeBudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)  # once: it must not outlive the block
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
