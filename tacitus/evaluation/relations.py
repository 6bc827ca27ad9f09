"""PLV: the type of the relation between a marked actor (source) and recipient (target).

The answer is the type of the asserted event whose actor and recipient overlap the marked
ones (both before one; the most confident breaks ties); where no event touches them, the
sentence's top asserted event; no event at all answers "none", which is always wrong (PLV has
no statement class). PLOVER 2.0 types fold into PLV's 15 through `mappings/plover_plv.tsv`
(CONCEDE and RETREAT are PLV's YIELD). Beside the scores stands always answering the commonest
class. The answer's actor and recipient spans are scored against the marked ones where the
sentence marks them (a party PLV leaves implicit, "a recipient", is not scored).
"""
from __future__ import annotations

from collections.abc import Iterable

from . import metrics as m
from .labels import table
from .system import System, asserted
from .tally import Tally, each, spans


def relations(items: Iterable, system: System, tally: Tally) -> dict:
    fold = {key: cells[0] for key, cells in table("plover_plv").items()}
    pairs, actors, recipients = [], [], []
    for item, events in each(items, tally, system.code):
        event = chosen(events, item)
        answer = fold.get(event.event_type, event.event_type) if event else m.NONE
        pairs.append((item.label, answer))
        if item.actor:
            actors.append((_spans(item.actor), spans(event.actor) if event else []))
        if item.recipient:
            recipients.append((_spans(item.recipient), spans(event.recipient) if event else []))
    result = m.classification(pairs)
    result["actor_span"] = party_scores(actors)
    result["recipient_span"] = party_scores(recipients)
    if pairs:
        result["baselines"] = {"majority": m.majority_baseline([gold for gold, _ in pairs])}
    return result


def chosen(events: list, item):
    """The asserted event that relates the marked parties, else the most confident one."""
    candidates = asserted(events)
    if not candidates:
        return None
    def fit(event) -> tuple[int, float]:
        touches = (_touches(event.actor, item.actor) + _touches(event.recipient, item.recipient))
        return touches, event.confidence
    return max(candidates, key=fit)


def _touches(parties, marked) -> int:
    return int(any(m.overlaps(p, g) for p in spans(parties) for g in _spans(marked)))


def _spans(gold) -> list[tuple[int, int]]:
    return [(g.start, g.end) for g in gold]


def party_scores(rows: list[tuple[list, list]]) -> dict:
    """Exact and overlap P/R/F1 of one marked party per sentence: the sentence scores a hit
    when a predicted span matches any place the party is marked (PLV may mark it twice)."""
    result = {}
    for kind in ("exact", "overlap"):
        tp = fp = fn = 0
        for gold, predicted in rows:
            hit = any((p == g) if kind == "exact" else m.overlaps(p, g)
                      for p in predicted for g in gold)
            tp += hit
            fp += bool(predicted) and not hit
            fn += not hit
        result[kind] = m.prf(tp, fp, fn)
    return result
