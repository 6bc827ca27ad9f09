"""The cross-article merge rule (tacitus/database/merge.py, docs/database.md)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from tacitus.article import Article
from tacitus.database import open_database
from tacitus.database.merge import compatible, date_window, dates_compatible, key_of
from tacitus.records import Actor, Event, Modality, Place, When

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "ingest"))
import fake_coder  # noqa: E402

DOCKERS = Actor("Dockworkers", "dockworkers", "KEN", "LAB")
AUTHORITY = Actor("Kenya Ports Authority", "Ports Authority", "KEN", "GOV")
POLICE = Actor("Kenya Police", "police", "KEN", "COP")
MOMBASA = Place("Mombasa", "Mombasa", "KEN", feature="city")


def event(event_type="PROTEST", actor=(DOCKERS,), recipient=(AUTHORITY,), date="2026-03-10",
          granularity="day", place=MOMBASA, negated=False) -> Event:
    return Event(event_type=event_type, mode=None, context=(), quad_class=3, intensity=-4.0,
                 cameo=None, actor=tuple(actor), recipient=tuple(recipient),
                 date=When(date, granularity), location=place, modality=Modality(negated=negated))


def same(a: Event, b: Event) -> bool:
    return compatible(key_of(a, None), key_of(b, None))


@pytest.mark.parametrize("a, b, expected", [
    (("2026-03-10", "day"), ("2026-03-11", "day"), True),
    (("2026-03-10", "day"), ("2026-03-12", "day"), False),
    (("2026-03-10", "approximate"), ("2026-03-13", "day"), True),
    (("2026-03-10", "approximate"), ("2026-03-14", "day"), False),
    (("2026-03-11", "week"), ("2026-03-15", "day"), True),    # same week (Mon 9 .. Sun 15)
    (("2026-03-11", "week"), ("2026-03-18", "day"), True),    # the week + 3 days
    (("2026-03-11", "week"), ("2026-03-19", "day"), False),
    (("2026-03", "month"), ("2026-03-31", "day"), True),
    (("2026-03", "month"), ("2026-04-01", "day"), False),
    (("2026", "year"), ("2026-12-31", "day"), True),
    ((None, "unknown"), ("2026-03-10", "day"), False),
])
def test_date_windows_follow_the_coarser_granularity(a, b, expected):
    assert dates_compatible(date_window(*a), date_window(*b)) is expected


def test_same_event_different_wording_is_compatible():
    assert same(event(), event(date="2026-03-11", place=None))


def test_other_type_dyad_place_or_modality_is_not():
    assert not same(event(), event(event_type="COERCE"))
    assert not same(event(), event(actor=(POLICE,)))
    assert not same(event(), event(place=Place("Tanga", "Tanga", "TZA")))
    assert not same(event(), event(negated=True))
    assert not same(event(), event(actor=(AUTHORITY,), recipient=(DOCKERS,)))  # reversed dyad


def test_an_unknown_recipient_is_compatible_but_two_unknown_sides_are_not_enough():
    assert same(event(), event(recipient=()))
    assert not same(event(actor=(), recipient=()), event(actor=(), recipient=()))


def test_undated_event_falls_back_to_publication_date():
    undated = event(date=None, granularity="unknown")
    assert key_of(undated, None).window is None
    assert compatible(key_of(undated, dt.date(2026, 3, 12)), key_of(event(), None))


# -- in the database, with paraphrased reports ----------------------------------------------

def article(text: str, published: str, outlet: str, url: str) -> Article:
    return fake_coder.code(Article(text=text, published=dt.date.fromisoformat(published),
                                   outlet=outlet, url=url))


STRIKE_HERALD = article(
    "Dockworkers in Mombasa walked out against the Ports Authority on Tuesday over unpaid wages.",
    "2026-03-10", "Coast Herald", "https://coastherald.example/walkout")
STRIKE_LEDGER = article(
    "Thousands of port workers in Mombasa stopped work, demanding pay owed by the Ports Authority.",
    "2026-03-10", "Nairobi Ledger", "https://nairobiledger.example/stoppage")
STRIKE_LATER = article(
    "Dockworkers in Mombasa began a fresh strike against the Ports Authority this morning.",
    "2026-03-12", "Nairobi Ledger", "https://nairobiledger.example/fresh-strike")


@pytest.fixture
def db(tmp_path):
    with open_database(tmp_path / "merge.db") as database:
        yield database


def test_two_outlets_same_strike_is_one_event(db):
    db.save_article(STRIKE_HERALD)
    saved = db.save_article(STRIKE_LEDGER)
    assert saved.new_events == 0
    [stored] = db.events()
    assert (stored.mentions, stored.articles, stored.sources) == (2, 2, 2)
    assert set(stored.outlets) == {"Coast Herald", "Nairobi Ledger"}
    assert db.count("mentions") == 2


def test_same_dyad_on_different_days_is_two_events(db):
    db.save_article(STRIKE_HERALD)
    db.save_article(STRIKE_LATER)
    events = db.events()
    assert [e.event.date.value for e in events] == ["2026-03-10", "2026-03-12"]
    assert all(e.mentions == 1 for e in events)


def test_two_events_of_one_article_stay_apart(db):
    text = ("Dockworkers in Mombasa walked out against the Ports Authority. "
            "Later the dockworkers went on strike against the Ports Authority in Lamu.")
    one = article(text, "2026-03-10", "Coast Herald", "https://coastherald.example/two")
    assert len(one.events) == 2  # Mombasa and Lamu: both KEN, same dyad, same day
    db.save_article(one)
    assert db.count("events") == 2


def test_a_finer_date_makes_the_stored_event_more_precise(db):
    vague = Article(text="Dockworkers struck this month.", published=dt.date(2026, 3, 10),
                    outlet="Coast Herald")
    vague.events = [event(date="2026-03", granularity="month")]
    db.save_article(vague)
    db.save_article(STRIKE_LEDGER)
    [stored] = db.events()
    assert (stored.event.date.value, stored.mentions) == ("2026-03-10", 2)
