"""Tacitus: political event data from news text, coded in PLOVER, offline on a CPU.

    >>> import tacitus
    >>> events = tacitus.code_text("Police in Lagos arrested 40 protesters on Monday.",
    ...                            published="2026-03-10")
    >>> events[0].event_type, events[0].date.value
    ('COERCE', '2026-03-09')

The public API: `read` (a path, URL or text -> `Article`), `code` (an `Article` -> the same
article with `events`), `code_text` (text -> events), and the record types in
`tacitus.records`. Nothing is loaded at import time: the language model and the knowledge
files load on first use, once.
"""
from __future__ import annotations

import datetime as dt

from .article import Article
from .options import DEFAULT, Options
from .records import Actor, Count, Event, Evidence, Modality, Place, Size, Source, Span, When

__version__ = "0.1.0"


def read(source, options: Options = DEFAULT) -> Article:
    """Read a path, URL, '-' (standard input) or an already open text into an `Article`."""
    from .reading import read as _read
    return _read(source, options)


def code(article: Article, options: Options = DEFAULT, timings: dict | None = None) -> Article:
    """Run the whole pipeline on `article`; its `events` are the result."""
    from .pipeline import run
    return run(article, options, timings=timings)


def code_text(text: str, *, published: str | dt.date | None = None, title: str | None = None,
              url: str | None = None, outlet: str | None = None,
              options: Options = DEFAULT) -> list[Event]:
    """Code a plain text (a title line at the top is taken as the headline)."""
    from .reading import read_text
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    options = options.with_(
        published=published or options.published, title=title or options.title,
        url=url or options.url, outlet=outlet or options.outlet)
    return code(read_text(text, options), options).events


__all__ = ["Article", "Options", "DEFAULT", "Event", "Actor", "When", "Place", "Size", "Count",
           "Modality", "Source", "Span", "Evidence", "read", "code", "code_text", "__version__"]
