"""Filters -> stored events, and the summary counts of `tacitus stats`.

Every filter becomes one parameterised SQL condition on `events` (alias `e`); they combine
with AND. Party filters match a name (case-insensitive substring), a country code or a
sector code, so `--actor GBR`, `--actor GOV` and `--actor dockworkers` all work.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from ..errors import DatabaseError
from ..records import Actor, Event, Place, When, event_from_dict

FILTERS = ("since", "until", "actor", "recipient", "event_type", "mode", "quad", "place",
           "country", "asserted_only", "negated", "hypothetical", "implied", "decided_by", "text",
           "outlet", "limit")
IMPLIED = ("keep", "drop", "only")  # events whose actor the text does not name


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


def contains(value: str) -> str:
    """A LIKE pattern for `value` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    escaped = str(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_date(value, last: bool = False) -> str:
    """A --since / --until value as YYYY-MM-DD: YYYY and YYYY-MM stand for their first day
    (their last with `last`, for --until). Anything else is refused."""
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            day = dt.date(int(text), 12 if last else 1, 31 if last else 1)
        elif len(text) == 7 and text[4] == "-":
            first = dt.date(int(text[:4]), int(text[5:]), 1)
            day = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1) if last else first
        else:
            day = dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise DatabaseError(f"{text!r} is not a date; give YYYY-MM-DD, YYYY-MM or YYYY") from None
    return day.isoformat()


def _party_condition(role: str, value: str) -> tuple[str, list]:
    return ("EXISTS (SELECT 1 FROM event_parties p WHERE p.event_id = e.id AND p.role = ?"
            " AND (p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\'"
            " OR p.country = ? COLLATE NOCASE OR p.sector = ? COLLATE NOCASE))",
            [role, contains(value), contains(value), value, value])


def build_where(since=None, until=None, actor=None, recipient=None, event_type=None, mode=None,
                quad=None, place=None, country=None, asserted_only=False, negated=False,
                hypothetical=False, implied="keep", decided_by=None, text=None,
                outlet=None) -> tuple[str, list]:
    """The WHERE clause (with its parameters) for the filters in `FILTERS`."""
    conditions: list[str] = []
    params: list = []

    def add(sql: str, *values) -> None:
        conditions.append(sql)
        params.extend(values)

    if since:
        add("e.date_hi >= ?", filter_date(since))
    if until:
        add("e.date_lo <= ?", filter_date(until, last=True))
    for role, value in (("actor", actor), ("recipient", recipient)):
        if value:
            sql, values = _party_condition(role, value)
            add(sql, *values)
    if event_type:
        add("e.event_type = ? COLLATE NOCASE", event_type)
    if mode:
        add("e.mode = ? COLLATE NOCASE", mode)
    if quad:
        add("e.quad_class = ?", int(quad))
    if place:
        add("e.place_id IN (SELECT id FROM places WHERE name LIKE ? ESCAPE '\\'"
            " OR admin1 LIKE ? ESCAPE '\\')", contains(place), contains(place))
    if country:
        add("e.country = ? COLLATE NOCASE", country)
    if asserted_only:
        add("e.asserted = 1")
    if negated:
        add("e.negated = 1")
    if hypothetical:
        add("e.hypothetical = 1")
    if implied not in IMPLIED:
        raise ValueError(f"implied must be one of {', '.join(IMPLIED)}, not {implied!r}")
    if implied != "keep":
        add("e.implied_actor = ?", int(implied == "only"))
    if decided_by:
        add("e.decided_by = ?", decided_by)
    if text:
        add("e.id IN (SELECT m.event_id FROM sentences_fts f JOIN mentions m"
            " ON m.id = f.mention_id WHERE sentences_fts MATCH ?)", text)
    if outlet:
        add("EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id"
            " AND m.outlet LIKE ? ESCAPE '\\')", contains(outlet))
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def find_events(conn: sqlite3.Connection, limit: int | None = None, **filters) -> list[StoredEvent]:
    """The stored events matching `filters`, oldest date first."""
    where, params = build_where(**filters)
    sql = ("SELECT e.id, e.date, e.granularity, e.place_id, e.mention_count, e.article_count,"
           " e.source_count, e.first_seen, e.dead, e.injured, e.arrested FROM events e" + where +
           " ORDER BY e.date_lo IS NULL, e.date_lo, e.id")
    if limit is not None:  # 0 is none at all, not "no limit"
        if int(limit) < 0:
            raise DatabaseError(f"the limit must be 0 or more, not {limit}")
        sql += " LIMIT ?"
        params.append(int(limit))
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        raise DatabaseError(f"the query failed ({error}); check the --text search syntax") from error
    return [_stored(conn, row) for row in rows]


def _stored(conn: sqlite3.Connection, row) -> StoredEvent:
    event_id, date, granularity, place_id, mentions, articles, sources, first_seen, *size = row
    record, published = conn.execute(
        "SELECT m.record, a.published FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.event_id = ? ORDER BY m.id LIMIT 1", (event_id,)).fetchone()
    first = event_from_dict(json.loads(record))
    parties: dict[str, list[Actor]] = {"actor": [], "recipient": []}
    for role, name, text, country, sector, sectors, wikidata, implied in conn.execute(
            "SELECT role, name, text, country, sector, sectors, wikidata, implied FROM event_parties"
            " WHERE event_id = ? ORDER BY id", (event_id,)):
        parties[role].append(Actor(name=name, text=text or name, country=country, sector=sector,
                                   sectors=tuple(json.loads(sectors or "[]")), wikidata=wikidata,
                                   implied=bool(implied)))
    links = conn.execute(
        "SELECT DISTINCT m.outlet, a.url FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.event_id = ? ORDER BY m.id", (event_id,)).fetchall()
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
