"""The vector space FAQ phrasings are compared in: TF-IDF over words, word pairs and
character n-grams (sublinear term frequency, smoothed IDF, unit rows), so a question
matches the phrasing that shares its telling words and survives typos
(nlu/faq_index.py scores with it)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from nlu.sparse_rows import SparseRows

CHAR_NGRAMS = (2, 4)
STOP_WEIGHT = 0.5  # a question word or particle counts half
EXPANSION_WEIGHT = 0.8  # official words an everyday phrase stands for ("qua mạng": "trực tuyến")


def tf(count: float) -> float:
    """Sublinear term frequency (a weighed-down term keeps its lower weight)."""
    return 1.0 + math.log(count) if count > 1.0 else count


def wordtext_features(tokens: Sequence[str], stops: frozenset[int]) -> Counter:
    features: Counter = Counter()
    for pos, token in enumerate(tokens):
        features[f"w {token}"] += STOP_WEIGHT if pos in stops else 1.0
    for pos in range(len(tokens) - 1):
        both = pos in stops and pos + 1 in stops
        features[f"p {tokens[pos]} {tokens[pos + 1]}"] += STOP_WEIGHT if both else 1.0
    return features


def chartext_features(tokens: Sequence[str]) -> Counter:
    features: Counter = Counter()
    for token in tokens:
        features.update(token_grams(token))
    return features


@lru_cache(maxsize=50_000)
def token_grams(token: str) -> tuple[str, ...]:
    """The character n-grams of one word (words recur: worked out once)."""
    low, high = CHAR_NGRAMS
    padded = f" {token} "
    return tuple(
        padded[i : i + n] for n in range(low, high + 1) for i in range(max(len(padded) - n + 1, 1))
    )


def text_features(
    tokens: Sequence[str], stops: frozenset[int], extra: Sequence[str]
) -> tuple[Counter, Counter]:
    """Word and character features of a text's words, with the ``extra`` words (official
    and FAQ words of the everyday phrases in it) weighed a little less (both sides are
    expanded alike)."""
    words = wordtext_features(tokens, stops)
    chars = chartext_features(tokens)
    if extra:
        for term, weight in wordtext_features(extra, frozenset()).items():
            words[term] += EXPANSION_WEIGHT * weight
        for term, weight in chartext_features(extra).items():
            chars[term] += EXPANSION_WEIGHT * weight
    return words, chars


class TfidfSpace:
    """A TF-IDF space over some texts: sublinear term frequency, smoothed IDF, unit rows."""

    def __init__(self, documents: Sequence[Counter]) -> None:
        doc_freq: Counter = Counter()
        for features in documents:
            doc_freq.update(features.keys())
        n = len(documents)
        self.unknown_idf = math.log(n + 1) + 1.0
        self.terms = {term: i for i, term in enumerate(doc_freq)}
        self.idf = np.array(
            [math.log((n + 1) / (doc_freq[t] + 1)) + 1.0 for t in self.terms], dtype=np.float64
        )
        # term -> (column, idf) as plain Python numbers: every message looks its terms up
        self._lookup = {t: (i, float(self.idf[i])) for t, i in self.terms.items()}
        rows = []
        for features in documents:
            weights = self._weights(features)
            norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
            rows.append([(col, weight / norm) for col, weight in weights])
        self.matrix = SparseRows.from_rows(rows, len(self.terms))
        self._cut: dict[tuple[int | None, int | None], SparseRows] = {}

    def _weights(self, features: Counter) -> list[tuple[int, float]]:
        lookup = self._lookup
        return [
            (lookup[t][0], tf(c) * lookup[t][1])
            for t, c in features.items()
            if t in lookup and c > 0
        ]

    def vector(self, features: Counter) -> np.ndarray | None:
        """A message's unit vector in this space (None when it has no known term);
        unknown terms lengthen it.

        One pass over the message's terms (this runs for every message, so it avoids
        numpy scalars and repeated look-ups); the same sums in the same order as
        building the vector term by term, so the same cosines to the last bit."""
        lookup, unknown_idf = self._lookup, self.unknown_idf
        cols: list[int] = []
        weights: list[float] = []
        unknown = 0.0
        for term, count in features.items():
            if count <= 0:
                continue
            tf = 1.0 + math.log(count) if count > 1.0 else count
            found = lookup.get(term)
            if found is None:
                unknown += (tf * unknown_idf) ** 2
            else:
                cols.append(found[0])
                weights.append(tf * found[1])
        norm = math.sqrt(sum(w * w for w in weights) + unknown)
        if not cols or norm == 0:
            return None
        vector = np.zeros(len(self.terms))
        vector[cols] = np.array(weights) / norm
        return vector

    def cosines(self, features: Counter, rows: slice = slice(None)) -> np.ndarray:
        """Cosine of a message with every text (or the texts of ``rows``)."""
        return self.cosines_of(self.vector(features), rows)

    def cosines_of(self, vector: np.ndarray | None, rows: slice = slice(None)) -> np.ndarray:
        matrix = self._rows(rows)
        return np.zeros(matrix.shape[0]) if vector is None else matrix @ vector

    def _rows(self, rows: slice) -> SparseRows:
        """The matrix's rows ``rows`` (kept once cut: a message is scored against the FAQ
        phrasings first and against the background only when it has to be)."""
        if rows == slice(None):
            return self.matrix
        key = (rows.start, rows.stop)
        if key not in self._cut:
            self._cut[key] = self.matrix.rows(rows.start, rows.stop)
        return self._cut[key]
