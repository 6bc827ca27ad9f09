"""IndiaPoliceEvents: yes/no questions about the police, per sentence and per document.

Tacitus codes each document once. A label is predicted for a sentence when an asserted event
with a trigger in that sentence meets the label's rule in `mappings/india_police_plover.tsv`
(PLOVER type, mode, what it needs), and for a document when any of its events does. The
questions ask about the police, so the main figures also need the event's actor coded as the
police (sector COP); `*_any_actor` drop that condition. Beside them stands a system that
answers yes to every question (`baselines.always_yes`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import metrics as m
from .labels import table
from .report import figures
from .system import System, asserted
from .tally import Tally

POLICE = "COP"  # the PLOVER sector of the police (knowledge/data/agents.yaml)
ANY_TYPE = "*"


@dataclass(frozen=True)
class Rule:
    event_type: str | None  # None: never predicted; "*": any type
    mode: str | None
    needs: str | None  # "dead": the event has a death toll


@cache
def rules() -> dict[str, Rule]:
    return {label: Rule(cells[0] or None, (cells[1] if len(cells) > 1 else "") or None,
                        (cells[2] if len(cells) > 2 else "") or None)
            for label, cells in table("india_police_plover").items()}


def labelled_documents(items: Iterable, system: System, tally: Tally) -> dict:
    pairs = {"sentence": [], "sentence_any_actor": [], "document": [], "document_any_actor": []}
    for doc in items:
        tally.counts["documents"] += 1
        events = tally.attempt(doc.id, system.code, doc.text, doc.published)
        if events is None:
            continue
        tally.counts["scored"] += 1
        events = asserted(events)
        for sentence in doc.sentences:
            tally.counts["sentences"] += 1
            inside = [e for e in events if _in(e, sentence.span)]
            pairs["sentence"].append((set(sentence.labels), predicted(inside, police=True)))
            pairs["sentence_any_actor"].append((set(sentence.labels), predicted(inside, police=False)))
        if doc.labels is not None:
            pairs["document"].append((set(doc.labels), predicted(events, police=True)))
            pairs["document_any_actor"].append((set(doc.labels), predicted(events, police=False)))
    result = {level: m.label_scores(found) for level, found in pairs.items() if found}
    everything = set(rules())
    always = {level: m.label_scores((gold, everything) for gold, _ in pairs[level])
              for level in ("sentence", "document") if pairs[level]}
    result["baselines"] = {"always_yes": figures(always)}
    return result


def predicted(events: list, police: bool) -> set[str]:
    """The labels these events answer yes to."""
    return {label for label, rule in rules().items()
            if any(_meets(event, rule, police) for event in events)}


def _meets(event, rule: Rule, police: bool) -> bool:
    if rule.event_type is None:
        return False
    if rule.event_type != ANY_TYPE and event.event_type != rule.event_type:
        return False
    if rule.mode and event.mode != rule.mode:
        return False
    if rule.needs == "dead" and not event.size.dead:
        return False
    return not police or any((a.sector or "").upper() == POLICE for a in event.actor)


def _in(event, span) -> bool:
    return any(e.trigger and span.start <= e.trigger.start < span.end for e in event.evidence)
