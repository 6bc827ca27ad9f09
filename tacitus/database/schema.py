"""The event database's SQL schema, its version and the forward migrations.

The version lives in `PRAGMA user_version`. `MIGRATIONS[n]` takes a database from version
`n` to `n + 1`; `migrate` applies the missing ones in order, each in its own transaction, so
an old database opens in a new Tacitus and a new one is refused by an old Tacitus (the
Datasette / sqlite-utils habit of keeping the schema in one readable script). The tables are
described for people in docs/database.md and for Datasette in datasette-metadata.json.
"""
from __future__ import annotations

import sqlite3

from ..errors import DatabaseError

SCHEMA_V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,              -- Article.id (hash of the text)
    content_hash TEXT NOT NULL UNIQUE, -- sha256 of the text: the same article is stored once
    url TEXT,
    title TEXT,
    published TEXT,                   -- YYYY-MM-DD
    outlet TEXT,
    author TEXT,
    language TEXT,
    source TEXT,                      -- where it was read from: path, path:line, URL, WARC record
    text TEXT NOT NULL,
    event_count INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,         -- geonames id, else name|admin1|country
    name TEXT,
    country TEXT,
    admin1 TEXT,
    feature TEXT,
    lat REAL,
    lon REAL,
    geonames_id INTEGER
);
CREATE INDEX places_country ON places(country);
CREATE INDEX places_name ON places(name);

CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,         -- wikidata id, else name|country|sector
    name TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    wikidata TEXT
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT,                     -- JSON list
    quad_class INTEGER,
    intensity REAL,
    cameo TEXT,
    date TEXT,                        -- YYYY-MM-DD, YYYY-MM or YYYY
    granularity TEXT NOT NULL DEFAULT 'unknown',
    date_lo TEXT,                     -- first day the date can mean
    date_hi TEXT,                     -- last day the date can mean
    place_id INTEGER REFERENCES places(id),
    country TEXT,                     -- the place's country
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    future INTEGER NOT NULL DEFAULT 0,
    historical INTEGER NOT NULL DEFAULT 0,
    asserted INTEGER NOT NULL DEFAULT 1,
    dead INTEGER,
    injured INTEGER,
    arrested INTEGER,
    confidence REAL,
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    source_count INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL
);
CREATE INDEX events_date ON events(date_lo, date_hi);
CREATE INDEX events_type_date ON events(event_type, date_lo);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_place ON events(place_id);

CREATE TABLE event_parties (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    actor_id INTEGER REFERENCES actors(id),
    name TEXT NOT NULL,
    text TEXT,
    country TEXT,
    sector TEXT,
    sectors TEXT,                     -- JSON list
    wikidata TEXT,
    UNIQUE (event_id, role, actor_id)
);
CREATE INDEX event_parties_country ON event_parties(country, sector);
CREATE INDEX event_parties_name ON event_parties(name COLLATE NOCASE);
CREATE INDEX event_parties_event ON event_parties(event_id, role);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    coded_id TEXT,                    -- Event.id given by the coder
    outlet TEXT,
    sentence TEXT,                    -- the first evidence sentence
    sentence_index INTEGER,
    sentence_start INTEGER,           -- offsets index articles.text
    sentence_end INTEGER,
    section TEXT,
    trigger_text TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    record TEXT NOT NULL              -- the coded Event as JSON (Event.to_dict), all evidence
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE reported_by (
    id INTEGER PRIMARY KEY,
    mention_id INTEGER NOT NULL REFERENCES mentions(id),
    event_id INTEGER NOT NULL REFERENCES events(id),
    position INTEGER NOT NULL,        -- 0 = closest to the event
    name TEXT NOT NULL,
    text TEXT,
    kind TEXT,
    country TEXT,
    sector TEXT
);
CREATE INDEX reported_by_event ON reported_by(event_id);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,      -- path, path:line, URL or WARC record that failed
    stage TEXT NOT NULL,              -- read | code | save
    error TEXT NOT NULL,              -- exception class
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_attempt TEXT NOT NULL
);

-- Evidence sentences of every mention, for `tacitus events --text`.
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    sentence, mention_id UNINDEXED, tokenize = 'porter unicode61'
);
"""

# Version 2: implied actors (the text names no doer) and what found an event (lexicon, model).
SCHEMA_V2 = """
ALTER TABLE events ADD COLUMN implied_actor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'lexicon';
ALTER TABLE events ADD COLUMN model_probability REAL;
ALTER TABLE event_parties ADD COLUMN implied INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_implied ON events(implied_actor);
"""

# MIGRATIONS[n] brings a database from user_version n to n + 1.
MIGRATIONS: tuple[str, ...] = (SCHEMA_V1, SCHEMA_V2)
VERSION = len(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Apply the migrations the database lacks; return the version it is at now."""
    current = version_of(conn)
    if current > len(migrations):
        raise DatabaseError(
            f"this database is at schema version {current}, newer than this Tacitus knows "
            f"({len(migrations)}); upgrade Tacitus to open it")
    for number in range(current, len(migrations)):
        # executescript commits first; BEGIN makes the script and the version bump one unit
        try:
            conn.executescript(f"BEGIN;\n{migrations[number]}\n"
                               f"PRAGMA user_version = {number + 1};\nCOMMIT;")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise DatabaseError(f"migration to schema version {number + 1} failed: {error}") from error
    return len(migrations)
