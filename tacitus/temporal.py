"""Temporal expressions in news text: find them and normalise them against an anchor date.

Rule-based and fast (regular expressions, no model). The anchor is the publication date;
relative expressions ("on Thursday", "last month") resolve against it, and with no anchor
they come back with `value=None` but their granularity and text kept. Absolute expressions
("3 June 2024", "2019") resolve with or without one.

Choices, documented here because the output depends on them:

- Weekdays: with past or unknown tense, the most recent such day on or before the anchor
  (AP style names the weekday for anything within a week, today included); with future
  tense, the next one on or after it. "last Friday" is strictly before, "next Friday"
  strictly after.
- Weeks ("last week", "earlier this week") have granularity "week" and the value of the
  week's Monday, YYYY-MM-DD.
- A month name alone ("in June") is the most recent such month not after the anchor's
  month (the next one with future tense). A month and day with no year follow the
  same rule: on or before the anchor unless the tense is future.
- Decades ("the 1990s") are granularity "approximate" with the decade's first year
  ("1990"); quarters and seasons are "approximate" with their first month ("1989-07").
- Vague offsets ("days ago", "just days after", "shortly before", "recently") are
  "approximate", with a best guess a little before the anchor (after it in future tense).
- "now", "currently" are "approximate" with the anchor's day; `timeml_value` tells them
  apart as PRESENT_REF, PAST_REF and FUTURE_REF.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from .calendars import add_months as _add_months, day as _day, easter as _easter
from .calendars import monday as _monday, month as _month, nth_weekday as _nth_weekday
from .calendars import plausible as _plausible
from .calendars import safe_date as _safe_date, weekday_date as _weekday_date
from .records import When

TENSES = ("past", "future", "present", None)

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                  "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "couple of": 2}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4}
_SEASONS = {"spring": (4, "SP"), "summer": (7, "SU"), "fall": (10, "FA"),
            "autumn": (10, "FA"), "winter": (1, "WI")}
# how far back a vague "days" / "weeks" ... offset is guessed to reach
_VAGUE_DAYS = {"day": 2, "week": 14, "month": 60, "year": 3 * 365, "decade": 3650}


def _month_alternation() -> str:
    names = [m.capitalize() for m in _MONTHS]
    abbrs = [a.capitalize() + r"\." for a in _ABBREVIATIONS] + [
        a.capitalize() for a in _ABBREVIATIONS if a not in ("mar",)]
    return "|".join(sorted(names + abbrs, key=len, reverse=True))


MONTH = rf"(?P<month>(?:{_month_alternation()})(?![a-z]))"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TWO_DIGITS = (rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|"
               rf"(?:oh|o)[\s-](?:{'|'.join(_UNITS)}))")
# broadcast transcripts spell years out: "nineteen ninety-six", "the year two thousand"
SPELLED_YEAR = (rf"(?i:(?:eighteen|nineteen)\s+(?:hundred\s+(?:and\s+)?)?{_TWO_DIGITS}\b|"
                rf"two\s+thousand(?:\s+(?:and\s+)?(?:{'|'.join(_UNITS)}|{'|'.join(_TEENS)})\b)?)")
YEAR = rf"(?P<year>(?:1[89]|20)\d\d(?![\d%])|{SPELLED_YEAR})"
WEEKDAY = r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
NUMBER = r"(?P<n>\d{1,3}|a couple of|couple of|" + "|".join(
    k for k in _NUMBERS if " " not in k) + r")"
VAGUE = r"(?P<vague>several|a few|few|some|just|only|mere)"
UNIT = r"(?P<unit>day|week|month|year|decade)s?"
PREP = r"(?i:in|since|by|until|till|through|throughout|during|of|before|after|from|to|" \
       r"for|between|and|or|since|early|late|mid|around|as of)"


@dataclass(frozen=True)
class Found:
    """One matched expression, before it becomes a `When`."""

    kind: str  # the rule that matched, read back by `timeml_value`
    value: str | None
    granularity: str
    start: int
    end: int


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    tense: str | None


_Handler = Callable[[re.Match, _Context], "tuple[str | None, str] | None"]


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern
    handler: _Handler
    whole_only: bool = False  # only when the expression is the whole string (`resolve`)


# ---------------------------------------------------------------- calendar helpers

def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _ABBREVIATIONS.get(key) or _MONTHS.index(key) + 1


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _year_digits(words: str) -> str:
    """"nineteen ninety-six" -> "1996", "two thousand one" -> "2001"; digits pass through."""
    if words.isdigit():
        return words
    values = {w: i + 1 for i, w in enumerate(_UNITS)}
    values.update({w: i + 10 for i, w in enumerate(_TEENS)})
    values.update({w: 10 * (i + 2) for i, w in enumerate(_TENS)})
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t not in ("and", "hundred", "oh", "o")]
    if tokens[:2] == ["two", "thousand"]:
        return str(2000 + sum(values[t] for t in tokens[2:]))
    return str(values[tokens[0]] * 100 + sum(values[t] for t in tokens[1:]))


# ---------------------------------------------------------------- handlers

def _iso(m, ctx):
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (_day(d), "day") if d else None


def _month_day(m, ctx):
    month, day = _month_number(m["month"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        d = _safe_date(int(m["year"]), month, day)
        return (_day(d), "day") if d else None
    if ctx.anchor is None:
        return None, "day"
    in_year = lambda year: _safe_date(year, month, day)  # noqa: E731
    if m["weekday"]:  # "Monday, Oct. 26": the year in which that day is a Monday
        weekday = _WEEKDAYS.index(m["weekday"].lower())
        named = [d for k in (-1, 0, 1) if (d := in_year(ctx.anchor.year + k))
                 and d.weekday() == weekday]
        if len(named) == 1:
            return _day(named[0]), "day"
    found = _yearly(in_year, ctx)
    return (_day(found), "day") if found else None


def _yearly(date_in: Callable[[int], dt.date | None], ctx: _Context, rel: str = "") -> dt.date | None:
    """Which year's occurrence of a yearly day the tense points at (the anchor's year ± 1)."""
    candidates = [d for d in (date_in(ctx.anchor.year + k) for k in (-1, 0, 1)) if d]
    past = [d for d in candidates if d <= ctx.anchor]
    future = [d for d in candidates if d >= ctx.anchor]
    if not (past and future):
        return None  # a day no year has ("31 February"), or none near the anchor
    if rel == "last":
        return [d for d in candidates if d < ctx.anchor][-1]
    if rel == "next":
        return [d for d in candidates if d > ctx.anchor][0]
    if ctx.tense == "future" or rel == "this" and ctx.tense != "past":
        return future[0]
    if ctx.tense == "present":  # "Congress reconvenes Jan. 24": the nearer one
        return min(past[-1], future[0], key=lambda d: (abs(d - ctx.anchor), d > ctx.anchor))
    return past[-1]


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1), "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas eve": lambda y: dt.date(y, 12, 24), "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25), "boxing day": lambda y: dt.date(y, 12, 26),
    "valentine's day": lambda y: dt.date(y, 2, 14), "halloween": lambda y: dt.date(y, 10, 31),
    "independence day": lambda y: dt.date(y, 7, 4), "veterans day": lambda y: dt.date(y, 11, 11),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "easter sunday": _easter, "easter": _easter, "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
}


def _holiday(m, ctx):
    """"Thanksgiving Day", "last Christmas", "Easter 1998": a US / Christian calendar day."""
    date_in = _HOLIDAYS[re.sub(r"[’']", "'", m["holiday"].lower()).replace("years", "year's")]
    if m["year"]:
        return _day(date_in(int(m["year"]))), "day"
    if ctx.anchor is None:
        return None, "day"
    found = _yearly(date_in, ctx, (m["rel"] or "").lower())
    return (_day(found), "day") if found else None


def _week_of(m, ctx):
    """"the week of March 6": the week holding that day."""
    day = _month_day(m, ctx)
    if day is None or day[0] is None:
        return None if day is None else (None, "week")
    return _day(_monday(dt.date.fromisoformat(day[0]))), "week"


def _century(m, ctx):
    return f"{(int(m['n']) - 1) * 100:04d}", "approximate"


def _month_year(m, ctx):
    return _month(int(m["year"]), _month_number(m["month"])), "month"


def _named_month(m, ctx):
    """A month name with no year: "in June", "last June", "June last year"."""
    month = _month_number(m["month"])
    rel = (m["rel"] or m["yrel"] or "").lower()
    if ctx.anchor is None:
        return None, "month"
    year = ctx.anchor.year
    if rel in ("this", "this year"):
        return _month(year, month), "month"
    if rel == "last year":
        return _month(year - 1, month), "month"
    if rel == "next year":
        return _month(year + 1, month), "month"
    if rel == "next" or (ctx.tense == "future" and rel != "last"):
        return _month(year + (month < ctx.anchor.month), month), "month"
    if rel == "last":  # the most recent one before this month: "last June" in July is June
        return _month(year - (month >= ctx.anchor.month), month), "month"
    if ctx.tense == "present" and month - ctx.anchor.month > 6:
        return _month(year - 1, month), "month"
    if ctx.tense == "present" and ctx.anchor.month - month > 6:
        return _month(year + 1, month), "month"
    if ctx.tense == "present":
        return _month(year, month), "month"
    return _month(year - (month > ctx.anchor.month), month), "month"


def _year(m, ctx):
    return m["year"], "year"


def _decade(m, ctx):
    if m["word"]:
        century = m["century"] or "19"
        start = int(century) * 100 + _DECADE_WORDS[m["word"].lower()] * 10
    elif m["short"]:
        start = 1900 + int(m["short"]) * 10
    else:
        start = int(m["decade"]) * 10
    return str(start), "approximate"


def _weekday(m, ctx):
    if ctx.anchor is None:
        return None, "day"
    rel = (m["rel"] or "").lower()
    if rel == "last":
        direction = "before"
    elif rel == "next":
        direction = "after"
    elif ctx.tense == "future":
        direction = "on_or_after"
    elif ctx.tense == "present":
        direction = "nearest"
    else:
        direction = "on_or_before"
    weekday = _WEEKDAYS.index(m["weekday"].lower())
    return _day(_weekday_date(ctx.anchor, weekday, direction)), "day"


_DEICTIC_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                 "this evening": 0, "earlier today": 0, "later today": 0, "overnight": 0,
                 "yesterday": -1, "last night": -1, "last evening": -1, "tomorrow": 1,
                 "the day before yesterday": -2, "the day after tomorrow": 2}


def _deictic(m, ctx):
    if ctx.anchor is None:
        return None, "day"
    offset = _DEICTIC_DAYS[m["word"].lower()]
    return _day(ctx.anchor + dt.timedelta(days=offset)), "day"


def _shift(rel: str) -> int:
    rel = rel.lower()
    if rel in ("last", "past", "the past", "the last", "previous", "the previous"):
        return -1
    if rel in ("next", "the next", "coming", "the coming", "following", "the following"):
        return 1
    return 0


def _relative_month(m, ctx):
    if ctx.anchor is None:
        return None, "month"
    year, month = _add_months(ctx.anchor.year, ctx.anchor.month, _shift(m["rel"] or "this"))
    return _month(year, month), "month"


def _relative_year(m, ctx):
    if ctx.anchor is None:
        return None, "year"
    return str(ctx.anchor.year + _shift(m["rel"] or "this")), "year"


def _ago(m, ctx):
    """"two days ago", "three weeks ago", "days ago", "in two weeks", "a year earlier"."""
    unit, n = m["unit"].lower(), _number(m["n"])
    sign = 1 if (m["dir"] or "").lower() in ("from now", "in", "within") else -1
    if n is None and _NUMBER_BEFORE.search(m["_text"], 0, m["_start"]):
        return None  # "9999 years ago": a count too large to read is not "years ago"
    if n is None:  # "days ago", "several weeks ago": a best guess only
        return _vague_offset(unit, sign, ctx)
    if ctx.anchor is None:
        return None, {"decade": "approximate"}.get(unit, unit)
    a = ctx.anchor
    if unit == "day":
        return _day(a + dt.timedelta(days=sign * n)), "day"
    if unit == "week":
        return _day(_monday(a + dt.timedelta(weeks=sign * n))), "week"
    if unit == "month":
        return _month(*_add_months(a.year, a.month, sign * n)), "month"
    if unit == "year":
        return str(a.year + sign * n), "year"
    return str(a.year + sign * 10 * n), "approximate"


_NUMBER_BEFORE = re.compile(r"\d[\d,.]*\s*$")


def _vague_offset(unit: str, sign: int, ctx: _Context):
    if ctx.anchor is None:
        return None, "approximate"
    guess = ctx.anchor + dt.timedelta(days=sign * _VAGUE_DAYS[unit])
    if unit in ("day", "week"):
        return _day(guess), "approximate"
    if unit == "month":
        return _month(guess.year, guess.month), "approximate"
    return str(guess.year), "approximate"


def _vague(m, ctx):
    """"just days after", "weeks before", "shortly before", "in recent days"."""
    unit = (m["unit"] or "day").lower()
    future = ctx.tense == "future" or (m["dir"] or "").lower() in ("coming", "next")
    return _vague_offset(unit, 1 if future else -1, ctx)


def _reference(m, ctx):
    """now / recently / in the future: the anchor itself, approximate."""
    return (_day(ctx.anchor) if ctx.anchor else None), "approximate"


def _quarter(m, ctx):
    quarter = _ORDINALS[m["ord"].lower()]
    first_month = 3 * quarter - 2
    if m["year"]:
        year = int(m["year"])
    elif m["yrel"]:
        if ctx.anchor is None:
            return None, "approximate"
        year = ctx.anchor.year + _shift(m["yrel"].split()[0])
    elif ctx.anchor is None:
        return None, "approximate"
    else:
        year = ctx.anchor.year - (first_month > ctx.anchor.month and ctx.tense != "future")
    return _month(year, first_month), "approximate"


def _season(m, ctx):
    month = _SEASONS[m["season"].lower()][0]
    if m["year"]:
        return _month(int(m["year"]), month), "approximate"
    if ctx.anchor is None:
        return None, "approximate"
    rel, year = (m["rel"] or "").lower(), ctx.anchor.year
    if "last" in rel or "past" in rel:
        year -= 1 if month >= ctx.anchor.month else 0
    elif rel == "next" or (ctx.tense == "future" and rel != "this"):
        year += 1 if month <= ctx.anchor.month else 0
    elif rel != "this":
        year -= 1 if month > ctx.anchor.month else 0
    return _month(year, month), "approximate"


def _relative_week(m, ctx):
    unit = "week"
    if ctx.anchor is None:
        return None, unit
    rel = (m["rel"] or "this").lower()
    if m["what"].lower() == "weekend":
        if "last" in rel or "past" in rel or "previous" in rel:
            direction = "before"
        elif "next" in rel or "coming" in rel or "following" in rel:
            direction = "after"
        else:
            direction = "on_or_after" if ctx.tense == "future" else "on_or_before"
        return _day(_monday(_weekday_date(ctx.anchor, 5, direction))), unit
    return _day(_monday(ctx.anchor) + dt.timedelta(weeks=_shift(rel))), unit


def _in_future(m, ctx):
    """"in two weeks": a date only when the clause speaks of the future."""
    return _ago(m, ctx) if ctx.tense == "future" else None


def _year_filtered(m, ctx):
    """A bare four-digit number is a year unless it reads like a count ("2000 troops")."""
    text, start, end = m["_text"], m["_start"], m["_end"]
    before = text[max(0, start - 12):start]
    if re.search(r"[$£€]\s?$|\d[,.]?$", before) or re.match(r"\s?(?:%|percent|-\d)", text[end:]):
        return None
    follows_count = re.match(r"\s+[a-z]+s\b", text[end:])
    introduced = re.search(r"(?i:\b(?:in|since|of|by|until|during|the|from|to|fiscal|early|late|"
                           r"mid|before|after|around|between|through|year|spring|summer|"
                           r"autumn|fall|winter))[\s-]+$", before)
    if follows_count and not introduced:
        return None
    return m["year"], "year"


def _w(words: str) -> str:
    return f"(?i:{words})"


_REL = _w("this|last|next|the past|the last|the previous|the coming|the following|past|"
          "previous|coming")
_PRE = rf"(?:(?P<pre>{_w('earlier|later|early|late')})\s+(?:{_w('in')}\s+)?)?"
_NUMBER_WORD = r"(?P<n>\d{1,3}|" + _w("|".join(sorted(_NUMBERS, key=len, reverse=True))) + ")"
_UNIT = rf"(?P<unit>{_w('day|week|month|year|decade')})s?"
_DECADE_PREFIX = rf"(?:{_w('the')}\s+)?(?:{_w('early|mid|late')}[\s-]*)?"
_QUALIFIER = rf"(?:{_w('almost|nearly|about|some|more than|less than|over|around|roughly|just|only')}\s+)?"

_HOLIDAY_NAMES = "|".join(sorted((n.replace("'", "['’]?").replace("new year", "new years?")
                                  for n in _HOLIDAYS), key=len, reverse=True))

_RULES: list[_Rule] = [
    _Rule("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"), _iso),
    _Rule("month_day", re.compile(rf"\b{MONTH}\s+{DAY}(?:\s*,?\s*{YEAR})?"), _month_day),
    _Rule("day_month", re.compile(rf"\b{DAY}(?:\s+of)?\s+{MONTH}(?:\s*,?\s*{YEAR})?"), _month_day),
    _Rule("month_year", re.compile(rf"\b{MONTH}\s*,?\s+(?:{_w('of')}\s+)?{YEAR}"), _month_year),
    _Rule("named_month", re.compile(
        rf"(?:\b(?P<rel>{_w('last|next|this')})\s+|\b{PREP}\s+(?:{_w('early|late|mid')}[\s-]+)?|"
        rf"\b{_w('early|late|mid')}[\s-]+){MONTH}(?:\s+(?P<yrel>{_w('this year|last year|next year')}))?"),
        _named_month),
    _Rule("named_month", re.compile(
        rf"\b{MONTH}\s+(?P<yrel>{_w('this year|last year|next year')})"), _named_month),
    _Rule("named_month", re.compile(rf"^{MONTH}$"), _named_month, whole_only=True),
    _Rule("decade", re.compile(
        rf"{_DECADE_PREFIX}(?:\b(?P<decade>(?:1[89]|20)\d)0['’]?s\b|['’](?P<short>\d)0['’]?s\b|"
        rf"(?:\b(?P<century>19|20)|{_w('the')}\s+(?:{_w('early|mid|late')}[\s-]+)?)"
        rf"(?P<word>{_w('|'.join(_DECADE_WORDS))})\b)"), _decade),
    _Rule("year", re.compile(rf"\b{YEAR}\b"), _year_filtered),
    _Rule("weekday_date", re.compile(rf"\b{WEEKDAY},?\s+{MONTH}\s+{DAY}(?:\s*,?\s*{YEAR})?"),
          _month_day),
    _Rule("weekday_date", re.compile(rf"\b{WEEKDAY},?\s+{DAY}(?:\s+of)?\s+{MONTH}(?:\s*,?\s*{YEAR})?"),
          _month_day),
    _Rule("holiday", re.compile(
        rf"(?:\b(?P<rel>{_w('last|next|this')})\s+)?\b(?P<holiday>{_w(_HOLIDAY_NAMES)})(?![\w-]|\s+{_w('week')})"
        rf"(?:\s*,?\s*{YEAR})?"), _holiday),
    # "on 10 and 11 September", "Sept. 10-11": the range is dated by its first day
    _Rule("day_range", re.compile(rf"\b{DAY}\s*(?:-|–|{_w('and|to')})\s*[0-3]?\d(?:st|nd|rd|th)?"
                                  rf"(?:\s+of)?\s+{MONTH}(?:\s*,?\s*{YEAR})?"), _month_day),
    _Rule("day_range", re.compile(rf"\b{MONTH}\s+{DAY}\s*(?:-|–|{_w('and|to')})\s*[0-3]?\d\b"
                                  rf"(?:st|nd|rd|th)?(?:\s*,?\s*{YEAR})?"), _month_day),
    _Rule("week_of", re.compile(rf"\b{_w('the week of')}\s+{MONTH}\s+{DAY}"), _week_of),
    _Rule("century", re.compile(rf"\b(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+{_w('century')}"), _century),
    _Rule("vague", re.compile(
        rf"\b(?:{_w('in|over|during')}\s+)?{_w('the')}\s+(?P<dir>{_w('last|past')})\s+"
        rf"{_w('few|several|couple of')}\s+{_UNIT}"), _vague),
    _Rule("weekday", re.compile(
        rf"(?:\b(?P<rel>{_w('last|next|this|on|early|late|by|until|since')})\s+)?\b{WEEKDAY}"
        rf"(?:['’]s)?(?:\s+(?P<part>{_w('morning|afternoon|evening|night')}))?"), _weekday),
    _Rule("deictic", re.compile(
        rf"\b(?P<word>{_w('the day before yesterday|the day after tomorrow|earlier today|later today|'
                         'this morning|this afternoon|this evening|last night|last evening|'
                         'yesterday|today|tonight|tomorrow|overnight')})\b"
        rf"(?:\s+(?P<part>{_w('morning|afternoon|evening|night')}))?"), _deictic),
    _Rule("week", re.compile(rf"\b{_PRE}(?P<rel>{_REL})\s+(?P<what>{_w('weekend|week')})\b"),
          _relative_week),
    _Rule("week", re.compile(rf"\b(?P<rel>{_w('the')})\s+(?P<what>{_w('weekend')})\b"),
          _relative_week),
    _Rule("month", re.compile(rf"\b{_PRE}(?P<rel>{_REL})\s+{_w('month')}\b"), _relative_month),
    _Rule("year_rel", re.compile(rf"\b{_PRE}(?P<rel>{_REL})\s+{_w('year')}\b"), _relative_year),
    _Rule("ago", re.compile(
        rf"\b{_QUALIFIER}(?:{_NUMBER_WORD}\s+|(?P<vague>{_w('several|a few|few|many')})\s+)?"
        rf"{_UNIT}\s+(?P<dir>{_w('ago|from now')})\b"), _ago),
    _Rule("ago", re.compile(rf"\b(?P<dir>{_w('in|within')})\s+{_NUMBER_WORD}\s+{_UNIT}\b"),
          _in_future),
    _Rule("vague", re.compile(
        rf"\b{_QUALIFIER}(?:(?:{_NUMBER_WORD}|{_w('several|a few|few')})\s+)?{_UNIT}\s+"
        rf"(?P<dir>{_w('after|before|later|earlier')})\b"), _vague),
    _Rule("vague", re.compile(
        rf"\b{_w('shortly|soon|just|right|immediately')}\s+(?P<dir>{_w('before|after')})\b"),
        _vague),
    _Rule("vague", re.compile(
        rf"\b(?:{_w('in|over|during')}\s+)?(?:{_w('the')}\s+)?(?P<dir>{_w('recent|coming|next')})\s+"
        rf"(?:{_w('few|several')}\s+)?{_UNIT}"), _vague),
    _Rule("present_ref", re.compile(rf"\b{_w('right now|now|currently|at present|nowadays|'
                                             'these days|presently|at the moment|the present')}\b"),
          _reference),
    _Rule("past_ref", re.compile(rf"\b{_w('recently|lately|in the past|the past|previously|'
                                          'formerly|recent years|in recent years')}\b"), _reference),
    _Rule("future_ref", re.compile(rf"\b{_w('in the near future|the near future|in the future|'
                                            'the future|soon')}\b"), _reference),
    _Rule("present_ref", re.compile(rf"^{_w('current|present')}$"), _reference, whole_only=True),
    _Rule("future_ref", re.compile(rf"^{_w('future')}$"), _reference, whole_only=True),
    _Rule("quarter", re.compile(
        rf"\b(?:{_w('the')}\s+)?(?P<ord>{_w('first|second|third|fourth|1st|2nd|3rd|4th')})[\s-]+"
        rf"{_w('quarter')}\b(?:\s+(?:{_w('of')}\s+)?(?:{YEAR}|(?P<yrel>{_w('this year|last year')})))?"),
        _quarter),
    _Rule("quarter", re.compile(rf"\b{YEAR}\s+(?P<ord>{_w('first|second|third|fourth')})[\s-]"
                                rf"{_w('quarter')}\b"), _quarter),
    _Rule("season", re.compile(
        rf"\b(?:(?P<rel>{_w('this past|this|last|next')})\s+|{_w('the|early|late|in')}\s+)?"
        rf"(?:{_w('early|late')}\s+)?(?P<season>{_w('spring|summer|autumn|fall|winter')})\b"
        rf"(?:\s+(?:{_w('of')}\s+)?{YEAR})?"), _season),
]


class _Groups(dict):
    def __missing__(self, key):
        return None


def _matches(text: str, ctx: _Context, whole: bool) -> list[Found]:
    found: list[Found] = []
    for order, rule in enumerate(_RULES):
        if rule.whole_only and not whole:
            continue
        for m in rule.pattern.finditer(text):
            groups = _Groups(m.groupdict(), _text=text, _start=m.start(), _end=m.end())
            if groups["year"]:
                groups["year"] = _year_digits(groups["year"])
            if rule.kind == "season" and not (groups["rel"] or groups["year"] or whole):
                continue  # "the fall of Kabul", "spring" as a verb
            try:
                result = rule.handler(groups, ctx)
            except OverflowError:  # arithmetic past year 9999: no date, not a crash
                continue
            if result is not None and _representable(result[0]):
                found.append((order, Found(rule.kind, result[0], result[1], m.start(), m.end())))
    return _longest_first(found)


_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


def _representable(value: str | None) -> bool:
    """A value is YYYY, YYYY-MM or YYYY-MM-DD with a four-digit year; "10001" or "-3" is
    arithmetic gone past the calendar, not a date."""
    return value is None or bool(_VALUE.fullmatch(value))


def _context(anchor: dt.date | None, tense: str | None) -> _Context:
    # a placeholder publication date (0001-01-01, 9999-12-31) anchors nothing
    return _Context(_plausible(anchor), tense)


def _longest_first(found: list[tuple[int, Found]]) -> list[Found]:
    """Keep the longest of overlapping matches (earlier rules win ties), in text order."""
    kept: list[Found] = []
    for _, f in sorted(found, key=lambda of: (of[1].start - of[1].end, of[0])):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _check_tense(tense: str | None) -> None:
    if tense not in TENSES:
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")


def find_dates(text: str, anchor: dt.date | None = None, tense: str | None = None) -> list[When]:
    """Every temporal expression in `text`, resolved against `anchor`, in text order."""
    _check_tense(tense)
    ctx = _context(anchor, tense)
    found = [When(f.value, f.granularity, text[f.start:f.end], f.start, f.end)
             for f in _matches(text, ctx, whole=False)]
    return _join_time_of_day(found, text)


_TIME_OF_DAY = {"overnight", "tonight", "last night", "this morning", "this evening"}


def _join_time_of_day(found: list[When], text: str) -> list[When]:
    """"overnight on Wednesday": the day named after a time-of-day word dates the whole phrase."""
    out: list[When] = []
    for when in found:
        previous = out[-1] if out else None
        if (previous is not None and previous.text.lower() in _TIME_OF_DAY
                and not text[previous.end:when.start].strip() and when.granularity == "day"):
            out[-1] = When(when.value, when.granularity, text[previous.start:when.end], previous.start, when.end)
            continue
        out.append(when)
    return out


def resolve(expression: str, anchor: dt.date | None = None, tense: str | None = None) -> When:
    """One expression ("last month", "June 3") as a `When`; granularity "unknown" if unread."""
    _check_tense(tense)
    best = _best(expression, _context(anchor, tense))
    if best is None:
        return When(None, "unknown", expression)
    return When(best.value, best.granularity, expression)


def _best(expression: str, ctx: _Context) -> Found | None:
    stripped = expression.strip()
    found = _matches(stripped, ctx, whole=True)
    return max(found, key=lambda f: f.end - f.start) if found else None


def expression_kind(text: str) -> str:
    """The kind of the time expression `text` is ("future_ref", "century", "decade", ...), or ""."""
    found = _best(text, _Context(None, None)) if text else None
    return found.kind if found else ""


def timeml_value(when: When) -> str | None:
    """The TimeML (TIMEX3) value of a `When`: "1998-W12", "1989-Q3", "199", "PAST_REF"..."""
    found = _best(when.text, _Context(None, None)) if when.text else None
    kind = found.kind if found else ""
    if kind.endswith("_ref"):
        return kind.upper()
    value = when.value
    if value is None:
        return None
    text = (when.text or "").lower()
    if when.granularity == "week":
        year, week, _ = dt.date.fromisoformat(value).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if "weekend" in text else "")
    if when.granularity != "approximate":
        return value
    return _approximate_timeml(kind, value, text)


def _approximate_timeml(kind: str, value: str, text: str) -> str:
    if kind == "decade":
        return value[:3]
    if kind == "century":
        return value[:2]
    if kind == "quarter":
        return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"
    if kind == "season":
        season = next(s for s in _SEASONS if s in text)
        return f"{value[:4]}-{_SEASONS[season][1]}"
    if kind == "ago" and re.search(r"\d|decade", text):
        return value
    if kind in ("vague", "ago"):
        return "FUTURE_REF" if re.search(r"coming|from now|\bnext\b", text) else "PAST_REF"
    return value
