"""What a corpus source yields before reading (`Item`, `Unreadable`), and the bounded reads
every source goes through.

Nothing is read whole on trust: a file, a decompressed stream, a table line or a WARC
record is read to at most its limit + 1 characters and refused past it, so a 2 MB gzip that
expands to 2 GB costs the limit, not the 2 GB (docs/robustness.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Iterator

from .errors import InputTooLarge

SKIP_CHUNK = 65536  # how much of an over-long line is held at once while skipping it


@dataclass(frozen=True)
class Item:
    """One article as found in a source, before reading: text or HTML plus metadata.
    With neither, the article is fetched from `url`."""

    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Unreadable:
    """A part of a source that could not be turned into an item (a broken line, a bad file)."""

    source: str
    error: str
    reason: str


def too_large(name: str, limit: int, what: str = "input") -> InputTooLarge:
    return InputTooLarge(name, f"the {what} is over {limit:,} bytes",
                         "Split it, or raise the limit (--max-bytes, Options.max_bytes)")


def read_limited(handle: IO, name: str, limit: int, what: str = "input"):
    """All of `handle` (bytes or text), refused with InputTooLarge past `limit`."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, limit, what)
    return data


@dataclass
class Line:
    number: int
    text: str  # "" for a line over the limit, which was skipped
    too_long: bool = False


def bounded_lines(handle: IO[str], limit: int) -> Iterator[Line]:
    """The lines of a text stream, each read to at most `limit` characters; a longer one is
    skipped to its end a chunk at a time and comes back empty, marked `too_long`."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(("\n", "\r")):
            while (rest := handle.readline(SKIP_CHUNK)) and not rest.endswith(("\n", "\r")):
                pass
            yield Line(number, "", too_long=True)
            continue
        yield Line(number, line)
