"""Merging across articles: reports of one real-world event become one event row.

A coded event from a new article joins a stored event when all of these hold
(docs/database.md, "Merge rule"):

1. the same `event_type`, and the same negated / hypothetical flags (a threatened strike is
   not the strike);
2. compatible parties: for actor and for recipient, the sets of (country, sector) keys
   overlap or one side is unknown, and at least one of the two overlaps. A party with
   neither country nor sector is keyed by its name;
3. dates within a window set by the coarser granularity of the two: day ±1 day,
   approximate ±3 days, week: the same week ±3 days, month: the same month, year: the same
   year. An undated event takes its article's publication date, approximately;
4. a compatible place: the same country, or unknown on either side;
5. the stored event has no mention from the same article yet (the coder already decided
   that two events in one article are two happenings).

When several stored events qualify, the closest in date wins, then the most reported, then
the oldest. Stored events are never merged with each other afterwards, so event ids are
stable.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from ..records import Actor, Event

# coarser granularities come later; the coarser of two dates sets the rule
GRANULARITY_ORDER = ("day", "approximate", "week", "month", "year")
SLACK_DAYS = {"day": 1, "approximate": 3, "week": 3, "month": 0, "year": 0}


@dataclass(frozen=True)
class Window:
    """The days a date can mean: a week date means its Monday..Sunday."""

    lo: dt.date
    hi: dt.date
    granularity: str

    @property
    def middle(self) -> dt.date:
        return self.lo + (self.hi - self.lo) / 2


@dataclass(frozen=True)
class MergeKey:
    event_type: str
    window: Window | None
    actors: frozenset
    recipients: frozenset
    country: str | None
    negated: bool
    hypothetical: bool


def date_window(value: str | None, granularity: str | None) -> Window | None:
    """The window of days `value` covers at `granularity`; None when there is no date."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 1:
            return Window(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year")
        if len(parts) == 2 or granularity == "month":
            first = dt.date(parts[0], parts[1], 1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return Window(first, following - dt.timedelta(days=1), "month")
        day = dt.date(parts[0], parts[1], parts[2])
    except (ValueError, OverflowError):  # not a date, or December 9999 has no "next month"
        return None
    if granularity == "year":
        return Window(day.replace(month=1, day=1), day.replace(month=12, day=31), "year")
    if granularity == "week":
        monday = _plus(day, -day.weekday())
        return Window(monday, _plus(monday, 6), "week")
    return Window(day, day, "approximate" if granularity == "approximate" else "day")


def _plus(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, held at the ends of the calendar (0001-01-01, 9999-12-31) instead of
    overflowing: a placeholder date must not stop the save."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def coarser(a: str, b: str) -> str:
    return max(a, b, key=GRANULARITY_ORDER.index)


def dates_compatible(a: Window | None, b: Window | None) -> bool:
    if a is None or b is None:
        return False
    slack = SLACK_DAYS[coarser(a.granularity, b.granularity)]
    return _plus(a.lo, -slack) <= b.hi and _plus(b.lo, -slack) <= a.hi


def party_key(actor: Actor) -> tuple:
    if actor.country or actor.sector:
        return (actor.country, actor.sector)
    return ("name", actor.name.casefold())


def parties_compatible(a: MergeKey, b: MergeKey) -> bool:
    overlaps = 0
    for mine, theirs in ((a.actors, b.actors), (a.recipients, b.recipients)):
        if mine and theirs:
            if not mine & theirs:
                return False
            overlaps += 1
    return overlaps > 0


def compatible(a: MergeKey, b: MergeKey) -> bool:
    """The merge rule (module docstring), for two events' keys."""
    return (a.event_type == b.event_type
            and a.negated == b.negated and a.hypothetical == b.hypothetical
            and (a.country is None or b.country is None or a.country == b.country)
            and dates_compatible(a.window, b.window)
            and parties_compatible(a, b))


def event_window(event: Event, published: dt.date | None) -> Window | None:
    window = date_window(event.date.value, event.date.granularity)
    if window is None and published is not None:
        window = Window(published, published, "approximate")
    return window


def key_of(event: Event, published: dt.date | None) -> MergeKey:
    return MergeKey(
        event_type=event.event_type,
        window=event_window(event, published),
        actors=frozenset(party_key(a) for a in event.actor),
        recipients=frozenset(party_key(a) for a in event.recipient),
        country=event.location.country if event.location else None,
        negated=event.modality.negated,
        hypothetical=event.modality.hypothetical,
    )


def find_match(conn: sqlite3.Connection, key: MergeKey, article_id: str) -> int | None:
    """The id of the stored event `key` belongs to, or None for a new event."""
    if key.window is None:
        return None
    widest = max(SLACK_DAYS.values())
    rows = conn.execute(
        "SELECT id, date_lo, date_hi, granularity, country, negated, hypothetical, mention_count"
        " FROM events"
        " WHERE event_type = ? AND date_lo <= ? AND date_hi >= ?"
        " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = events.id"
        "                 AND m.article_id = ?)",
        (key.event_type, _plus(key.window.hi, widest).isoformat(),
         _plus(key.window.lo, -widest).isoformat(), article_id)).fetchall()
    best = None
    for row in rows:
        stored = _stored_key(conn, key.event_type, row)
        if not compatible(key, stored):
            continue
        rank = (abs((stored.window.middle - key.window.middle).days), -row[7], row[0])
        if best is None or rank < best[0]:
            best = (rank, row[0])
    return best[1] if best else None


def _stored_key(conn: sqlite3.Connection, event_type: str, row) -> MergeKey:
    event_id, lo, hi, granularity, country, negated, hypothetical, _ = row
    if granularity not in GRANULARITY_ORDER:
        granularity = "approximate"  # an undated event stands at its publication date
    window = Window(dt.date.fromisoformat(lo), dt.date.fromisoformat(hi), granularity)
    parties = {"actor": set(), "recipient": set()}
    for role, name, party_country, sector in conn.execute(
            "SELECT role, name, country, sector FROM event_parties WHERE event_id = ?", (event_id,)):
        parties[role].add(party_key(Actor(name=name, text=name, country=party_country, sector=sector)))
    return MergeKey(event_type, window, frozenset(parties["actor"]),
                    frozenset(parties["recipient"]), country, bool(negated), bool(hypothetical))
