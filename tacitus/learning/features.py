"""Sentence features for the learned event classifier: word and character n-grams.

One function (`ngrams`) turns a sentence into its features, used alike when training (through
scikit-learn's TfidfVectorizer, with this function as its analyzer) and when coding (through
`Vectorizer`, plain Python and numpy, so coding needs no scikit-learn). The text is lower-cased
first: the classifier reads "police arrested" and "POLICE ARRESTED" the same way, which is what
a lower-case or all-caps article needs.
"""
from __future__ import annotations

import re
from itertools import chain

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_DIGITS = re.compile(r"\d")
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)


def normalise(text: str) -> str:
    """Lower case, digits as 0, whitespace folded: "Killed 12" and "killed 40" read alike."""
    return _DIGITS.sub("0", " ".join(text.lower().split()))


def ngrams(text: str) -> list[str]:
    """Word 1-2-grams ("w:police", "w:police arrested") and character 2-5-grams inside word
    boundaries ("c: ar", "c:rrest"), as scikit-learn's "char_wb" analyzer makes them."""
    words = _WORD.findall(normalise(text))
    out = [f"w:{a} {b}" for a, b in zip(words, words[1:])]
    for word in words:
        out += word_grams(word)
    return out


def word_grams(word: str) -> list[str]:
    """The features one word brings whatever its neighbours: itself and its character n-grams."""
    padded = f" {word} "
    out = [f"w:{word}"]
    for n in range(CHAR_NGRAMS[0], min(CHAR_NGRAMS[1], len(padded)) + 1):
        out += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return out


def fingerprints(text: str, run: int = 12) -> set[int]:
    """64-bit hashes of the sentence's word runs: its whole word sequence, and every run of
    `run` consecutive words, lower-cased (the overlap test ../shared/training/README.md uses)."""
    import hashlib
    words = re.findall(r"[a-z0-9]+", text.lower())
    pieces = [" ".join(words)] + [" ".join(words[i:i + run]) for i in range(len(words) - run + 1)]
    return {int.from_bytes(hashlib.blake2b(p.encode(), digest_size=8).digest(), "little") >> 1
            for p in pieces if p}


class Vectorizer:
    """TF-IDF rows as scikit-learn computes them (sublinear tf, idf, l2 norm), from a
    vocabulary and idf weights saved with the model."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray):
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float32)
        self._known: dict[str, list[int]] = {}

    def rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR parts (indptr, indices, values) of the texts' TF-IDF matrix."""
        indptr, indices, values = [0], [], []
        for text in texts:
            columns, weights = self.row(text)
            indices.append(columns)
            values.append(weights)
            indptr.append(indptr[-1] + len(columns))
        return (np.asarray(indptr, dtype=np.int64),
                np.concatenate(indices) if indices else np.zeros(0, np.int32),
                np.concatenate(values) if values else np.zeros(0, np.float32))

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text's TF-IDF row: its feature columns and their weights. A word's own columns
        are remembered (`_word_columns`): news repeats its words, so most sentences cost a
        few dictionary look-ups, not a few hundred."""
        words = _WORD.findall(normalise(text))
        found = [self._word_columns(word) for word in words]
        found.append([c for a, b in zip(words, words[1:])
                      if (c := self.vocabulary.get(f"w:{a} {b}")) is not None])
        every = np.array(list(chain.from_iterable(found)), dtype=np.int32)
        if not len(every):
            return every, np.zeros(0, np.float32)
        columns, counts = np.unique(every, return_counts=True)
        weights = (1.0 + np.log(counts.astype(np.float32))) * self.idf[columns]
        return columns, weights / (float(np.sqrt(np.dot(weights, weights))) or 1.0)

    def _word_columns(self, word: str) -> list[int]:
        columns = self._known.get(word)
        if columns is None:
            columns = [c for gram in word_grams(word) if (c := self.vocabulary.get(gram)) is not None]
            if len(self._known) < 500_000:  # bounded: a corpus of odd tokens cannot grow it for ever
                self._known[word] = columns
        return columns

    def dot(self, texts: list[str], weights: np.ndarray, columns=None) -> np.ndarray:
        """The texts' TF-IDF rows times a (features x outputs) weight matrix (only `columns`
        of it, when given)."""
        return np.stack([self.dot_row(self.row(t), weights, columns) for t in texts]) if texts else (
            np.zeros((0, weights.shape[1] if columns is None else len(columns)), dtype=np.float32))

    @staticmethod
    def dot_row(row: tuple[np.ndarray, np.ndarray], weights: np.ndarray, columns=None) -> np.ndarray:
        """One row (`row`) times the weights: only the row's own feature rows of the matrix are
        read, so a big weight matrix is never copied."""
        indices, values = row
        if not len(indices):
            return np.zeros(weights.shape[1] if columns is None else len(columns), dtype=np.float32)
        block = weights[indices]
        if columns is not None:
            block = block[:, columns]
        return values @ block.astype(np.float32, copy=False)
