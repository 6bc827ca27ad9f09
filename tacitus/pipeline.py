"""The pipeline runner: stages in order, each a function of the `Article`.

A stage is a module with NAME, REQUIRES (names of stages that must have run), ASSIGNS (what it
adds, for the reader) and `run(article, options) -> article`. The runner checks the order
before it starts, like spaCy's `requires` / `assigns`.

`run_many` codes several articles at once: a stage that also has `run_many(articles, options)`
(the parse) takes them together, which feeds spaCy bigger batches; every other stage runs
article by article. An article whose stage raises drops out with its exception and the others
go on.
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


def run_many(articles: list[Article], options: Options = DEFAULT, stages=STAGES,
             timings: dict | None = None) -> list[Article | Exception]:
    """Every stage on every article: each result is the coded article or what it raised.
    ImportError and NotImplementedError are raised: they are no article's fault."""
    check(stages)
    results: list[Article | Exception] = list(articles)
    for stage in stages:
        started = time.perf_counter()
        live = [i for i, a in enumerate(results) if isinstance(a, Article)]
        together = getattr(stage, "run_many", None)
        done = False
        if together is not None and len(live) > 1:
            try:
                for i, article in zip(live, together([results[i] for i in live], options)):
                    results[i] = article
                done = True
            except (ImportError, NotImplementedError):
                raise
            except Exception:
                pass  # one article's fault: run each alone below, to know which
        if not done:
            for i in live:
                results[i] = attempt(stage.run, results[i], options)
        for i in live:
            if isinstance(results[i], Article):
                results[i].done.append(stage.NAME)
        if timings is not None:
            timings[stage.NAME] = timings.get(stage.NAME, 0.0) + time.perf_counter() - started
    return results


def attempt(step, article: Article, options: Options) -> Article | Exception:
    """`step(article, options)`, or the exception it raised. ImportError and
    NotImplementedError are raised: a missing model or an unfinished coder is no article's
    fault."""
    try:
        return step(article, options)
    except (ImportError, NotImplementedError):
        raise
    except Exception as error:
        return error


def run(article: Article, options: Options = DEFAULT, stages=STAGES, timings: dict | None = None) -> Article:
    """Run every stage on `article`; with `timings`, add the seconds each stage took. What a
    stage raises is raised here."""
    result = run_many([article], options, stages, timings)[0]
    if isinstance(result, Exception):
        raise result
    return result
