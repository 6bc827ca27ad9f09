"""`Database`: one SQLite file of articles and the events coded from them.

All writes go through `save_article` (one article, one transaction) and `record_failure`;
every statement is parameterised. The connection is opened by `Database.open`, never by
the constructor, so tests and callers can pass their own (the sqlite-utils habit).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..article import Article
from ..errors import DatabaseError
from ..records import Actor, Event, Place
from . import merge, schema


@dataclass(frozen=True)
class Saved:
    """What `save_article` did: the article's id and the events its mentions went to."""

    article_id: str
    event_ids: tuple[int, ...] = ()
    new_events: int = 0
    skipped: bool = False  # already stored (same URL or same text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normal_url(url: str | None) -> str | None:
    """The URL without its fragment, so `page#comments` and `page` are one article."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def outlet_of(article: Article) -> str | None:
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).netloc if article.url else ""
    return host.removeprefix("www.") or None


def readonly_connection(path: str | Path, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection (SQLite URI mode=ro, no writes, no migration) to an existing
    Tacitus database at its current schema version, so an ingest can write meanwhile (WAL).
    A missing file is refused, not created."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: no event database here; check --db, or create one with "
                            f"`tacitus ingest ... --db {path}`")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               timeout=30, check_same_thread=check_same_thread)
        conn.execute("PRAGMA query_only = ON")
        version = schema.version_of(conn)
    except sqlite3.Error as error:
        raise DatabaseError(f"{path}: cannot read the event database ({error}); check that it "
                            "is a Tacitus database") from error
    if version != schema.VERSION:
        conn.close()
        newer = "newer than this Tacitus knows; upgrade Tacitus" if version > schema.VERSION else (
            "older or not a Tacitus database; run `tacitus ingest` on it once to upgrade it")
        raise DatabaseError(f"{path}: the database is at schema version {version}, {newer}")
    return conn


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Database:
    """The event database. Use `Database.open(path)` or `tacitus.database.open_database`."""

    def __init__(self, conn: sqlite3.Connection, path: str | None = None):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> "Database":
        """Open (creating if needed) the database at `path`, in WAL mode, migrated. With
        `readonly` a missing file is refused, not created, and nothing can be written."""
        if readonly:
            return cls(readonly_connection(path), str(path))
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            schema.migrate(conn)
        except sqlite3.Error as error:
            raise DatabaseError(f"{path}: cannot open the event database ({error}); "
                                "check the path and that it is a Tacitus database") from error
        return cls(conn, str(path))

    @classmethod
    def open_readonly(cls, path: str | Path) -> "Database":
        """`open(path, readonly=True)`."""
        return cls.open(path, readonly=True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE .. COMMIT; any exception, Ctrl-C included, rolls back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- articles -------------------------------------------------------------------------

    def find_article(self, text: str | None = None, url: str | None = None) -> str | None:
        """The id of the stored article with this text or this URL, if any."""
        row = None
        if text is not None:
            row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?",
                                    (content_hash(text),)).fetchone()
        if row is None and normal_url(url):
            row = self.conn.execute("SELECT id FROM articles WHERE url = ?",
                                    (normal_url(url),)).fetchone()
        return row[0] if row else None

    def save_article(self, article: Article) -> Saved:
        """Store `article` and its events, merging each into a stored event where one fits."""
        with self.transaction() as conn:
            if self.find_article(article.text, article.url):
                return Saved(article.id, skipped=True)
            conn.execute(
                "INSERT INTO articles (id, content_hash, url, title, published, outlet, author,"
                " language, source, text, event_count, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, content_hash(article.text), normal_url(article.url), article.title,
                 article.published.isoformat() if article.published else None, article.outlet,
                 article.author, article.language, article.source, article.text,
                 len(article.events), _now()))
            event_ids, new = [], 0
            for event in article.events:
                event_id, created = self._save_event(article, event)
                event_ids.append(event_id)
                new += created
            if article.source:
                conn.execute("DELETE FROM failures WHERE source = ?", (article.source,))
        return Saved(article.id, tuple(event_ids), new)

    def record_failure(self, source: str, stage: str, error: BaseException | str, reason: str = "") -> None:
        """Note that `source` could not be read, coded or saved; a rerun tries it again."""
        kind = error if isinstance(error, str) else type(error).__name__
        reason = reason or (str(error) if not isinstance(error, str) else kind)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO failures (source, stage, error, reason, last_attempt)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET stage = excluded.stage,"
                " error = excluded.error, reason = excluded.reason,"
                " attempts = attempts + 1, last_attempt = excluded.last_attempt",
                (source, stage, kind, reason[:2000], _now()))

    def failures(self) -> list[dict]:
        cursor = self.conn.execute(
            "SELECT source, stage, error, reason, attempts, last_attempt FROM failures ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def count(self, table: str) -> int:
        if table not in {"articles", "events", "mentions", "failures", "places", "actors",
                         "event_parties", "reported_by"}:
            raise ValueError(f"unknown table {table!r}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    # -- events ---------------------------------------------------------------------------

    def _save_event(self, article: Article, event: Event) -> tuple[int, bool]:
        key = merge.key_of(event, article.published)
        event_id = merge.find_match(self.conn, key, article.id)
        place_id = self._place_id(event.location)
        created = event_id is None
        if created:
            event_id = self._insert_event(event, key.window, place_id)
        else:
            self._enrich_event(event_id, event, key.window, place_id)
        for role, parties in (("actor", event.actor), ("recipient", event.recipient)):
            for party in parties:
                self._add_party(event_id, role, party)
        self._insert_mention(event_id, article, event)
        self._refresh_counts(event_id)
        return event_id, created

    def _insert_event(self, event: Event, window: merge.Window | None, place_id: int | None) -> int:
        mod, size = event.modality, event.size
        cursor = self.conn.execute(
            "INSERT INTO events (event_type, mode, context, quad_class, intensity, cameo, date,"
            " granularity, date_lo, date_hi, place_id, country, negated, hypothetical, future,"
            " historical, asserted, dead, injured, arrested, confidence, first_seen, implied_actor,"
            " decided_by, model_probability)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.event_type, event.mode, json.dumps(list(event.context)), event.quad_class,
             event.intensity, event.cameo, event.date.value, event.date.granularity,
             window.lo.isoformat() if window else None, window.hi.isoformat() if window else None,
             place_id, event.location.country if event.location else None,
             mod.negated, mod.hypothetical, mod.future, mod.historical, mod.asserted,
             size.dead, size.injured, size.arrested, event.confidence, _now(),
             event.implied_actor, event.decided_by, event.model_probability))
        return cursor.lastrowid

    def _enrich_event(self, event_id: int, event: Event, window: merge.Window | None,
                      place_id: int | None) -> None:
        """A new report can make a stored event more precise: a finer date, a place, sizes."""
        granularity, = self.conn.execute(
            "SELECT granularity FROM events WHERE id = ?", (event_id,)).fetchone()
        if (window and event.date.value and (granularity not in merge.GRANULARITY_ORDER or
                merge.coarser(window.granularity, granularity) != window.granularity)):
            self.conn.execute(
                "UPDATE events SET date = ?, granularity = ?, date_lo = ?, date_hi = ? WHERE id = ?",
                (event.date.value, event.date.granularity, window.lo.isoformat(),
                 window.hi.isoformat(), event_id))
        size = event.size
        self.conn.execute(
            "UPDATE events SET place_id = COALESCE(place_id, ?), country = COALESCE(country, ?),"
            " dead = MAX(COALESCE(dead, ?), COALESCE(?, dead)),"
            " injured = MAX(COALESCE(injured, ?), COALESCE(?, injured)),"
            " arrested = MAX(COALESCE(arrested, ?), COALESCE(?, arrested)),"
            " confidence = MAX(confidence, ?),"
            # a named actor in any report makes the stored event's actor named
            " implied_actor = MIN(implied_actor, ?),"
            " decided_by = CASE WHEN decided_by = ? THEN decided_by ELSE 'both' END,"
            " model_probability = MAX(COALESCE(model_probability, ?), COALESCE(?, model_probability))"
            " WHERE id = ?",
            (place_id, event.location.country if event.location else None,
             size.dead, size.dead, size.injured, size.injured, size.arrested, size.arrested,
             event.confidence, event.implied_actor, event.decided_by, event.model_probability,
             event.model_probability, event_id))

    def _place_id(self, place: Place | None) -> int | None:
        if place is None:
            return None
        key = (f"geonames:{place.geonames_id}" if place.geonames_id else
               f"{(place.name or place.text).casefold()}|{place.admin1 or ''}|{place.country or ''}")
        self.conn.execute(
            "INSERT INTO places (key, name, country, admin1, feature, lat, lon, geonames_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
            (key, place.name or place.text, place.country, place.admin1, place.feature,
             place.lat, place.lon, place.geonames_id))
        return self.conn.execute("SELECT id FROM places WHERE key = ?", (key,)).fetchone()[0]

    def _add_party(self, event_id: int, role: str, party: Actor) -> None:
        key = (f"wikidata:{party.wikidata}" if party.wikidata else
               f"{party.name.casefold()}|{party.country or ''}|{party.sector or ''}")
        self.conn.execute(
            "INSERT INTO actors (key, name, country, sector, wikidata) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(key) DO NOTHING",
            (key, party.name, party.country, party.sector, party.wikidata))
        actor_id, = self.conn.execute("SELECT id FROM actors WHERE key = ?", (key,)).fetchone()
        self.conn.execute(
            "INSERT INTO event_parties (event_id, role, actor_id, name, text, country, sector,"
            " sectors, wikidata, implied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(event_id, role, actor_id) DO NOTHING",
            (event_id, role, actor_id, party.name, party.text, party.country, party.sector,
             json.dumps(list(party.sectors)), party.wikidata, party.implied))

    def _insert_mention(self, event_id: int, article: Article, event: Event) -> int:
        first = event.evidence[0] if event.evidence else None
        trigger = first.trigger if first else None
        cursor = self.conn.execute(
            "INSERT INTO mentions (event_id, article_id, coded_id, outlet, sentence, sentence_index,"
            " sentence_start, sentence_end, section, trigger_text, trigger_start, trigger_end,"
            " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, article.id, event.id or None, outlet_of(article),
             first.sentence if first else None, first.sentence_index if first else None,
             first.sentence_start if first else None, first.sentence_end if first else None,
             first.section if first else None, trigger.text if trigger else None,
             trigger.start if trigger else None, trigger.end if trigger else None,
             json.dumps(event.to_dict(), ensure_ascii=False)))
        mention_id = cursor.lastrowid
        for position, source in enumerate(event.reported_by):
            self.conn.execute(
                "INSERT INTO reported_by (mention_id, event_id, position, name, text, kind,"
                " country, sector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (mention_id, event_id, position, source.name, source.text, source.kind,
                 source.country, source.sector))
        for sentence in dict.fromkeys(e.sentence for e in event.evidence if e.sentence):
            self.conn.execute("INSERT INTO sentences_fts (sentence, mention_id) VALUES (?, ?)",
                              (sentence, mention_id))
        return mention_id

    def _refresh_counts(self, event_id: int) -> None:
        # an article with no known outlet counts as a source of its own
        self.conn.execute(
            "UPDATE events SET (mention_count, article_count, source_count) = ("
            " SELECT COUNT(*), COUNT(DISTINCT article_id),"
            " COUNT(DISTINCT COALESCE(outlet, 'article:' || article_id))"
            " FROM mentions WHERE event_id = ?) WHERE id = ?", (event_id, event_id))

    # -- reading --------------------------------------------------------------------------

    def events(self, filters=None, **kwargs):
        """Stored events matching an `EventFilter` or keyword filters (its field names), with
        `limit`, `offset` and `sort` (see `tacitus.database.query.find_events`)."""
        from .query import find_events
        return find_events(self.conn, filters, **kwargs)

    def events_frame(self, filters=None, **kwargs):
        """The matching events as a pandas DataFrame, one row per event (flat columns)."""
        from .export import events_frame
        return events_frame(self.events(filters, **kwargs))

    def stats(self) -> dict:
        from .query import stats
        return stats(self.conn)

    def export(self, format: str, output: str | Path, filters=None, formula_safe: bool = True,
               **kwargs) -> int:
        """Write the matching events to `output` in `format`; return how many. The output may
        not be the database itself; `formula_safe` (see `export.formula_safe`) guards CSV and
        TSV cells against spreadsheet formulas."""
        from .export import check_output, export
        check_output(output, self.path)
        return export(self.events(filters, **kwargs), format, output, formula_safe=formula_safe)
