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
    from tacitus.learning.model import event_model
    model = event_model()
    assert model.trained_on
    assert not model.overlaps_training("Zorblat the Fifth sold a blue bicycle to Quentin on the moon yesterday.")
