"""Tacitus' actor knowledge: who is who, as of when.

    from tacitus.knowledge import knowledge
    kb = knowledge()
    kb.lookup("Mike Pompeo", on=date(2019, 5, 1))   # Entry(country="USA", sector="GOV", ...)
    kb.scan("The Kremlin said Russian troops ...")  # [(4, 11, Entry(Kremlin)), ...]

The data are versioned files in `tacitus/knowledge/data/` (format in its README.md); users add
or override entries with their own YAML or people CSV files (`extra_files`).
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from functools import cache
from pathlib import Path

from .actors import DATA_DIR, Entry, Knowledge, State

__all__ = ["DATA_DIR", "Entry", "Knowledge", "State", "describe_actor", "knowledge"]


@cache
def _load(extra_files: tuple[Path, ...]) -> Knowledge:
    """Built from the data files, or from the user cache when none of them (nor the code that
    builds it) has changed since (`tacitus.knowledge.pickled`); with a user's extra files,
    always built."""
    from . import pickled
    from .loading import data_files
    if extra_files:  # a user's own actors: built each time (0.3 s), not cached per file set
        return Knowledge.load(DATA_DIR, extra_files)
    key = pickled.digest([*data_files(DATA_DIR), *sorted(Path(__file__).parent.glob("*.py"))])
    return pickled.cached("knowledge", key, lambda: Knowledge.load(DATA_DIR))


def knowledge(extra_files: tuple[Path, ...] = ()) -> Knowledge:
    """The knowledge base, loaded once per distinct tuple of extra files."""
    return _load(tuple(Path(p).resolve() for p in extra_files))


def describe_actor(name: str, on: date | str | None = None,
                   extra_files: tuple[Path, ...] = ()) -> dict:
    """What Tacitus knows about `name` on `on`, as a flat dict (for `tacitus actor`)."""
    kb = knowledge(extra_files)
    entry = kb.lookup(name, on=on)
    if entry is None:
        entry = Entry(name, "unknown", None, None, in_knowledge_base=False)
    found = asdict(entry)
    found["sectors"] = list(entry.sectors)
    found["country_name"] = kb.country_name(entry.country)
    found["on"] = str(on) if on else kb.as_of
    order = ("name", "country", "country_name", "sector", "sectors", "wikidata", "kind", "role",
             "role_start", "role_end", "surname", "on", "in_knowledge_base")
    return {k: found.get(k) for k in order}
