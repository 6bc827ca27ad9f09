"""Sentence features for the learned event classifier: word and character n-grams.

One function (`ngrams`) turns a sentence into its features, used alike when training (through
scikit-learn's TfidfVectorizer, with this function as its analyzer) and when coding (through
`Vectorizer`, plain Python and numpy, so coding needs no scikit-learn). The text is lower-cased
first: the classifier reads "police arrested" and "POLICE ARRESTED" the same way, which is what
a lower-case or all-caps article needs.
"""
from __future__ import annotations

import re

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
    text = normalise(text)
    words = _WORD.findall(text)
    out = [f"w:{w}" for w in words]
    out += [f"w:{a} {b}" for a, b in zip(words, words[1:])]
    for word in words:
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            if n > len(padded):
                break
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

    def rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR parts (indptr, indices, values) of the texts' TF-IDF matrix."""
        indptr, indices, values = [0], [], []
        for text in texts:
            counts: dict[int, int] = {}
            for gram in ngrams(text):
                column = self.vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            columns = np.fromiter(counts, dtype=np.int32, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
            weights = tf * self.idf[columns]
            norm = float(np.sqrt(np.dot(weights, weights))) or 1.0
            indices.append(columns)
            values.append(weights / norm)
            indptr.append(indptr[-1] + len(columns))
        return (np.asarray(indptr, dtype=np.int64),
                np.concatenate(indices) if indices else np.zeros(0, np.int32),
                np.concatenate(values) if values else np.zeros(0, np.float32))

    def dot(self, texts: list[str], weights: np.ndarray) -> np.ndarray:
        """The texts' TF-IDF rows times a (features x outputs) weight matrix."""
        indptr, indices, values = self.rows(texts)
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        for row in range(len(texts)):
            a, b = indptr[row], indptr[row + 1]
            if b > a:
                out[row] = values[a:b] @ weights[indices[a:b]]
        return out
