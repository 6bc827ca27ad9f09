"""Event confidence: the probability that an event's type is right, calibrated on held-out data.

The events stage scores each event by hand-set rules (`tacitus.events._confidence`: an actor
the knowledge base knows, a country, a recipient, several mentions, an implied actor). That
score ranks events well but is no probability. `tacitus train` maps it to one — Platt scaling,
a logistic function of the score alone, so the order of events never changes — fitted on the
labelled corpus' calibration split (events of the whole pipeline against the types the coders
gave the sentence), once for runs with the classifier and once for lexicon-only runs
(`--no-model`), and stores the weights with the model (event-classifier.json, "confidence").

Tried and dropped (docs/learning.md): logistic weights for eight features (each part of the
score, the classifier's probability, how the event was found) learned noise from the split's
hundred events — a negative weight for an actor the knowledge base knows — and reordered the
events that sentence-level evaluations take as the top one (PLOVER GSR micro precision 0.853
-> 0.810 without the model); the score with the classifier's probability and "found by the
classifier alone" still reordered them (0.842 -> 0.823 with the model).

Without stored weights (no trained model), the hand-set score is the confidence.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

FEATURES = ("score",)  # one feature: `fit` assumes it


def features(event) -> dict[str, float]:
    """The calibration features of one `Event` whose confidence is still the hand-set score."""
    return {"score": event.confidence}


def apply(weights: dict, values: dict[str, float]) -> float:
    z = weights["bias"] + sum(weights[name] * values[name] for name in FEATURES)
    # four places: the hand-set scores step by 0.05 and the fitted slope is small, so at three
    # places two scores could map to one confidence, and a tie would reorder events
    return round(1.0 / (1.0 + math.exp(-z)), 4)


@lru_cache(maxsize=2)
def stored(with_model: bool) -> dict | None:
    """The weights `tacitus train` stored for runs with or without the classifier, or None."""
    from .model import SETTINGS, model_dir
    path = model_dir() / SETTINGS
    if not path.exists():
        return None
    table = json.loads(path.read_text()).get("confidence") or {}
    weights = table.get("model" if with_model else "lexicon")
    # weights of another feature set (a model trained by another version): the hand-set score
    return weights if weights and all(name in weights for name in FEATURES) else None


MIN_SLOPE = 1.0  # per unit of hand-set score: 0.05 apart stays 0.009 apart near 0.75
MIN_EVENTS = 20  # fewer, or all right, or all wrong: no weights


def fit(rows: list[tuple[dict[str, float], bool]]) -> dict:
    """Platt weights from (features, right) pairs: an unregularised logistic fit of the score,
    whose slope is kept at MIN_SLOPE or more. A split of a hundred events can make the slope
    come out flat or even negative by chance (the new fit at eb03d18 gave -0.85, which reversed
    the order of every sentence's events: GSR micro precision 0.84 -> 0.75); the order is the
    hand-set rules' to give, so the data then sets only the level, by refitting the bias with
    the slope held at its floor."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    X = np.array([[values[name] for name in FEATURES] for values, _ in rows])
    y = np.array([right for _, right in rows], dtype=float)
    if len(rows) < MIN_EVENTS or y.min() == y.max():
        return {}  # nothing to fit: the hand-set score stays the confidence (`stored`)
    model = LogisticRegression(C=1e6, max_iter=1000).fit(X, y.astype(bool))
    slope, bias = float(model.coef_[0][0]), float(model.intercept_[0])
    if slope < MIN_SLOPE:
        slope, bias = MIN_SLOPE, _bias_for(X[:, 0], y, MIN_SLOPE)
    return {"score": round(slope, 4), "bias": round(bias, 4)}


def _bias_for(x, y, slope: float) -> float:
    """The bias whose fitted probabilities average to the share of right events (the maximum
    likelihood bias for a fixed slope), by bisection."""
    import numpy as np
    lo, hi = -20.0, 20.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if np.mean(1.0 / (1.0 + np.exp(-(mid + slope * x)))) < y.mean():
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def reliability(rows: list[tuple[float, bool]], bins: int = 5) -> list[dict]:
    """Observed accuracy per confidence bin: [{"bin": "0.2-0.4", "n", "mean_confidence", "accuracy"}]."""
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in rows if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                          "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                          "accuracy": round(sum(ok for _, ok in inside) / len(inside), 3)})
    return table
