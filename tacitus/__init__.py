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
    """Read a path, URL, '-' (standard input) or an already open text into an `Article`.
    Raises only `tacitus.errors.InputError`s."""
    from .errors import InputError, TacitusError
    from .reading import read as _read
    try:
        return _read(source, options)
    except TacitusError:
        raise
    except Exception as error:  # noqa: BLE001  a parser's surprise on hostile input: documented
        raise InputError(str(getattr(source, "name", source))[:300],
                         f"could not be read ({type(error).__name__}: {error})",
                         "Check that it is a news article in text or HTML") from error


def code(article: Article, options: Options = DEFAULT, timings: dict | None = None) -> Article:
    """Run the whole pipeline on `article`; its `events` are the result. Raises only
    `tacitus.errors.TacitusError`s: a stage's surprise comes out as `CodingError`."""
    from .errors import CodingError, PipelineError, TacitusError
    from .pipeline import run
    try:
        return run(article, options, timings=timings)
    except TacitusError:
        raise
    except (ImportError, NotImplementedError) as error:
        raise PipelineError(f"the coder cannot run ({type(error).__name__}: {error})") from error
    except Exception as error:  # noqa: BLE001  documented: one article's failure, named
        raise CodingError(article.source or article.url or article.id, error) from error


def code_text(text: str, *, published: str | dt.date | None = None, title: str | None = None,
              url: str | None = None, outlet: str | None = None,
              options: Options = DEFAULT) -> list[Event]:
    """Code a plain text (a title line at the top is taken as the headline)."""
    from .errors import InputError
    from .reading import read_text
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            raise InputError("<text>", f"the publication date {published!r} is not YYYY-MM-DD",
                             "Pass published='2026-03-10' or a datetime.date") from None
    options = options.with_(
        published=published or options.published, title=title or options.title,
        url=url or options.url, outlet=outlet or options.outlet)
    return code(read_text(text, options), options).events


__all__ = ["Article", "Options", "DEFAULT", "Event", "Actor", "When", "Place", "Size", "Count",
           "Modality", "Source", "Span", "Evidence", "read", "code", "code_text", "__version__"]
