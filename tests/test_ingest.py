"""Ingest: every input kind, idempotence, failures, Ctrl-C and SIGKILL resume, the CLI."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import tacitus
from tacitus.article import Article
from tacitus.cli import main
from tacitus.database import open_database
from tacitus.errors import PipelineError
from tacitus.ingest import Columns, Progress, code_one, ingest, parse_date

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
sys.path.insert(0, str(FIXTURES))
import fake_coder  # noqa: E402


@pytest.fixture
def db(tmp_path):
    with open_database(tmp_path / "tacitus.db") as database:
        yield database


def articles(db) -> dict[str, tuple]:
    """url or source -> (title, published, outlet, author) of every stored article."""
    rows = db.conn.execute("SELECT url, source, title, published, outlet, author FROM articles")
    return {url or source: tuple(rest) for url, source, *rest in rows}


# -- each input kind -------------------------------------------------------------------------

def test_jsonl_rows_and_their_failures(db):
    report = ingest([FIXTURES / "articles.jsonl"], db, coder=fake_coder.code)
    assert (report.seen, report.stored, report.failed) == (6, 4, 2)
    assert articles(db)["https://nairobiledger.example/news/port-stoppage"] == \
        ("Port grinds to a halt as workers down tools", "2026-03-10", "Nairobi Ledger", None)
    failures = {f["source"].rsplit("/", 1)[-1]: (f["stage"], f["error"]) for f in db.failures()}
    assert failures == {"articles.jsonl:3": ("read", "JSONDecodeError"),
                        "articles.jsonl:5": ("read", "MissingText")}
    assert report.mentions == 4 and report.new_events == 3  # the two walkout reports merged


def test_csv_columns_recognised_by_common_names(db):
    ingest([FIXTURES / "articles.csv"], db, coder=fake_coder.code)
    assert articles(db)["https://coastherald.example/2026/03/11/minister-meets-union"] == \
        ("Transport minister meets dock union", "2026-03-11", "Coast Herald", None)


def test_other_column_names_are_set_by_flags(db):
    ingest([FIXTURES / "custom_columns.csv"], db, coder=fake_coder.code)
    assert db.count("articles") == 0 and db.failures()[0]["error"] == "MissingText"
    columns = Columns(text="story", published="when", url="address", outlet="paper")
    report = ingest([FIXTURES / "custom_columns.csv"], db, coder=fake_coder.code, columns=columns)
    assert report.stored == 1 and db.failures() == []  # the rerun cleared the failure
    assert articles(db)["https://tangatimes.example/fishermen-talks"][1:3] == ("2026-02-28", "Tanga Times")


def test_gzipped_tables_read_like_plain_ones(db, tmp_path):
    for name in ("articles.jsonl", "articles.csv"):
        with open(FIXTURES / name, "rb") as src, gzip.open(tmp_path / f"{name}.gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
    report = ingest([tmp_path / "articles.jsonl.gz", tmp_path / "articles.csv.gz"], db,
                    coder=fake_coder.code)
    assert report.stored == 6


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    pages = [("https://portobserver.example/minister", "200 OK",
              (FIXTURES / "pages/minister.html").read_text()),
             ("https://portobserver.example/missing", "404 Not Found", "<html>gone</html>"),
             ("https://portobserver.example/gate", "200 OK",
              "<html><head><title>Arrests at the gate</title></head><body><article>"
              "<h1>Arrests at the gate</h1><p>Police arrested eight dockworkers in Mombasa after "
              "pickets stopped lorries from leaving the container terminal on the coast road.</p>"
              "<p>Officers said more arrests were possible if the blockade of the terminal went "
              "on into the weekend, and union leaders called the detentions unlawful.</p>"
              "</article></body></html>")]
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, html in pages:
            http_headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")],
                                            protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": "2026-03-14T08:00:00Z"}))
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=request))


def test_warc_archive_of_news_pages(db, tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    report = ingest([tmp_path / "crawl.warc.gz"], db, coder=fake_coder.code)
    assert (report.seen, report.stored, report.failed) == (2, 2, 0)  # the 404 is not an article
    stored = articles(db)
    assert stored["https://portobserver.example/minister"][1:3] == ("2026-03-12", "Port Observer")
    assert stored["https://portobserver.example/gate"][1] == "2026-03-14"  # the crawl date
    assert db.events(event_type="COERCE")[0].event.actor[0].name == "Kenya Police"


def test_rss_and_atom_feeds_from_files(db):
    report = ingest([FIXTURES / "feed.rss", FIXTURES / "feed.atom"], db, coder=fake_coder.code)
    assert report.stored == 3
    stored = articles(db)
    assert stored["https://harbourweekly.example/walkout-day-two"] == \
        ("Walkout enters second day", "2026-03-11", "Harbour Weekly", "A. Mwangi")
    assert stored["https://coastwire.example/police-gate"][1:3] == ("2026-03-12", "Coast Wire")
    text, = db.conn.execute("SELECT text FROM articles WHERE url LIKE '%walkout-day-two'").fetchone()
    assert text.startswith("Dockworkers in Mombasa walked out") and "<p>" not in text


@pytest.fixture
def feed_server():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_feed_from_a_url(db, feed_server):
    refused = ingest([f"{feed_server}/feed.rss"], db, coder=fake_coder.code)
    assert refused.failed == 1 and "loopback" in db.failures()[0]["reason"]  # no private targets
    report = ingest([f"{feed_server}/feed.rss"], db, coder=fake_coder.code,
                    options=tacitus.Options(allow_private=True))  # a feed server of one's own
    assert report.stored == 2 and report.failed == 0
    assert db.conn.execute("SELECT source FROM articles").fetchone()[0].startswith(feed_server)


def test_a_directory_of_pages(db, tmp_path):
    shutil.copytree(FIXTURES / "pages", tmp_path / "pages")
    (tmp_path / "pages" / "scan.pdf").write_bytes(b"%PDF-1.4")
    report = ingest([tmp_path / "pages"], db, coder=fake_coder.code)
    assert report.stored == 2
    assert [(f["source"].rsplit("/", 1)[-1], f["error"]) for f in db.failures()] == \
        [("scan.pdf", "UnsupportedType")]
    titles = {title for title, *_ in articles(db).values()}
    assert "Minister meets striking dockworkers" in titles


def test_dates_in_the_common_shapes():
    assert parse_date("2026-03-11T09:30:00Z") == dt.date(2026, 3, 11)
    assert parse_date("Wed, 11 Mar 2026 07:00:00 GMT") == dt.date(2026, 3, 11)
    assert parse_date("last Tuesday") is None


# -- idempotence, failures, interruptions ----------------------------------------------------

def test_ingesting_twice_stores_once(db):
    sources = [FIXTURES / "articles.jsonl", FIXTURES / "articles.csv", FIXTURES / "feed.rss"]
    first = ingest(sources, db, coder=fake_coder.code)
    counts = [db.count(t) for t in ("articles", "events", "mentions", "failures")]
    second = ingest(sources, db, coder=fake_coder.code)
    assert second.stored == 0 and second.skipped == first.stored
    assert [db.count(t) for t in ("articles", "events", "mentions", "failures")] == counts
    assert {f["attempts"] for f in db.failures()} == {2}


def test_an_article_the_coder_fails_on_is_recorded_and_the_batch_goes_on(db, tmp_path):
    rows = [{"text": "Dockworkers in Mombasa walked out.", "url": "https://x.example/1"},
            {"text": "An unreadable article.", "url": "https://x.example/2"},
            {"text": "Police arrested dockworkers in Mombasa.", "url": "https://x.example/3"}]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = ingest([path], db, coder=fake_coder.failing_code)
    assert (report.stored, report.failed) == (2, 1)
    [failure] = db.failures()
    assert (failure["source"], failure["stage"], failure["error"]) == (f"{path}:2", "code", "ValueError")
    assert "refuses" in failure["reason"]


def test_an_event_the_database_refuses_is_recorded_as_a_save_failure(db):
    def malformed(article, options):
        article = fake_coder.code(article, options)
        article.events = [dataclasses.replace(e, event_type=None) for e in article.events]
        return article

    report = ingest([FIXTURES / "articles.jsonl"], db, coder=malformed)
    assert report.stored == 0 and db.count("articles") == 0
    assert {(f["stage"], f["error"]) for f in db.failures()} >= {("save", "IntegrityError")}


def test_ctrl_c_keeps_what_was_saved(db, tmp_path):
    calls = []

    def interrupted_on_third(article, options):
        calls.append(article)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fake_coder.code(article, options)

    stream = io.StringIO()
    report = ingest([FIXTURES / "articles.jsonl"], db, coder=interrupted_on_third,
                    progress=Progress(stream))
    assert report.interrupted and report.stored == 2 and db.count("articles") == 2
    assert "run the same command again" in stream.getvalue()
    assert ingest([FIXTURES / "articles.jsonl"], db, coder=fake_coder.code).stored == 2


def test_progress_line_shows_rate_and_events(db):
    stream = io.StringIO()
    ingest([FIXTURES / "articles.jsonl"], db, coder=fake_coder.code, progress=Progress(stream))
    last = stream.getvalue().strip().splitlines()[-1]
    assert "articles/s" in last and "4 events found" in last


def test_a_coder_that_cannot_run_stops_the_batch(db):
    def missing(article, options):
        raise ImportError("no module named tacitus.parse")

    with pytest.raises(PipelineError, match="coder cannot run"):
        ingest([FIXTURES / "articles.jsonl"], db, coder=missing)


def test_code_one_runs_in_a_process_pool():
    article = Article(text="Dockworkers in Mombasa walked out against the Ports Authority.",
                      published=dt.date(2026, 3, 10))
    pickle.dumps((code_one, article, fake_coder.code))
    with ProcessPoolExecutor(1) as pool:
        coded = pool.submit(code_one, article, tacitus.DEFAULT, fake_coder.code).result()
    assert coded.error is None and coded.article.events[0].event_type == "PROTEST"


def event_summary(path: Path) -> tuple[set, list]:
    conn = sqlite3.connect(path)
    stored = {r[0] for r in conn.execute("SELECT id FROM articles")}
    events = sorted(conn.execute(
        "SELECT e.event_type, e.date, e.mention_count, e.article_count, e.source_count,"
        " (SELECT group_concat(m.article_id) FROM (SELECT article_id FROM mentions"
        "  WHERE event_id = e.id ORDER BY article_id) m),"
        " (SELECT group_concat(role || ':' || name) FROM event_parties WHERE event_id = e.id)"
        " FROM events e").fetchall())
    conn.close()
    return stored, events


def test_resume_after_sigkill_gives_the_same_database(tmp_path):
    rows = []
    for i in range(20):
        day = 1 + i // 3
        sentence = ("Dockworkers in Mombasa walked out against the Ports Authority"
                    if i % 4 else "The transport minister met dockworkers in Mombasa")
        rows.append({"text": f"{sentence}, report number {i} said.", "date": f"2026-03-{day:02d}",
                     "outlet": ("Coast Herald", "Nairobi Ledger")[i % 2],
                     "url": f"https://news.example/{i}"})
    source = tmp_path / "twenty.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    killed, whole = tmp_path / "killed.db", tmp_path / "whole.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    process = subprocess.Popen([sys.executable, str(FIXTURES / "run_ingest.py"), str(killed),
                                str(source)], env=env)
    stored, deadline = 0, time.monotonic() + 60
    while stored < 6 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
        try:
            conn = sqlite3.connect(killed, timeout=1)
            stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            pass  # not created yet
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 6 <= event_summary(killed)[0].__len__() < 20, "the run was not stopped midway"

    with open_database(killed) as db:
        rerun = ingest([source], db, coder=fake_coder.code)
    assert rerun.skipped >= 6 and rerun.stored + rerun.skipped == 20
    with open_database(whole) as db:
        ingest([source], db, coder=fake_coder.code)
    assert event_summary(killed) == event_summary(whole)
    assert len(event_summary(whole)[0]) == 20


# -- the command line and the real pipeline --------------------------------------------------

def test_cli_ingest_then_events(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("tacitus.pipeline.run_many",  # the seam the default coder goes through
                        lambda articles, options, *rest: [fake_coder.code(a, options) for a in articles])
    db_path = tmp_path / "cli.db"
    # two of the six lines are broken: stored what it could, said so, and exited non-zero
    assert main(["ingest", str(FIXTURES / "articles.jsonl"), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "events found" in err and "2 of 6 items failed" in err
    main(["events", "--db", str(db_path), "--format", "jsonl", "--type", "PROTEST"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["mentions"] for r in records] == [2, 1]


def test_the_real_pipeline_on_a_tiny_article(tmp_path):
    text = "Police in Mombasa arrested forty dockworkers on Monday."
    try:
        expected = tacitus.code_text(text, published="2026-03-10")
    except (ImportError, NotImplementedError) as error:
        pytest.skip(f"the pipeline is not built yet: {error}")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": text, "date": "2026-03-10"}) + "\n")
    with open_database(tmp_path / "real.db") as db:
        report = ingest([path], db)
        assert (report.stored, report.failed) == (1, 0)
        assert report.mentions == len(expected) == db.count("mentions")
