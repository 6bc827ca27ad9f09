"""Where events happened (Halterman's event-location records) and toponyms (geoparsing XML).

Event location is scored as spans: the place Tacitus gives the event on the gold verb against
the gold LOCATION spans, exact and overlapping. Beside each figure stands what a system that
never names a place scores (`baselines.null`): on these records "no place" is often right, so
an accuracy that counts it can look good while finding nothing. A country is scored only where
the gold itself gives one, which Halterman's records never do (only spans), so no country is
scored there; Tacitus' gazetteer never supplies the gold side.
"""
from __future__ import annotations

from collections.abc import Iterable

from . import metrics as m
from .countries import same_country
from .report import figures
from .system import System
from .tally import Tally, each, spans

# A predicted place with no position in the text: it can match no gold span (a false positive)
NOWHERE = (-1, -1)


def event_location(items: Iterable, system: System, tally: Tally) -> dict:
    rows = []
    for item, events in each(items, tally, system.code):
        event = _event_on(events, (item.verb.start, item.verb.end))
        gold = [(g.start, g.end) for g in item.locations]
        predicted = _place_span(event.location, item.text) if event and event.location else []
        rows.append((event is not None, gold, predicted))
    found = [row for row in rows if row[0]]
    result = {"event_found": len(found) / len(rows) if rows else 0.0,
              "gold_place_share": sum(bool(g) for _, g, _ in rows) / len(rows) if rows else 0.0}
    result.update(_location_scores(rows, ""))
    result.update(_location_scores(found, "_when_found"))
    never = [(f, g, []) for f, g, _ in rows]
    null = _location_scores(never, "") | _location_scores([r for r in never if r[0]], "_when_found")
    result["baselines"] = {"null": figures(null)}
    return result


def _location_scores(rows: list, suffix: str) -> dict:
    """Span P/R/F1 (exact, overlap) and the share of verbs whose place is right, where naming
    no place is right when the gold has none."""
    right = [(not gold and not predicted) or
             bool(gold and m.match_spans(gold, predicted, exact=False)) for _, gold, predicted in rows]
    return {f"location_span{suffix}": m.span_scores((gold, predicted) for _, gold, predicted in rows),
            f"location_accuracy{suffix}": sum(right) / len(right) if right else 0.0}


def _event_on(events, verb: tuple[int, int]):
    """The event whose trigger overlaps the gold verb (the most confident one, if several)."""
    on_verb = [e for e in events for ev in e.evidence
               if ev.trigger and m.overlaps((ev.trigger.start, ev.trigger.end), verb)]
    return max(on_verb, key=lambda e: e.confidence) if on_verb else None


def _place_span(place, text: str) -> list[tuple[int, int]]:
    """Where the event's place is named: its offsets, or (for a place without offsets) the
    first place its text occurs in the sentence; `NOWHERE` when neither."""
    if place.start is not None and place.end is not None:
        return [(place.start, place.end)]
    at = text.casefold().find(place.text.casefold()) if place.text else -1
    return [(at, at + len(place.text))] if at >= 0 else [NOWHERE]


def geoparsing(items: Iterable, system: System, tally: Tally) -> dict:
    """Toponym recognition (spans) and resolution of the gold names (161 km, country).

    Recognition is scored on the names of places: GeoWebNews' non-locational toponyms and its
    common-noun expressions ("the harbour district", "residents") stand apart, so finding them
    is neither rewarded nor penalised, and how many of each kind were found is reported.
    """
    recognition, errors, countries, by_kind = [], [], [], {}
    for doc in items:
        tally.counts["documents"] += 1
        found = tally.attempt(doc.id, system.toponyms, doc.text)
        if found is not None:
            recognition.append(_recognition(doc.toponyms, spans(found), by_kind))
        _resolve(doc, system, tally, errors, countries)
    result = {"recognition": m.span_scores(recognition) if recognition else None,
              "resolution": m.distance_scores(errors)}
    if countries:  # only where the gold itself names the country (LGL does, GeoWebNews not)
        result["country_accuracy"] = m.accuracy(countries)
        result["country_n"] = len(countries)
    if any(kind for kind in by_kind if kind != "-"):
        result["recognition_by_kind"] = {
            kind: {"accuracy": sum(hits) / len(hits), "n": len(hits)}
            for kind, hits in sorted(by_kind.items())}
    return result


def _recognition(toponyms, predicted: list, by_kind: dict) -> tuple[list, list]:
    """(scored gold spans, predictions that count) for one document; the share of each kind of
    toponym found goes to `by_kind` (its `accuracy` is recall)."""
    scored = [(t.span.start, t.span.end) for t in toponyms if _is_place_name(t)]
    apart = [(t.span.start, t.span.end) for t in toponyms if not _is_place_name(t)]
    for toponym in toponyms:
        span = (toponym.span.start, toponym.span.end)
        by_kind.setdefault(toponym.kind or "-", []).append(
            any(m.overlaps(span, p) for p in predicted))
    counted = [p for p in predicted if any(m.overlaps(p, g) for g in scored)
               or not any(m.overlaps(p, a) for a in apart)]
    return scored, counted


def _is_place_name(toponym) -> bool:
    return toponym.locational and not (toponym.kind or "").endswith("_Expression")


def _resolve(doc, system: System, tally: Tally, errors: list, countries: list) -> None:
    """The gold names resolved together, as the library resolves an article's places: the
    names are the input, the article's text gives context; gold positions are never used."""
    scored = [t for t in doc.toponyms if t.lat is not None or t.country]
    names = [t.span.text for t in scored]
    resolve_places = getattr(system, "resolve_places", None)
    failed = tally.counts["failed"]
    places = (tally.attempt(doc.id, resolve_places, names, doc.text) if resolve_places
              else [tally.attempt(f"{doc.id}:{n}", system.resolve_place, n) for n in names])
    tally.counts["items"] += len(names)
    tally.counts["scored"] += 0 if places is None else len(names) - (tally.counts["failed"] - failed)
    for toponym, place in zip(scored, places or [None] * len(names)):
        if toponym.lat is not None and toponym.lon is not None:
            located = place is not None and place.lat is not None and place.lon is not None
            errors.append(m.haversine_km(toponym.lat, toponym.lon, place.lat, place.lon)
                          if located else None)
        if toponym.country:
            countries.append((True, bool(place) and same_country(toponym.country, place.country)))
