"""The shipped event classifier: sentence -> probability of an event and of each PLOVER type.

A linear model over TF-IDF word and character n-grams (`tacitus.learning.features`), one
logistic output a head: "event" (the sentence tells some event) and one per PLOVER type, plus
a mode classifier per type that has modes. The weights are trained by `tacitus train`
(`tacitus.learning.train`) and shipped in the package (`tacitus/learning/model/`), with a
model card; coding needs only numpy. The model loads on first use, once per process.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import TacitusError
from .features import Vectorizer, fingerprints

MODEL_DIR = Path(__file__).parent / "model"
WEIGHTS = "event-classifier.npz"
SETTINGS = "event-classifier.json"


@dataclass
class EventModel:
    heads: tuple[str, ...]  # "event", then PLOVER types
    vectorizer: Vectorizer
    weights: np.ndarray  # features x heads
    bias: np.ndarray  # heads
    modes: tuple[str, ...] = ()  # "TYPE/mode" classes of the mode classifier ("TYPE/" = none)
    mode_weights: np.ndarray | None = None
    mode_bias: np.ndarray | None = None
    settings: dict = field(default_factory=dict)  # thresholds and calibration (model card)
    # fingerprints of every training sentence, sorted (an array: a set of 800,000 numbers would
    # cost every start-up a tenth of a second, for a check only evaluation makes)
    trained_on: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def overlaps_training(self, text: str) -> bool:
        """The text shares its words, or a run of 12 words, with a training sentence: a score
        on it would not be a held-out score."""
        if not len(self.trained_on):
            return False
        prints = np.fromiter(fingerprints(text), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.trained_on, prints), len(self.trained_on) - 1)
        return bool((self.trained_on[at] == prints).any())

    def scores(self, texts: list[str]) -> np.ndarray:
        """One row a text: the probability of each head."""
        return self.scores_of([self.vectorizer.row(t) for t in texts])

    def scores_of(self, rows: list) -> np.ndarray:
        """As `scores`, from the texts' feature rows (`Vectorizer.row`)."""
        if not rows:
            return np.zeros((0, len(self.heads)), dtype=np.float32)
        logits = np.stack([self.vectorizer.dot_row(r, self.weights) for r in rows]) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def mode(self, text: str, event_type: str) -> tuple[str | None, float]:
        return self.mode_of(self.vectorizer.row(text), event_type)

    def mode_of(self, row, event_type: str) -> tuple[str | None, float]:
        """The most likely mode of an event of `event_type` in a sentence (its feature row),
        with its probability among that type's modes (None when "no mode" wins)."""
        if self.mode_weights is None:
            return None, 0.0
        columns = self._mode_columns.get(event_type, [])
        if len(columns) < 2:
            return None, 0.0
        logits = self.vectorizer.dot_row(row, self.mode_weights, columns) + self.mode_bias[columns]
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        best = int(probabilities.argmax())
        mode = self.modes[columns[best]].split("/", 1)[1] or None
        return mode, float(probabilities[best])

    @property
    def _mode_columns(self) -> dict[str, list[int]]:
        if not hasattr(self, "_columns_by_type"):
            by_type: dict[str, list[int]] = {}
            for i, label in enumerate(self.modes):
                by_type.setdefault(label.split("/")[0], []).append(i)
            self._columns_by_type = by_type
        return self._columns_by_type

    def column(self, head: str) -> int:
        return self.heads.index(head)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        words = sorted(self.vectorizer.vocabulary, key=self.vectorizer.vocabulary.get)
        arrays = dict(vocabulary=np.array(words), idf=self.vectorizer.idf.astype(np.float32),
                      weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                      heads=np.array(self.heads), modes=np.array(self.modes or ("",)),
                      trained_on=np.unique(np.asarray(self.trained_on, dtype=np.int64)))
        if self.mode_weights is not None:
            arrays.update(mode_weights=self.mode_weights.astype(np.float16),
                          mode_bias=self.mode_bias.astype(np.float32))
        np.savez_compressed(folder / WEIGHTS, **arrays)
        (folder / SETTINGS).write_text(json.dumps(self.settings, indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> "EventModel":
        path = folder / WEIGHTS
        if not path.exists():
            raise TacitusError(f"{path}: no trained event classifier here; run `tacitus train` "
                               "(or code with --no-model)")
        with np.load(path, allow_pickle=False) as data:
            words = data["vocabulary"].tolist()
            vectorizer = Vectorizer(dict(zip(words, range(len(words)))), data["idf"])
            modes = tuple(m for m in data["modes"].tolist() if m)
            has_modes = "mode_weights" in data.files
            return cls(heads=tuple(data["heads"].tolist()), vectorizer=vectorizer,
                       weights=data["weights"], bias=data["bias"], modes=modes,
                       mode_weights=data["mode_weights"] if has_modes else None,
                       mode_bias=data["mode_bias"] if has_modes else None,
                       settings=json.loads((folder / SETTINGS).read_text()),
                       trained_on=data["trained_on"] if "trained_on" in data.files
                       else np.zeros(0, np.int64))  # saved sorted and unique


def model_dir() -> Path:
    """Where the model is read from: $TACITUS_MODEL_DIR (a model you trained yourself with
    `tacitus train --output DIR`), else the one shipped in the package."""
    return Path(os.environ.get("TACITUS_MODEL_DIR") or MODEL_DIR)


@lru_cache(maxsize=1)
def event_model() -> EventModel:
    """The model, loaded once per process."""
    return EventModel.load(model_dir())
