"""Summaries of the filtered events: pages, facets, timeline counts, dyads, places, health.

The web pages and the HTTP API show these; every one takes the same `EventFilter` as
`find_events`, so a count on screen and the events behind it are one query apart. All
grouping happens in SQL over the indices of `schema.py`, so a filter over years of events
does not load them into Python.
"""
from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from ..errors import FilterError
from .filters import NONE, EventFilter, build_where
from .query import StoredEvent, count_events, find_events, run

MAX_PAGE = 500        # the largest page of events one request may ask for
INTERVALS = {  # the first day of the period holding date_lo
    "day": "e.date_lo",
    "week": "date(e.date_lo, '-6 days', 'weekday 1')",
    "month": "substr(e.date_lo, 1, 7) || '-01'",
}
SERIES = {"type": "e.event_type", "quad": "e.quad_class"}
# facet -> SQL giving (value, events); {events} narrows to the filtered events, {scan} forces a
# plain table scan when every row counts (faster than the (country, sector) index then)
FACETS = {
    "event_type": "SELECT e.event_type, COUNT(*) FROM events e{where} GROUP BY 1",
    "quad": "SELECT e.quad_class, COUNT(*) FROM events e{where} GROUP BY 1",
    "mode": "SELECT e.mode, COUNT(*) FROM events e{where} AND e.mode IS NOT NULL GROUP BY 1",
    "country": "SELECT e.country, COUNT(*) FROM events e{where} AND e.country IS NOT NULL GROUP BY 1",
    "actor_country": "SELECT p.country, COUNT(DISTINCT p.event_id) FROM event_parties p{scan}"
                     " WHERE p.role = 'actor' AND p.country IS NOT NULL{events} GROUP BY 1",
    "recipient_country": "SELECT p.country, COUNT(DISTINCT p.event_id) FROM event_parties p{scan}"
                         " WHERE p.role = 'recipient' AND p.country IS NOT NULL{events} GROUP BY 1",
    "outlet": "SELECT p.outlet, COUNT(DISTINCT p.event_id) FROM mentions p{scan}"
              " WHERE p.outlet IS NOT NULL{events} GROUP BY 1",
}


MEMO_SIZE = 512  # answers kept per process


def _file_state(conn: sqlite3.Connection) -> tuple | None:
    """What changes whenever a transaction commits: the database file's and its WAL's size
    and modification time (None for a database without a file: nothing is remembered)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        return None
    state = [path]
    for name in (path, path + "-wal"):
        try:
            info = os.stat(name)
            state += [info.st_mtime_ns, info.st_size]
        except FileNotFoundError:
            state += [None, None]
    return tuple(state)


def memo(function):
    """Remember `function(conn, ...)`'s answers until the database changes: many readers ask
    the same summary of the same data, and an ingest's commit changes the file state. Callers
    asking at once what is being computed wait for that answer instead of computing it again."""
    answers: OrderedDict = OrderedDict()
    computing: dict = {}  # key -> a lock held while its answer is computed
    lock = threading.Lock()

    @functools.wraps(function)
    def remembered(conn, *args, **kwargs):
        state = _file_state(conn)
        if state is None:
            return function(conn, *args, **kwargs)
        key = (state, args, tuple(sorted(kwargs.items())))
        with lock:
            if key in answers:
                answers.move_to_end(key)
                return answers[key]
            gate, owner = computing.get(key), False
            if gate is None:
                gate, owner = threading.Lock(), True
                gate.acquire()
                computing[key] = gate
        if not owner:
            with gate:  # the first caller has finished (or failed: then compute it here)
                pass
            with lock:
                if key in answers:
                    return answers[key]
            return function(conn, *args, **kwargs)
        try:
            answer = function(conn, *args, **kwargs)
            with lock:
                answers[key] = answer
                while len(answers) > MEMO_SIZE:
                    answers.popitem(last=False)
            return answer
        finally:
            with lock:
                computing.pop(key, None)
            gate.release()

    remembered.uncached = function
    return remembered


@dataclass(frozen=True)
class EventPage:
    """One page of the filtered events, and how many there are in all."""

    events: list[StoredEvent]
    total: int
    offset: int
    limit: int
    sort: str

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None


def _where(conn: sqlite3.Connection, f: EventFilter) -> tuple[str, list]:
    """The filter's WHERE clause, never empty, so that callers can add `AND ...`."""
    where, params = build_where(f)
    return (where or " WHERE 1"), params


def _within(conn: sqlite3.Connection, f: EventFilter, column: str) -> dict:
    """The parts of a query over parties or mentions that keep the filtered events' rows."""
    where, params = build_where(f)
    if not where:
        return {"events": "", "scan": " NOT INDEXED", "params": []}
    return {"events": f" AND {column} IN (SELECT e.id FROM events e{where})", "scan": "",
            "params": params}


@memo
def event_page(conn: sqlite3.Connection, f: EventFilter, offset: int = 0, limit: int = 50,
               sort: str = "date") -> EventPage:
    if not 1 <= limit <= MAX_PAGE:
        raise FilterError(f"limit={limit}: ask for 1 to {MAX_PAGE} events a page")
    if offset < 0:
        raise FilterError(f"offset={offset}: give 0 or more")
    events = find_events(conn, f, limit=limit, offset=offset, sort=sort)
    return EventPage(events, count_events(conn, f), offset, limit, sort)


@memo
def facets(conn: sqlite3.Connection, f: EventFilter, top: int = 15) -> dict[str, list[dict]]:
    """For each facet, its most frequent values among the filtered events, with counts."""
    where, params = _where(conn, f)
    within = _within(conn, f, "p.event_id")
    result = {}
    for name, sql in FACETS.items():
        on_events = "{where}" in sql
        sql = sql.format(where=where, events=within["events"], scan=within["scan"])
        rows = run(conn, sql + " ORDER BY 2 DESC, 1 LIMIT ?",
                   [*(params if on_events else within["params"]), top])
        result[name] = [{"value": value, "count": count} for value, count in rows]
    return result


@memo
def timeline(conn: sqlite3.Connection, f: EventFilter, interval: str = "month",
             by: str = "type") -> list[dict]:
    """Counts of dated events per period (the period's first day) and type or quad class."""
    if interval not in INTERVALS:
        raise FilterError(f"interval={interval!r}: choose one of {', '.join(INTERVALS)}")
    if by not in SERIES:
        raise FilterError(f"by={by!r}: choose one of {', '.join(SERIES)}")
    where, params = _where(conn, f)
    rows = run(conn, f"SELECT {INTERVALS[interval]}, {SERIES[by]}, COUNT(*) FROM events e{where}"
                     " AND e.date_lo IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", params)
    return [{"period": period, "series": str(series), "count": count}
            for period, series, count in rows]


@dataclass(frozen=True)
class Party:
    """One side of a dyad as the merge rule sees it: country + sector, else the name."""

    country: str | None
    sector: str | None
    name: str | None = None

    @property
    def label(self) -> str:
        return (self.country or "") + (self.sector or "") if (self.country or self.sector) \
            else self.name or "-"

    def params(self, role: str) -> list[tuple[str, str]]:
        """The filter parameters that select this party on `role`'s side."""
        if self.country or self.sector:  # "-": none, as the dyad's label means
            return [(f"{role}_{k}", v or NONE) for k, v in (("country", self.country),
                                                            ("sector", self.sector))]
        return [(role, self.name)] if self.name else []


@dataclass(frozen=True)
class Dyad:
    actor: Party
    recipient: Party
    events: int
    params: list[tuple[str, str]] = field(default_factory=list)  # the filter that lists them


@memo
def dyads(conn: sqlite3.Connection, f: EventFilter, top: int = 50) -> list[Dyad]:
    """The most frequent actor -> recipient pairs among the filtered events."""
    within = _within(conn, f, "a.event_id")
    key = ("CASE WHEN {p}.country IS NULL AND {p}.sector IS NULL THEN {p}.name END")
    rows = run(conn,
               f"SELECT a.country, a.sector, {key.format(p='a')}, r.country, r.sector,"
               f" {key.format(p='r')}, COUNT(DISTINCT a.event_id) FROM event_parties a{within['scan']}"
               " JOIN event_parties r ON r.event_id = a.event_id AND r.role = 'recipient'"
               f" WHERE a.role = 'actor'{within['events']}"
               " GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 7 DESC, 1, 2, 4, 5 LIMIT ?",
               [*within["params"], top])
    result = []
    for a_country, a_sector, a_name, r_country, r_sector, r_name, count in rows:
        actor, recipient = Party(a_country, a_sector, a_name), Party(r_country, r_sector, r_name)
        result.append(Dyad(actor, recipient, count,
                           f.to_params() + actor.params("actor") + recipient.params("recipient")))
    return result


@memo
def places_geojson(conn: sqlite3.Connection, f: EventFilter, top: int = 2000) -> dict:
    """The places of the filtered events as a GeoJSON FeatureCollection of points."""
    where, params = _where(conn, f)
    rows = run(conn,
               "SELECT p.id, p.name, p.country, p.admin1, p.feature, p.lat, p.lon, COUNT(*)"
               f" FROM events e JOIN places p ON p.id = e.place_id{where}"
               " AND p.lat IS NOT NULL AND p.lon IS NOT NULL GROUP BY p.id ORDER BY 8 DESC, 1"
               " LIMIT ?", [*params, top])
    features = [{
        "type": "Feature", "id": place_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"place_id": place_id, "name": name, "country": country,
                       "admin1": admin1, "feature": feature, "events": count},
    } for place_id, name, country, admin1, feature, lat, lon, count in rows]
    return {"type": "FeatureCollection", "features": features}


@memo
def country_counts(conn: sqlite3.Connection, f: EventFilter) -> dict[str, int]:
    """Filtered events by the country of their place (the map's choropleth)."""
    where, params = _where(conn, f)
    return dict(run(conn, f"SELECT e.country, COUNT(*) FROM events e{where}"
                          " AND e.country IS NOT NULL GROUP BY 1 ORDER BY 1", params))


@memo
def health(conn: sqlite3.Connection, months: int = 24) -> dict:
    """Figures about the database itself: sizes, failures by reason, coverage by outlet and
    month (articles stored per outlet in each of the last `months` months of publication)."""
    totals = dict(conn.execute(
        "SELECT 'articles', COUNT(*) FROM articles UNION ALL SELECT 'events', COUNT(*) FROM events"
        " UNION ALL SELECT 'mentions', COUNT(*) FROM mentions UNION ALL"
        " SELECT 'places', COUNT(*) FROM places UNION ALL SELECT 'actors', COUNT(*) FROM actors"
        " UNION ALL SELECT 'failures', COUNT(*) FROM failures").fetchall())
    span = conn.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    failures = [{"stage": s, "error": e, "sources": n, "example": r} for s, e, n, r in conn.execute(
        "SELECT stage, error, COUNT(*), MIN(reason) FROM failures GROUP BY 1, 2 ORDER BY 3 DESC")]
    month_rows = conn.execute(
        "SELECT DISTINCT substr(published, 1, 7) FROM articles WHERE published IS NOT NULL"
        " ORDER BY 1 DESC LIMIT ?", (months,)).fetchall()
    shown = sorted(m for (m,) in month_rows)
    coverage: dict[str, dict[str, int]] = {}
    for outlet, month, count in conn.execute(
            "SELECT COALESCE(outlet, '(unknown)'), COALESCE(substr(published, 1, 7), 'undated'),"
            " COUNT(*) FROM articles GROUP BY 1, 2"):
        if month in shown or month == "undated":
            coverage.setdefault(outlet, {})[month] = count
    undated = any("undated" in row for row in coverage.values())
    return {"totals": totals, "published": {"first": span[0], "last": span[1]},
            "undated_events": conn.execute(
                "SELECT COUNT(*) FROM events WHERE date_lo IS NULL").fetchone()[0],
            "failures": failures, "months": shown + (["undated"] if undated else []),
            "coverage": dict(sorted(coverage.items(), key=lambda kv: -sum(kv[1].values())))}
