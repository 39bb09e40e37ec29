"""Rows of a sparse matrix (compressed sparse rows), as much as the FAQ index needs.

The FAQ index scores a message against a few thousand short texts: a matrix with
thousands of columns (word and character n-gram terms) and a few non-zero weights a
row. Loading scipy for it would add about 19 MiB to every serving process, so this
holds the three arrays of the compressed-row form and does the two things asked of
them: a product with a dense vector, and cutting a run of rows. The product adds each
row's terms in the order they were given, as scipy's does, so the cosines are the same
to the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SparseRows:
    """``n_rows`` x ``n_cols``; row ``i``'s values are ``data[indptr[i]:indptr[i + 1]]``
    at the columns ``indices[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray  # n_rows + 1 offsets
    indices: np.ndarray  # a column per stored value
    data: np.ndarray
    n_cols: int
    row_of: np.ndarray = field(init=False, repr=False)  # the row of each stored value

    def __post_init__(self) -> None:
        # every product needs it: made once, not per message
        rows = np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))
        object.__setattr__(self, "row_of", rows)

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[tuple[int, float]]], n_cols: int) -> SparseRows:
        """From each row's (column, value) pairs, in the order given."""
        lengths = np.array([len(row) for row in rows], dtype=np.int64)
        indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        indices = np.array([col for row in rows for col, _ in row], dtype=np.int64)
        data = np.array([value for row in rows for _, value in row], dtype=np.float64)
        return cls(indptr, indices, data, n_cols)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.indptr) - 1, self.n_cols

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        """The product with a dense vector of ``n_cols`` values: one value a row."""
        n_rows = self.shape[0]
        if not len(self.data):
            return np.zeros(n_rows)
        weights = self.data * vector[self.indices]
        return np.bincount(self.row_of, weights=weights, minlength=n_rows)

    def rows(self, start: int | None, stop: int | None) -> SparseRows:
        """The rows ``start:stop`` (as a slice of them would be)."""
        first, last, _ = slice(start, stop).indices(self.shape[0])
        last = max(first, last)
        lo, hi = int(self.indptr[first]), int(self.indptr[last])
        return SparseRows(
            self.indptr[first : last + 1] - lo,
            self.indices[lo:hi],
            self.data[lo:hi],
            self.n_cols,
        )

    def dense_row(self, i: int) -> np.ndarray:
        """Row ``i`` as a dense vector."""
        row = np.zeros(self.n_cols)
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        row[self.indices[lo:hi]] = self.data[lo:hi]
        return row
