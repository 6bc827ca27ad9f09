"""Halterman's event-location records (Prodigy): one event VERB span and its LOCATION spans."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..gold import EventLocation, GoldSpan
from . import json_records

REJECTED = {"reject", "ignore"}


def read(path: Path) -> Iterator[EventLocation]:
    for number, record in enumerate(json_records(path), 1):
        if record.get("answer") in REJECTED or not record.get("text"):
            continue
        text = record["text"]
        spans = record.get("spans") or []
        locations = tuple(_span(text, s) for s in spans if s.get("label") == "LOCATION")
        verbs = [_span(text, s) for s in spans if s.get("label") == "VERB"]
        base = str(record.get("_id") or f"{path.name}:{number}")
        for index, verb in enumerate(verbs):
            yield EventLocation(id=base if len(verbs) == 1 else f"{base}#{index}", text=text,
                                verb=verb, locations=locations)


def _span(text: str, span: dict) -> GoldSpan:
    return GoldSpan(span["start"], span["end"], text[span["start"]:span["end"]])
