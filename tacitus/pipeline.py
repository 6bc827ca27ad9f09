"""The pipeline runner: stages in order, each a function of the `Article`.

A stage is a module with NAME, REQUIRES (names of stages that must have run), ASSIGNS (what it
adds, for the reader) and `run(article, options) -> article`. The runner checks the order
before it starts, like spaCy's `requires` / `assigns`.
"""
from __future__ import annotations

import time
from types import ModuleType

from . import attribution, dates, events, modality, parse, parties, places, sentences, sizes, triggers
from .article import Article
from .errors import PipelineError
from .options import DEFAULT, Options

STAGES: tuple[ModuleType, ...] = (
    sentences,    # sections and sentences; a cheap pass marks sentences that may hold an event
    parse,        # spaCy parse of the candidate sentences
    triggers,     # event triggers from the verb and noun lexicon -> Mentions
    dates,        # event dates resolved against the publication date (parties need the day)
    parties,      # actor and recipient of each mention, coded as of the event date
    modality,     # negated / hypothetical / future (historical comes from the date)
    attribution,  # reported_by chains
    sizes,        # dead, injured, arrested and counted things
    places,       # event locations from the gazetteer
    events,       # mentions -> frozen Events, one event per real-world happening in the article
)


def check(stages=STAGES) -> None:
    seen: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.REQUIRES if r not in seen]
        if missing:
            raise PipelineError(f"stage {stage.NAME!r} needs {missing} to run before it")
        seen.add(stage.NAME)


def run(article: Article, options: Options = DEFAULT, stages=STAGES, timings: dict | None = None) -> Article:
    """Run every stage on `article`; with `timings`, add the seconds each stage took."""
    check(stages)
    for stage in stages:
        started = time.perf_counter()
        article = stage.run(article, options)
        article.done.append(stage.NAME)
        if timings is not None:
            timings[stage.NAME] = timings.get(stage.NAME, 0.0) + time.perf_counter() - started
    return article
