"""The output record: one frozen `Event` and the small value types it is made of.

Every stage works on an `Article`; only the last one builds `Event` records. They serialise
to Tacitus' native JSON (`to_dict`), to the PLOVER manual's record shape (`tacitus.formats`),
to database rows (`tacitus.database`) and to the table on screen. Field names follow the
PLOVER manual (chapter "Data Fields"): actor, recipient, event_type, mode, context,
quad_class, intensity, reported_by, evidence.

Character offsets (`start`, `end`) always index the article's full text (`Article.text`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(frozen=True)
class Actor:
    """An actor or recipient: one entity, coded country + sector as of the event date."""

    name: str
    text: str
    country: str | None = None
    sector: str | None = None
    sectors: tuple[str, ...] = ()
    wikidata: str | None = None
    role: str | None = None
    in_knowledge_base: bool = False
    start: int | None = None
    end: int | None = None
    # the text names no such party: an unidentified doer (sector UAF or UNK, PLOVER's agents
    # table) or the authority an arrest, ban or charge implies (the police, the government)
    implied: bool = False


@dataclass(frozen=True)
class When:
    """An event date. `value` is YYYY-MM-DD, YYYY-MM or YYYY; None when unresolved."""

    value: str | None = None
    granularity: str = "unknown"  # day | week | month | year | approximate | unknown
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Place:
    """Where an event happened, resolved against the offline gazetteer."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None  # country | admin1 | city | metonym
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Count:
    """A counted thing: "over 5,000 drones" -> Count(5000, "drones", "over")."""

    value: float
    what: str
    qualifier: str | None = None  # over | under | nearly | about | at least | at most | up to | None
    text: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Size:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    counts: tuple[Count, ...] = ()


@dataclass(frozen=True)
class Modality:
    """PLOVER's four auxiliary modes (manual, section "Auxiliary modes")."""

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False

    @property
    def asserted(self) -> bool:
        return not (self.negated or self.hypothetical)


@dataclass(frozen=True)
class Source:
    """One link of a `reported_by` chain: who says the event happened."""

    name: str
    text: str
    kind: str = "person"  # person | organisation | outlet | self
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """One mention of an event: the sentence and the exact spans that coded it."""

    sentence: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    section: str = "body"  # headline | subtitle | body
    trigger: Span | None = None
    actor: tuple[Span, ...] = ()
    recipient: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Event:
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    quad_class: int
    intensity: float
    cameo: str | None
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: When = field(default_factory=When)
    location: Place | None = None
    size: Size = field(default_factory=Size)
    modality: Modality = field(default_factory=Modality)
    reported_by: tuple[Source, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    id: str = ""
    article_id: str = ""
    decided_by: str = "lexicon"  # what found it: lexicon | model | both
    model_probability: float | None = None  # the event classifier's probability of its type

    @property
    def asserted(self) -> bool:
        return self.modality.asserted

    @property
    def implied_actor(self) -> bool:
        """The text names no actor: the actor is unidentified or implied (`Actor.implied`)."""
        return any(a.implied for a in self.actor)

    def to_dict(self) -> dict:
        """Native JSON record (docs/schema/event.schema.json)."""
        return _plain(self)


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def event_from_dict(data: dict) -> Event:
    """Rebuild an `Event` from its native JSON record (the inverse of `Event.to_dict`)."""
    def actors(items):
        return tuple(Actor(**{**a, "sectors": tuple(a.get("sectors") or ())}) for a in items or ())

    def spans(items):
        return tuple(Span(**s) for s in items or ())

    evidence = tuple(
        Evidence(**{**e, "trigger": Span(**e["trigger"]) if e.get("trigger") else None,
                    "actor": spans(e.get("actor")), "recipient": spans(e.get("recipient"))})
        for e in data.get("evidence") or ()
    )
    size = data.get("size") or {}
    return Event(
        event_type=data["event_type"],
        mode=data.get("mode"),
        context=tuple(data.get("context") or ()),
        quad_class=data["quad_class"],
        intensity=data["intensity"],
        cameo=data.get("cameo"),
        actor=actors(data.get("actor")),
        recipient=actors(data.get("recipient")),
        date=When(**(data.get("date") or {})),
        location=Place(**data["location"]) if data.get("location") else None,
        size=Size(**{**size, "counts": tuple(Count(**c) for c in size.get("counts") or ())}),
        modality=Modality(**(data.get("modality") or {})),
        reported_by=tuple(Source(**s) for s in data.get("reported_by") or ()),
        evidence=evidence,
        confidence=data.get("confidence", 0.5),
        id=data.get("id", ""),
        article_id=data.get("article_id", ""),
        decided_by=data.get("decided_by", "lexicon"),
        model_probability=data.get("model_probability"),
    )


__all__ = ["Actor", "When", "Place", "Count", "Size", "Modality", "Source", "Span",
           "Evidence", "Event", "event_from_dict", "asdict"]
