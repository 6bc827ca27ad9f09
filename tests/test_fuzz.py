"""Property-based fuzzing (Hypothesis) of the reader, the pipeline and the store, with a fixed
seed and a small budget so that it runs in the suite; bench/fuzz.py is the long run.

The properties: reading raises only `InputError`s; coding raises only `TacitusError`s; dates
never raise; an ingest never raises, and every item it sees is stored, already stored or a
failure row with a reason. Articles are the hand-written ones below, mutated by
bench/mutations.py, plus random unicode, control and zero-width characters, huge numbers and
impossible dates drawn by Hypothesis.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import tacitus
from tacitus.database import open_database
from tacitus.errors import FetchError, InputError, TacitusError
from tacitus.ingest import ingest, parse_date
from tacitus.options import Options
from tacitus.reading import read_bytes, read_html, read_text
from tacitus.reading.fetch import check_url
from tacitus.temporal import find_dates, resolve

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "ingest"))
import fake_coder  # noqa: E402
import mutations  # noqa: E402

ARTICLES = [
    "Dockworkers strike in Mombasa\n\nDockworkers in Mombasa walked out against the Ports Authority "
    "on Tuesday over three months of unpaid wages, union officials said.\n\nPolice arrested twelve "
    "pickets outside the main gate on Wednesday. The transport minister will meet union leaders "
    "next week, his office said.",
    "Ukraine said Russia launched over 500 drones and nearly 80 missiles overnight on Friday, "
    "killing at least three people in Kyiv and injuring 14.\n\nThe foreign minister of Poland met "
    "his Ukrainian counterpart in Warsaw on 3 June 2024 to discuss air defence.",
    "Thousands of teachers marched through Nairobi on Friday to demand higher pay. The government "
    "rejected the demands last month, and the union threatened a national strike in January.",
]
# one seed, a small budget: the same examples every run, in well under a minute together
FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=list(HealthCheck))


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)

# text Hypothesis writes itself: any code point, weighted towards the troublesome ones
TROUBLE = st.sampled_from(list(mutations.ZERO_WIDTH + mutations.BIDI + mutations.CONTROL +
                               mutations.ODD_LETTERS) + list(mutations.HUGE_NUMBERS) +
                          list(mutations.IMPOSSIBLE_DATES) + ["'" * 300, "\n\n", ". ", "\x00"])
PIECES = st.lists(st.one_of(st.text(max_size=30), TROUBLE, st.sampled_from(ARTICLES)), max_size=12)
MUTATED = st.tuples(st.sampled_from(ARTICLES), st.integers(0, 2**32)).map(
    lambda pair: mutations.mutate(pair[0], random.Random(pair[1])))
ANCHORS = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max]))


@given(st.one_of(PIECES.map("".join), MUTATED))
@fuzz(150)
def test_reading_text_raises_only_input_errors(text):
    try:
        article = read_text(text)
    except InputError:
        return
    assert article.text.encode("utf-8")  # an article's text always encodes
    for section in article.sections:
        assert 0 <= section.start <= section.end <= len(article.text)


@given(st.binary(max_size=3000), st.sampled_from([None, "text/html", "text/plain; charset=utf-16",
                                                  "application/pdf", "text/html; charset=bogus"]))
@fuzz(100)
def test_reading_bytes_raises_only_input_errors(data, content_type):
    try:
        read_bytes(data, content_type=content_type)
    except InputError:
        pass


@given(st.one_of(PIECES.map("".join), MUTATED).map(lambda t: mutations.html_wrap(t, random.Random(0))))
@fuzz(40)
def test_reading_html_raises_only_input_errors(html):
    try:
        read_html(html)
    except InputError:
        pass


@given(MUTATED, ANCHORS)
@fuzz(15)
def test_coding_raises_only_tacitus_errors(text, published):
    try:
        article = read_text(text, Options(published=published))
        tacitus.code(article, Options(published=published))
    except TacitusError:
        pass


@given(st.one_of(PIECES.map("".join), st.sampled_from(mutations.IMPOSSIBLE_DATES)), ANCHORS,
       st.sampled_from(["past", "future", "present", None]))
@fuzz(300)
def test_dates_never_raise(text, anchor, tense):
    for when in find_dates(text, anchor, tense):
        assert when.value is None or len(when.value.split("-")[0]) == 4
    resolve(text[:60], anchor, tense)


@given(st.one_of(st.text(max_size=40), st.sampled_from(mutations.PLACEHOLDER_PUBLISHED)))
@fuzz(200)
def test_publication_dates_are_plausible_or_none(value):
    day = parse_date(value)
    assert day is None or dt.date(1800, 1, 1) <= day <= dt.date(2200, 12, 31)


@given(st.text(max_size=80).map(lambda t: "http://" + t))
@fuzz(200)
def test_url_checks_raise_only_fetch_errors(url):
    try:
        check_url(url)
    except FetchError:
        pass


ROW = st.fixed_dictionaries({
    "text": st.one_of(MUTATED, PIECES.map("".join)),
    "date": st.one_of(st.none(), st.text(max_size=12), st.sampled_from(mutations.PLACEHOLDER_PUBLISHED)),
    "url": st.one_of(st.none(), st.text(max_size=20), st.just("http://[::1"), st.just("/etc/passwd")),
    "title": st.one_of(st.none(), st.text(max_size=20)),
    "outlet": st.one_of(st.none(), TROUBLE),
})


@given(st.lists(ROW, min_size=1, max_size=6), st.booleans())
@fuzz(15)
def test_the_store_takes_every_item_or_records_why(tmp_path_factory, rows, real_pipeline):
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / "rows.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with open_database(folder / "fuzz.db") as db:
        report = ingest([source], db, coder=None if real_pipeline else fake_coder.code)
        assert report.stored + report.skipped + report.failed == report.seen == len(rows)
        failures = db.failures()
        assert len(failures) == report.failed and all(f["reason"] for f in failures)
        assert db.count("articles") == report.stored
