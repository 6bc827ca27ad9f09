"""The pipeline runner: stages in order, each a function of the `Article`.

A stage is a module with
- NAME: its name in the stage list (`Options.stages`, the config file's `stages`);
- REQUIRES: the attributes it reads, as "article.sentences", "sentence.doc", "mention.actor";
- ASSIGNS: the attributes it sets, in the same notation;
- `run(article, options) -> article`, and optionally `run_many(articles, options)`.

Before it starts, the runner checks that every attribute a stage requires is assigned by a stage
before it (spaCy's `requires` / `assigns`), so a stage list with a stage left out or out of
order fails at once with a message that names both stages, not half-way through an article.

`run_many` codes several articles at once: a stage that has `run_many` (the parse, the
classifier) takes them together, which feeds the models bigger batches; every other stage runs
article by article. An article whose stage raises drops out with its exception and the others
go on.
"""
from __future__ import annotations

import time
from types import ModuleType

from . import (attribution, classify, dates, events, modality, parse, parties, places, proposals,
               sentences, sizes, triggers, truecase)
from .article import Article
from .errors import PipelineError
from .options import DEFAULT, Options

# Every stage Tacitus has, by name; the order is the default pipeline's.
REGISTRY: dict[str, ModuleType] = {stage.NAME: stage for stage in (
    truecase,     # case restored in all-lower-case and ALL-CAPS text (offsets kept)
    sentences,    # sections and sentences; a cheap pass marks sentences that may hold an event
    classify,     # the learned classifier scores every sentence; likely events are parsed too
    parse,        # spaCy parse of the candidate sentences
    triggers,     # event triggers from the verb and noun lexicon -> Mentions
    proposals,    # the classifier's events the lexicon missed; confirms or vetoes lexicon ones
    dates,        # event dates resolved against the publication date (parties need the day)
    parties,      # actor and recipient of each mention, coded as of the event date
    modality,     # negated / hypothetical / future (historical comes from the date)
    attribution,  # reported_by chains
    sizes,        # dead, injured, arrested and counted things
    places,       # event locations from the gazetteer
    events,       # mentions -> frozen Events, one event per real-world happening in the article
)}
DEFAULT_STAGES: tuple[str, ...] = tuple(REGISTRY)
MODEL_STAGES: tuple[str, ...] = ("classify", "proposals")  # what --no-model leaves out
STAGES: tuple[ModuleType, ...] = tuple(REGISTRY.values())


def stages_for(options: Options = DEFAULT) -> tuple[ModuleType, ...]:
    """The stage modules `options` asks for: `options.stages` by name (the default list when
    empty), without the learned stages when `options.model` is off."""
    names = options.stages or DEFAULT_STAGES
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        raise PipelineError(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    if not options.model:
        names = tuple(name for name in names if name not in MODEL_STAGES)
    return tuple(REGISTRY[name] for name in names)


def check(stages=STAGES) -> None:
    """Every attribute a stage requires is assigned by a stage that runs before it."""
    assigned: dict[str, str] = {}
    for stage in stages:
        missing = [need for need in stage.REQUIRES if need not in assigned]
        if missing:
            later = {need: s.NAME for s in stages for need in s.ASSIGNS if need in missing}
            detail = "; ".join(f"{need} (assigned by {later[need]!r}, which runs later)" if need in later
                               else f"{need} (assigned by no stage in the list)" for need in missing)
            raise PipelineError(f"stage {stage.NAME!r} needs {detail}")
        for made in stage.ASSIGNS:
            assigned.setdefault(made, stage.NAME)


def run_many(articles: list[Article], options: Options = DEFAULT, stages=None,
             timings: dict | None = None) -> list[Article | Exception]:
    """Every stage on every article: each result is the coded article or what it raised.
    ImportError and NotImplementedError are raised: they are no article's fault."""
    stages = stages_for(options) if stages is None else stages
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


def run(article: Article, options: Options = DEFAULT, stages=None, timings: dict | None = None) -> Article:
    """Run every stage on `article`; with `timings`, add the seconds each stage took. What a
    stage raises is raised here."""
    result = run_many([article], options, stages, timings)[0]
    if isinstance(result, Exception):
        raise result
    return result
