"""The library under the web app: EventFilter, pages, facets, timeline, dyads, places,
health, event and article views with their highlighted pieces, and the query plans."""
from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.database import Database, browse, detail, open_database
from tacitus.database.filters import EventFilter, build_where, fts_words
from tacitus.errors import DatabaseError, FilterError

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "web"))
import small_db  # noqa: E402


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return small_db.build(tmp_path_factory.mktemp("browse") / "small.db")


@pytest.fixture
def conn(db_path):
    with open_database(db_path) as db:
        yield db.conn


def types(events) -> list[str]:
    return [e.event.event_type for e in events]


# -- the filter object -----------------------------------------------------------------------

def test_filter_reads_back_its_own_parameters():
    f = EventFilter(since="2026-03-01", event_type=("PROTEST", "COERCE"), quad=(3, 4),
                    actor_country=("KEN", "TZA"), negated=True, search="dock workers")
    assert EventFilter.from_params(f.to_params()) == f


def test_filter_reads_commas_repeats_and_checkbox_values():
    f = EventFilter.from_params([("actor_country", "KEN, TZA"), ("actor_country", "UGA"),
                                 ("quad", "4"), ("negated", "on"), ("hypothetical", "0"),
                                 ("since", ""), ("unknown", "x")])
    assert f == EventFilter(actor_country=("KEN", "TZA", "UGA"), quad=(4,), negated=True)


@pytest.mark.parametrize("params, message", [
    ([("since", "March")], "since='March'"), ([("quad", "7")], "quad class"),
    ([("quad", "two")], "quad class"), ([("place_id", "x")], "place_id")])
def test_malformed_filters_say_what_to_give(params, message):
    with pytest.raises(FilterError, match=message):
        EventFilter.from_params(params)


def test_search_words_are_quoted_never_read_as_fts5_syntax(conn):
    assert fts_words('say "hi" OR NEAR(') == '"say" """hi""" "OR" "NEAR("'
    assert browse.event_page(conn, EventFilter(search='"unclosed OR (')).total == 0
    assert types(browse.event_page(conn, EventFilter(search="walked Mombasa")).events) == ["PROTEST"]
    assert browse.event_page(conn, EventFilter(search="queued harbour")).total == 0  # not evidence
    with pytest.raises(DatabaseError, match="full-text"):
        browse.event_page(conn, EventFilter(text='"unclosed'))


def test_several_countries_on_one_side(conn):
    kenya = browse.event_page(conn, EventFilter(actor_country=("KEN",))).total
    tanzania = browse.event_page(conn, EventFilter(actor_country=("TZA",))).total
    both = browse.event_page(conn, EventFilter(actor_country=("KEN", "TZA"))).total
    assert both == kenya + tanzania and kenya and not tanzania
    assert browse.event_page(conn, EventFilter(recipient_country=("KEN", "TZA"))).total == 5


def test_country_and_sector_of_a_side_hold_for_the_same_party(conn):
    police = browse.event_page(conn, EventFilter(actor_country=("KEN",), actor_sector=("COP",)))
    assert types(police.events) == ["COERCE", "COERCE"]
    assert browse.event_page(conn, EventFilter(actor_country=("TZA",), actor_sector=("COP",))).total == 0


def test_modality_filters(conn):
    assert types(browse.event_page(conn, EventFilter(hypothetical=True)).events) == ["PROTEST"]
    assert browse.event_page(conn, EventFilter(asserted_only=True)).total == 4


def test_implied_actor_and_decided_by_filters(db_path, tmp_path):
    copy = tmp_path / "implied.db"
    shutil.copy(db_path, copy)
    plain = sqlite3.connect(copy)
    plain.execute("UPDATE events SET implied_actor = 1, decided_by = 'model' WHERE id = 3")
    plain.commit()
    assert [e.id for e in browse.event_page(plain, EventFilter(implied="only")).events] == [3]
    assert 3 not in [e.id for e in browse.event_page(plain, EventFilter(implied="drop")).events]
    assert browse.event_page(plain, EventFilter(implied="drop")).total == 4
    assert [e.id for e in browse.event_page(plain, EventFilter(decided_by="model")).events] == [3]
    assert EventFilter.from_params([("implied", "only")]).to_params() == [("implied", "only")]
    assert EventFilter().to_params() == []  # "keep" is the default, not a filter
    with pytest.raises(FilterError, match="implied"):
        EventFilter(implied="sometimes")


# -- pages, facets, timeline, dyads, places --------------------------------------------------

def test_event_page_pages_and_sorts(conn):
    first = browse.event_page(conn, EventFilter(), limit=2, sort="date")
    assert first.total == 5 and first.next_offset == 2 and first.previous_offset is None
    last = browse.event_page(conn, EventFilter(), offset=4, limit=2, sort="date")
    assert last.next_offset is None and last.previous_offset == 2
    newest = browse.event_page(conn, EventFilter(), limit=5, sort="-date").events
    assert [e.event.date.value for e in newest] == sorted((e.event.date.value for e in newest),
                                                          reverse=True)
    with pytest.raises(FilterError, match="sort"):
        browse.event_page(conn, EventFilter(), sort="colour")
    with pytest.raises(FilterError, match="limit"):
        browse.event_page(conn, EventFilter(), limit=browse.MAX_PAGE + 1)


def test_facets_count_the_filtered_events(conn):
    facets = browse.facets(conn, EventFilter(until="2026-04-30"))
    assert {r["value"]: r["count"] for r in facets["event_type"]} == {"PROTEST": 1, "COERCE": 1, "CONSULT": 1}
    assert facets["actor_country"] == [{"value": "KEN", "count": 3}]
    assert {r["value"] for r in facets["outlet"]} == {"Coast Herald", "Coast Wire", "Harbour Weekly"}


def test_timeline_counts_per_month_week_and_quad(conn):
    months = browse.timeline(conn, EventFilter(), interval="month")
    assert {(r["period"], r["series"]): r["count"] for r in months} == {
        ("2026-03-01", "COERCE"): 1, ("2026-03-01", "CONSULT"): 1, ("2026-03-01", "PROTEST"): 1,
        ("2026-05-01", "COERCE"): 1, ("2026-05-01", "PROTEST"): 1}
    weeks = browse.timeline(conn, EventFilter(event_type=("COERCE",)), interval="week", by="quad")
    assert [(r["period"], r["series"]) for r in weeks] == [("2026-03-09", "4"), ("2026-04-27", "4")]
    with pytest.raises(FilterError):
        browse.timeline(conn, EventFilter(), interval="fortnight")


def test_a_dyads_parameters_list_exactly_its_events(conn):
    dyads = browse.dyads(conn, EventFilter())
    assert [(d.actor.label, d.recipient.label, d.events) for d in dyads] == [
        ("KENCOP", "KENLAB", 2), ("KENLAB", "KENGOV", 2), ("KENGOV", "TZALAB", 1)]
    for dyad in dyads:
        assert browse.event_page(conn, EventFilter.from_params(dyad.params)).total == dyad.events


def test_places_are_geojson_points_and_countries_count_events(conn):
    places = browse.places_geojson(conn, EventFilter())
    assert places["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in places["features"]}
    assert by_name["Mombasa"]["geometry"] == {"type": "Point", "coordinates": [39.67, -4.05]}
    assert by_name["Tanga"]["properties"]["events"] == 2
    assert browse.country_counts(conn, EventFilter()) == {"KEN": 2, "TZA": 2}
    place_id = by_name["Tanga"]["properties"]["place_id"]
    assert browse.event_page(conn, EventFilter(place_id=place_id)).total == 2


def test_health_has_sizes_failures_and_coverage(conn):
    health = browse.health(conn)
    assert health["totals"]["articles"] == 5 and health["totals"]["failures"] == 1
    assert health["failures"] == [{"stage": "read", "error": "InputError", "sources": 1,
                                   "example": "not a feed"}]
    assert health["months"] == ["2026-03", "2026-04", "2026-05"]
    assert health["coverage"]["Harbour Weekly"] == {"2026-04": 1, "2026-05": 1}


def test_summaries_are_remembered_until_the_file_changes(tmp_path):
    path = small_db.build(tmp_path / "memo.db")
    reader = Database.open_readonly(path)
    first = browse.health(reader.conn)
    assert browse.health(reader.conn) is first  # remembered
    with open_database(path) as writer:
        writer.record_failure("late.txt", "read", "EmptyInput", "empty")
    again = browse.health(reader.conn)
    assert again is not first and again["totals"]["failures"] == 2


# -- one event, one article, highlighted pieces ----------------------------------------------

def test_segments_cut_at_every_boundary_and_keep_the_text():
    marks = [detail.Mark(0, 11, "actor", 1), detail.Mark(12, 18, "trigger", 1),
             detail.Mark(5, 11, "place", 2, asserted=False)]
    pieces = detail.segments("Dockworkers struck today", marks)
    assert "".join(p.text for p in pieces) == "Dockworkers struck today"
    assert [(p.text, p.kinds, p.event_ids) for p in pieces] == [
        ("Dockw", ("actor",), (1,)), ("orkers", ("actor", "place"), (1, 2)), (" ", (), ()),
        ("struck", ("trigger",), (1,)), (" today", (), ())]
    only_unasserted = detail.segments("abcdef", [detail.Mark(0, 3, "trigger", 2, asserted=False)])
    assert only_unasserted[0].asserted is False and only_unasserted[1].kinds == ()
    inside = detail.segments("struck today", marks, offset=12)
    assert inside[0].text == "struck" and inside[0].kinds == ("trigger",)


def test_event_detail_highlights_each_reports_sentence(conn):
    found = detail.event_detail(conn, 2)
    [report] = found.reports
    assert report.outlet == "Coast Wire" and report.title == "Arrests in Lamu"
    [(section, pieces)] = report.sentences
    assert "".join(p.text for p in pieces) == "Police arrested dockworkers in Lamu on Friday after the protest."
    assert [p.text for p in pieces if "trigger" in p.kinds] == ["arrested"]
    assert [p.text for p in pieces if "actor" in p.kinds] == ["Police"]
    assert [p.text for p in pieces if "place" in p.kinds] == ["Lamu"]
    assert detail.event_detail(conn, 999) is None


def test_article_view_cuts_the_whole_text(conn):
    article_id, = conn.execute("SELECT id FROM articles WHERE title = 'Strike threat'").fetchone()
    view = detail.article_view(conn, article_id)
    assert "".join(s.text for s in view.segments) == view.text
    assert [s.text for s in view.segments if "trigger" in s.kinds] == ["strike"]
    assert all(not s.asserted for s in view.segments if s.kinds)  # the threat is hypothetical
    assert detail.article_view(conn, "nope") is None


# -- read-only access, query plans, the command line -----------------------------------------

def test_readonly_database_refuses_writes(db_path):
    db = Database.open_readonly(db_path)
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
        db.conn.execute("DELETE FROM events")
    db.close()
    with pytest.raises(DatabaseError, match="tacitus ingest"):
        Database.open_readonly(db_path.parent / "missing.db")


@pytest.mark.parametrize("f, index", [
    (EventFilter(since="2019-01-01", until="2019-12-31"), "events_date"),
    (EventFilter(event_type=("PROTEST",), since="2019-01-01"), "events_type_date"),
    (EventFilter(country=("UKR",)), "events_country"),
])
def test_filters_over_long_date_ranges_use_an_index(conn, f, index):
    where, params = build_where(f)
    plan = " ".join(row[-1] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT e.id FROM events e" + where, params))
    assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, plan


def test_cli_takes_several_countries_on_a_side(db_path, capsys):
    assert main(["events", "--db", str(db_path), "--actor-country", "KEN", "--actor-sector", "COP",
                 "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and all("Kenya Police" in row for row in rows[1:])


def test_callers_asking_at_once_share_one_computation(db_path):
    import threading
    calls = []
    started = threading.Event()

    def slow(conn, f):
        calls.append(f)
        started.set()
        threading.Event().wait(0.3)
        return len(calls)

    remembered = browse.memo(slow)
    answers = []

    def ask():
        with open_database(db_path) as db:
            answers.append(remembered(db.conn, EventFilter(country=("KEN",))))

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [EventFilter(country=("KEN",))] and answers == [1] * 5
