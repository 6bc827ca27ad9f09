"""IndiaPoliceEvents sentences (JSONL): a sentence and which police actions it reports.

Labels may come as a dict of booleans (`labels`/`label`), a list of names, or top-level
boolean fields; every labelled sentence is scored on all its events (multi-label).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldEvent, SentenceEvents
from ..labels import table, to_plover
from . import json_records

TEXT_FIELDS = ("text", "sentence", "sent_text", "sent")


def read(path: Path) -> Iterator[SentenceEvents]:
    known = set(table("india_police_plover"))
    for number, record in enumerate(json_records(path), 1):
        text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
        if text is None:
            raise EvalError(f"{path}:{number}: no sentence field ({', '.join(TEXT_FIELDS)})")
        events = []
        for label in _labels(record, known):
            target = to_plover("india_police_plover", label)
            events.append(GoldEvent(event_type=target.event_type, mode=target.mode, label=label))
        item_id = str(record.get("id") or record.get("sent_id") or f"{path.name}:{number}")
        yield SentenceEvents(id=item_id, text=text, events=tuple(events), multi_label=True)


def _labels(record: dict, known: set[str]) -> list[str]:
    value = record.get("labels", record.get("label"))
    if isinstance(value, dict):
        return [k.upper() for k, v in value.items() if v and k.upper() in known]
    if isinstance(value, list):
        return [str(k).upper() for k in value if str(k).upper() in known]
    if isinstance(value, str):
        return [value.upper()] if value.upper() in known else []
    return [k for k in known if record.get(k) is True or record.get(k.lower()) is True]
