"""Offsets of a coded article, moved back onto the gold file's own text.

Reading keeps the input's words but not always its layout: lines are trimmed, blocks are joined
by one blank line and boilerplate lines go (`tacitus.reading.text`). Every offset in Tacitus'
output indexes that kept text (`Article.text`), while gold spans index the text as the gold
file has it. Scores compare the two only after the output's offsets are mapped back here.
"""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace

START_FIELDS = ("start", "sentence_start")
END_FIELDS = ("end", "sentence_end")


class OffsetMap:
    """Maps offsets in `kept` to offsets in `original` (identity when the texts are equal).

    Reading only trims whitespace and drops whole lines, so the kept text's other characters
    occur in the original in the same order: they are matched left to right, and where a line
    was dropped the match jumps to the next place the following words occur.
    """

    def __init__(self, kept: str, original: str):
        self.identity = kept == original
        self.length = len(original)
        self.where: list[int] = [] if self.identity else _match(kept, original)

    def start(self, offset: int) -> int:
        if self.identity or not self.where:
            return offset
        return self.where[offset] if offset < len(self.where) else self.length

    def end(self, offset: int) -> int:
        if self.identity or not self.where or offset <= 0:
            return offset
        return self.where[min(offset, len(self.where)) - 1] + 1


SKIPPED = "\ufeff"  # characters reading removes besides whitespace
NEXT_WORDS = 3  # how many of the following words must match to pick up again after a gap


def _match(kept: str, original: str) -> list[int]:
    where, j = [], 0
    for i, char in enumerate(kept):
        if char.isspace():
            where.append(min(j, len(original)))
            continue
        while j < len(original) and (original[j].isspace() or original[j] in SKIPPED):
            j += 1
        if j < len(original) and original[j] == char:
            where.append(j)
            j += 1
            continue
        j = _resume(kept, i, original, j)
        where.append(j if j < len(original) else len(original))
        j += 1
    return where


def _resume(kept: str, i: int, original: str, j: int) -> int:
    """Where in `original`, from `j` on, the words starting at kept[i] occur next."""
    words = kept[i:].split(maxsplit=NEXT_WORDS)[:NEXT_WORDS]
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.compile(pattern).search(original, j) if words else None
    return found.start() if found else len(original)


def moved(value, offsets: OffsetMap):
    """`value` (an Event, or any frozen record or tuple of them) with every start/end offset
    mapped through `offsets`."""
    if offsets.identity:
        return value
    if isinstance(value, tuple):
        return tuple(moved(v, offsets) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for field in fields(value):
        current = getattr(value, field.name)
        if isinstance(current, int) and not isinstance(current, bool):
            if field.name in START_FIELDS:
                changes[field.name] = offsets.start(current)
            elif field.name in END_FIELDS:
                changes[field.name] = offsets.end(current)
        elif isinstance(current, tuple) or (is_dataclass(current) and not isinstance(current, type)):
            changes[field.name] = moved(current, offsets)
    return replace(value, **changes)
