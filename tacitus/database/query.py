"""An `EventFilter` -> stored events, and the summary counts of `tacitus stats`.

The filter and its SQL are in `filters.py`. Party filters match a name (case-insensitive
substring), a country code or a sector code, so `--actor GBR`, `--actor GOV` and
`--actor dockworkers` all work.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass, fields

from ..errors import DatabaseError, FilterError
from ..records import Actor, Event, Place, When, event_from_dict
from .filters import EventFilter, build_where

FILTERS = tuple(f.name for f in fields(EventFilter))
EVENT_COLUMNS = ("e.id, e.date, e.granularity, e.place_id, e.mention_count, e.article_count,"
                 " e.source_count, e.first_seen, e.dead, e.injured, e.arrested")
# sort keys of `find_events`: a leading "-" reverses; the event id breaks ties
SORTS = {
    "date": "e.date_lo{desc} NULLS LAST, e.id{desc}",  # undated last either way
    "type": "e.event_type{desc}, e.date_lo, e.id",
    "mentions": "e.mention_count{desc}, e.date_lo, e.id",
    "sources": "e.source_count{desc}, e.date_lo, e.id",
    "id": "e.id{desc}",
}


@dataclass(frozen=True)
class StoredEvent:
    """One merged event: the record of its first report with the merged date, place and
    parties, and how widely it was reported."""

    id: int
    event: Event
    mentions: int
    articles: int
    sources: int
    outlets: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    published: str | None = None  # the first report's publication date
    first_seen: str = ""

    def to_dict(self) -> dict:
        """The native record (`Event.to_dict`) with the merge counts and where it was read."""
        return {**self.event.to_dict(), "id": self.id, "mentions": self.mentions,
                "articles": self.articles, "sources": self.sources,
                "outlets": list(self.outlets), "urls": list(self.urls),
                "published": self.published}


def as_filter(filters: EventFilter | None = None, **kwargs) -> EventFilter:
    """An `EventFilter` from one, or from keyword arguments named like its fields."""
    if filters is not None and kwargs:
        filters = dataclasses.replace(filters, **kwargs)
    return filters if filters is not None else EventFilter(**kwargs)


def order_by(sort: str) -> str:
    key = sort.lstrip("-")
    if key not in SORTS:
        raise FilterError(f"sort={sort!r}: sort by one of {', '.join(SORTS)} ('-' reverses)")
    return " ORDER BY " + SORTS[key].format(desc=" DESC" if sort.startswith("-") else "")


def run(conn: sqlite3.Connection, sql: str, params) -> list:
    """Run a filtered query; a broken FTS5 query becomes an error that says what to fix."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        # the one part of a filter that SQLite parses itself is the FTS5 query
        raise DatabaseError(f"the query failed ({error}); check the full-text query "
                            "(--text uses FTS5 syntax)") from error


def find_events(conn: sqlite3.Connection, filters: EventFilter | None = None, *,
                limit: int | None = None, offset: int = 0, sort: str = "date",
                **kwargs) -> list[StoredEvent]:
    """The stored events matching the filter (oldest date first unless `sort` says)."""
    where, params = build_where(as_filter(filters, **kwargs))
    sql = f"SELECT {EVENT_COLUMNS} FROM events e" + where + order_by(sort)
    if limit is not None and int(limit) < 0:
        raise FilterError(f"the limit must be 0 or more, not {limit}")
    if limit is not None or offset:  # a limit of 0 is no events at all, not "no limit"
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(limit) if limit is not None else -1, int(offset)]
    return _stored_many(conn, run(conn, sql, params))


def count_events(conn: sqlite3.Connection, filters: EventFilter | None = None, **kwargs) -> int:
    where, params = build_where(as_filter(filters, **kwargs))
    return run(conn, "SELECT COUNT(*) FROM events e" + where, params)[0][0]


def stored_event(conn: sqlite3.Connection, event_id: int) -> StoredEvent | None:
    """The stored event `event_id`, or None."""
    row = conn.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?",
                       (event_id,)).fetchone()
    return _stored(conn, row) if row else None


CHUNK = 500  # events whose reports, parties and links are read in one query each


def _stored(conn: sqlite3.Connection, row) -> StoredEvent:
    return _stored_many(conn, [row])[0]


def _stored_many(conn: sqlite3.Connection, rows: list) -> list[StoredEvent]:
    """Rows of EVENT_COLUMNS -> StoredEvents, reading a chunk of events per query."""
    result = []
    for at in range(0, len(rows), CHUNK):
        chunk = rows[at:at + CHUNK]
        ids = [row[0] for row in chunk]
        marks = ", ".join("?" * len(ids))
        first = {event_id: (record, published) for event_id, record, published in conn.execute(
            "SELECT m.event_id, m.record, a.published FROM mentions m JOIN articles a"
            " ON a.id = m.article_id WHERE m.id IN (SELECT MIN(id) FROM mentions"
            f" WHERE event_id IN ({marks}) GROUP BY event_id)", ids)}
        parties: dict[int, dict[str, list[Actor]]] = {i: {"actor": [], "recipient": []} for i in ids}
        for event_id, role, name, text, country, sector, sectors, wikidata, implied in conn.execute(
                "SELECT event_id, role, name, text, country, sector, sectors, wikidata, implied"
                f" FROM event_parties WHERE event_id IN ({marks}) ORDER BY id", ids):
            parties[event_id][role].append(Actor(
                name=name, text=text or name, country=country, sector=sector,
                sectors=tuple(json.loads(sectors or "[]")), wikidata=wikidata,
                implied=bool(implied)))
        links: dict[int, list[tuple]] = {i: [] for i in ids}
        for event_id, outlet, url in conn.execute(
                "SELECT m.event_id, m.outlet, a.url FROM mentions m JOIN articles a"
                f" ON a.id = m.article_id WHERE m.event_id IN ({marks}) ORDER BY m.id", ids):
            links[event_id].append((outlet, url))
        result += [_assemble(conn, row, *first[row[0]], parties[row[0]], links[row[0]])
                   for row in chunk]
    return result


def _assemble(conn, row, record: str, published, parties, links) -> StoredEvent:
    event_id, date, granularity, place_id, mentions, articles, sources, first_seen, *size = row
    first = event_from_dict(json.loads(record))
    event = dataclasses.replace(
        first, id=str(event_id), actor=tuple(parties["actor"]),
        recipient=tuple(parties["recipient"]),
        date=When(value=date, granularity=granularity) if date != first.date.value else first.date,
        location=first.location or _place(conn, place_id),
        size=dataclasses.replace(first.size, dead=size[0], injured=size[1], arrested=size[2]))
    return StoredEvent(
        id=event_id, event=event, mentions=mentions, articles=articles, sources=sources,
        outlets=tuple(dict.fromkeys(o for o, _ in links if o)),
        urls=tuple(dict.fromkeys(u for _, u in links if u)),
        published=published, first_seen=first_seen)


def _place(conn: sqlite3.Connection, place_id: int | None) -> Place | None:
    if place_id is None:
        return None
    name, country, admin1, feature, lat, lon, geonames_id = conn.execute(
        "SELECT name, country, admin1, feature, lat, lon, geonames_id FROM places WHERE id = ?",
        (place_id,)).fetchone()
    return Place(text=name, name=name, country=country, admin1=admin1, feature=feature,
                 lat=lat, lon=lon, geonames_id=geonames_id)


def stats(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Counts for `tacitus stats`: totals, and events by type, month, dyad and outlet."""
    queries = {
        "totals": "SELECT 'articles', COUNT(*) FROM articles UNION ALL"
                  " SELECT 'events', COUNT(*) FROM events UNION ALL"
                  " SELECT 'mentions', COUNT(*) FROM mentions UNION ALL"
                  " SELECT 'failures', COUNT(*) FROM failures",
        "type": "SELECT event_type, COUNT(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1",
        "month": "SELECT COALESCE(substr(date_lo, 1, 7), 'undated'), COUNT(*) FROM events"
                 " GROUP BY 1 ORDER BY 1",
        "dyad": "SELECT a.label || ' -> ' || COALESCE(r.label, '-'), COUNT(DISTINCT e.id)"
                " FROM events e JOIN party_labels a ON a.event_id = e.id AND a.role = 'actor'"
                " LEFT JOIN party_labels r ON r.event_id = e.id AND r.role = 'recipient'"
                " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50",
        "outlet": "SELECT COALESCE(outlet, '(unknown)'), COUNT(DISTINCT event_id),"
                  " COUNT(DISTINCT article_id) FROM mentions GROUP BY 1 ORDER BY 2 DESC, 1",
    }
    # a dyad is labelled by country+sector, which is what the merge rule compares
    labels = ("WITH party_labels AS (SELECT event_id, role, COALESCE(country, '') ||"
              " COALESCE(sector, '') AS label FROM event_parties"
              " WHERE country IS NOT NULL OR sector IS NOT NULL"
              " UNION SELECT event_id, role, name FROM event_parties"
              " WHERE country IS NULL AND sector IS NULL) ")
    return {name: [tuple(r) for r in conn.execute((labels if name == "dyad" else "") + sql)]
            for name, sql in queries.items()}
