"""The system under evaluation: a small protocol, the real Tacitus adapter behind it.

Tasks only call these methods, so tests score readers and metrics with a fake that returns
canned answers, and the real library is imported only when a task first needs it.
"""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from ..options import DEFAULT, Options
from ..records import Event, Place


class System(Protocol):
    # the events of `text`, every offset indexing `text` itself
    def code(self, text: str, published: dt.date | None = None) -> list[Event]: ...

    def attributions(self, text: str) -> list: ...  # objects with .source/.cue/.content spans

    def resolve_date(self, expression: str, anchor: dt.date) -> str | None: ...  # TimeML value

    def resolve_place(self, name: str) -> Place | None: ...

    # optional: an article's names resolved together, with its text as context
    # def resolve_places(self, names: list[str], text: str) -> list[Place | None]: ...

    def toponyms(self, text: str) -> list[Place]: ...


class TacitusSystem:
    """Tacitus itself, through its public functions."""

    def __init__(self, options: Options = DEFAULT):
        self.options = options

    def code(self, text: str, published: dt.date | None = None) -> list[Event]:
        """The events a user gets for `text`, their offsets moved onto `text` itself (reading
        trims lines and drops boilerplate, so `Article.text` may differ from it)."""
        import tacitus
        from tacitus.reading import read_text

        from .align import OffsetMap, moved
        options = self.options.with_(published=published or self.options.published)
        article = tacitus.code(read_text(text, options), options)
        offsets = OffsetMap(article.text, text)
        return [moved(event, offsets) for event in article.events]

    def attributions(self, text: str) -> list:
        from tacitus.attribution import find_attributions
        return find_attributions(text)

    def resolve_date(self, expression: str, anchor: dt.date) -> str | None:
        dates = _module_with("timeml_value", "tacitus.dates", "tacitus.temporal")
        return dates.timeml_value(dates.resolve(expression, anchor))

    def resolve_date_in(self, expression: str, anchor: dt.date, sentence: str,
                        start: int) -> str | None:
        """As `resolve_date`, with the tense read from the sentence around the expression."""
        from tacitus.dates import resolve, tense_at, timeml_value
        tense = tense_at(sentence, start, start + len(expression))
        return timeml_value(resolve(expression, anchor, tense))

    def resolve_place(self, name: str) -> Place | None:
        from tacitus.knowledge.gazetteer import gazetteer
        return gazetteer().resolve(name)

    def resolve_places(self, names: list[str], text: str) -> list[Place | None]:
        from tacitus.knowledge.gazetteer import resolve_article
        return resolve_article(names, text)

    def toponyms(self, text: str) -> list[Place]:
        from tacitus.knowledge.gazetteer import toponyms
        # (start, end, Place) triples, or bare Places that carry their own offsets
        return [found[-1] if isinstance(found, tuple) else found for found in toponyms(text)]


def _module_with(name: str, *modules: str):
    """The first of `modules` that defines `name` (the date resolver moved between modules)."""
    import importlib
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, name):
            return module
    raise ModuleNotFoundError(f"none of {', '.join(modules)} defines {name}")


def asserted(events: list[Event]) -> list[Event]:
    """Negated and hypothetical events are not claims that an event happened."""
    return [e for e in events if e.asserted]


def top_event(events: list[Event]) -> Event | None:
    """The sentence-level prediction: the most confident asserted event (None: no event)."""
    candidates = asserted(events)
    return max(candidates, key=lambda e: e.confidence) if candidates else None
