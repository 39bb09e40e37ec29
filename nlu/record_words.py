"""How much a message shares with the opening of each procedure record.

A procedure's names say what it is, each on its own; its record says more: who may
apply, the conditions, what it results in. A message that tells a story ("tàu cá của ông
bị chìm ngoài biển …") shares words with the opening of the record it needs (its names
together, then its prose: ``flows.procedures.index_for``) even where it shares few with
any one name. ``RecordWords`` keeps each record's opening (``RECORD_CHARS``) as
accent-folded words and adjacent word pairs, weighted by how rare they are among records
(TF-IDF, sublinear, normalised), and gives the cosine of a message's words with some
records. The retrieval index adds a share of it to a candidate's score
(``RECORD_WORDS_WEIGHT`` in nlu/retrieval.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from knowledge.text import strip_diacritics
from nlu.kept import Kept
from nlu.terms import canon

# A record's opening. On the untuned bench (nlu/untuned_bench.py, weight 0.3, the prose
# alone) whole records found fewer procedures than their openings: right answers of
# 1,455, whole 953, the first 1,500 characters 963, the first 600 970; with the names in
# front (weight 0.2): 900 characters 974, 1,200 968, 600 984.
RECORD_CHARS = 600
QUERIES_KEPT = 8  # messages whose row is kept (``RecordWords._query``)
_WORD_RE = re.compile(r"\w+")


def record_opening(parts: Iterable[str]) -> str:
    """The opening of a record written as ``parts``."""
    return " ".join(parts)[:RECORD_CHARS]


def _record_words(text: str) -> list[str]:
    """A record's words, folded as a message's are (``nlu.terms.fold_tokens``) but without
    the message normaliser: records write no short forms or repeated letters, and
    normalising every record cost a second at the first start."""
    return [canon(w) for w in _WORD_RE.findall(strip_diacritics(text.lower()))]


def _terms(words: Sequence[str]) -> list[str]:
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


class RecordWords:
    """The records' openings as normalised TF-IDF rows, one per index entry, in order."""

    def __init__(self, openings: Sequence[str]) -> None:
        counts = [Counter(_terms(_record_words(t))) for t in openings]
        frequency: Counter[str] = Counter()
        for c in counts:
            frequency.update(c.keys())
        terms = sorted(frequency)
        self.vocabulary = {t: i for i, t in enumerate(terms)}
        n = len(openings)
        self.idf = np.array([math.log((1 + n) / (1 + frequency[t])) + 1.0 for t in terms])
        indptr = [0]
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        for c in counts:
            ids = np.array(sorted(self.vocabulary[t] for t in c), dtype=np.int32)
            tf = np.array([1.0 + math.log(c[terms[i]]) for i in ids])
            weights = tf * self.idf[ids]
            weights /= float(np.sqrt((weights * weights).sum())) or 1.0
            indices.append(ids)
            data.append(weights.astype(np.float32))
            indptr.append(indptr[-1] + len(ids))
        self.indptr = np.array(indptr, dtype=np.int64)
        self.indices = np.concatenate(indices) if indices else np.zeros(0, np.int32)
        self.data = np.concatenate(data) if data else np.zeros(0, np.float32)
        self._queries: Kept[tuple[str, ...], np.ndarray | None] = Kept(QUERIES_KEPT)

    def _query(self, words: Sequence[str]) -> np.ndarray | None:
        """A message's folded ``words`` as a normalised TF-IDF row over the vocabulary
        (None: no word of it is known). A story is compared with records several times
        while it is found (its search whole and by its asking sentences, the rules after
        them): the rows of the last few messages are kept."""
        key = tuple(words)
        queries = self._queries
        if key in queries:
            return queries[key]
        counts = Counter(filter(self.vocabulary.__contains__, _terms(key)))
        query = None
        if counts:
            ids = np.array([self.vocabulary[t] for t in counts], dtype=np.int64)
            weights = np.array([1.0 + math.log(v) for v in counts.values()]) * self.idf[ids]
            query = np.zeros(len(self.idf), dtype=np.float32)
            query[ids] = weights / float(np.sqrt((weights * weights).sum()))
        return queries.keep(key, query)

    def similarity(self, words: Sequence[str], rows: Sequence[int]) -> np.ndarray:
        """The cosine of a message's folded ``words`` with each of ``rows``' openings."""
        query = self._query(words)
        rows = np.asarray(rows, dtype=np.int64)
        if query is None or not len(rows):
            return np.zeros(len(rows))
        # every row's stored terms gathered at once: their positions in ``indices``
        starts = self.indptr[rows]
        lengths = self.indptr[rows + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        at = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
        products = query[self.indices[at]] * self.data[at]
        return np.bincount(np.repeat(np.arange(len(rows)), lengths), products, len(rows))
