"""`tacitus eval`: measure Tacitus on public gold formats, and the CI quality gate.

    >>> from tacitus.evaluation import evaluate
    >>> report = evaluate("shared/gold/plover_gsr/PLOVER_GSR_CAMEO.txt", "plover-gsr")
    >>> print(report.table())

Readers (`readers/`) turn each gold format into gold items; a task (`tasks.py`) runs the system
on them and scores the answers (`metrics.py`); the `Report` (`report.py`) carries the table and
the JSON. `gate.py` runs the dev sets against the committed floors (`floors.json`).
"""
from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path

from ..errors import EvalError
from ..options import DEFAULT, Options
from .readers import FORMATS, read
from .report import Report, sha256
from .system import System, TacitusSystem
from .tally import Tally
from .tasks import TASKS


def evaluate(path: str | Path, fmt: str, options: Options = DEFAULT, *, limit: int | None = None,
             system: System | None = None, name: str | None = None,
             case: str | None = None) -> Report:
    """Score `system` (Tacitus itself by default) on the gold file or folder `path`.

    `limit` keeps the first N gold items (documents, for document-level formats); `case`
    ("lower" or "upper") scores a copy of each item whose text is in that case (`recased`).
    """
    from .. import __version__
    path = Path(path)
    items = read(path, fmt)
    if case is not None:
        items = (recased(item, case) for item in items)
    if limit is not None:
        items = itertools.islice(items, limit)
    spec = FORMATS[fmt]
    tally = Tally()
    if spec.task in HELD_OUT_TASKS and options.model and system is None:
        items = _held_out(items, tally)
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.perf_counter()
    metrics = TASKS[spec.task](items, system or TacitusSystem(options), tally)
    dataset = (name or path.name) + (f" ({case} case)" if case else "")
    return Report(
        dataset=dataset, format=fmt, task=spec.task, path=str(path),
        sha256=sha256(path), tacitus_version=__version__,
        started=started.isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - clock, 3), limit=limit,
        counts=dict(sorted(tally.counts.items())), metrics=metrics, failures=tally.failures)


def recased(item, case: str):
    """A gold item whose own text is all "lower" or all "upper" case; every offset into it
    stays true, as the case change keeps each character in place (`news.CASES`)."""
    from dataclasses import fields, is_dataclass, replace

    from .news import CASES
    if case not in CASES:
        raise EvalError(f"unknown case {case!r}; choose one of: {', '.join(CASES)}")
    if not is_dataclass(item) or "text" not in {f.name for f in fields(item)}:
        return item
    return replace(item, text=CASES[case](item.text))



# sentence-level tasks whose items a training sentence of the classifier may overlap
HELD_OUT_TASKS = {"sentence_events", "penta", "roles"}


def _held_out(items, tally: Tally):
    """The items no training sentence of the event classifier overlaps; the others are counted
    (`excluded_training_overlap`), never scored: a score on them would not be held out."""
    from ..learning.model import event_model
    model = event_model()
    for item in items:
        if model.overlaps_training(item.text):
            tally.counts["excluded_training_overlap"] += 1
        else:
            yield item


__all__ = ["evaluate", "recased", "Report", "System", "TacitusSystem", "FORMATS"]
