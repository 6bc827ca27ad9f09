"""TimeML (.tml): TIMEX3 expressions with normalised values, anchored on the document's DCT."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import Timex, TimexDoc
from . import files, read_text


def read(path: Path) -> Iterator[TimexDoc]:
    for tml in files(path, (".tml", ".tml.gz")):
        yield parse(tml.name.split(".tml")[0], read_text(tml), tml)


def parse(doc_id: str, xml: str, where: Path | str = "") -> TimexDoc:
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        raise EvalError(f"{where}: not well-formed TimeML ({error})") from error
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _date(timex.get("value", ""))
            break
    if dct is None:
        raise EvalError(f"{where}: no document creation time (TIMEX3 CREATION_TIME)")
    body = root.find("TEXT")
    text, spans = _flatten(body) if body is not None else ("", [])
    timexes = tuple(
        Timex(text=" ".join("".join(t.itertext()).split()), value=t.get("value", ""),
              type=t.get("type", "DATE"), **_sentence_around(text, start, end))
        for t, start, end in spans if t.get("functionInDocument") != "CREATION_TIME")
    return TimexDoc(id=doc_id, dct=dct, timexes=timexes)


def _flatten(body: ET.Element) -> tuple[str, list]:
    """The body's plain text and each TIMEX3 element with its character span in it."""
    parts: list[str] = []
    spans: list = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        for piece in (element.text or "",):
            parts.append(piece)
            length += len(piece)
        for child in element:
            walk(child)
            parts.append(child.tail or "")
            length += len(child.tail or "")
        if element.tag == "TIMEX3":
            spans.append((element, start, length))

    walk(body)
    spans.sort(key=lambda s: s[1])
    return "".join(parts), spans


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'`]*\s+(?=[\"'`(]*[A-Z])|\n\s*\n")
# a full stop after these ends a title or an abbreviation, not a sentence
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|Capt|Adm|St|"
                           r"Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Corp|Inc|Co|No|U\.S|Ft|Mt|Rev)\.$")


def _boundaries(text: str, start: int, end: int) -> list[int]:
    return [m for m in _SENTENCE_END.finditer(text, start, end)
            if m.group().strip() == "" and "\n\n" in m.group().replace(" ", "")
            or not _ABBREVIATION.search(text[max(0, m.start() - 6):m.start()])]


def _sentence_around(text: str, start: int, end: int) -> dict:
    """The sentence holding text[start:end], whitespace folded, and where the span begins."""
    left = max((m.end() for m in _boundaries(text, 0, start)), default=0)
    right = next((m.start() for m in _boundaries(text, end, len(text))), len(text))
    before = re.sub(r"\s+", " ", text[left:start]).lstrip()
    inside = " ".join(text[start:end].split())
    after = re.sub(r"\s+", " ", text[end:right]).rstrip()
    return {"sentence": before + inside + after, "start": len(before)}


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
