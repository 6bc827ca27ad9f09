"""Attribution on PolNeAR: the `reported_by` users get, and the attribution analysis itself.

`reported_by` is what the pipeline gives each event: who says it happened, nearest source
first. PolNeAR annotates every attribution of an article (source, cue, content), so an event
whose trigger lies in an attribution's content is reported by that attribution's source, and
an event outside every content is reported by nobody. Each event Tacitus outputs is scored on
its nearest source: right when it overlaps the gold source (or when both are none). The null
baseline is a system that never names a source.

`source_span` / `cue_span` score the attribution analysis (`tacitus.attribution`, the same
code the pipeline's stage runs) over every sentence of the article, PolNeAR's own task.
"""
from __future__ import annotations

from collections.abc import Iterable

from . import metrics as m
from .system import System
from .tally import Tally, spans


def attribution(items: Iterable, system: System, tally: Tally) -> dict:
    sources, cues, events_scored = [], [], []
    for doc in items:
        tally.counts["items"] += 1
        found = tally.attempt(doc.id, system.attributions, doc.text)
        events = tally.attempt(doc.id, system.code, doc.text)
        if found is None or events is None:
            continue
        tally.counts["scored"] += 1
        # one source often speaks twice ("Trump said, adding ..."): PolNeAR links both
        # attributions to the same Source span, which is one span of text, so it is scored once
        distinct = [list(dict.fromkeys(spans(group))) for group in
                    (doc.sources, (a.source for a in found), doc.cues, (a.cue for a in found))]
        tally.counts["gold_sources"] += len(distinct[0])
        sources.append((distinct[0], distinct[1]))
        cues.append((distinct[2], distinct[3]))
        events_scored += [_reported_by(doc, event) for event in events]
    result = {"reported_by": _reported_by_scores(events_scored),
              "source_span": m.span_scores(sources), "cue_span": m.span_scores(cues)}
    never = [(gold, False, False) for gold, _, _ in events_scored]
    null = _reported_by_scores(never)
    result["baselines"] = {"null": {f"reported_by.{k}": v for k, v in null.items()
                                    if k in ("accuracy", "precision", "recall", "f1")}}
    return result


def _reported_by(doc, event) -> tuple[bool, bool, bool]:
    """(the gold says someone reports the event, Tacitus names a source, that source is right)."""
    triggers = [(e.trigger.start, e.trigger.end) for e in event.evidence if e.trigger]
    gold = [(a.source.start, a.source.end) for a in doc.attributions if a.source is not None
            and any(m.overlaps(t, (p.start, p.end)) for t in triggers for p in a.content)]
    nearest = next(iter(event.reported_by), None)
    named = nearest is not None
    right = named and nearest.start is not None and any(
        m.overlaps((nearest.start, nearest.end), g) for g in gold)
    return bool(gold), named, right


def _reported_by_scores(rows: list[tuple[bool, bool, bool]]) -> dict:
    """P/R/F1 of the nearest source over events (a wrong source is a false positive and a
    miss); accuracy counts "no source, none in the gold" as right."""
    tp = sum(right for _, _, right in rows)
    fp = sum(named and not right for _, named, right in rows)
    fn = sum(gold and not right for gold, _, right in rows)
    right = sum(r or (not g and not n) for g, n, r in rows)
    return {**m.prf(tp, fp, fn), "accuracy": right / len(rows) if rows else 0.0,
            "events": len(rows), "events_reported": sum(g for g, _, _ in rows)}
