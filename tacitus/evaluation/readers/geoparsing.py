"""Toponym XML of the geoparsing corpora (GeoWebNews, LGL, TR-News, GeoVirus).

The corpora differ in detail, so this reads any `<article>` whose toponym elements hold
`start`/`end` children: the name comes from `phrase`, `name` or `extractedName`, the point from
the first `lat`/`lon` (LGL, GeoVirus) or `latitude`/`longitude` (GeoWebNews) below it, the
country from a `country` element (a name or a code). GeoWebNews (Gritta et al. 2019) also gives
each toponym its `type` in the paper's taxonomy (Literal, Demonym, Literal_Expression, ...) and
marks the ones that name no location (`<nonLocational>Yes</nonLocational>`).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from ...errors import EvalError
from ..gold import GoldSpan, Toponym, ToponymDoc
from . import read_text


def read(path: Path) -> Iterator[ToponymDoc]:
    try:
        root = ET.fromstring(read_text(path))
    except ET.ParseError as error:
        raise EvalError(f"{path}: not well-formed XML ({error})") from error
    for number, article in enumerate(root.iter("article"), 1):
        text = article.findtext("text") or ""
        doc_id = (article.get("docid") or article.get("id") or article.get("file")
                  or f"{path.name}:{number}")
        toponyms = tuple(t for t in (_toponym(text, e) for e in article.iter()) if t)
        yield ToponymDoc(id=doc_id, text=text, toponyms=toponyms)


def _toponym(text: str, element: ET.Element) -> Toponym | None:
    start, end = element.findtext("start"), element.findtext("end")
    if start is None or end is None or element.tag in ("article", "text"):
        return None
    try:
        span = _aligned(text, int(start), int(end), _name(element))
    except ValueError:
        return None
    lat = _float(element, "lat") if element.find(".//lat") is not None else _float(element, "latitude")
    lon = _float(element, "lon") if element.find(".//lon") is not None else _float(element, "longitude")
    country = next((c.text.strip() for c in element.iter("country") if c.text), None)
    ids = [e.get("geonameid") for e in element.iter("gaztag")] + [
        element.findtext(".//geonamesID"), element.findtext(".//geonameid")]
    geonames_id = next((int(i) for i in ids if i and i.strip().isdigit()), None)
    kind = (element.findtext("type") or "").strip() or None
    locational = (element.findtext("nonLocational") or "").strip().lower() != "yes"
    return Toponym(span=span, lat=lat, lon=lon, country=country, geonames_id=geonames_id,
                   kind=kind, locational=locational)


def _name(element: ET.Element) -> str:
    for tag in ("phrase", "name", "extractedName"):
        value = element.findtext(tag)
        if value:
            return value.strip()
    return ""


def _aligned(text: str, start: int, end: int, name: str) -> GoldSpan:
    """The span, moved by up to 5 characters onto `name` where the corpus offsets drift
    (GeoVirus counts from a leading character its text no longer has)."""
    if name and text[start:end] != name:
        for shift in sorted(range(-5, 6), key=abs):
            if text[start + shift:end + shift] == name:
                start, end = start + shift, end + shift
                break
    return GoldSpan(start, end, text[start:end])


def _float(element: ET.Element, tag: str) -> float | None:
    value = element.findtext(f".//{tag}")
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None
