"""`EventFilter`: the one filter object of `tacitus events`, `tacitus export`, the HTTP API and
the web pages, and the SQL it becomes.

Every field becomes one parameterised condition on `events` (alias `e`); they combine with
AND. Inside a field, several values are alternatives: `actor_country=("GBR", "FRA")` keeps
events with a British *or* French actor. Country and sector of one side describe the same
party, so `actor_country=GBR, actor_sector=GOV` asks for a British government actor.

Two full-text fields: `text` is an FTS5 query as written (the command line's `--text`, for
people who know the syntax); `search` is plain words from a web form, each quoted, so no
user input is ever read as FTS5 syntax.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Iterable, Mapping

from ..errors import FilterError

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NONE = "-"  # as a country or sector code: the party has none (a dyad "TUR -> SYR" is not TURGOV)
MODALITIES = ("asserted_only", "negated", "hypothetical")
IMPLIED = ("keep", "drop", "only")  # events whose actor the text does not name
DECIDED_BY = ("lexicon", "model", "both")
# filters over several values (a URL repeats the parameter or separates values with commas)
MULTI = ("event_type", "quad", "actor_country", "actor_sector", "recipient_country",
         "recipient_sector", "country")


def _tuple(value) -> tuple:
    if value is None or value == "":
        return ()
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    return (value,)


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to keep. Empty fields do not filter."""

    since: str | None = None           # the event's date window ends on or after this day
    until: str | None = None           # ... and starts on or before this day
    event_type: tuple[str, ...] = ()   # PLOVER event types
    mode: str | None = None            # PLOVER mode
    quad: tuple[int, ...] = ()         # quad classes 1-4
    actor: str | None = None           # a name substring, a country code or a sector code
    recipient: str | None = None
    actor_country: tuple[str, ...] = ()
    actor_sector: tuple[str, ...] = ()
    recipient_country: tuple[str, ...] = ()
    recipient_sector: tuple[str, ...] = ()
    place: str | None = None           # place or province name (substring)
    place_id: int | None = None        # one stored place (the map's points)
    country: tuple[str, ...] = ()      # the event place's country
    outlet: str | None = None          # reported by this outlet (substring)
    asserted_only: bool = False        # leave out negated and hypothetical events
    negated: bool = False
    hypothetical: bool = False
    implied: str = "keep"              # actor the text does not name (UAF/UNK, implied authority):
                                       # keep, drop, or only those events
    decided_by: str | None = None      # what found the event: lexicon, model or both
    text: str | None = None            # FTS5 query over the evidence sentences, as written
    search: str | None = None          # plain words over the evidence sentences, all required

    def __post_init__(self):
        for name in MULTI:
            values = tuple(v for v in _tuple(getattr(self, name)) if v not in (None, ""))
            object.__setattr__(self, name, values)
        try:
            object.__setattr__(self, "quad", tuple(int(q) for q in self.quad))
        except ValueError as error:
            raise FilterError(f"quad class {self.quad!r}: give a number from 1 to 4") from error
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, filter_date(name, value, last=name == "until"))
        if any(q not in (1, 2, 3, 4) for q in self.quad):
            raise FilterError(f"quad class {self.quad!r}: give a number from 1 to 4")
        if self.implied not in IMPLIED:
            raise FilterError(f"implied={self.implied!r}: choose one of {', '.join(IMPLIED)}")
        if self.decided_by is not None and self.decided_by not in DECIDED_BY:
            raise FilterError(f"decided_by={self.decided_by!r}: choose one of {', '.join(DECIDED_BY)}")

    @classmethod
    def from_params(cls, params: Mapping[str, Iterable[str]] | Iterable[tuple[str, str]]) -> "EventFilter":
        """Read a query string's parameters (a multi-dict, or (name, value) pairs)."""
        pairs = params.items() if isinstance(params, Mapping) else params
        values: dict[str, list[str]] = {}
        for name, value in pairs:
            for item in ([value] if isinstance(value, str) else value):
                values.setdefault(name, []).append(item)
        known = {f.name: f for f in fields(cls)}
        kwargs: dict = {}
        for name, items in values.items():
            items = [i.strip() for i in items if i is not None and i.strip()]
            if name not in known or not items:
                continue
            if name in MULTI:
                kwargs[name] = tuple(v.strip() for i in items for v in i.split(",") if v.strip())
            elif name in MODALITIES:
                kwargs[name] = items[-1].lower() in ("1", "true", "on", "yes")
            elif name == "place_id":
                kwargs[name] = _int(name, items[-1])
            else:
                kwargs[name] = items[-1]
        return cls(**kwargs)

    def to_params(self) -> list[tuple[str, str]]:
        """The query-string pairs that `from_params` reads back into this filter."""
        pairs: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in MULTI:
                pairs.extend((f.name, str(v)) for v in value)
            elif isinstance(value, bool):
                if value:
                    pairs.append((f.name, "1"))
            elif value not in (None, "", f.default):
                pairs.append((f.name, str(value)))
        return pairs

    def with_(self, **changes) -> "EventFilter":
        return dataclasses.replace(self, **changes)

    def __bool__(self) -> bool:
        return bool(self.to_params())


def filter_date(name: str, value, last: bool = False) -> str:
    """A since / until value as YYYY-MM-DD: YYYY and YYYY-MM stand for their first day (their
    last for `until`). Anything that is not a real date is refused."""
    text = str(value).strip()
    if not DATE.match(text):
        raise FilterError(f"{name}={value!r}: give a date as YYYY-MM-DD, YYYY-MM or YYYY")
    try:
        if len(text) == 4:
            day = dt.date(int(text), 12 if last else 1, 31 if last else 1)
        elif len(text) == 7:
            first = dt.date(int(text[:4]), int(text[5:]), 1)
            day = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1) if last else first
        else:
            day = dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise FilterError(f"{name}={value!r} is not a date; give YYYY-MM-DD, YYYY-MM or YYYY") from None
    return day.isoformat()


def contains(value: str) -> str:
    """A LIKE pattern for `value` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    escaped = str(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise FilterError(f"{name}={value!r}: give a whole number") from error


def fts_words(search: str) -> str:
    """Plain words -> an FTS5 query that requires each of them, none read as syntax."""
    words = [w for w in search.split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _party(role: str, value: str | None, countries: tuple, sectors: tuple) -> tuple[str, list] | None:
    """One condition over the parties of `role`; its parts hold for the same party."""
    conditions, params = [], [role]
    if value:
        conditions.append("(p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\'"
                          " OR p.country = ? COLLATE NOCASE OR p.sector = ? COLLATE NOCASE)")
        params += [contains(value), contains(value), value, value]
    for column, codes in (("country", countries), ("sector", sectors)):
        named = [c for c in codes if c != NONE]
        alternatives = [f"p.{column} COLLATE NOCASE IN ({', '.join('?' * len(named))})"] if named else []
        if NONE in codes:
            alternatives.append(f"p.{column} IS NULL")
        if alternatives:
            conditions.append("(" + " OR ".join(alternatives) + ")")
            params += named
    if not conditions:
        return None
    # IN (subquery) runs once, over the parties' (country, sector) index where it can;
    # EXISTS would probe the parties of every event in turn
    return ("e.id IN (SELECT p.event_id FROM event_parties p WHERE p.role = ?"
            f" AND {' AND '.join(conditions)})", params)


def _in(column: str, values: tuple) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})"


def build_where(f: EventFilter) -> tuple[str, list]:
    """The WHERE clause (with its parameters) of `f`."""
    conditions: list[str] = []
    params: list = []

    def add(sql: str, *values) -> None:
        conditions.append(sql)
        params.extend(values)

    if f.since:
        add("e.date_hi >= ?", f.since)
    if f.until:
        add("e.date_lo <= ?", f.until)
    for role, value, countries, sectors in (
            ("actor", f.actor, f.actor_country, f.actor_sector),
            ("recipient", f.recipient, f.recipient_country, f.recipient_sector)):
        party = _party(role, value, countries, sectors)
        if party:
            add(*party[:1], *party[1])
    if f.event_type:
        add(_in("e.event_type", f.event_type), *[t.upper() for t in f.event_type])
    if f.mode:
        add("e.mode = ? COLLATE NOCASE", f.mode)
    if f.quad:
        add(_in("e.quad_class", f.quad), *f.quad)
    if f.place:
        add("e.place_id IN (SELECT id FROM places WHERE name LIKE ? ESCAPE '\\'"
            " OR admin1 LIKE ? ESCAPE '\\')", contains(f.place), contains(f.place))
    if f.place_id is not None:
        add("e.place_id = ?", f.place_id)
    if f.country:
        add(_in("e.country", f.country), *[c.upper() for c in f.country])
    if f.asserted_only:
        add("e.asserted = 1")
    if f.negated:
        add("e.negated = 1")
    if f.hypothetical:
        add("e.hypothetical = 1")
    if f.implied != "keep":
        add("e.implied_actor = ?", int(f.implied == "only"))
    if f.decided_by:
        add("e.decided_by = ?", f.decided_by)
    for query in (f.text, fts_words(f.search) if f.search else None):
        if query:
            add("e.id IN (SELECT m.event_id FROM sentences_fts f JOIN mentions m"
                " ON m.id = f.mention_id WHERE sentences_fts MATCH ?)", query)
    if f.outlet:
        add("e.id IN (SELECT m.event_id FROM mentions m WHERE m.outlet LIKE ? ESCAPE '\\')",
            contains(f.outlet))
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params

