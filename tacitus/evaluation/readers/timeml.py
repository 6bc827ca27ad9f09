"""TimeML (.tml): TIMEX3 expressions with normalised values, anchored on the document's DCT."""
from __future__ import annotations

import datetime as dt
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
    timexes = tuple(
        Timex(text=" ".join("".join(t.itertext()).split()), value=t.get("value", ""),
              type=t.get("type", "DATE"))
        for t in (body.iter("TIMEX3") if body is not None else ())
        if t.get("functionInDocument") != "CREATION_TIME")
    return TimexDoc(id=doc_id, dct=dct, timexes=timexes)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
