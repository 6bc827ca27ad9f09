"""PETRARCH / UniversalPetrarch validation files: `<Sentence>` records with `<EventCoding>`.

The files are not always well-formed XML (self-closing and open `<Sentence>` tags are mixed),
so records are cut out with patterns. A `plover` attribute, where present, is used; otherwise
the CAMEO `eventcode` maps through the manual's table (`cameo_plover.tsv`).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

from ..gold import GoldActor, GoldEvent, SentenceEvents
from ..labels import to_plover
from . import find_span, read_text

SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)(?=<Sentence\b|</Sentences>|\Z)", re.S)
ATTRIBUTES = re.compile(r'(\w+)="([^"]*)"')
CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
EVENT_TEXT = re.compile(r"<EventText\b([^>]*)/?>")
TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def read(path: Path) -> Iterator[SentenceEvents]:
    for number, match in enumerate(SENTENCE.finditer(read_text(path)), 1):
        head, body = _attributes(match.group(1)), match.group(2)
        text_match = TEXT.search(body)
        if not text_match or head.get("evaluate", "true").lower() == "false":
            continue
        text = " ".join(html.unescape(text_match.group(1)).split())
        if not text:  # an empty <Text> is a placeholder record, not a sentence to code
            continue
        texts = {a.get("eid"): a for a in map(_attributes, EVENT_TEXT.findall(body))}
        events = tuple(_event(text, coding, texts.get(coding.get("eid"), {}))
                       for coding in map(_attributes, CODING.findall(body))
                       if coding.get("noevents", "").lower() != "true")
        yield SentenceEvents(id=head.get("id") or f"{path.name}:{number}", text=text,
                             events=events, published=_date(head.get("date", "")))


def _event(text: str, coding: dict, texts: dict) -> GoldEvent:
    code = coding.get("eventcode", "")
    old = coding.get("plover")
    target = to_plover("plover_0_5", old) if old else to_plover("cameo_plover", code, prefix=True)
    return GoldEvent(
        event_type=target.event_type if target else None, mode=target.mode if target else None,
        label=old or code,
        actor=_actor(text, coding.get("sourcecode"), texts.get("sourcetext")),
        recipient=_actor(text, coding.get("targetcode"), texts.get("targettext")))


def _actor(text: str, code: str | None, words: str | None) -> tuple[GoldActor, ...]:
    code = (code or "").strip("-")
    if not code and not words:
        return ()
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() else None
    sector = code[3:6] if len(code) >= 6 else None
    return (GoldActor(text=words or "", span=find_span(text, words or ""), country=country,
                      sector=sector),)


def _attributes(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in ATTRIBUTES.findall(raw)}


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None
