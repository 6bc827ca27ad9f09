"""The event database: schema and migrations, saving, every filter, stats, every export."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from tacitus.article import Article
from tacitus.cli import main
from tacitus.database import open_database, schema
from tacitus.database.export import GDELT_COLUMNS, ICEWS_COLUMNS, POLECAT_COLUMNS, FLAT_COLUMNS
from tacitus.errors import DatabaseError
from tacitus.ingest import Columns, iter_items, read_item

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
sys.path.insert(0, str(FIXTURES))
import fake_coder  # noqa: E402

REPO = Path(__file__).parent.parent


def fixture_articles() -> list[Article]:
    items = iter_items([FIXTURES / "articles.jsonl", FIXTURES / "articles.csv",
                        FIXTURES / "feed.rss", FIXTURES / "feed.atom"], Columns())
    articles = [read_item(item) for item in items if hasattr(item, "text")]
    articles.append(Article(
        text="Dockworkers in Tanga threatened to strike against the Ports Authority next week.",
        published=dt.date(2026, 3, 15), outlet="Harbour Weekly",
        url="https://harbourweekly.example/tanga-threat"))
    return [fake_coder.code(a) for a in articles]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "tacitus.db"
    with open_database(path) as db:
        for article in fixture_articles():
            db.save_article(article)
    return path


@pytest.fixture
def db(db_path):
    with open_database(db_path) as database:
        yield database


def summary(events) -> set[tuple]:
    return {(e.event.event_type, e.event.date.value, e.event.actor[0].name if e.event.actor else None)
            for e in events}


# -- schema ----------------------------------------------------------------------------------

def test_new_database_is_at_the_current_version_in_wal_mode(db):
    assert schema.version_of(db.conn) == schema.VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "events", "event_parties", "mentions", "reported_by", "places", "actors",
            "failures", "sentences_fts"} <= tables


def test_forward_migration_keeps_the_data(tmp_path):
    path = tmp_path / "old.db"
    open_database(path).close()
    later = schema.MIGRATIONS + ("ALTER TABLE events ADD COLUMN note TEXT;",)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO failures (source, stage, error, reason, last_attempt)"
                 " VALUES ('x', 'read', 'E', 'r', 'now')")
    assert schema.migrate(conn, later) == schema.VERSION + 1
    assert schema.version_of(conn) == schema.VERSION + 1
    assert conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0] == 1
    conn.execute("SELECT note FROM events")
    conn.close()


def test_a_database_from_a_newer_tacitus_is_refused(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 99").connection.close()
    with pytest.raises(DatabaseError, match="upgrade Tacitus"):
        open_database(path)


def test_datasette_metadata_describes_every_table_and_column(db):
    metadata = json.loads((REPO / "tacitus/database/datasette-metadata.json").read_text())
    tables = metadata["databases"]["tacitus"]["tables"]
    for (table,) in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                    " AND name NOT LIKE 'sentences_fts_%'"):
        assert tables[table]["description"], table
        if table == "sentences_fts":
            continue
        columns = [r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")]
        assert set(columns) == set(tables[table]["columns"]), table


def test_docs_name_every_table_and_the_datasette_line():
    doc = (REPO / "docs/database.md").read_text()
    assert "datasette tacitus.db -m tacitus/database/datasette-metadata.json" in doc
    for table in ("articles", "events", "event_parties", "mentions", "reported_by", "places",
                  "actors", "failures", "sentences_fts"):
        assert f"`{table}`" in doc


# -- saving ----------------------------------------------------------------------------------

def test_merged_counts_and_evidence_offsets(db):
    [strike] = [e for e in db.events(event_type="PROTEST", since="2026-03-10", until="2026-03-10")]
    assert (strike.mentions, strike.articles, strike.sources) == (3, 3, 3)
    for article_id, start, end, sentence, t_start, t_end, trigger in db.conn.execute(
            "SELECT article_id, sentence_start, sentence_end, sentence, trigger_start,"
            " trigger_end, trigger_text FROM mentions"):
        text, = db.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        assert text[start:end] == sentence and text[t_start:t_end] == trigger


def test_saving_the_same_article_again_changes_nothing(db):
    before = [db.count(t) for t in ("articles", "events", "mentions")]
    for article in fixture_articles():
        assert db.save_article(article).skipped
    assert [db.count(t) for t in ("articles", "events", "mentions")] == before


def test_same_url_with_other_text_is_the_same_article(db):
    article = fake_coder.code(Article(text="A corrected version of the walkout story.",
                                      url="https://coastherald.example/2026/03/10/mombasa-dock-walkout#top"))
    assert db.save_article(article).skipped


def test_a_failed_save_leaves_nothing_behind(tmp_path):
    with open_database(tmp_path / "t.db") as db:
        article = fixture_articles()[0]
        broken = article.events[0].__class__(**{**article.events[0].__dict__, "event_type": None})
        article.events = [article.events[0], broken]
        with pytest.raises(sqlite3.IntegrityError):
            db.save_article(article)
        assert [db.count(t) for t in ("articles", "events", "mentions")] == [0, 0, 0]


# -- filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("filters, expected", [
    ({"since": "2026-03-12"}, {("COERCE", "2026-03-12", "Kenya Police"),
                               ("PROTEST", "2026-03-20", "Dockworkers"),
                               ("PROTEST", "2026-03-15", "Dockworkers")}),
    ({"until": "2026-03-09"}, {("CONSULT", "2026-03-02", "Fishermen")}),
    ({"actor": "police"}, {("COERCE", "2026-03-12", "Kenya Police")}),
    ({"actor": "COP"}, {("COERCE", "2026-03-12", "Kenya Police")}),
    ({"actor": "TZA"}, {("CONSULT", "2026-03-02", "Fishermen")}),
    ({"recipient": "GOV", "until": "2026-03-14"}, {("PROTEST", "2026-03-10", "Dockworkers")}),
    ({"recipient": "dockworkers"}, {("COERCE", "2026-03-12", "Kenya Police"),
                                    ("CONSULT", "2026-03-11", "Ministry of Transport")}),
    ({"event_type": "consult"}, {("CONSULT", "2026-03-02", "Fishermen"),
                                 ("CONSULT", "2026-03-11", "Ministry of Transport")}),
    ({"mode": "arrest"}, {("COERCE", "2026-03-12", "Kenya Police")}),
    ({"quad": 4}, {("COERCE", "2026-03-12", "Kenya Police")}),
    ({"place": "lamu"}, {("PROTEST", "2026-03-11", "Dockworkers")}),
    ({"country": "TZA"}, {("CONSULT", "2026-03-02", "Fishermen"),
                          ("PROTEST", "2026-03-15", "Dockworkers")}),
    ({"negated": True}, {("PROTEST", "2026-03-11", "Dockworkers")}),
    ({"hypothetical": True}, {("PROTEST", "2026-03-15", "Dockworkers")}),
    ({"text": "cranes OR importers"}, set()),
    ({"text": "diverted OR blocked"}, {("COERCE", "2026-03-12", "Kenya Police")}),
    ({"text": "fisheries"}, {("CONSULT", "2026-03-02", "Fishermen")}),
    ({"outlet": "Coast Wire"}, {("COERCE", "2026-03-12", "Kenya Police")}),
])
def test_each_filter(db, filters, expected):
    assert summary(db.events(**filters)) == expected


def test_asserted_only_leaves_out_negated_and_hypothetical(db):
    everything, asserted = db.events(), db.events(asserted_only=True)
    assert len(everything) - len(asserted) == 2
    assert all(e.event.asserted for e in asserted)


def test_bad_text_query_is_a_database_error(db):
    with pytest.raises(DatabaseError, match="--text"):
        db.events(text='"unclosed')


def test_stats_counts_by_type_month_dyad_outlet(db):
    counts = db.stats()
    assert dict(counts["type"]) == {"PROTEST": 4, "CONSULT": 2, "COERCE": 1}
    assert dict(counts["month"]) == {"2026-03": 7}
    assert dict(counts["dyad"])["KENLAB -> KENGOV"] == 3
    assert {row[0] for row in counts["outlet"]} >= {"Coast Herald", "Nairobi Ledger", "Coast Wire"}


# -- exports ---------------------------------------------------------------------------------

def read_tsv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_export_plover_has_the_manuals_required_fields(db, tmp_path):
    assert db.export("plover", tmp_path / "events.jsonl") == 7
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    for record in records:
        assert {"id", "date", "actor", "event"} <= set(record)
        assert record["quad_code"] in (1, 2, 3, 4)
    strike = next(r for r in records if r["mentions"] == 3)
    assert strike["actor"] == [{"code": "KEN", "sector": "LAB", "entity_text": "Dockworkers",
                                "identifier_text": "Dockworkers"}]
    assert strike["event"] == ["PROTEST"] and strike["event_loc"]["resolved_place"] == "Mombasa"
    db.export("plover", tmp_path / "events.json")
    assert len(json.loads((tmp_path / "events.json").read_text())) == 7


@pytest.mark.parametrize("format, columns", [
    ("polecat", POLECAT_COLUMNS), ("icews", ICEWS_COLUMNS), ("gdelt", GDELT_COLUMNS)])
def test_export_tsv_formats_have_their_column_sets(db, tmp_path, format, columns):
    db.export(format, tmp_path / f"events.{format}.tsv", event_type="COERCE")
    [row] = read_tsv(tmp_path / f"events.{format}.tsv")
    assert tuple(row) == columns
    assert "Mombasa" in row.values()


def test_gdelt_has_its_61_columns_and_counts(db, tmp_path):
    assert len(GDELT_COLUMNS) == 61
    db.export("gdelt", tmp_path / "g.tsv", event_type="COERCE")
    [row] = read_tsv(tmp_path / "g.tsv")
    assert (row["SQLDATE"], row["Actor1Code"], row["Actor2Code"], row["QuadClass"]) == \
        ("20260312", "KENCOP", "KENLAB", "4")
    assert (row["NumMentions"], row["NumArticles"], row["ActionGeo_CountryCode"]) == ("2", "2", "KEN")


def test_export_csv_and_frame_share_the_flat_columns(db, tmp_path):
    db.export("csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == FLAT_COLUMNS and len(list(reader)) == 7
    frame = db.events_frame(event_type="PROTEST")
    assert list(frame.columns) == list(FLAT_COLUMNS) and len(frame) == 4
    assert frame["mentions"].max() == 3
    assert list(open_database(tmp_path / "empty.db").events_frame().columns) == list(FLAT_COLUMNS)


def test_parquet_export_answers_a_duckdb_query(db, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    db.export("parquet", path)
    rows = duckdb.sql(f"SELECT event_type, SUM(mentions) FROM read_parquet('{path}')"
                      " WHERE asserted GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [("COERCE", 2), ("CONSULT", 2), ("PROTEST", 4)]


# -- the command line ------------------------------------------------------------------------

def test_cli_events_in_each_format(db_path, capsys):
    assert main(["events", "--db", str(db_path), "--type", "COERCE"]) == 0
    out = capsys.readouterr().out
    assert "Kenya Police" in out and out.splitlines()[0].startswith("id")
    main(["events", "--db", str(db_path), "--format", "jsonl", "--actor", "police"])
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["event_type"] == "COERCE" and record["mentions"] == 2
    main(["events", "--db", str(db_path), "--format", "csv", "--negated"])
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["place"] for r in rows] == ["Lamu"]


def test_cli_stats_and_export(db_path, tmp_path, capsys):
    assert main(["stats", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "== type" in out and "PROTEST" in out and "== outlet" in out
    out_path = tmp_path / "x.tsv"
    assert main(["export", "--db", str(db_path), "--format", "icews", "--output", str(out_path),
                 "--country", "TZA"]) == 0
    assert len(read_tsv(out_path)) == 2


def test_every_option_has_help_text():
    from tacitus.cli import build_parser
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in ("ingest", "events", "stats", "export"):
        for action in commands[name]._actions:
            assert action.help, f"tacitus {name} {action.option_strings or action.dest}"
