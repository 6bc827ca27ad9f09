"""Calendar arithmetic for date resolution: days, months, weeks, weekdays and movable feasts."""
from __future__ import annotations

import datetime as dt

# the dates an article can be published on or anchor a relative date to: placeholders such
# as 0001-01-01 and 9999-12-31 fall outside, and date arithmetic within it cannot overflow
EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2200, 12, 31)


def plausible(d: dt.date | None) -> dt.date | None:
    """`d` when it lies in EARLIEST..LATEST, else None (unknown)."""
    return d if d is not None and EARLIEST <= d <= LATEST else None


def day(d: dt.date) -> str:
    return d.isoformat()


def month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):  # 31 February, year 0 or 10000
        return None


def weekday_date(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """direction: on_or_before | before | on_or_after | after."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "before":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "after":
        return anchor + dt.timedelta(days=ahead or 7)
    if direction == "on_or_after":
        return anchor + dt.timedelta(days=ahead)
    if direction == "nearest":
        return anchor + dt.timedelta(days=ahead) if ahead < back else anchor - dt.timedelta(days=back)
    return anchor - dt.timedelta(days=back)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th such weekday of a month (n = -1: the last)."""
    if n < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)
