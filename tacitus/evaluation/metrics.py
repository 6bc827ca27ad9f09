"""Scores: precision/recall/F1, confusion matrices, span matching, distances, k-fold splits.

Pure functions over plain values, so each can be checked against numbers worked out by hand.
"""
from __future__ import annotations

import math
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

NONE = "none"  # the label of "no event" in confusion matrices


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def label_scores(pairs: Iterable[tuple[set, set]]) -> dict:
    """Micro, macro and per-label P/R/F1 over items of (gold labels, predicted labels).

    Macro averages over the labels that occur in the gold data, so a label the system invents
    costs precision (micro) but does not add an empty class to the average.
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, predicted in pairs:
        for label in gold & predicted:
            tp[label] += 1
        for label in predicted - gold:
            fp[label] += 1
        for label in gold - predicted:
            fn[label] += 1
    return _scores(tp, fp, fn)


def _scores(tp: Counter, fp: Counter, fn: Counter) -> dict:
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label = {label: prf(tp[label], fp[label], fn[label]) for label in labels}
    gold_labels = [label for label in labels if tp[label] + fn[label]]
    macro = {key: _mean(per_label[label][key] for label in gold_labels)
             for key in ("precision", "recall", "f1")}
    return {"micro": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "macro": macro, "per_label": per_label}


def confusion(pairs: Iterable[tuple[Hashable, Hashable]]) -> dict:
    """{gold: {predicted: count}} with None shown as `NONE`."""
    matrix: dict = defaultdict(Counter)
    for gold, predicted in pairs:
        matrix[_name(gold)][_name(predicted)] += 1
    return {gold: dict(sorted(row.items())) for gold, row in sorted(matrix.items())}


def accuracy(pairs: Iterable[tuple[Hashable, Hashable]]) -> float:
    pairs = list(pairs)
    return sum(gold == predicted for gold, predicted in pairs) / len(pairs) if pairs else 0.0


def classification(pairs: Sequence[tuple[Hashable, Hashable]]) -> dict:
    """Single-label scores: accuracy, macro-F1 over gold classes, per-class F1, confusion."""
    scores = label_scores(({gold}, {predicted}) for gold, predicted in pairs)
    return {"accuracy": accuracy(pairs), "macro_f1": scores["macro"]["f1"],
            "per_class": scores["per_label"], "confusion": confusion(pairs)}


def majority_baseline(gold: Sequence[Hashable]) -> dict:
    """Accuracy and macro-F1 of always answering the commonest gold label (named in `class`)."""
    commonest = Counter(gold).most_common(1)[0][0]
    scores = classification([(label, commonest) for label in gold])
    return {"accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"], "class": str(commonest)}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]],
                exact: bool) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index), greedily by largest overlap."""
    candidates = []
    for g, gs in enumerate(gold):
        for p, ps in enumerate(predicted):
            if (gs == ps) if exact else overlaps(gs, ps):
                shared = min(gs[1], ps[1]) - max(gs[0], ps[0])
                candidates.append((-shared, g, p))
    used_gold, used_predicted, matches = set(), set(), []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            matches.append((g, p))
    return matches


def span_scores(items: Iterable[tuple[Sequence, Sequence]]) -> dict:
    """Exact and overlap P/R/F1 of predicted spans against gold spans, summed over items."""
    totals = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
    for gold, predicted in items:
        for kind in totals:
            tp = len(match_spans(gold, predicted, exact=kind == "exact"))
            counts = totals[kind]
            counts[0] += tp
            counts[1] += len(predicted) - tp
            counts[2] += len(gold) - tp
    return {kind: prf(*counts) for kind, counts in totals.items()}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0088  # mean Earth radius, km
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


def distance_scores(errors_km: Sequence[float | None], within_km: float = 161.0) -> dict:
    """Share within `within_km` (100 miles, the geoparsing literature's 'accuracy@161') and the
    median error; an unresolved place (None) counts as a miss and as an infinite error."""
    n = len(errors_km)
    known = [e for e in errors_km if e is not None]
    padded = sorted(known) + [math.inf] * (n - len(known))
    median = statistics.median(padded) if padded else None
    return {"n": n, "resolved": len(known),
            "within_161km": sum(e <= within_km for e in known) / n if n else 0.0,
            "median_km": None if median is None or math.isinf(median) else median,
            "mean_km_resolved": _mean(known) if known else None}


def kfold(n: int, k: int = 5, seed: int = 13) -> list[tuple[list[int], list[int]]]:
    """Shuffled k-fold (train indices, test indices): report fitted thresholds on held-out folds."""
    if not 2 <= k <= max(n, 2):
        raise ValueError(f"k must be between 2 and the number of items ({n})")
    order = list(range(n))
    random.Random(seed).shuffle(order)
    folds = [sorted(order[i::k]) for i in range(k)]
    return [(sorted(set(order) - set(test)), test) for test in folds]


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _name(label: Hashable) -> str:
    return NONE if label is None else str(label)


def typed_span_scores(items: Iterable[tuple[Sequence, Sequence]]) -> dict:
    """Like `label_scores`, for (start, end, label) spans: a hit needs the same label and
    overlapping offsets, matched one-to-one within each label."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, predicted in items:
        for label in {g[2] for g in gold} | {p[2] for p in predicted}:
            g_spans = [g[:2] for g in gold if g[2] == label]
            p_spans = [p[:2] for p in predicted if p[2] == label]
            hits = len(match_spans(g_spans, p_spans, exact=False))
            tp[label] += hits
            fp[label] += len(p_spans) - hits
            fn[label] += len(g_spans) - hits
    return _scores(tp, fp, fn)
