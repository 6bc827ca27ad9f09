"""Gold items, one type per evaluation task; readers yield them, tasks score them.

Offsets index the item's own `text`. Event types are already mapped to PLOVER by the reader
(None: the gold label has no PLOVER equivalent; the item is counted but not scored on type).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class GoldActor:
    text: str
    span: GoldSpan | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    event_type: str | None
    mode: str | None = None
    label: str = ""  # the gold set's own label, before mapping
    actor: tuple[GoldActor, ...] = ()
    recipient: tuple[GoldActor, ...] = ()
    trigger: GoldSpan | None = None


@dataclass(frozen=True)
class SentenceEvents:
    """A sentence (or snippet) and the events coded in it; empty `events` = no event."""

    id: str
    text: str
    events: tuple[GoldEvent, ...] = ()
    published: dt.date | None = None
    label: str = ""  # the gold set's own class of the item, where it has one (CASE 2021 sub-type)


@dataclass(frozen=True)
class RelationSentence:
    """A sentence with one marked actor (source) and recipient (target) and the type of the
    relation between them (PLV). Several spans: the same party marked more than once."""

    id: str
    text: str
    label: str
    actor: tuple[GoldSpan, ...] = ()
    recipient: tuple[GoldSpan, ...] = ()


@dataclass(frozen=True)
class LabelledSentence:
    """One sentence of a labelled document: where it lies in the document text, its labels."""

    id: str
    span: GoldSpan
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelledDocument:
    """A document with yes/no labels per sentence and for the whole (IndiaPoliceEvents).
    `labels` None: the document level is not annotated in what was read."""

    id: str
    text: str
    published: dt.date | None = None
    sentences: tuple[LabelledSentence, ...] = ()
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PentaSentence:
    id: str
    text: str
    penta: int


@dataclass(frozen=True)
class RoleSentence:
    """A sentence with its actor (source, S) and recipient (target, T) spans."""

    id: str
    text: str
    actor: tuple[GoldSpan, ...] = ()
    recipient: tuple[GoldSpan, ...] = ()


@dataclass(frozen=True)
class GoldAttribution:
    """Who (source) says (cue) what (content: one or more pieces of text)."""

    cue: GoldSpan
    source: GoldSpan | None = None
    content: tuple[GoldSpan, ...] = ()


@dataclass(frozen=True)
class AttributionDoc:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...] = ()

    @property
    def sources(self) -> tuple[GoldSpan, ...]:
        return tuple(a.source for a in self.attributions if a.source is not None)

    @property
    def cues(self) -> tuple[GoldSpan, ...]:
        return tuple(a.cue for a in self.attributions)


@dataclass(frozen=True)
class Timex:
    text: str
    value: str
    type: str = "DATE"
    sentence: str = ""  # the sentence around it, so a resolver can read the tense
    start: int = -1  # where `text` begins in `sentence`


@dataclass(frozen=True)
class TimexDoc:
    id: str
    dct: dt.date
    timexes: tuple[Timex, ...] = ()


@dataclass(frozen=True)
class EventLocation:
    """One event verb in a sentence and the spans naming where it happened (none: no place).
    The records give no country, so no country is scored on them."""

    id: str
    text: str
    verb: GoldSpan
    locations: tuple[GoldSpan, ...] = ()


@dataclass(frozen=True)
class Toponym:
    span: GoldSpan
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonames_id: int | None = None
    kind: str | None = None  # the corpus's own toponym type (GeoWebNews: Literal, Demonym, ...)
    locational: bool = True  # False: GeoWebNews marks it non-locational (`nonLocational` Yes)


@dataclass(frozen=True)
class ToponymDoc:
    id: str
    text: str
    toponyms: tuple[Toponym, ...] = ()


@dataclass(frozen=True)
class DocumentEvents:
    """A whole document with trigger-anchored gold events (WikiEvents)."""

    id: str
    text: str
    events: tuple[GoldEvent, ...] = field(default=())
