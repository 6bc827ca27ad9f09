"""Issue 13's cases, one test each: hostile feeds, bombs, pathological text, placeholder dates,
dead processes and unsafe files never read local files, exhaust memory, hang or stop a batch.
(The fetcher's SSRF cases are in test_fetch.py; processes in test_processes.py.)"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import pickle
import sqlite3
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

import tacitus
from tacitus.article import Article
from tacitus.cli import main
from tacitus.database import open_database
from tacitus.errors import CodingError, TacitusError
from tacitus.ingest import code_chunk, ingest
from tacitus.options import Options
from tacitus.reading import read_text
from tacitus.reading.text import MAX_PUNCTUATION, MAX_SENTENCE, MAX_WORD
from tacitus.temporal import find_dates, resolve

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
sys.path.insert(0, str(FIXTURES))
import fake_coder  # noqa: E402

STORY = ("Police in Lagos arrested {n} protesters outside the state assembly on {day}, "
         "officials said. The protesters had marched from the university.")


@pytest.fixture
def db(tmp_path):
    with open_database(tmp_path / "tacitus.db") as database:
        yield database


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


# -- a feed can never make ingest read a local file -----------------------------------------

def test_feed_links_that_are_paths_are_refused_not_read(db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The minister met the union leader. PRIVATE-KEY-1234 must not leak.")
    links = [str(secret), "-", secret.as_uri(), f"../{secret.name}", "ftp://files.example/x"]
    items = "".join(f"<item><title>t{n}</title><link>{link}</link></item>"
                    for n, link in enumerate(links))
    feed = tmp_path / "feed.rss"
    feed.write_text(f"<?xml version='1.0'?><rss><channel><title>Evil</title>{items}</channel></rss>")
    report = ingest([feed], db, coder=fake_coder.code)
    assert (report.stored, report.failed) == (0, len(links))
    dump = "\n".join(db.conn.iterdump())
    assert "PRIVATE-KEY-1234" not in dump
    assert all("not an http(s) URL" in f["reason"] for f in db.failures())


def test_sitemap_entries_are_links_and_paths_among_them_are_refused(db, tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                       "<url><loc>/etc/passwd</loc></url></urlset>")
    report = ingest([sitemap], db, coder=fake_coder.code)
    assert report.failed == 1 and "not an http(s) URL" in db.failures()[0]["reason"]


# -- one article never stops a batch ---------------------------------------------------------

HOSTILE = {
    "huge count": STORY.format(n="18446744073709551616", day="Monday"),
    "nines": STORY.format(n="9" * 400, day="Monday"),
    "31 February": STORY.format(n="40", day="31 February"),
    "dotted capital I": "İSTANBUL — " + STORY.format(n="40 İİİ", day="Monday").replace("Lagos", "İzmir"),
    "next year": STORY.format(n="40", day="Monday") + " They will return next year.",
}


@pytest.mark.parametrize("published", ["2019-04-10", "9999-12-31", "0001-01-01"])
def test_hostile_articles_are_coded_and_saved_with_the_real_pipeline(tmp_path, published):
    rows = [{"text": text, "date": published, "url": f"https://news.example/{n}"}
            for n, text in enumerate(HOSTILE.values())]
    source = write_jsonl(tmp_path / "hostile.jsonl", rows)
    with open_database(tmp_path / "real.db") as database:
        report = ingest([source], database)
        assert (report.stored, report.failed) == (len(HOSTILE), 0), database.failures()
        again = ingest([source], database)  # the rerun neither crashes nor stores twice
        assert (again.skipped, again.failed) == (len(HOSTILE), 0)


def test_lone_surrogates_from_json_are_read_coded_and_saved(db, tmp_path):
    """Found by bench/fuzz.py: "\\ud800" is valid JSON but not UTF-8; the article id raised."""
    path = tmp_path / "surrogates.jsonl"
    path.write_text(json.dumps({"text": "Dockworkers in Mombasa walked out \ud800 on Monday.",
                                "title": "Strike \udfff", "url": "https://n.example/s"}) + "\n")
    report = ingest([path], db, coder=fake_coder.code)
    assert (report.stored, report.failed) == (1, 0)
    assert read_text("Police arrested \udc80 protesters in Lagos.").text.encode("utf-8")


def test_placeholder_dates_are_no_publication_date(db, tmp_path):
    rows = [{"text": STORY.format(n=40 + n, day="Monday"), "date": day, "url": f"https://n.example/{n}"}
            for n, day in enumerate(("9999-12-31", "0001-01-01", "Mon, 31 Feb 2026 10:00:00 GMT"))]
    ingest([write_jsonl(tmp_path / "dates.jsonl", rows)], db, coder=fake_coder.code)
    assert [p for p, in db.conn.execute("SELECT published FROM articles")] == [None, None, None]


def test_counts_over_the_cap_are_no_count():
    from tacitus.sizes import MAX_COUNT, number
    assert number("18446744073709551616") is None and number("9" * 400) is None
    assert number(str(MAX_COUNT)) == MAX_COUNT and number("1.2 million") == 1_200_000


def test_a_saved_count_too_big_for_sqlite_is_a_failure_row_not_a_crash(db, tmp_path):
    rows = [{"text": f"Dockworkers in Mombasa walked out, day {n}.", "url": f"https://n.example/{n}"}
            for n in range(3)]
    report = ingest([write_jsonl(tmp_path / "rows.jsonl", rows)], db, coder=fake_coder.huge_count_code)
    assert (report.stored, report.failed) == (2, 1)
    failure, = db.failures()
    assert failure["stage"] == "save" and failure["error"] == "OverflowError" and failure["reason"]


def warc_with_junk(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n in range(2):
        html = f"<html><body><article><p>{STORY.format(n=40 + n, day='Monday')}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{n}", "response", payload=io.BytesIO(html.encode()),
            http_headers=headers))
        if n == 0:
            buffer.write(b"\x00\x01 this is not a WARC record \xff\xfe\r\n\r\n")
    path.write_bytes(buffer.getvalue())


def test_junk_between_warc_records_ends_that_file_only(db, tmp_path):
    warc_with_junk(tmp_path / "junk.warc")
    after = write_jsonl(tmp_path / "after.jsonl", [{"text": "Dockworkers in Mombasa walked out."}])
    report = ingest([tmp_path / "junk.warc", after], db, coder=fake_coder.code)
    assert report.stored == 2  # the record before the junk, and the next source
    assert report.failed == 1 and db.failures()[0]["reason"]


def test_tacitus_code_raises_only_documented_errors(monkeypatch):
    import tacitus.sizes
    article = read_text(STORY.format(n=40, day="Monday"), Options(published=dt.date(2024, 3, 1)))

    def broken(article, options):
        raise KeyError("a stage's surprise")
    monkeypatch.setattr(tacitus.sizes, "run", broken)
    with pytest.raises(CodingError) as raised:
        tacitus.code(article)
    assert isinstance(raised.value, TacitusError) and "KeyError" in str(raised.value)


# -- pathological text is cut before spaCy ---------------------------------------------------

@pytest.mark.parametrize("junk", ["'" * 20_000, "'s" * 5_000, '"(*' * 3_000, "x" * 50_000])
def test_runs_of_punctuation_and_long_words_are_cut_at_reading(junk):
    article = read_text(f"Police arrested protesters in Lagos {junk} on Monday. " + STORY.format(
        n=40, day="Tuesday") + " The governor said that the police would release them soon.")
    words = article.text.split()
    assert max(map(len, words)) <= MAX_WORD
    assert "'" * (MAX_PUNCTUATION + 1) not in article.text
    assert tacitus.code(article).events is not None  # seconds, not the 62 s it took


def test_a_long_line_without_a_full_stop_is_split_into_bounded_blocks():
    line = " ".join(["police arrested protesters in Lagos"] * 2_500)  # 90 kB, one sentence
    article = read_text("Headline\n\n" + line)
    assert all(s.end - s.start <= MAX_SENTENCE for s in article.sections)
    assert sum(s.end - s.start for s in article.sections) >= len(line) - 100  # nothing dropped


def test_an_article_text_over_the_limit_is_refused():
    from tacitus.errors import InputTooLarge
    with pytest.raises(InputTooLarge, match="over the limit of 100,000"):
        read_text("Police arrested protesters. " * 5_000)


def test_a_slow_article_fails_alone_when_its_time_budget_runs_out():
    articles = [Article(text=f"Dockworkers in Mombasa walked out, day {n}.") for n in range(3)]
    articles[1] = Article(text="A slow article about dockworkers who walked out.")
    coded = code_chunk(articles, Options(time_budget=0.5), coder=fake_coder.stuck_on_slow)
    assert [c.error for c in coded] == [None, "TimeBudgetExceeded", None]
    assert "time budget of 0.5 s" in coded[1].reason
    assert coded[0].article.events and coded[2].article.events


# -- bombs: read to the limit, never whole ---------------------------------------------------

def gzip_bomb(path: Path, prefix: bytes, size: int) -> None:
    """A gzip file whose content is `prefix` then `size` bytes of 'a' with no newline."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"a" * (1 << 20)
    with open(path, "wb") as handle:
        handle.write(compressor.compress(prefix))
        for _ in range(size >> 20):
            handle.write(compressor.compress(block))
        handle.write(compressor.flush())


@pytest.mark.parametrize("name, prefix", [
    ("bomb.jsonl.gz", b'{"text": "'), ("bomb.csv.gz", b"title,text\nt,"), ("bomb.txt.gz", b""),
    ("bomb.rss.gz", b"<?xml version='1.0'?><rss><channel><title>")])
def test_a_decompression_bomb_costs_the_limit_not_its_size(db, tmp_path, name, prefix):
    gzip_bomb(tmp_path / name, prefix, 64 << 20)  # 64 MB inflated; the limit is 1 MB
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "Dockworkers in Mombasa walked out."}])
    tracemalloc.start()
    try:
        report = ingest([tmp_path / name, good], db, coder=fake_coder.code,
                        options=Options(max_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.stored == 1 and report.failed == 1
    assert "InputTooLarge" in db.failures()[0]["error"]
    assert peak < 16 << 20, f"peak {peak:,} bytes"


def warc_bomb(path: Path, size: int) -> None:
    """A gzipped WARC response record whose page inflates to `size` bytes, then a good one."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/bomb\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2026-03-14T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http) + size).encode() + b"\r\n\r\n")
    compressor, block = zlib.compressobj(9, zlib.DEFLATED, 31), b"a " * (1 << 19)
    with open(path, "wb") as handle:
        handle.write(compressor.compress(head + http))
        for _ in range(size >> 20):
            handle.write(compressor.compress(block))
        handle.write(compressor.compress(b"\r\n\r\n") + compressor.flush())
        writer = WARCWriter(handle, gzip=True)
        page = f"<html><body><article><p>{STORY.format(n=40, day='Monday')}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/good", "response", payload=io.BytesIO(page.encode()),
            http_headers=headers))


def test_a_warc_bomb_record_is_refused_and_the_archive_goes_on(db, tmp_path):
    warc_bomb(tmp_path / "bomb.warc.gz", 256 << 20)
    tracemalloc.start()
    try:
        report = ingest([tmp_path / "bomb.warc.gz"], db, coder=fake_coder.code,
                        options=Options(max_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (report.stored, report.failed) == (1, 1), db.failures()
    # warcio inflates a 16 kB block at a time (up to ~16 MB for the most compressible data):
    # a bounded cost, not the record's 256 MB
    assert peak < 96 << 20, f"peak {peak:,} bytes"


def test_an_over_long_jsonl_line_is_skipped_and_the_next_lines_read(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "x " * 5000}) + "\n" +
                    json.dumps({"text": "Dockworkers in Mombasa walked out."}) + "\n")
    report = ingest([path], db, coder=fake_coder.code, options=Options(max_bytes=1000))
    assert (report.stored, report.failed) == (1, 1)
    assert db.failures()[0]["source"].endswith(":1")


# -- files and the command line --------------------------------------------------------------

@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "events.db"
    rows = [{"text": "=HYPERLINK(\"http://evil.example\") Dockworkers in Mombasa walked out.",
             "date": "2026-03-10", "url": "https://n.example/1", "outlet": "+Coast 50%_Herald"},
            {"text": "Police arrested dockworkers in Mombasa.", "date": "2026-03-11",
             "url": "https://n.example/2", "outlet": "Coast Herald"}]
    with open_database(path) as database:
        ingest([write_jsonl(tmp_path / "rows.jsonl", rows)], database, coder=fake_coder.code)
    return path


def test_export_refuses_to_write_over_the_database(stored, capsys):
    before = stored.read_bytes()
    for output in (stored, stored.parent / "." / stored.name, Path(f"{stored}-wal")):
        assert main(["export", "--db", str(stored), "--format", "csv", "--output", str(output)]) == 1
        assert "the event database itself" in capsys.readouterr().err
    assert stored.read_bytes() == before


def test_events_stats_export_refuse_a_missing_database_and_create_nothing(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    for command in (["events"], ["stats"], ["export", "--format", "csv", "-o", str(tmp_path / "o.csv")]):
        assert main([*command, "--db", str(missing)]) == 1
        assert "no event database here" in capsys.readouterr().err
    assert not missing.exists()


def test_reading_commands_open_the_database_read_only(stored):
    with open_database(stored, readonly=True) as database:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            database.conn.execute("DELETE FROM events")


def test_ingest_exits_non_zero_and_says_how_many_failed(tmp_path, capsys):
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"no_text": 1}, {"no_text": 2}])
    assert main(["ingest", str(bad), "--db", str(tmp_path / "x.db"), "-q"]) == 1
    assert "2 of 2 items failed" in capsys.readouterr().err


@pytest.mark.parametrize("flags", [["--since", "2026-02-30"], ["--until", "yesterday"],
                                   ["--since", "2026-13"], ["--limit", "-1"]])
def test_filters_are_validated(stored, flags, capsys):
    with pytest.raises(SystemExit):
        main(["events", "--db", str(stored), *flags])
    assert "error" in capsys.readouterr().err


def test_limit_zero_is_none_and_partial_dates_and_literal_percent(stored, capsys):
    with open_database(stored, readonly=True) as database:
        assert database.events(limit=0) == []
        assert len(database.events()) == 2
        assert len(database.events(until="2026-03")) == 2 and database.events(until="2026-02") == []
        assert len(database.events(since="2026")) == 2
        assert len(database.events(outlet="50%_")) == 1 and database.events(outlet="5%H") == []


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(stored, tmp_path, capsys):
    import csv
    main(["export", "--db", str(stored), "--format", "csv", "-o", str(tmp_path / "safe.csv")])
    main(["export", "--db", str(stored), "--format", "csv", "-o", str(tmp_path / "raw.csv"),
          "--allow-formulas"])
    safe = list(csv.DictReader(open(tmp_path / "safe.csv", encoding="utf-8")))
    raw = list(csv.DictReader(open(tmp_path / "raw.csv", encoding="utf-8")))
    assert any(row["outlets"] == "'+Coast 50%_Herald" for row in safe)
    assert any(row["outlets"] == "+Coast 50%_Herald" for row in raw)
    cells = [value for row in safe for value in row.values() if not _number(value)]
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in cells)
    main(["events", "--db", str(stored), "--format", "csv"])
    assert "\n+" not in capsys.readouterr().out and "'+Coast" in open(tmp_path / "safe.csv").read()


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_sigterm_is_handled_like_ctrl_c(monkeypatch):
    from tacitus import cli

    def stopped(args):
        os.kill(os.getpid(), __import__("signal").SIGTERM)
        time.sleep(5)  # the handler raises before this ends
        return 0
    monkeypatch.setattr(cli, "build_parser", lambda: _parser_calling(stopped))
    assert cli.main(["run"]) == 143


def _parser_calling(func):
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.set_defaults(func=func)
    return parser


class Planted:
    """What a hostile pickle runs when loaded: it leaves a mark."""

    def __init__(self, mark: Path):
        self.mark = mark

    def __reduce__(self):
        return (Path.touch, (self.mark,))


@pytest.mark.parametrize("mode, loaded", [(0o777, False), (0o775, False), (0o700, True)])
def test_the_gazetteer_cache_is_loaded_only_from_a_folder_of_ones_own(tmp_path, monkeypatch, mode, loaded):
    from tacitus.knowledge import gazetteer as module
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TACITUS_NO_CACHE", raising=False)
    path = module._cache_path(module.ALIASES.read_text(encoding="utf-8"))
    path.parent.mkdir()
    mark = tmp_path / "pickle-ran"
    path.write_bytes(pickle.dumps(Planted(mark)))
    os.chmod(path.parent, 0o777)  # planted while the folder was open to everyone
    os.chmod(path.parent, mode)

    class Built(Exception):
        pass

    def build(aliases_text):
        raise Built()
    monkeypatch.setattr(module, "_build", build)
    module.gazetteer.cache_clear()
    try:
        with pytest.raises(Built):
            module.gazetteer()
    finally:
        module.gazetteer.cache_clear()
    assert mark.exists() is loaded


def test_a_group_writable_cache_file_is_not_loaded(tmp_path, monkeypatch):
    from tacitus.knowledge import gazetteer as module
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = module._cache_path(module.ALIASES.read_text(encoding="utf-8"))
    path.parent.mkdir(mode=0o700)
    path.write_bytes(b"")
    os.chmod(path, 0o666)
    assert not module._ours(path)
    os.chmod(path, 0o600)
    assert module._ours(path)


# -- dates -----------------------------------------------------------------------------------

def test_next_year_is_the_next_year():
    anchor = dt.date(2019, 4, 10)
    assert [w.value for w in find_dates("They will return next year.", anchor)] == ["2020"]
    assert resolve("next year", anchor).value == "2020"


def test_nine_thousand_years_ago_is_not_three_years_ago():
    anchor = dt.date(2019, 4, 10)
    assert all(w.value != "2016" for w in find_dates("It happened 9999 years ago.", anchor))
    assert resolve("9999 years ago", anchor).value != "2016"


@pytest.mark.parametrize("anchor", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2024, 3, 1)])
@pytest.mark.parametrize("text", ["on 31 February", "yesterday", "next year", "two years from now",
                                  "999 years ago", "in 999 decades", "last Christmas", "on Monday"])
def test_date_arithmetic_never_raises(anchor, text):
    for when in find_dates(text, anchor, "past") + find_dates(text, anchor, "future"):
        assert when.value is None or len(when.value.split("-")[0]) == 4
    resolve(text, anchor)
