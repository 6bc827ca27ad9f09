"""The tasks: each runs the system on gold items and scores the answers.

Sentence-level event types, penta classes, actor/recipient spans, dates and document events
are here; places (`places.py`), attribution (`sources.py`), labelled police documents
(`police.py`) and PLV relations (`relations.py`) have modules of their own. `TASKS` names them
all. Where a trivial system (never answering, always the commonest class) would score
something, its score is given under `baselines` beside the measured one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from . import judged, labelled
from . import metrics as m
from .countries import same_country
from .labels import quad_class
from .places import event_location, geoparsing
from .police import labelled_documents
from .relations import relations
from .sources import attribution
from .system import System, asserted, top_event
from .tally import Tally, each, spans as _spans

def sentence_events(items: Iterable, system: System, tally: Tally) -> dict:
    """The top asserted event of each sentence against its gold event(s).

    Sentences whose gold label has no PLOVER type are counted (`unmapped`) and left out;
    sentences gold-coded as no political event score the false-event rate.
    """
    pairs, top_pairs, quads, modes, false_events = [], [], [], [], []
    roles = {"actor": [], "recipient": []}
    codes = Codes()
    by_label: dict[str, list] = {}
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
        predicted = top.event_type if top else None
        pairs.append((gold, {predicted} if top else set()))
        first = next((e for e in item.events if e.event_type), None)
        top_pairs.append((first.event_type if first else None, predicted))
        quads.append((quad_class(first.event_type if first else None),
                      top.quad_class if top else 0))
        if first is None:
            false_events.append(top is not None)
            continue
        if first.mode and top and top.event_type == first.event_type:
            modes.append((first.mode, top.mode))
        _score_roles(first, top, roles, codes)
        by_label.setdefault(item.label or first.label or first.event_type, []).append(
            (first.event_type, predicted, predicted in gold))
    result = {"event_type": m.label_scores(pairs), "confusion": m.confusion(top_pairs),
              "quad_accuracy": m.accuracy(quads), "mode_accuracy": m.accuracy(modes),
              "mode_n": len(modes)}
    for role, items_ in roles.items():
        if any(gold for gold, _ in items_):
            result[f"{role}_span"] = m.span_scores(items_)
    result.update(codes.metrics())
    result.update(_top_accuracy(by_label, false_events))
    result["baselines"] = _sentence_baselines(pairs, result)
    return result


def _top_accuracy(by_label: dict[str, list], false_events: list[bool]) -> dict:
    """Share of sentences whose top event has a gold type, overall, per gold type and (where
    the gold set's own classes are finer) per gold class; the false-event rate."""
    rows = [row for label_rows in by_label.values() for row in label_rows]
    result = {}
    if rows:
        result["top_accuracy"] = sum(right for *_, right in rows) / len(rows)
        result["top_n"] = len(rows)
        by_type: dict[str, list] = {}
        for event_type, _, right in rows:
            by_type.setdefault(event_type, []).append(right)
        result["top_by_type"] = _shares(by_type)
        if any(label != rows_[0][0] for label, rows_ in by_label.items()):
            result["top_by_label"] = _shares({label: [r for *_, r in rows_]
                                              for label, rows_ in by_label.items()})
    if false_events:
        result["false_event_rate"] = sum(false_events) / len(false_events)
        result["no_event_n"] = len(false_events)
    return result


def _shares(groups: dict[str, list[bool]]) -> dict:
    return {key: {"accuracy": sum(values) / len(values), "n": len(values)}
            for key, values in sorted(groups.items())}


def _sentence_baselines(pairs: list, result: dict) -> dict:
    """Always answering the commonest gold type; never answering (no false events)."""
    counts = Counter(t for gold, _ in pairs for t in gold)
    baselines = {}
    if counts:
        commonest = counts.most_common(1)[0][0]
        scores = m.label_scores((gold, {commonest}) for gold, _ in pairs)
        baselines["majority"] = {
            "event_type.micro.f1": scores["micro"]["f1"], "event_type.macro.f1": scores["macro"]["f1"],
            "top_accuracy": sum(commonest in gold for gold, _ in pairs if gold) /
            max(1, sum(1 for gold, _ in pairs if gold)),
            "class": commonest}
    if "false_event_rate" in result:
        baselines["null"] = {"false_event_rate": 0.0}
    return baselines


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


def penta(items: Iterable, system: System, tally: Tally) -> dict:
    pairs = []
    for item, events in each(items, tally, system.code):
        top = top_event(events)
        pairs.append((item.penta, top.quad_class if top else 0))
    result = m.classification(pairs)
    if pairs:
        result["baselines"] = {"majority": m.majority_baseline([gold for gold, _ in pairs])}
    return result


def roles(items: Iterable, system: System, tally: Tally) -> dict:
    actor, recipient = [], []
    for item, events in each(items, tally, system.code):
        top = top_event(events)
        actor.append((_spans(item.actor), _spans(top.actor) if top else []))
        recipient.append((_spans(item.recipient), _spans(top.recipient) if top else []))
    return {"actor_span": m.span_scores(actor), "recipient_span": m.span_scores(recipient)}


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
         "geoparsing": geoparsing, "document_events": document_events,
         "labelled_documents": labelled_documents, "relations": relations,
         "judged": judged.score, "labelled": labelled.score}
