"""Stored events -> files other event-data tools read.

`plover` writes the PLOVER manual's record shape (chapter "Data Fields": id, date, actor,
recipient, event, mode, context, event_loc, ...) as JSON Lines, the manual's suggestion, or
a JSON array when the output ends in `.json`. `polecat`, `icews` and `gdelt` write those
projects' tab-separated column sets, leaving blank what Tacitus does not code. `csv` and
`parquet` write the flat rows of `flat_row`, which `events_frame` also returns.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

from .. import __version__
from ..errors import OutputError
from ..records import Actor
from .query import StoredEvent

CODER = f"tacitus {__version__}"
CODEBOOK = "PLOVER 2.0 (draft)"


# -- flat rows (csv, parquet, DataFrame, the table on screen) ------------------------------

def _names(actors: tuple[Actor, ...]) -> str:
    return "; ".join(a.name for a in actors)


def _codes(actors: tuple[Actor, ...], field: str) -> str:
    return "; ".join(dict.fromkeys(getattr(a, field) for a in actors if getattr(a, field)))


FLAT_COLUMNS = (
    "id", "date", "granularity", "event_type", "mode", "context", "quad_class", "intensity",
    "cameo", "actor", "actor_country", "actor_sector", "recipient", "recipient_country",
    "recipient_sector", "place", "admin1", "country", "lat", "lon", "geonames_id", "dead",
    "injured", "arrested", "negated", "hypothetical", "future", "historical", "asserted",
    "confidence", "reported_by", "mentions", "articles", "sources", "outlets", "url",
    "published", "sentence")


def flat_row(stored: StoredEvent) -> dict:
    e, place = stored.event, stored.event.location
    return {
        "id": stored.id, "date": e.date.value, "granularity": e.date.granularity,
        "event_type": e.event_type, "mode": e.mode, "context": "; ".join(e.context),
        "quad_class": e.quad_class, "intensity": e.intensity, "cameo": e.cameo,
        "actor": _names(e.actor), "actor_country": _codes(e.actor, "country"),
        "actor_sector": _codes(e.actor, "sector"), "recipient": _names(e.recipient),
        "recipient_country": _codes(e.recipient, "country"),
        "recipient_sector": _codes(e.recipient, "sector"),
        "place": place.name or place.text if place else None,
        "admin1": place.admin1 if place else None, "country": place.country if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "geonames_id": place.geonames_id if place else None,
        "dead": e.size.dead, "injured": e.size.injured, "arrested": e.size.arrested,
        "negated": e.modality.negated, "hypothetical": e.modality.hypothetical,
        "future": e.modality.future, "historical": e.modality.historical,
        "asserted": e.asserted, "confidence": e.confidence,
        "reported_by": " < ".join(s.name for s in e.reported_by),
        "mentions": stored.mentions, "articles": stored.articles, "sources": stored.sources,
        "outlets": "; ".join(stored.outlets), "url": stored.urls[0] if stored.urls else None,
        "published": stored.published,
        "sentence": e.evidence[0].sentence if e.evidence else None,
    }


def events_frame(events: list[StoredEvent]):
    """A pandas DataFrame of `flat_row`s, with FLAT_COLUMNS even when there are no events."""
    import pandas as pd
    return pd.DataFrame([flat_row(s) for s in events], columns=list(FLAT_COLUMNS))


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# article text must never become one. Such a cell gets a leading apostrophe, which the
# spreadsheet shows as text (OWASP's advice); `formula_safe=False` writes cells as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(row: dict) -> dict:
    """`row` with every text cell that a spreadsheet would run as a formula made inert."""
    return {key: "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS)
            else value for key, value in row.items()}


def csv_rows(rows, safe: bool = True):
    return (formula_safe(row) for row in rows) if safe else rows


def write_csv(events: list[StoredEvent], output: Path, formula_safe: bool = True) -> None:
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows((flat_row(s) for s in events), formula_safe))


def write_parquet(events: list[StoredEvent], output: Path, formula_safe: bool = True) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    types = {"id": pa.int64(), "quad_class": pa.int64(), "intensity": pa.float64(),
             "lat": pa.float64(), "lon": pa.float64(), "geonames_id": pa.int64(),
             "dead": pa.int64(), "injured": pa.int64(), "arrested": pa.int64(),
             "confidence": pa.float64(), "mentions": pa.int64(), "articles": pa.int64(),
             "sources": pa.int64(), **{k: pa.bool_() for k in (
                 "negated", "hypothetical", "future", "historical", "asserted")}}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])
    rows = [flat_row(s) for s in events]
    table = pa.table({c: [r[c] for r in rows] for c in FLAT_COLUMNS}, schema=schema)
    pq.write_table(table, output)


# -- PLOVER JSON ---------------------------------------------------------------------------

def _plover_entity(actor: Actor) -> dict:
    entity = {"code": actor.country, "sector": actor.sector, "entity_text": actor.text,
              "identifier_id": actor.wikidata, "identifier_text": actor.name}
    return {k: v for k, v in entity.items() if v is not None}


RESOLUTION = {"country": 1, "admin1": 2, "city": 4}


def plover_record(stored: StoredEvent, coded_date: str) -> dict:
    """One event in the manual's record shape; Tacitus' extra fields keep their own names."""
    e, place = stored.event, stored.event.location
    first = e.evidence[0] if e.evidence else None
    record = {
        "id": f"tacitus-{stored.id}", "has_event": True, "date": e.date.value,
        "actor": [_plover_entity(a) for a in e.actor],
        "recipient": [_plover_entity(a) for a in e.recipient],
        "event": [e.event_type], "mode": [e.mode] if e.mode else [],
        "context": list(e.context), "quad_code": e.quad_class, "event_scale": e.intensity,
        "event_text": [ev.sentence for ev in e.evidence],
        "size": {"dead": e.size.dead, "injured": e.size.injured, "arrested": e.size.arrested},
        "cite_info": {"url": stored.urls[0] if stored.urls else None,
                      "publication": stored.outlets[0] if stored.outlets else None,
                      "coder": CODER, "codebook": CODEBOOK},
        "coder": CODER, "coded_date": coded_date,
        # Tacitus' own fields (the manual invites providers to add named fields)
        "date_granularity": e.date.granularity, "cameo": e.cameo,
        "negated": e.modality.negated, "hypothetical": e.modality.hypothetical,
        "reported_by": [s.name for s in e.reported_by], "mentions": stored.mentions,
        "articles": stored.articles, "sources": stored.sources,
    }
    if first:
        record["text_info"] = {"sequence": first.sentence_index, "start": first.sentence_start,
                               "end": first.sentence_end}
    if place:
        record["event_loc"] = {k: v for k, v in {
            "extracted_place": place.text, "resolved_place": place.name,
            "geonameid": place.geonames_id, "lat": place.lat, "lon": place.lon,
            "province": place.admin1, "country_code": place.country,
            "resolution": RESOLUTION.get(place.feature or "")}.items() if v is not None}
    return record


def write_plover(events: list[StoredEvent], output: Path, formula_safe: bool = True) -> None:
    today = dt.date.today().isoformat()
    records = [plover_record(s, today) for s in events]
    with open(output, "w", encoding="utf-8") as handle:
        if output.suffix == ".json":
            json.dump(records, handle, ensure_ascii=False, indent=1)
        else:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


# -- tab-separated event-data formats ------------------------------------------------------

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Contexts", "Quad Code",
    "Event Intensity", "Story ID", "Sentence Number", "Source", "Publication Date",
    "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Sectors", "Actor Name Raw",
    "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "State", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Event Text")

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude")

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GDELT_COLUMNS = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR) + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO) + tuple(f"Actor2Geo_{c}" for c in _GEO)
    + tuple(f"ActionGeo_{c}" for c in _GEO) + ("DATEADDED", "SOURCEURL"))


def _place_parts(stored: StoredEvent) -> dict:
    place = stored.event.location
    if place is None:
        return {}
    return {"name": place.name or place.text, "raw": place.text, "admin1": place.admin1,
            "country": place.country, "lat": place.lat, "lon": place.lon,
            "geonames_id": place.geonames_id, "feature": place.feature,
            "city": place.name if place.feature == "city" else None}


def polecat_row(stored: StoredEvent) -> dict:
    e, p = stored.event, _place_parts(stored)
    first = e.evidence[0] if e.evidence else None
    return dict(zip(POLECAT_COLUMNS, (
        stored.id, e.date.value, e.event_type, e.mode, "; ".join(e.context), e.quad_class,
        e.intensity, e.article_id, first.sentence_index if first else None,
        "; ".join(stored.outlets), stored.published,
        _names(e.actor), _codes(e.actor, "country"), e.actor[0].sector if e.actor else None,
        "; ".join(s for a in e.actor for s in a.sectors), "; ".join(a.text for a in e.actor),
        _codes(e.actor, "wikidata"),
        _names(e.recipient), _codes(e.recipient, "country"),
        e.recipient[0].sector if e.recipient else None,
        "; ".join(s for a in e.recipient for s in a.sectors),
        "; ".join(a.text for a in e.recipient), _codes(e.recipient, "wikidata"),
        p.get("name"), p.get("city"), p.get("admin1"), p.get("country"), p.get("lat"),
        p.get("lon"), p.get("geonames_id"), p.get("raw"), p.get("feature"),
        first.sentence if first else None)))


def icews_row(stored: StoredEvent) -> dict:
    e, p = stored.event, _place_parts(stored)
    first = e.evidence[0] if e.evidence else None
    return dict(zip(ICEWS_COLUMNS, (
        stored.id, e.date.value, _names(e.actor), _codes(e.actor, "sector"),
        _codes(e.actor, "country"), first.sentence if first else None, e.cameo, e.intensity,
        _names(e.recipient), _codes(e.recipient, "sector"), _codes(e.recipient, "country"),
        e.article_id, first.sentence_index if first else None, "; ".join(stored.outlets),
        p.get("city"), None, p.get("admin1"), p.get("country"), p.get("lat"), p.get("lon"))))


def _gdelt_geo_type(feature: str | None, country: str | None) -> int | None:
    american = country in {"US", "USA"}
    return {"country": 1, "admin1": 2 if american else 5,
            "city": 3 if american else 4}.get(feature or "")


def _gdelt_actor(actors: tuple[Actor, ...]) -> tuple:
    if not actors:
        return (None,) * len(_ACTOR)
    a = actors[0]
    code = (a.country or "") + (a.sector or "")
    return (code or None, a.name, a.country, None, None, None, None, a.sector, None, None)


def gdelt_row(stored: StoredEvent) -> dict:
    e, p = stored.event, _place_parts(stored)
    day = e.date.value if e.date.value and len(e.date.value) == 10 else None
    when = dt.date.fromisoformat(day) if day else None
    cameo = e.cameo or None
    geo = (_gdelt_geo_type(p.get("feature"), p.get("country")), p.get("name"), p.get("country"),
           p.get("admin1"), None, p.get("lat"), p.get("lon"), p.get("geonames_id")) if p else (None,) * 8
    values = (
        stored.id, when.strftime("%Y%m%d") if when else None,
        when.strftime("%Y%m") if when else None, when.year if when else None,
        round(when.year + (when.timetuple().tm_yday - 1) / 365, 4) if when else None,
        *_gdelt_actor(e.actor), *_gdelt_actor(e.recipient),
        1, cameo, cameo[:3] if cameo else None, cameo[:2] if cameo else None, e.quad_class,
        e.intensity, stored.mentions, stored.sources, stored.articles, None,
        *(None,) * 8, *(None,) * 8, *geo,
        (stored.first_seen or "")[:19].replace("-", "").replace("T", "").replace(":", "") or None,
        stored.urls[0] if stored.urls else None)
    return dict(zip(GDELT_COLUMNS, values))


def _write_tsv(rows, columns, output: Path, safe: bool = True) -> None:
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_rows(rows, safe))


FORMATS = {
    "plover": write_plover,
    "polecat": lambda events, out, safe=True: _write_tsv(map(polecat_row, events), POLECAT_COLUMNS, out, safe),
    "gdelt": lambda events, out, safe=True: _write_tsv(map(gdelt_row, events), GDELT_COLUMNS, out, safe),
    "icews": lambda events, out, safe=True: _write_tsv(map(icews_row, events), ICEWS_COLUMNS, out, safe),
    "csv": write_csv,
    "parquet": write_parquet,
}


def check_output(output: str | Path, database: str | Path | None) -> None:
    """Refuse an output path that is the database (or its journal files) under any name."""
    if not database:
        return
    out, db = Path(output).resolve(), Path(database).resolve()
    if out in {db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
               db.with_name(db.name + "-journal")} or (
            out.exists() and db.exists() and os.path.samefile(out, db)):
        raise OutputError(f"{output}: this is the event database itself; writing the export "
                          "there would destroy it. Choose another --output file")


def export(events: list[StoredEvent], format: str, output: str | Path,
           formula_safe: bool = True) -> int:
    """Write `events` to `output` in `format` (a key of FORMATS); return how many."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    try:
        FORMATS[format](events, Path(output), formula_safe)
    except OSError as error:
        raise OutputError(f"{output}: cannot write the export ({error.strerror or error}); "
                          "check the folder exists and can be written") from error
    return len(events)
