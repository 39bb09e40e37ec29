"""The compiled intent model: a fitted TF-IDF + linear pipeline as plain numpy arrays.

``nlu.embedded`` trains with scikit-learn and compiles the fitted pipeline into a
``CompiledModel``: each vectorizer's vocabulary (a ``TermBlock``) and idf, and one
weight column per class of each calibration fold with the idf folded in, beside that
column's intercept and sigmoid calibrator. Ranking a message cuts it into n-grams with
dict lookups and does one gather-and-product, then the sigmoid, normalisation and fold
average of ``predict_proba``: the same probabilities (to rounding), without
scikit-learn's per-call validation. This module needs numpy alone: neither
scikit-learn nor scipy is imported to rank. A saved model holds only these arrays
(``.npz``, no pickle); when the features or the saved form change, bump
``nlu.embedded.FORMAT_VERSION`` so that saved models become stale.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from nlu.kept import Kept
from nlu.normalize import strip_diacritics
from nlu.types import IntentScore

WORD_TOKEN_PATTERN = r"(?u)\b\w+\b"  # keep one-letter words ("ở" -> "o")
_TOKEN_RE = re.compile(WORD_TOKEN_PATTERN)
_WORD_CACHE_SIZE = 20_000  # words whose char n-gram rows a block remembers
# rank() gives no ranking when fewer of a message's words are recognised. Measured: every
# message of nlu/data and nlu/eval/heldout.yml has at least half, but for "???", "????",
# "bb" and "kg" (misread or below the threshold before too); binary junk, hex and base64
# have at most 0.4.
MIN_RECOGNISED_SHARE = 0.5
_BLOCK_KEYS = ("name", "analyzer", "folded", "ngram_range")
_INDEXES = ("fold_of", "class_of")
_ARRAYS = ("weights", "idf", "intercepts", "slopes", "offsets", "fold_of", "class_of")


def _expit(x: Any) -> Any:
    """The logistic function 1 / (1 + e^-x), as scipy.special.expit (scipy is not loaded)."""
    with np.errstate(over="ignore"):  # e^-x overflows to inf below x = -709: the answer is 0
        return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True, eq=False)
class TermBlock:
    """One fitted TF-IDF vectorizer: how it cuts text into terms, and its terms' rows."""

    name: str
    analyzer: str  # "word" (tokens and token n-grams) or "char_wb" (char n-grams in words)
    folded: bool  # terms of the accent-stripped text, else of the text with diacritics
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]  # term -> row of CompiledModel.weights
    # word -> rows of its known char n-grams; words recur, so cutting each once pays
    _word_rows: Kept[str, tuple[int, ...]] = field(
        default_factory=lambda: Kept(_WORD_CACHE_SIZE), init=False, repr=False, compare=False
    )

    def terms(self, text: str) -> list[str]:
        """Every n-gram of ``text``, repeated as often as it occurs (as scikit-learn cuts it)."""
        low, high = self.ngram_range
        if self.analyzer == "word":
            tokens = _TOKEN_RE.findall(text)
            out = list(tokens) if low == 1 else []
            for n in range(max(low, 2), min(high, len(tokens)) + 1):
                out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            return out
        out = []
        for word in text.split():
            padded = f" {word} "
            size = len(padded)
            for n in range(low, high + 1):
                if n >= size:  # a short word counts once, whole
                    out.append(padded)
                    break
                out += [padded[i : i + n] for i in range(size - n + 1)]
        return out

    def rows(self, text: str) -> list[int]:
        """The row of every known term of ``text``, repeated as often as the term occurs."""
        vocabulary = self.vocabulary
        if self.analyzer == "word":
            found = map(vocabulary.get, self.terms(text))
            return [row for row in found if row is not None]
        cache = self._word_rows
        out: list[int] = []
        for word in text.split():
            found = cache.get(word)
            if found is None:
                rows = map(vocabulary.get, self.terms(word))
                found = cache.keep(word, tuple(row for row in rows if row is not None))
            out += found
        return out


@dataclass(frozen=True, eq=False)
class CompiledModel:
    """A fitted pipeline as arrays: term rows -> class columns -> probabilities.

    ``head`` says how a column's decision value becomes a probability:
    ``sigmoid`` (a calibrated fold: each column has its calibrator's slope and
    offset, per fold normalised, then averaged over ``n_folds``), ``softmax``
    (multinomial logistic regression) or ``logistic`` (binary logistic regression).
    """

    classes: tuple[str, ...]
    blocks: tuple[TermBlock, ...]
    head: str
    n_folds: int
    weights: np.ndarray  # (terms, columns): idf x coefficient, C-contiguous for row gathers
    idf: np.ndarray  # (terms,)
    intercepts: np.ndarray  # (columns,)
    slopes: np.ndarray  # (columns,) sigmoid head only, else empty
    offsets: np.ndarray  # (columns,) sigmoid head only, else empty
    fold_of: np.ndarray  # (columns,) fold of each column
    class_of: np.ndarray  # (columns,) index into ``classes`` of each column
    # folded word -> whether the model knows it (``recognised_share``); words recur
    _recognised: Kept[str, bool] = field(
        default_factory=lambda: Kept(_WORD_CACHE_SIZE), init=False, repr=False, compare=False
    )

    @cached_property
    def _block_starts(self) -> np.ndarray:
        """The first row of each block: blocks own consecutive rows, in order."""
        sizes = [len(block.vocabulary) for block in self.blocks]
        return np.cumsum([0, *sizes[:-1]]).astype(np.intp)

    def score(self, text: str) -> np.ndarray:
        """The probability of each of ``classes`` for normalised ``text``."""
        folded = strip_diacritics(text)
        rows: list[int] = []
        for block in self.blocks:
            rows += block.rows(folded if block.folded else text)
        decision = self.intercepts.copy()
        if rows:
            # each term's count, in row order (a count over all rows: no sort)
            all_counts = np.bincount(np.array(rows, dtype=np.intp), minlength=len(self.idf))
            index = np.flatnonzero(all_counts)
            counts = all_counts[index]
            tf = np.log(counts) + 1.0
            starts = np.searchsorted(index, self._block_starts)  # each block's first term
            sizes = np.diff(np.append(starts, len(index)))
            present = sizes > 0
            # Each block is scaled to unit length (l2) by its own tf-idf norm.
            norms = np.sqrt(np.add.reduceat(np.square(tf * self.idf[index]), starts[present]))
            # (``take`` gathers the rows faster than indexing with an array)
            rows_of = np.take(self.weights, index, axis=0)
            decision += (tf / np.repeat(norms, sizes[present])) @ rows_of
        return self._probabilities(decision)

    def recognised_share(self, text: str) -> float:
        """The share of the words of normalised ``text`` that the model recognises (0 when
        there are none): words it was trained on, and words of two or more characters at
        least half of whose character n-grams it has seen (a typo or a run-together spelling
        such as "camon"). Measured on the accent-stripped text."""
        tokens = _TOKEN_RE.findall(strip_diacritics(text))
        if not tokens:
            return 0.0
        known = self._recognised
        hits = 0
        for token in tokens:
            found = known.get(token)
            if found is None:
                found = known.keep(token, self._recognises(token))
            hits += found
        return hits / len(tokens)

    def _recognises(self, token: str) -> bool:
        """Whether one folded word is known (see ``recognised_share``)."""
        if any(token in b.vocabulary for b in self.blocks if b.folded and b.analyzer == "word"):
            return True
        if len(token) < 2:
            return False
        for block in self.blocks:
            if block.folded and block.analyzer == "char_wb":
                terms = block.terms(token)
                if 2 * sum(term in block.vocabulary for term in terms) >= len(terms):
                    return True
        return False

    def rank(self, text: str) -> list[IntentScore]:
        """All classes of normalised ``text`` with their probabilities, best first.

        Empty when the model recognises fewer than half of the words of ``text``
        (``recognised_share``: binary junk, hex, another script, nothing left after
        normalisation): a ranking would be a guess from stray letters.
        """
        if self.recognised_share(text) < MIN_RECOGNISED_SHARE:
            return []
        probs = self.score(text)
        order = np.argsort(-probs, kind="stable")
        return [IntentScore(self.classes[i], float(probs[i])) for i in order]

    def _probabilities(self, decision: np.ndarray) -> np.ndarray:
        n_classes = len(self.classes)
        if self.head == "softmax":
            exp = np.exp(decision - decision.max())
            return exp / exp.sum()
        if self.head == "logistic":
            positive = float(_expit(decision[0]))
            return np.array([1.0 - positive, positive])
        proba = np.zeros((self.n_folds, n_classes))
        proba[self.fold_of, self.class_of] = _expit(-(self.slopes * decision + self.offsets))
        if n_classes == 2:
            proba[:, 0] = 1.0 - proba[:, 1]
        else:
            total = proba.sum(axis=1, keepdims=True)
            if total.all():
                proba /= total
            else:  # every calibrator said 0: that fold votes uniformly
                uniform = np.full_like(proba, 1.0 / n_classes)
                proba = np.divide(proba, total, out=uniform, where=total != 0)
        if proba.max() > 1.0:  # rounding past 1 is clipped, as scikit-learn does
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba.sum(axis=0) / self.n_folds

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays (the vocabularies as UTF-8 JSON bytes), for ``np.savez``."""
        blocks = [
            {key: getattr(b, key) for key in _BLOCK_KEYS}
            | {"terms": sorted(b.vocabulary, key=b.vocabulary.__getitem__)}
            for b in self.blocks
        ]
        spec = {"classes": self.classes, "head": self.head, "n_folds": self.n_folds}
        raw = json.dumps(spec | {"blocks": blocks}, ensure_ascii=False).encode("utf-8")
        return {"spec": np.frombuffer(raw, dtype=np.uint8)} | {
            name: getattr(self, name) for name in _ARRAYS
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CompiledModel:
        """Rebuild a model written by ``to_arrays``; raises ValueError if it is inconsistent."""
        spec = json.loads(bytes(arrays["spec"]).decode("utf-8"))
        blocks, first_row = [], 0
        for block in spec["blocks"]:
            terms = block["terms"]
            vocabulary = {str(term): first_row + i for i, term in enumerate(terms)}
            options = {key: block[key] for key in _BLOCK_KEYS}
            options["ngram_range"] = tuple(options["ngram_range"])
            blocks.append(TermBlock(**options, vocabulary=vocabulary))
            first_row += len(terms)
        numbers = {
            name: np.ascontiguousarray(arrays[name], np.intp if name in _INDEXES else np.float64)
            for name in _ARRAYS
        }
        model = cls(
            classes=tuple(str(c) for c in spec["classes"]),
            blocks=tuple(blocks),
            head=str(spec["head"]),
            n_folds=int(spec["n_folds"]),
            **numbers,
        )
        model.check()
        return model

    def save(self, path: Path) -> None:
        """Write the arrays to ``path`` (``.npz``, no pickle), through a temporary file of
        its own: processes starting together on a fresh machine may all train and save."""
        tmp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, allow_pickle=False, **self.to_arrays())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> CompiledModel:
        """Read a model written by ``save``; raises (OSError, ValueError, ...) if unreadable."""
        with np.load(path, allow_pickle=False) as data:
            return cls.from_arrays({name: data[name] for name in data.files})

    def check(self) -> None:
        """Raise ValueError unless the arrays fit together."""
        n_terms, n_columns = sum(len(b.vocabulary) for b in self.blocks), len(self.intercepts)
        columns = (n_columns,) if self.head == "sigmoid" else (0,)
        if (
            self.head not in ("sigmoid", "softmax", "logistic")
            or len(self.classes) < 2
            or any(b.analyzer not in ("word", "char_wb") for b in self.blocks)
            or not any(b.folded and b.analyzer == "word" for b in self.blocks)
            or self.weights.shape != (n_terms, n_columns)
            or self.idf.shape != (n_terms,)
            or self.fold_of.shape != (n_columns,)
            or self.class_of.shape != (n_columns,)
            or self.slopes.shape != columns
            or self.offsets.shape != columns
            or not set(self.fold_of.tolist()) <= set(range(self.n_folds))
            or not set(self.class_of.tolist()) <= set(range(len(self.classes)))
        ):
            raise ValueError("compiled model arrays do not fit together")
