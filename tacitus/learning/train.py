"""`tacitus train`: the event classifier from scratch, deterministically, with its model card.

Data (`tacitus.learning.corpora`): the labelled corpus' train split, PLV train and the NGEC
synthetic stories (weight 0.1) train the model; the labelled corpus' calibration split chooses
the thresholds; its test split and PLV test are only ever scored. The same inputs give the same
weights: scikit-learn's lbfgs solver is deterministic, and every list is in a fixed order.

Needs scikit-learn and the spaCy model (for the trigger lemmas): `pip install tacitus[train]`.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .corpora import TYPES, Example, examples, own, plv
from .features import Vectorizer, fingerprints, ngrams
from .model import MODEL_DIR, EventModel

HEADS = ("event",) + TYPES
C_TYPES = 3.0  # inverse regularisation, chosen on the calibration split (model card)
C_MODES = 10.0
MIN_DF = 2


@dataclass
class Trained:
    model: EventModel
    report: dict


def train(out: Path = MODEL_DIR, sources: tuple[str, ...] = ("own", "plv", "synthetic"),
          log=print) -> Trained:
    from threadpoolctl import threadpool_limits

    # one BLAS thread: with two, the order of floating-point sums (and so the solver's last
    # digits) depends on how the threads split the work, and the weights differ run to run
    with threadpool_limits(1):
        return _train(out, sources, log)


def _train(out: Path, sources: tuple[str, ...], log) -> Trained:
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = list(examples(sources))
    fit = [r for r in rows if r.split == "train"]
    calibration = [r for r in rows if r.split == "calibration"]
    log(f"training on {len(fit)} sentences ({_count(fit)}); calibration {len(calibration)}")
    tfidf = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=MIN_DF, dtype=np.float32)
    X = tfidf.fit_transform([r.text for r in fit])
    vocabulary = {word: int(i) for word, i in sorted(tfidf.vocabulary_.items(), key=lambda kv: kv[1])}
    vectorizer = Vectorizer(vocabulary, tfidf.idf_)
    weights, bias = _heads(X, fit)
    mode_labels, mode_weights, mode_bias = _modes(X, fit)
    model = EventModel(HEADS, vectorizer, weights, bias, mode_labels, mode_weights, mode_bias, {})
    model.settings = _settings(model, calibration, fit)
    report = evaluate(model, log)
    model.settings["trained"] = {"sentences": len(fit), "by_source": _count(fit),
                                 "features": len(vocabulary), "date": dt.date.today().isoformat()}
    model.trained_on = np.unique(np.fromiter((h for r in fit for h in fingerprints(r.text)), dtype=np.int64))
    model.save(out)
    if "own" in sources:
        model.settings["confidence"], report["reliability"] = calibrate(out, log)
        model.save(out)
    (out / "MODEL_CARD.md").write_text(model_card(model, report))
    log(f"wrote {out}")
    return Trained(model, report)


def calibrate(folder: Path, log=print) -> tuple[dict, dict]:
    """Confidence weights fitted on the whole pipeline's events in the calibration split, with
    the new model (`folder`) and without it; the reliability of each on the test split."""
    import os

    from . import calibration, model as model_module
    previous = os.environ.get("TACITUS_MODEL_DIR")
    os.environ["TACITUS_MODEL_DIR"] = str(folder)
    model_module.event_model.cache_clear()
    calibration.stored.cache_clear()
    try:
        weights, tables = {}, {}
        for name, with_model in (("model", True), ("lexicon", False)):
            rows = _judged_events("calibration", with_model)
            weights[name] = calibration.fit([(calibration.features(e), ok) for e, ok in rows])
            test = _judged_events("test", with_model)
            tables[name] = calibration.reliability(
                [(calibration.apply(weights[name], calibration.features(e)) if weights[name] else e.confidence, ok)
                 for e, ok in test])
            log(f"confidence ({name}): fitted on {len(rows)} events, reliability on {len(test)}: {tables[name]}")
        return weights, tables
    finally:
        if previous is None:
            os.environ.pop("TACITUS_MODEL_DIR", None)
        else:
            os.environ["TACITUS_MODEL_DIR"] = previous
        model_module.event_model.cache_clear()
        calibration.stored.cache_clear()


def _judged_events(split: str, with_model: bool) -> list[tuple]:
    """(event, right) for the pipeline's events in one split's labelled sentences: right when
    the coders gave one of the event's evidence sentences its type."""
    from ..evaluation.labelled import read
    from ..options import Options
    from ..pipeline import run_many
    from ..reading import read_text
    articles = list(read(split=split))
    coded = run_many([read_text(a.text, Options(published=a.published)) for a in articles],
                     Options(model=with_model))
    out = []
    for article, result in zip(articles, coded):
        if isinstance(result, Exception):
            continue
        for event in result.events:
            starts = [ev.trigger.start for ev in event.evidence if ev.trigger]
            inside = [s for s in article.sentences if any(s.start <= t < s.end for t in starts)]
            if inside:
                out.append((event, any(event.event_type in s.types for s in inside)))
    return out


def _count(rows: list[Example]) -> dict:
    return dict(sorted(Counter(r.source for r in rows).items()))


def _heads(X, fit: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression
    weights = np.zeros((X.shape[1], len(HEADS)), dtype=np.float32)
    bias = np.zeros(len(HEADS), dtype=np.float32)
    sample = np.array([r.weight for r in fit])
    for column, head in enumerate(HEADS):
        keep = np.array([head not in r.unknown for r in fit])
        y = np.array([(bool(r.events) if head == "event" else head in r.types) for r in fit])
        if y[keep].all() or not y[keep].any():
            bias[column] = 10.0 if y[keep].all() else -10.0
            continue
        # balanced: a type is rare among real news sentences; without it the heads learn "never"
        clf = LogisticRegression(C=C_TYPES, max_iter=5000, solver="lbfgs", class_weight="balanced")
        clf.fit(X[keep], y[keep], sample_weight=sample[keep])
        weights[:, column] = clf.coef_[0]
        bias[column] = clf.intercept_[0]
    return weights, bias


def _modes(X, fit: list[Example]):
    """One multinomial classifier over "TYPE/mode" (and "TYPE/" for no mode), on the events
    whose sentences tell one type only, so the label belongs to the sentence's words."""
    from sklearn.linear_model import LogisticRegression
    rows, labels, sample = [], [], []
    for i, r in enumerate(fit):
        if r.source == "plv" or len({e.event_type for e in r.events}) != 1:
            continue
        event = r.events[0]
        rows.append(i)
        labels.append(f"{event.event_type}/{event.mode or ''}")
        sample.append(r.weight)
    classes = sorted(set(labels))
    clf = LogisticRegression(C=C_MODES, max_iter=5000, solver="lbfgs")
    clf.fit(X[rows], labels, sample_weight=np.array(sample))
    return tuple(clf.classes_), clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32)


# --- thresholds, trigger words ----------------------------------------------------------------

def _settings(model: EventModel, calibration: list[Example], fit: list[Example]) -> dict:
    scores = model.scores([r.text for r in calibration])
    truth = {h: np.array([(bool(r.events) if h == "event" else h in r.types) for r in calibration])
             for h in HEADS}
    propose = _best_threshold(scores, truth, [model.column(t) for t in TYPES], TYPES)
    per_type = {t: _type_threshold(scores[:, model.column(t)], truth[t], propose) for t in TYPES}
    lemmas, forms = trigger_words([r for r in fit if r.source == "own"])
    event_column = model.column("event")
    parse = _threshold_for_recall(scores[:, event_column], truth["event"], 0.9)
    return {
        "parse_threshold": parse,
        "propose_threshold": per_type,
        "confirm_threshold": round(propose / 2, 3),
        "shared_threshold": propose,
        "veto_threshold": 0.02,
        "veto_event_threshold": 0.1,
        "mode_threshold": 0.5,
        "trigger_lemmas": lemmas,
        "trigger_forms": forms,
    }


def _best_threshold(scores, truth, columns, names) -> float:
    """The one threshold over all types that gives the best micro-F1 on the calibration split."""
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.1, 0.9, 0.025):
        tp = fp = fn = 0
        for column, name in zip(columns, names):
            predicted = scores[:, column] >= threshold
            tp += int((predicted & truth[name]).sum())
            fp += int((predicted & ~truth[name]).sum())
            fn += int((~predicted & truth[name]).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = round(float(threshold), 3), f1
    return best


def _type_threshold(scores, truth, shared: float, minimum: int = 10) -> float:
    """A type's own best-F1 threshold where the calibration split has enough sentences of it
    (`minimum`), else the shared one; never below it, so a rare type is not proposed more
    readily than the rest."""
    if truth.sum() < minimum:
        return shared
    best, best_f1 = shared, -1.0
    for threshold in np.arange(shared, 0.95, 0.025):
        predicted = scores >= threshold
        tp = int((predicted & truth).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = round(float(threshold), 3), f1
    return best


def _threshold_for_recall(scores, truth, recall: float) -> float:
    positives = np.sort(scores[truth])
    if not len(positives):
        return 0.5
    return round(float(positives[int((1 - recall) * len(positives))]), 3)


def trigger_words(rows: list[Example], minimum: int = 2) -> tuple[dict, dict]:
    """For each type, the lemmas coders marked as its trigger, each with the share of the
    lemma's occurrences in the labelled sentences that were a trigger of that type; and the
    word forms those triggers took (what the classify stage looks for before the parse)."""
    from ..language import nlp
    seen: Counter = Counter()
    marked: dict[str, Counter] = defaultdict(Counter)
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    docs = nlp().pipe([r.text for r in rows], batch_size=256)
    for r, doc in zip(rows, docs):
        seen.update({t.lemma_.lower() for t in doc if t.pos_ in ("VERB", "NOUN")})
        for event in r.events:
            if event.trigger is None:
                continue
            heads = [t for t in doc.char_span(*event.trigger, alignment_mode="expand") or ()
                     if t.pos_ in ("VERB", "NOUN")]
            if heads:
                lemma = heads[0].lemma_.lower()
                marked[event.event_type][lemma] += 1
                forms[(event.event_type, lemma)].add(heads[0].lower_)
    lemmas = {t: {lemma: round(n / max(seen[lemma], n), 3) for lemma, n in sorted(counts.items())
                  if n >= minimum} for t, counts in sorted(marked.items())}
    words = {t: sorted({f for lemma in table for f in forms[(t, lemma)]}) for t, table in lemmas.items()}
    return lemmas, words


# --- the classifier alone, on the held-out data -------------------------------------------------

def evaluate(model: EventModel, log=print) -> dict:
    """The classifier alone: PLV test (15 types, top type) and the labelled corpus' test split
    (type macro-F1 with the proposal threshold, event / no-event F1), with trivial baselines."""
    from sklearn.metrics import f1_score
    report = {}
    rows = plv("test")
    scores = model.scores([r.text for r in rows])
    types = [t for t in TYPES]
    top = [_plv_type(types[int(np.argmax(row[1:]))]) for row in scores]
    gold = [r.events[0].event_type if r.events else "YIELD" for r in rows]
    majority = Counter(gold).most_common(1)[0][0]
    report["plv_test"] = {"n": len(rows), "macro_f1": round(f1_score(gold, top, average="macro"), 3),
                          "accuracy": round(float(np.mean(np.array(top) == np.array(gold))), 3),
                          "majority_class": majority,
                          "majority_macro_f1": round(f1_score(gold, [majority] * len(gold), average="macro"), 3)}
    test = [r for r in own() if r.split == "test"]
    if test:
        report["own_test"] = _own_test(model, test)
    log(json.dumps(report, indent=1))
    return report


def _plv_type(event_type: str) -> str:
    return "YIELD" if event_type in ("CONCEDE", "RETREAT") else event_type


def _own_test(model: EventModel, test: list[Example]) -> dict:
    from sklearn.metrics import f1_score
    scores = model.scores([r.text for r in test])
    threshold = model.settings["propose_threshold"]
    gold_event = np.array([bool(r.events) for r in test])
    pred_event = scores[:, 1:].max(axis=1) >= min(threshold.values())
    per_type = {}
    for t in TYPES:
        g = np.array([t in r.types for r in test])
        p = scores[:, model.column(t)] >= threshold[t]
        if g.any():
            per_type[t] = round(f1_score(g, p), 3)
    return {"n": len(test), "events": int(gold_event.sum()),
            "event_f1": round(f1_score(gold_event, pred_event), 3),
            "event_f1_always_event": round(f1_score(gold_event, np.ones_like(gold_event)), 3),
            "type_macro_f1": round(float(np.mean(list(per_type.values()))), 3), "type_f1": per_type}


def model_card(model: EventModel, report: dict) -> str:
    s = model.settings
    lines = [
        "# Model card: Tacitus event classifier", "",
        "Generated by `tacitus train`; do not edit by hand.", "",
        "## What it is",
        "A linear model (logistic regression, one output a head) over TF-IDF word 1-2-grams and",
        "character 2-5-grams of the lower-cased sentence: a head for 'the sentence tells an event'",
        "and one for each of the 16 PLOVER types, and a multinomial mode classifier. Coding needs",
        "numpy only; about 4,000 sentences a second on one core.", "",
        "## Data and splits",
        f"- Trained on {s['trained']['sentences']} sentences: {s['trained']['by_source']};",
        f"  {s['trained']['features']} features (min_df {MIN_DF}).",
        "- own: the project's hand-labelled news sentences (tacitus/learning/labels, coded per",
        "  docs/annotation.md; the project's own labels, Apache-2.0), train split only. The split",
        "  was drawn by article before coding: train 70%, calibration 10%, test 20% of articles.",
        "- plv: PLV train (Hu et al., ACL 2024; github.com/snowood1/Zero-Shot-PLOVER; no licence",
        "  stated; sentences from the ConfliBERT CAMEO set, copyright of their publishers).",
        "- synthetic: NGEC synthetic stories (github.com/ahalterman/NGEC; no licence stated),",
        "  headline and first sentence, weight 0.1; pseudo-labels nobody checked.",
        "- The calibration split chose every threshold; the test split and PLV test were only scored.",
        "- `trained_on` in event-classifier.npz fingerprints every training sentence (its words,",
        "  and every run of 12 words), so `tacitus eval` leaves out the gold items a training",
        "  sentence overlaps and says how many.", "",
        "## Thresholds (chosen on the calibration split)",
        f"- parse a sentence the lexicon passed over when P(event) >= {s['parse_threshold']}",
        "  (90% recall of the calibration split's event sentences) and a type the classifier",
        "  would propose has one of its learned trigger words in the sentence",
        "- propose an event of a type when P(type) reaches the type's threshold (the best F1 on",
        "  the calibration split where it has 10 sentences of the type, else the threshold with the",
        f"  best micro-F1 over all types): {s['propose_threshold']}",
        f"- confirm a lexicon event at P(type) >= {s['confirm_threshold']}",
        f"- veto a lexicon event when P(type) < {s['veto_threshold']} and P(event) < {s['veto_event_threshold']}",
        f"- mode from the classifier when its probability >= {s['mode_threshold']}", "",
        "## The classifier alone (held-out data)",
        "```", json.dumps(report, indent=1), "```", "",
        "The whole pipeline with and without the model: docs/accuracy.md.", "",
    ]
    return "\n".join(lines)
