"""The Tacitus event database: articles and the events coded from them, in one SQLite file.

    >>> from tacitus.database import open_database
    >>> db = open_database("tacitus.db")
    >>> frame = db.events_frame(event_type="PROTEST", since="2026-03-01")

Reports of one real-world event in several articles are merged into one event (see
`tacitus.database.merge`); the schema is in `schema.py` and docs/database.md.
"""
from __future__ import annotations

from pathlib import Path

from .query import FILTERS, StoredEvent
from .store import Database, Saved

DEFAULT_PATH = "tacitus.db"


def open_database(path: str | Path = DEFAULT_PATH, readonly: bool = False) -> Database:
    """Open (creating and migrating if needed) the event database at `path`; `readonly`
    opens an existing one for reading only, and refuses a missing one."""
    return Database.open(path, readonly=readonly)


__all__ = ["Database", "Saved", "StoredEvent", "FILTERS", "open_database", "DEFAULT_PATH"]
