"""What every task shares: the tally of one run and the loop that asks the system per item.

A failing item is recorded (id and reason) and counted, and the run goes on: one odd sentence
must not hide the score of the other thousand.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

MAX_FAILURES_KEPT = 50


class Tally:
    """Counts and failures of one run."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.failures: list[dict] = []

    def attempt(self, item_id: str, call: Callable, *args):
        """`call(*args)`, or None with the failure recorded."""
        try:
            return call(*args)
        except Exception as error:  # noqa: BLE001 - any item may fail; the batch goes on
            self.counts["failed"] += 1
            if len(self.failures) < MAX_FAILURES_KEPT:
                self.failures.append({"id": item_id, "error": f"{type(error).__name__}: {error}"})
            return None


def each(items: Iterable, tally: Tally, call, *extra):
    """(item, result) for every item the system answered; counts items and scored ones.
    `extra` names attributes of the item passed after its text (e.g. "published")."""
    for item in items:
        tally.counts["items"] += 1
        result = tally.attempt(item.id, call, item.text, *(getattr(item, a) for a in extra))
        if result is None:
            continue
        tally.counts["scored"] += 1
        yield item, result


def spans(things) -> list[tuple[int, int]]:
    """(start, end) of each thing that has a position."""
    return [(t.start, t.end) for t in things if t is not None and t.start is not None]
