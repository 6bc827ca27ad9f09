"""PLOVER gold-standard records: a JSON list of events with source/target actor lists.

Old (v0.5b1) category names are mapped with `mappings/plover_0_5.tsv`; the record's
`source`/`target` are PLOVER's `actor`/`recipient`.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldActor, GoldEvent, SentenceEvents
from ..labels import to_plover
from . import find_span, json_records


def read(path: Path) -> Iterator[SentenceEvents]:
    for number, record in enumerate(json_records(path), 1):
        if not isinstance(record, dict):
            raise EvalError(f"{path}: record {number} is not a JSON object")
        label = record.get("event") or ""
        text = record.get("text")
        if label == "DOCUMENT" or not text:
            continue
        target = to_plover("plover_0_5", label)
        event = GoldEvent(
            event_type=target.event_type if target else None,
            mode=(target.mode if target else None) or record.get("mode") or None,
            label=label,
            actor=_actors(text, record.get("source")),
            recipient=_actors(text, record.get("target")),
        )
        yield SentenceEvents(id=record.get("id") or f"{path.name}:{number}", text=text,
                             events=(event,))


def _actors(text: str, items) -> tuple[GoldActor, ...]:
    if not isinstance(items, list):  # "" or a stray word stand for "no actor" in the GSR
        return ()
    actors = []
    for item in items:
        name = (item.get("actorText") or "").strip()
        sector = (item.get("sector") or "")[:3].upper()
        actors.append(GoldActor(
            text=name, span=find_span(text, name),
            country=item.get("code") or None,
            sector=sector if sector.isalpha() else None))
    return tuple(actors)
