"""Event confidence: the probability that an event's type is right, calibrated on held-out data.

An event's confidence is a logistic function of what is known about how it was found: the
classifier's probability of its type, whether the lexicon, the classifier or both found it,
how many sentences tell it, whether its actor is in the knowledge base, named or implied, and
whether it has a recipient. `tacitus train` fits the weights on the labelled corpus'
calibration split — events of the whole pipeline against the types the coders gave the
sentence — once for runs with the classifier and once for lexicon-only runs (`--no-model`),
and stores them with the model (event-classifier.json, "confidence"). docs/accuracy.md has
the reliability table on the test split.

Without stored weights (no trained model), the hand-set score of earlier versions is used.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

FEATURES = ("probability", "lexicon", "model_only", "mentions", "known_actor", "implied_actor",
            "recipient", "actor_country")


def features(event) -> dict[str, float]:
    """The calibration features of one `Event`."""
    return {
        "probability": event.model_probability if event.model_probability is not None else 0.5,
        "lexicon": float(event.decided_by in ("lexicon", "both")),
        "model_only": float(event.decided_by == "model"),
        "mentions": math.log(max(1, len(event.evidence))),
        "known_actor": float(any(a.in_knowledge_base for a in event.actor)),
        "implied_actor": float(event.implied_actor),
        "recipient": float(bool(event.recipient)),
        "actor_country": float(bool(event.actor) and all(a.country for a in event.actor)),
    }


def apply(weights: dict, values: dict[str, float]) -> float:
    z = weights["bias"] + sum(weights[name] * values[name] for name in FEATURES)
    return round(1.0 / (1.0 + math.exp(-z)), 3)


@lru_cache(maxsize=2)
def stored(with_model: bool) -> dict | None:
    """The weights `tacitus train` stored for runs with or without the classifier, or None."""
    from .model import SETTINGS, model_dir
    path = model_dir() / SETTINGS
    if not path.exists():
        return None
    table = json.loads(path.read_text()).get("confidence") or {}
    return table.get("model" if with_model else "lexicon")


def fit(rows: list[tuple[dict[str, float], bool]]) -> dict:
    """Logistic weights from (features, right) pairs."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    X = np.array([[values[name] for name in FEATURES] for values, _ in rows])
    y = np.array([right for _, right in rows])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0])}
    weights["bias"] = round(float(model.intercept_[0]), 4)
    return weights


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
