"""CASE 2021 fine-grained event classes: `snippet TAB ACLED sub-type` (extra leading columns,
such as an id, are allowed; the snippet is the longest column)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldEvent, SentenceEvents
from ..labels import to_plover
from . import open_text


def read(path: Path) -> Iterator[SentenceEvents]:
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            cells = [c.strip() for c in line.rstrip("\n").split("\t")]
            if len(cells) < 2 or not any(cells):
                if any(cells):
                    raise EvalError(f"{path}:{number}: expected 'snippet<TAB>sub-type'")
                continue
            label, text = cells[-1], max(cells[:-1], key=len)
            if number == 1 and label.casefold() in {"label", "class", "sub_event_type"}:
                continue  # a header row
            target = to_plover("acled_plover", label)
            event = GoldEvent(event_type=target.event_type if target else None,
                              mode=target.mode if target else None, label=label)
            yield SentenceEvents(id=f"{path.name}:{number}", text=text, events=(event,))
