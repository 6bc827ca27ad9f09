"""The labelled sentence corpus' test split, scored through the whole pipeline.

Each test article is coded whole, as users code it (`tacitus.code`); an event counts for every
labelled sentence one of its evidence entries lies in. Per sentence, the set of event types
found is compared with the set the coders gave (every modality on both sides: the classifier
and the lexicon find mentions; modality is scored elsewhere), and, separately, the asserted
events against the coders' asserted and future ones.

Metrics: type macro-F1 and micro P/R/F1 over the 16 types, per-type F1, event / no-event F1,
with the trivial baselines (always "event"; never an event).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import metrics as m
from .tally import each

LABELS = Path(__file__).parents[1] / "learning" / "labels" / "sentences.jsonl"


@dataclass(frozen=True)
class LabelledSentence:
    start: int
    end: int
    types: frozenset[str]
    asserted_types: frozenset[str]


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    text: str
    published: dt.date | None
    sentences: tuple[LabelledSentence, ...]


def read(path: Path | None = None, split: str = "test") -> Iterator[LabelledArticle]:
    """The articles of one split with their labelled sentences (text rebuilt from ../shared)."""
    from ..learning.corpora import article_text
    from .news import get
    path = Path(path) if path else LABELS
    if path.is_dir():
        path = path / "sentences.jsonl"
    rows: dict[tuple, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["split"] == split:
                rows[(row["source"], row["key"], bool(row["lower"]))].append(row)
    for (source, key, lower), labelled in sorted(rows.items()):
        sentences = tuple(LabelledSentence(
            r["start"], r["end"], frozenset(e["type"] for e in r["events"]),
            frozenset(e["type"] for e in r["events"] if e["modality"] in ("asserted", "future")))
            for r in sorted(labelled, key=lambda r: r["start"]))
        yield LabelledArticle(f"{source}:{key}", article_text(source, key, lower),
                              get(source, key).published, sentences)


def score(articles, system, tally) -> dict:
    pairs, asserted_pairs, events = [], [], []
    for article, coded in each(articles, tally, system.code, "published"):
        for sentence in article.sentences:
            found = [e for e in coded if any(
                sentence.start <= ev.trigger.start < sentence.end for ev in e.evidence if ev.trigger)]
            predicted = {e.event_type for e in found}
            pairs.append((set(sentence.types), predicted))
            asserted_pairs.append((set(sentence.asserted_types), {e.event_type for e in found if e.asserted}))
            events.append((bool(sentence.types), bool(predicted)))
        tally.counts["sentences"] += len(article.sentences)
    truth = [g for g, _ in events]
    return {"event_type": m.label_scores(pairs), "event_type_asserted": m.label_scores(asserted_pairs),
            "event": _binary(events),
            "baseline_always_event": _binary([(g, True) for g in truth]),
            "baseline_never_event": _binary([(g, False) for g in truth])}


def _binary(pairs) -> dict:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
