"""CASE 2021 task 2 (fine-grained event classes): one snippet and its ACLED sub-type a line.

The published test file, `test_set_final_release_with_labels.tsv`, has the header
`id<TAB>EventSnippet<TAB>SubType` and writes sub-type codes (ARMED_CLASH, PEACE_PROTEST, ...);
other copies write ACLED's names (Armed clash). Both map through `mappings/acled_plover.tsv`.
Without a header the label is the last column and the snippet the longest of the others.
A class that is no political event (disasters, organised crime) becomes an item with no gold
event, so the task counts any event found in it as a false event.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldEvent, SentenceEvents
from ..labels import to_plover
from . import open_text

TEXT_HEADERS = {"eventsnippet", "snippet", "text", "sentence"}
LABEL_HEADERS = {"subtype", "sub_type", "sub_event_type", "label", "class"}


def read(path: Path) -> Iterator[SentenceEvents]:
    columns = None
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            cells = [c.strip() for c in line.rstrip("\n").split("\t")]
            if not any(cells):
                continue
            if number == 1 and _header(cells):
                columns = _header(cells)
                continue
            wanted = 2 if columns is None else 1 + max(c for c in columns if c is not None)
            if len(cells) < wanted:
                raise EvalError(f"{path}:{number}: expected 'snippet<TAB>sub-type' "
                                f"(or the published 'id<TAB>EventSnippet<TAB>SubType')")
            text, label, item_id = _fields(cells, columns)
            yield _item(item_id or f"{path.name}:{number}", text, label)


def _header(cells: list[str]) -> tuple[int, int, int | None] | None:
    """(text column, label column, id column) when `cells` is a header row."""
    names = [c.casefold() for c in cells]
    text = next((i for i, n in enumerate(names) if n in TEXT_HEADERS), None)
    label = next((i for i, n in enumerate(names) if n in LABEL_HEADERS), None)
    if text is None or label is None:
        return None
    return text, label, names.index("id") if "id" in names else None


def _fields(cells: list[str], columns) -> tuple[str, str, str | None]:
    if columns is None:
        return max(cells[:-1], key=len), cells[-1], None
    text, label, item_id = columns
    return cells[text], cells[label], cells[item_id] if item_id is not None else None


def _item(item_id: str, text: str, label: str) -> SentenceEvents:
    target = to_plover("acled_plover", label)
    if target is not None and target.no_event:
        return SentenceEvents(id=item_id, text=text, events=(), label=label)
    event = GoldEvent(event_type=target.event_type if target else None,
                      mode=target.mode if target else None, label=label)
    return SentenceEvents(id=item_id, text=text, events=(event,), label=label)
