"""The learned event classifier: features, the shipped model, overlap with training data."""
from __future__ import annotations

import socket

import numpy as np
import pytest

from tacitus.learning.features import Vectorizer, fingerprints, ngrams, normalise


def test_features_ignore_case_and_digits():
    assert ngrams("POLICE ARRESTED 12") == ngrams("police arrested 40")
    assert "w:police arrested" in ngrams("Police arrested")
    assert normalise("  Killed   12 ") == "killed 00"


def test_vectorizer_gives_l2_normalised_sublinear_tfidf():
    vocabulary = {"w:police": 0, "w:arrested": 1}
    vectorizer = Vectorizer(vocabulary, np.array([1.0, 2.0]))
    indptr, indices, values = vectorizer.rows(["police police arrested", "nothing here"])
    assert list(indptr) == [0, 2, 2]
    assert np.isclose(np.linalg.norm(values[:2]), 1.0)
    weights = dict(zip(indices.tolist(), values.tolist()))
    assert weights[0] / weights[1] == pytest.approx((1 + np.log(2)) / 2)


def test_fingerprints_catch_edited_copies_of_a_sentence():
    original = ("Russian forces launched more than one hundred drones at the port city of Odesa "
                "overnight on Tuesday, the regional governor said.")
    edited = original.replace("the regional governor said", "officials reported")
    assert fingerprints(original) & fingerprints(edited)  # a 12-word run is shared
    assert not fingerprints(original) & fingerprints("Police in Lagos arrested forty protesters.")


def test_the_shipped_model_loads_and_scores_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the model tried to use the network")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from tacitus.learning.model import EventModel
    model = EventModel.load()
    scores = model.scores(["Police arrested forty protesters in Lagos on Monday.",
                           "The weather was mild for the time of year."])
    assert scores.shape == (2, len(model.heads)) and model.heads[0] == "event"
    assert scores[0, model.column("event")] > scores[1, model.column("event")]
    assert scores[0, model.column("COERCE")] > scores[0, model.column("CONSULT")]
    for key in ("parse_threshold", "propose_threshold", "confirm_threshold", "veto_threshold",
                "mode_threshold", "trigger_lemmas"):
        assert key in model.settings


def test_the_model_knows_its_training_sentences():
    from dataclasses import replace

    from tacitus.learning.model import event_model
    model = event_model()
    assert len(model.trained_on)
    assert not model.overlaps_training("Zorblat the Fifth sold a blue bicycle to Quentin on the moon yesterday.")
    # a model trained on one sentence knows it, an edited copy of it, and nothing else; the
    # sentence's largest fingerprint is the last of the sorted array (the lookup's edge)
    seen = "Police arrested forty protesters in the capital on Monday after the march was banned."
    prints = np.array(sorted(fingerprints(seen)), dtype=np.int64)
    small = replace(model, trained_on=prints)
    assert small.overlaps_training(seen)
    assert small.overlaps_training(seen.upper() + " Officials said.")
    only_largest = replace(model, trained_on=prints[-1:])
    assert only_largest.overlaps_training(seen)
    assert not small.overlaps_training("The weather was mild and the markets were quiet.")


def _fixture_examples():
    from tacitus.learning.corpora import Event, Example
    lines = [
        ("Police arrested forty protesters in the capital.", "COERCE", "arrest"),
        ("Troops shelled the village overnight, killing three.", "ASSAULT", None),
        ("The two ministers met in Geneva to discuss the truce.", "CONSULT", "meet"),
        ("The president accused the rebels of breaking the truce.", "ACCUSE", "allege"),
        ("Officers detained the opposition leader at the airport.", "COERCE", "arrest"),
        ("Gunmen attacked a police post near the border.", "ASSAULT", None),
        ("The envoys held talks with the foreign minister.", "CONSULT", "meet"),
        ("The minister blamed the army for the deaths.", "ACCUSE", "allege"),
        ("The weather was mild and the markets were quiet.", None, None),
        ("A new museum opened downtown on Sunday.", None, None),
    ]
    return [Example(id=str(i), text=text, source="own", split="train",
                    events=(Event(kind, mode),) if kind else ())
            for i, (text, kind, mode) in enumerate(lines * 2)]


def test_training_is_deterministic():
    """`tacitus train` promises the same weights from the same data: the heads and the mode
    classifier fitted twice on the same sentences are identical, bit for bit."""
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer

    from tacitus.learning.train import MIN_DF, _heads, _modes

    def fitted():
        fit = _fixture_examples()
        tfidf = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=MIN_DF, dtype=np.float32)
        X = tfidf.fit_transform([r.text for r in fit])
        return _heads(X, fit) + _modes(X, fit)

    first, second = fitted(), fitted()
    assert first[2] == second[2]  # the mode labels
    for a, b in zip(first[:2] + first[3:], second[:2] + second[3:]):
        assert np.array_equal(a, b)
    weights = first[0]
    assert np.abs(weights).sum() > 0  # something was learned, not an all-zero model


def test_calibrated_confidence_keeps_the_order_of_the_hand_set_scores():
    """Platt scaling must never reorder events: distinct hand-set scores stay distinct and in
    order, whatever slope the fit gave (sentence-level scores take the top event)."""
    from tacitus.learning import calibration
    for slope in (0.05, 0.2, 3.0):
        weights = {"bias": 1.0, "score": slope}
        scores = [round(0.05 * k, 2) for k in range(1, 20)]
        mapped = [calibration.apply(weights, {"score": s}) for s in scores]
        assert mapped == sorted(mapped) and len(set(mapped)) == len(mapped)


def test_a_calibration_fit_never_reverses_the_order_of_events():
    """A small split can make the score look worse the higher it is; the fit then keeps the
    slope at its floor and sets only the level (the share of right events)."""
    pytest.importorskip("sklearn")
    from tacitus.learning import calibration
    rows = [({"score": 0.9}, False)] * 30 + [({"score": 0.5}, True)] * 30 + [({"score": 0.5}, False)] * 10
    weights = calibration.fit(rows)
    assert weights["score"] == calibration.MIN_SLOPE
    mean = sum(calibration.apply(weights, values) for values, _ in rows) / len(rows)
    assert mean == pytest.approx(30 / 70, abs=0.01)
    assert calibration.apply(weights, {"score": 0.9}) > calibration.apply(weights, {"score": 0.5})


def test_no_calibration_weights_from_too_few_events_or_one_outcome():
    pytest.importorskip("sklearn")
    from tacitus.learning import calibration
    assert calibration.fit([({"score": 0.7}, True)] * 5 + [({"score": 0.5}, False)] * 5) == {}
    assert calibration.fit([({"score": 0.7}, True)] * 50) == {}
