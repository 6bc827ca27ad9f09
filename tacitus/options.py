"""One options object: defaults in one place, overridden by CLI flags or a config file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Options:
    # metadata given by the user; overrides what the input itself says
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    # input limits
    max_bytes: int = 5_000_000  # larger inputs are refused with InputTooLarge
    # an article whose text (after boilerplate removal) is longer is refused: a book or a
    # dump, not a news article, whose parse would take minutes and gigabytes; 0: no limit
    max_text_chars: int = 100_000
    fetch_timeout: float = 20.0  # seconds, wall clock, for URLs (headers and body together)
    allow_private: bool = False  # fetch from loopback / private / link-local addresses too
    # seconds one article may take to code in a batch (ingest, code_many); 0: no limit
    time_budget: float = 10.0
    # knowledge: extra actor files (YAML/CSV in the knowledge format) that add or override entries
    actor_files: tuple[Path, ...] = ()
    # output
    keep_unasserted: bool = True  # negated / hypothetical events stay in the output, flagged
    min_confidence: float = 0.0
    # speed: parse only sentences whose words can trigger an event (see tacitus/sentences.py)
    prefilter: bool = True
    # the pipeline: stage names in order (empty: tacitus.pipeline.DEFAULT_STAGES); `model`
    # off leaves out the learned stages (classify, proposals) for a lexicon-only run
    stages: tuple[str, ...] = ()
    model: bool = True

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)


DEFAULT = Options()
