"""PLV (Hu et al. 2024, Zero-Shot-PLOVER), `PLV_test.tsv` / `PLV_train.tsv` as published.

Tab-separated with a header; the columns read are `sentence`, `marked_sentence` (the actor
wrapped in `<s>...</s>`, the recipient in `<t>...</t>`), `gold_root` (one of 15 PLOVER types,
YIELD for PLOVER 2.0's CONCEDE and RETREAT) and `uid` or `sentence_id`. A party may be marked
more than once, marks may nest ("The <s><t>Haitian</t> group</s>"), and an implicit party
("a recipient") is not marked at all. The paper's system outputs in other columns are ignored.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldSpan, RelationSentence
from . import open_text

MARK = re.compile(r"</?([st])>")
NEEDED = ("marked_sentence", "gold_root")


def read(path: Path) -> Iterator[RelationSentence]:
    csv.field_size_limit(1 << 24)
    with open_text(path) as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in NEEDED if c not in (rows.fieldnames or ())]
        if missing:
            raise EvalError(f"{path}: not the PLV shape, no {' or '.join(missing)} column")
        for number, row in enumerate(rows, 2):
            text, marks = unmark(row["marked_sentence"] or "")
            item_id = row.get("uid") or row.get("sentence_id") or f"{path.name}:{number}"
            yield RelationSentence(id=f"{path.name}:{item_id}", text=text,
                                   label=(row["gold_root"] or "").strip().upper(),
                                   actor=marks["s"], recipient=marks["t"])


def unmark(marked: str) -> tuple[str, dict[str, tuple[GoldSpan, ...]]]:
    """The sentence without its marks, and the spans the `<s>` and `<t>` marks enclosed (trimmed
    of the spaces the marks sometimes include)."""
    pieces, spans, opened = [], {"s": [], "t": []}, {}
    length = last = 0
    for mark in MARK.finditer(marked):
        pieces.append(marked[last:mark.start()])
        length += mark.start() - last
        last = mark.end()
        role = mark.group(1)
        if not mark.group().startswith("</"):
            opened[role] = length
        elif role in opened:
            spans[role].append((opened.pop(role), length))
    pieces.append(marked[last:])
    text = "".join(pieces)
    return text, {role: tuple(_trimmed(text, s, e) for s, e in found if text[s:e].strip())
                  for role, found in spans.items()}


def _trimmed(text: str, start: int, end: int) -> GoldSpan:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return GoldSpan(start, end, text[start:end])
