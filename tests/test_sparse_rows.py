"""The FAQ index's sparse rows (nlu/sparse_rows.py): the same products as a dense matrix."""

from __future__ import annotations

import numpy as np

from nlu.sparse_rows import SparseRows

ROWS = [[(0, 0.5), (3, 0.25)], [], [(1, 1.0)], [(3, 0.75), (0, 0.125), (2, 2.0)]]
DENSE = np.array(
    [[0.5, 0, 0, 0.25], [0, 0, 0, 0], [0, 1.0, 0, 0], [0.125, 0, 2.0, 0.75]], dtype=np.float64
)


def test_a_product_with_a_vector_is_the_dense_one():
    matrix = SparseRows.from_rows(ROWS, 4)
    vector = np.array([1.0, -2.0, 0.5, 4.0])
    assert matrix.shape == (4, 4)
    assert np.array_equal(matrix @ vector, DENSE @ vector)  # an empty row gives 0


def test_a_run_of_rows_is_those_rows():
    matrix = SparseRows.from_rows(ROWS, 4)
    vector = np.array([1.0, 1.0, 1.0, 1.0])
    assert np.array_equal(matrix.rows(1, None) @ vector, DENSE[1:] @ vector)
    assert np.array_equal(matrix.rows(0, 2) @ vector, DENSE[:2] @ vector)
    assert matrix.rows(4, None).shape == (0, 4)
    assert np.array_equal(matrix.dense_row(3), DENSE[3])


def test_no_stored_value_gives_zeros():
    assert np.array_equal(SparseRows.from_rows([[], []], 3) @ np.ones(3), np.zeros(2))
