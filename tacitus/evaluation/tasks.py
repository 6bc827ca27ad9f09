"""One scoring function per task: run the system on gold items, return the task's metrics.

A failing item is recorded (id and reason) and counted, and the run goes on: one odd sentence
must not hide the score of the other thousand.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from . import judged
from . import metrics as m
from .countries import same_country
from .labels import quad_class
from .system import System, asserted, top_event

MAX_FAILURES_KEPT = 50


class Tally:
    """Counts and failures of one run."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.failures: list[dict] = []

    def attempt(self, item_id: str, call: Callable, *args):
        """`call(*args)`, or None with the failure recorded."""
        try:
            return call(*args)
        except Exception as error:  # noqa: BLE001 - any item may fail; the batch goes on
            self.counts["failed"] += 1
            if len(self.failures) < MAX_FAILURES_KEPT:
                self.failures.append({"id": item_id, "error": f"{type(error).__name__}: {error}"})
            return None


def _spans(things) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in things if t is not None and t.start is not None]


def sentence_events(items: Iterable, system: System, tally: Tally) -> dict:
    pairs, top_pairs, quads, modes = [], [], [], []
    roles = {"actor": [], "recipient": []}
    codes = Codes()
    for item in items:
        tally.counts["items"] += 1
        gold = {e.event_type for e in item.events if e.event_type}
        if item.events and not gold:
            tally.counts["unmapped"] += 1  # a gold label with no PLOVER type: not scorable
            continue
        events = tally.attempt(item.id, system.code, item.text, item.published)
        if events is None:
            continue
        tally.counts["scored"] += 1
        top = top_event(events)
        predicted = {e.event_type for e in asserted(events)} if item.multi_label else (
            {top.event_type} if top else set())
        pairs.append((gold, predicted))
        first = next((e for e in item.events if e.event_type), None)
        top_pairs.append((first.event_type if first else None, top.event_type if top else None))
        quads.append((quad_class(first.event_type if first else None),
                      top.quad_class if top else 0))
        if first and first.mode and top and top.event_type == first.event_type:
            modes.append((first.mode, top.mode))
        if first and not item.multi_label:
            _score_roles(first, top, roles, codes)
    result = {"event_type": m.label_scores(pairs), "confusion": m.confusion(top_pairs),
              "quad_accuracy": m.accuracy(quads), "mode_accuracy": m.accuracy(modes),
              "mode_n": len(modes)}
    for role, items_ in roles.items():
        if any(gold for gold, _ in items_):
            result[f"{role}_span"] = m.span_scores(items_)
    result.update(codes.metrics())
    return result


class Codes:
    """Country and sector codes of gold actors, by role and by the gold event type.

    A gold actor's code is scored against the predicted actors of the same role whose span
    overlaps it (any of them may carry the code: "Hungarian and Romanian officials" is one
    predicted span for two gold actors). `*_country_accuracy` is over gold actors that were
    found; `*_country_found` is the share of all gold actors with a code found with the right
    code, and `actor_misses` says why the others were not.
    """

    def __init__(self):
        self.pairs: dict[str, list] = {}
        self.misses: Counter = Counter()

    def add(self, key: str, correct: bool) -> None:
        self.pairs.setdefault(key, []).append((True, correct))

    def metrics(self) -> dict:
        result = {key: m.accuracy(pairs) for key, pairs in sorted(self.pairs.items())
                  if "." not in key}
        by_type: dict[str, dict] = {}
        for key, pairs in sorted(self.pairs.items()):
            if "." in key:
                event_type, metric = key.split(".", 1)
                short = _short(metric)
                by_type.setdefault(event_type, {})[short] = m.accuracy(pairs)
                by_type[event_type][f"{short}_n"] = len(pairs)
        if by_type:
            result["codes_by_type"] = by_type
        if self.misses:
            result["actor_misses"] = dict(sorted(self.misses.items()))
        return result


def _short(metric: str) -> str:
    """'actor_country_accuracy' -> 'A_country', 'recipient_country_found' -> 'R_found'."""
    role, _, rest = metric.partition("_")
    rest = rest.replace("_accuracy", "").replace("country_found", "found")
    return f"{role[0].upper()}_{rest}"


def miss_cause(gold_actor, top, predicted, found, in_other_role) -> str:
    """Why a gold actor was not coded with its country (see `Codes`)."""
    if gold_actor.span is None:
        return "gold_text_not_in_sentence"
    if top is None:
        return "no_event"
    if found:
        return "unknown_name" if all(p.country is None for p in found) else "wrong_country"
    if in_other_role:
        return "found_in_other_role"
    return "different_actor_found" if predicted else "no_actor_found"


def _score_roles(gold_event, top, roles, codes: Codes) -> None:
    """Actor/recipient spans of the top event against the gold event's, and their codes."""
    for role in ("actor", "recipient"):
        other = "recipient" if role == "actor" else "actor"
        gold = [a for a in getattr(gold_event, role) if a.span]
        predicted = [a for a in (getattr(top, role) if top else ()) if a.start is not None]
        roles[role].append(([(a.span.start, a.span.end) for a in gold], _spans(predicted)))
        for actor in getattr(gold_event, role):
            if not actor.country:
                continue
            found = _overlapping(actor, predicted)
            right = any(same_country(actor.country, p.country) for p in found)
            codes.add(f"{role}_country_found", right)
            codes.add(f"{gold_event.event_type}.{role}_country_found", right)
            if found:
                codes.add(f"{role}_country_accuracy", right)
                codes.add(f"{gold_event.event_type}.{role}_country_accuracy", right)
            if found and actor.sector:
                sector = any((p.sector or "")[:3].upper() == actor.sector for p in found)
                codes.add(f"{role}_sector_accuracy", sector)
                codes.add(f"{gold_event.event_type}.{role}_sector_accuracy", sector)
            if not right:
                others = _overlapping(actor, getattr(top, other) if top else ())
                codes.misses[f"{role}.{miss_cause(actor, top, predicted, found, others)}"] += 1


def _overlapping(gold_actor, predicted) -> list:
    if gold_actor.span is None:
        return []
    span = (gold_actor.span.start, gold_actor.span.end)
    return [p for p in predicted if p.start is not None and m.overlaps((p.start, p.end), span)]


def _each(items: Iterable, tally: Tally, call):
    """(item, result) for every item the system answered; counts items and scored ones."""
    for item in items:
        tally.counts["items"] += 1
        result = tally.attempt(item.id, call, item.text)
        if result is None:
            continue
        tally.counts["scored"] += 1
        yield item, result


def penta(items: Iterable, system: System, tally: Tally) -> dict:
    pairs = []
    for item, events in _each(items, tally, system.code):
        top = top_event(events)
        pairs.append((item.penta, top.quad_class if top else 0))
    return m.classification(pairs)


def roles(items: Iterable, system: System, tally: Tally) -> dict:
    actor, recipient = [], []
    for item, events in _each(items, tally, system.code):
        top = top_event(events)
        actor.append((_spans(item.actor), _spans(top.actor) if top else []))
        recipient.append((_spans(item.recipient), _spans(top.recipient) if top else []))
    return {"actor_span": m.span_scores(actor), "recipient_span": m.span_scores(recipient)}


def attribution(items: Iterable, system: System, tally: Tally) -> dict:
    """Source and cue span F1 over the distinct spans of each document.

    One source often speaks twice ("Trump said, adding ..."): PolNeAR links both attributions to
    the same Source span, which is one span of text, so it is scored once (and so is a predicted
    span listed twice).
    """
    sources, cues = [], []
    for item, found in _each(items, tally, system.attributions):
        distinct = [list(dict.fromkeys(_spans(spans))) for spans in
                    (item.sources, (a.source for a in found), item.cues, (a.cue for a in found))]
        tally.counts["gold_sources"] += len(distinct[0])
        sources.append((distinct[0], distinct[1]))
        cues.append((distinct[2], distinct[3]))
    return {"source_span": m.span_scores(sources), "cue_span": m.span_scores(cues)}


def granularity(value: str) -> str:
    """The granularity of a TimeML date value: day, week, month, year or other."""
    import re
    for name, pattern in (("day", r"\d{4}-\d{2}-\d{2}"), ("week", r"\d{4}-W\d{2}"),
                          ("month", r"\d{4}-\d{2}"), ("year", r"\d{4}")):
        if re.fullmatch(pattern, value):
            return name
    return "other"  # seasons, quarters, decades, PRESENT_REF, partly unknown (XXXX-...)


def dates(items: Iterable, system: System, tally: Tally) -> dict:
    by_granularity: dict[str, list] = {}
    for doc in items:
        tally.counts["documents"] += 1
        for timex in doc.timexes:
            if timex.type != "DATE":
                continue
            tally.counts["items"] += 1
            failed = tally.counts["failed"]
            value = _resolve_timex(system, tally, doc, timex)
            tally.counts["scored"] += tally.counts["failed"] == failed
            by_granularity.setdefault(granularity(timex.value), []).append(
                (timex.value, value or None))
    everything = [pair for pairs in by_granularity.values() for pair in pairs]
    return {"value_accuracy": m.accuracy(everything),
            "by_granularity": {g: {"accuracy": m.accuracy(p), "n": len(p)}
                               for g, p in sorted(by_granularity.items())}}


def _resolve_timex(system: System, tally: Tally, doc, timex):
    """A system that can read the tense of the sentence around the expression gets it."""
    in_sentence = getattr(system, "resolve_date_in", None)
    if in_sentence is not None and timex.sentence:
        return tally.attempt(f"{doc.id}:{timex.text}", in_sentence, timex.text, doc.dct,
                             timex.sentence, timex.start)
    return tally.attempt(f"{doc.id}:{timex.text}", system.resolve_date, timex.text, doc.dct)


def event_location(items: Iterable, system: System, tally: Tally) -> dict:
    all_pairs, found_pairs, countries = [], [], []
    for item, events in _each(items, tally, system.code):
        event = _event_on(events, (item.verb.start, item.verb.end))
        place = event.location if event else None
        correct = _place_matches(place, item.locations)
        all_pairs.append((True, correct))
        if event:
            tally.counts["event_on_verb"] += 1
            found_pairs.append((True, correct))
        if item.locations and place is not None:
            # like with like: the gold has spans only, so its country is the one our gazetteer
            # gives each gold span with the sentence's context; a prediction on a gold span
            # shares its country, and any of the event's gold locations may match
            if _place_matches(place, item.locations):
                countries.append((True, True))
                continue
            names = [g.text for g in item.locations]
            resolve_places = getattr(system, "resolve_places", None)
            golds = (tally.attempt(item.id, resolve_places, names, item.text) if resolve_places
                     else [tally.attempt(item.id, system.resolve_place, n) for n in names])
            gold_countries = [g.country for g in golds or () if g is not None and g.country]
            if gold_countries:
                countries.append((True, any(same_country(c, place.country) for c in gold_countries)))
    scored = tally.counts["scored"]
    return {"event_found": tally.counts["event_on_verb"] / scored if scored else 0.0,
            "location_accuracy": m.accuracy(all_pairs),
            "location_accuracy_when_found": m.accuracy(found_pairs),
            "country_accuracy": m.accuracy(countries), "country_n": len(countries)}


def _event_on(events, verb: tuple[int, int]):
    """The event whose trigger overlaps the gold verb (the most confident one, if several)."""
    on_verb = [e for e in events for ev in e.evidence
               if ev.trigger and m.overlaps((ev.trigger.start, ev.trigger.end), verb)]
    return max(on_verb, key=lambda e: e.confidence) if on_verb else None


def _place_matches(place, gold_spans) -> bool:
    if place is None or not gold_spans:
        return place is None and not gold_spans
    texts = {g.text.casefold() for g in gold_spans}
    if place.start is not None and place.end is not None:
        if any(m.overlaps((place.start, place.end), (g.start, g.end)) for g in gold_spans):
            return True
    return place.text.casefold() in texts


def geoparsing(items: Iterable, system: System, tally: Tally) -> dict:
    recognition, errors, countries = [], [], []
    for doc in items:
        tally.counts["documents"] += 1
        found = tally.attempt(doc.id, system.toponyms, doc.text)
        if found is not None:
            recognition.append((_spans(t.span for t in doc.toponyms), _spans(found)))
        scored = [t for t in doc.toponyms if t.lat is not None or t.country]
        # resolved together, as the library resolves an article's places: the gold names are
        # the input, the article's text gives context; gold positions are never used
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
                countries.append((True, bool(place) and same_country(toponym.country,
                                                                     place.country)))
    return {"recognition": m.span_scores(recognition) if recognition else None,
            "resolution": m.distance_scores(errors),
            "country_accuracy": m.accuracy(countries), "country_n": len(countries)}


def document_events(items: Iterable, system: System, tally: Tally) -> dict:
    """Trigger-anchored types: a predicted event counts where its trigger overlaps a gold one.

    Predictions on triggers of gold events with no PLOVER type are ignored, not penalised.
    """
    typed, untyped = [], []
    for doc in items:
        tally.counts["documents"] += 1
        events = tally.attempt(doc.id, system.code, doc.text)
        if events is None:
            continue
        tally.counts["scored"] += 1
        gold = [(e.trigger.start, e.trigger.end, e.event_type) for e in doc.events
                if e.event_type and e.trigger]
        ignored = [(e.trigger.start, e.trigger.end) for e in doc.events
                   if not e.event_type and e.trigger]
        tally.counts["items"] += len(gold)
        tally.counts["unmapped"] += len(ignored)
        predicted = [(ev.trigger.start, ev.trigger.end, e.event_type) for e in asserted(events)
                     for ev in e.evidence[:1] if ev.trigger]
        predicted = [p for p in predicted if _counts(p, gold, ignored)]
        typed.append((gold, predicted))
        untyped.append(([g[:2] for g in gold], [p[:2] for p in predicted]))
    return {"event_type": m.typed_span_scores(typed),
            "trigger_span": m.span_scores(untyped)}


def _counts(prediction, gold, ignored) -> bool:
    span = prediction[:2]
    if any(m.overlaps(span, g[:2]) for g in gold):
        return True
    return not any(m.overlaps(span, i) for i in ignored)


TASKS = {"sentence_events": sentence_events, "penta": penta, "roles": roles,
         "attribution": attribution, "dates": dates, "event_location": event_location,
         "geoparsing": geoparsing, "document_events": document_events, "judged": judged.score}
