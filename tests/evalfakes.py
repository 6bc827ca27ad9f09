"""What the evaluation tests share: the fixture folder, a fake system with canned answers and
a builder of events; the real pipeline is not run, so readers, tasks and metrics are tested on
numbers worked out by hand."""
from __future__ import annotations

from pathlib import Path

from tacitus.records import Actor, Event, Evidence, Modality, Span

FIX = Path(__file__).parent / "fixtures" / "eval"
QUADS = {"REQUEST": 3, "ASSAULT": 4, "AGREE": 1, "CONSULT": 1, "COERCE": 4, "PROTEST": 4}


def event(kind, text="", *, actor=(), recipient=(), trigger=None, location=None,
          confidence=0.5, negated=False, mode=None, sector=None, size=None, reported_by=()):
    """An Event with actors given as (start, end) spans of `text`."""
    def actors(spans):
        return tuple(Actor(name=text[s:e], text=text[s:e], sector=sector, start=s, end=e)
                     for s, e in spans)
    evidence = (Evidence(sentence=text, sentence_index=0, sentence_start=0,
                         sentence_end=len(text),
                         trigger=Span(text[trigger[0]:trigger[1]], *trigger) if trigger else None),)
    extra = {"size": size} if size is not None else {}
    return Event(event_type=kind, mode=mode, context=(), quad_class=QUADS.get(kind, 0),
                 intensity=0.0, cameo=None, actor=actors(actor), recipient=actors(recipient),
                 location=location, modality=Modality(negated=negated), evidence=evidence,
                 confidence=confidence, reported_by=tuple(reported_by), **extra)


class FakeSystem:
    """Canned answers keyed by text; anything unknown codes to no event."""

    def __init__(self, events=None, places=None, dates=None, attributions=None, toponyms=None):
        self.events, self.places = events or {}, places or {}
        self.dates, self.attrs, self.found = dates or {}, attributions or {}, toponyms or {}

    def code(self, text, published=None):
        answer = self.events.get(text, [])
        if isinstance(answer, Exception):
            raise answer
        return answer

    def attributions(self, text):
        return self.attrs.get(text, [])

    def resolve_date(self, expression, anchor):
        return self.dates.get(expression)

    def resolve_place(self, name):
        return self.places.get(name)

    def toponyms(self, text):
        return self.found.get(text, [])


