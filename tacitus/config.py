"""Options from a TOML config file, so a project can pin its settings once.

    # tacitus.toml
    [tacitus]
    actor_files = ["knowledge/our-actors.csv"]   # relative to the config file
    keep_unasserted = false
    min_confidence = 0.3
    max_bytes = 2_000_000
    fetch_timeout = 10
    allow_private = false      # true: URLs may reach loopback / private addresses
    time_budget = 10           # seconds an article may take in a batch; 0: no limit
    max_text_chars = 100_000   # longer article texts are refused
    model = false                                 # lexicon only: no learned classifier
    stages = ["sentences", "parse", "triggers", ...]  # the pipeline, by stage name

Command-line flags override the file; the file overrides the defaults in `tacitus.options`.
"""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from .errors import TacitusError
from .options import DEFAULT, Options

SETTABLE = {"actor_files", "keep_unasserted", "min_confidence", "max_bytes", "fetch_timeout",
            "prefilter", "outlet", "stages", "model", "allow_private", "time_budget",
            "max_text_chars"}


def load_options(path: Path | str, base: Options = DEFAULT) -> Options:
    """`base` with the settings of the `[tacitus]` table in the TOML file at `path`."""
    path = Path(path)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tacitus", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TacitusError(f"{path}: cannot read the config file ({error})") from error
    unknown = set(table) - SETTABLE
    if unknown:
        raise TacitusError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
                           f"known: {', '.join(sorted(SETTABLE))}")
    if "actor_files" in table:
        table["actor_files"] = tuple((path.parent / f).resolve() for f in table["actor_files"])
    if "stages" in table:
        table["stages"] = tuple(table["stages"])
    for name in ("min_confidence", "fetch_timeout", "time_budget"):
        if name in table:
            table[name] = float(table[name])
    return dataclasses.replace(base, **table)
