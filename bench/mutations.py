"""Mutations of real articles for fuzzing the reader, the pipeline and the store.

Each mutation takes the text and a `random.Random` and returns a new text: the kinds of
damage news arrives with, and the kinds an attacker would send. Used by bench/fuzz.py (the
long run, on real articles read at run time) and by tests/test_fuzz.py (Hypothesis picks
the mutations and the seeds, over small articles written for the tests).
"""
from __future__ import annotations

import random
from typing import Callable

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROL = "".join(map(chr, [*range(1, 9), 11, 12, *range(14, 32), 127, *range(128, 160)]))
ODD_LETTERS = "İıßẞǅﬁﬀΣςÅÅ\u0301\u0308\u0327ÆŒ１２３٣٤۵"
HUGE_NUMBERS = ("18446744073709551616", "9" * 400, "1e308", "1,000,000,000,000,000",
                "340282366920938463463374607431768211456", "-5", "0.0000001", "NaN", "∞",
                "٣٤٥٦", "１２３４")
IMPOSSIBLE_DATES = ("31 February", "February 30, 2024", "9999-12-31", "0001-01-01", "2024-13-45",
                    "the 99th century", "9999 years ago", "in 99999", "Monday, 31 April 2026",
                    "next year", "999 decades from now", "year 0", "the 0s", "12/31/9999",
                    "last Christmas", "Easter 1800", "on 29 February")
PLACEHOLDER_PUBLISHED = ("9999-12-31", "0001-01-01", "1970-01-01", "2038-01-19", "", "0000-00-00",
                         "Mon, 31 Feb 2026 10:00:00 GMT", "not a date", "2024-02-30", "99999-01-01")


def _insert(text: str, piece: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def sprinkle(alphabet: str, count: int) -> Callable[[str, random.Random], str]:
    def mutate(text: str, rng: random.Random) -> str:
        for _ in range(rng.randint(1, count)):
            text = _insert(text, rng.choice(alphabet), rng)
        return text
    mutate.__name__ = f"sprinkle_{count}"
    return mutate


def random_unicode(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 40)):
        code = rng.choice((rng.randrange(0x20, 0x3000), rng.randrange(0x10000, 0x110000),
                           rng.randrange(0xD800, 0xE000)))  # lone surrogates too
        text = _insert(text, chr(code), rng)
    return text


def huge_number(text: str, rng: random.Random) -> str:
    number = rng.choice(HUGE_NUMBERS)
    return _insert(text, f" {number} protesters were killed and {number} arrested. ", rng)


def impossible_date(text: str, rng: random.Random) -> str:
    return _insert(text, f" Police arrested dozens of people {rng.choice(IMPOSSIBLE_DATES)}. ", rng)


def long_run(text: str, rng: random.Random) -> str:
    unit = rng.choice(("'", '"', "(", "*", "'s", "-", ".", " ", "\n", "a", "=", "’", "!?"))
    return _insert(text, unit * rng.choice((50, 1000, 20_000)), rng)


def long_line(text: str, rng: random.Random) -> str:
    words = text.replace(".", "").replace("\n", " ").split() or ["word"]
    line = " ".join(rng.choice(words) for _ in range(rng.choice((2_000, 20_000))))
    return _insert(text, "\n\n" + line + "\n\n", rng)


def shuffle_paragraphs(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    rng.shuffle(paragraphs)
    return "\n".join(paragraphs)


def delete_spans(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 10)):
        if len(text) < 20:
            break
        at = rng.randrange(len(text) - 10)
        text = text[:at] + text[at + rng.randint(1, 200):]
    return text


def duplicate(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    return "\n".join(paragraphs + rng.choices(paragraphs, k=min(len(paragraphs), 20)))


def truncate(text: str, rng: random.Random) -> str:
    return text[:rng.randrange(len(text) + 1)]


def change_case(text: str, rng: random.Random) -> str:
    return rng.choice((str.upper, str.lower, str.swapcase, str.title))(text)


def html_wrap(text: str, rng: random.Random) -> str:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n") if p)
    junk = rng.choice(("", "<script>" + "x" * 5000 + "</script>", "<div>" * 3000,
                       "<!--", "<![CDATA[", "&#0;&#xD800;&#x110000;&amp;&nbsp;"))
    return f"<html><head><title>T</title></head><body>{junk}<article>{body}</article></body></html>"


MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (
    sprinkle(ZERO_WIDTH, 200), sprinkle(BIDI, 50), sprinkle(CONTROL, 30),
    sprinkle(ODD_LETTERS, 200), random_unicode, huge_number, impossible_date, long_run,
    long_line, shuffle_paragraphs, delete_spans, duplicate, truncate, change_case)


def mutate(text: str, rng: random.Random, rounds: int | None = None) -> str:
    """`text` through one to four mutations chosen by `rng`."""
    for _ in range(rounds or rng.randint(1, 4)):
        text = rng.choice(MUTATIONS)(text, rng)
    return text


def published(rng: random.Random, real: str | None) -> str | None:
    """The article's own date most of the time, else a placeholder or an impossible one."""
    return real if rng.random() < 0.7 else rng.choice(PLACEHOLDER_PUBLISHED)
