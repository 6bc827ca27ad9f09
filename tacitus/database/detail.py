"""One event with every report of it, one article with every event in it, and the text
pieces that show their evidence.

Offsets of every span index `articles.text` (see `tacitus.records`), so the evidence shown is
exactly the text that coded the event. `segments` cuts a text at every span boundary; each
piece says which kinds of span cover it. Whoever shows the pieces escapes their text: they
are plain strings, never markup.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from ..records import Event, event_from_dict
from .query import StoredEvent, stored_event

# span kinds, in the order a piece lists them
KINDS = ("trigger", "actor", "recipient", "date", "place", "source", "size")


@dataclass(frozen=True)
class Mark:
    """A span of text to highlight: [start, end) of one kind, from one event."""

    start: int
    end: int
    kind: str
    event_id: int | None = None
    asserted: bool = True


@dataclass(frozen=True)
class Segment:
    """A piece of text and the kinds of span that cover it (empty: plain text)."""

    text: str
    kinds: tuple[str, ...] = ()
    event_ids: tuple[int, ...] = ()
    asserted: bool = True  # False when every event marking it is negated or hypothetical

    def to_dict(self) -> dict:
        return {"text": self.text, "kinds": list(self.kinds), "event_ids": list(self.event_ids),
                "asserted": self.asserted}


def segments(text: str, marks: list[Mark], offset: int = 0) -> list[Segment]:
    """Cut `text` (which starts at `offset` of the article) at every mark's boundary."""
    marks = [m for m in marks if m.end > offset and m.start < offset + len(text) and m.end > m.start]
    cuts = sorted({0, len(text), *(max(0, min(len(text), p - offset))
                                   for m in marks for p in (m.start, m.end))})
    pieces = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start - offset <= lo and m.end - offset >= hi]
        kinds = tuple(k for k in KINDS if any(m.kind == k for m in covering))
        ids = tuple(dict.fromkeys(m.event_id for m in covering if m.event_id is not None))
        asserted = not covering or any(m.asserted for m in covering)
        pieces.append(Segment(text[lo:hi], kinds, ids, asserted))
    return pieces


def event_marks(event: Event, event_id: int | None = None) -> list[Mark]:
    """Every span of `event` that has offsets: trigger, parties, date, place, sources, sizes."""
    asserted = event.asserted
    marks = []

    def add(start, end, kind):
        if start is not None and end is not None:
            marks.append(Mark(start, end, kind, event_id, asserted))

    for evidence in event.evidence:
        if evidence.trigger:
            add(evidence.trigger.start, evidence.trigger.end, "trigger")
        for kind, spans in (("actor", evidence.actor), ("recipient", evidence.recipient)):
            for span in spans:
                add(span.start, span.end, kind)
    for kind, parties in (("actor", event.actor), ("recipient", event.recipient)):
        for party in parties:  # the party's own span, where the evidence has none
            add(party.start, party.end, kind)
    add(event.date.start, event.date.end, "date")
    if event.location:
        add(event.location.start, event.location.end, "place")
    for source in event.reported_by:
        add(source.start, source.end, "source")
    for count in event.size.counts:
        add(count.start, count.end, "size")
    return list(dict.fromkeys(marks))


@dataclass(frozen=True)
class Report:
    """One report (mention) of an event: its article and the record coded from it."""

    mention_id: int
    article_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    event: Event
    sentences: list[tuple[str, list[Segment]]] = field(default_factory=list)  # (section, pieces)


@dataclass(frozen=True)
class EventDetail:
    stored: StoredEvent
    row: dict                 # the `events` row: every column, the optional ones included
    reports: list[Report]


def event_detail(conn: sqlite3.Connection, event_id: int) -> EventDetail | None:
    """The event `event_id` with every report of it and their highlighted sentences."""
    cursor = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,))
    values = cursor.fetchone()
    if values is None:
        return None
    row = dict(zip((c[0] for c in cursor.description), values))
    stored = stored_event(conn, event_id)
    reports = []
    for mention_id, article_id, record, title, outlet, url, published, text in conn.execute(
            "SELECT m.id, m.article_id, m.record, a.title, COALESCE(m.outlet, a.outlet), a.url,"
            " a.published, a.text FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.event_id = ? ORDER BY a.published, m.id", (event_id,)):
        event = event_from_dict(json.loads(record))
        marks = event_marks(event, event_id)
        shown = {}
        for evidence in event.evidence:  # one entry per sentence, headline first
            shown.setdefault((evidence.sentence_start, evidence.sentence_end), evidence.section)
        sentences = [(section, segments(text[lo:hi], marks, lo))
                     for (lo, hi), section in shown.items()]
        reports.append(Report(mention_id, article_id, title, outlet, url, published, event,
                              sentences))
    return EventDetail(stored, row, reports)


@dataclass(frozen=True)
class ArticleEvent:
    id: int
    event: Event


@dataclass(frozen=True)
class ArticleView:
    """A stored article: its metadata, its events and its text cut at their spans."""

    meta: dict
    text: str
    events: list[ArticleEvent]
    segments: list[Segment]


def article_view(conn: sqlite3.Connection, article_id: str) -> ArticleView | None:
    cursor = conn.execute(
        "SELECT id, title, url, published, outlet, author, language, source, event_count,"
        " ingested_at, text FROM articles WHERE id = ?", (article_id,))
    values = cursor.fetchone()
    if values is None:
        return None
    meta = dict(zip((c[0] for c in cursor.description), values))
    text = meta.pop("text")
    events = [ArticleEvent(event_id, event_from_dict(json.loads(record)))
              for event_id, record in conn.execute(
                  "SELECT event_id, record FROM mentions WHERE article_id = ? ORDER BY id",
                  (article_id,))]
    marks = [m for e in events for m in event_marks(e.event, e.id)]
    return ArticleView(meta, text, events, segments(text, marks))
