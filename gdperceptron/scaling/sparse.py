"""Sparse feature matrices for the fast engine: X (n × d) stored by rows and by columns.

Families such as the chain have O(n) non-zeros, so W Xᵀ and M X cost O(m · nnz) instead of
O(m · n · d).  Both products are gather-then-segment-sum (``numpy.add.reduceat``), which works for
every backend dtype, including object arrays of MPFR or mpmath numbers.  An empty row or column gets an
explicit zero entry so that every segment is non-empty (``reduceat`` needs that).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import Dataset


@dataclass(frozen=True)
class SparseRows:
    """Non-zeros of X in row order and in column order, values exact (SymPy numbers)."""

    n: int
    d: int
    by_row: tuple  # (row_idx, col_idx, values, segment starts)
    by_col: tuple

    @classmethod
    def from_dataset(cls, data: Dataset) -> "SparseRows":
        entries = [(i, k, v) for i, row in enumerate(data.X) for k, v in enumerate(row) if v != 0]
        rows_seen = {i for i, _, _ in entries}
        cols_seen = {k for _, k, _ in entries}
        entries += [(i, 0, 0) for i in range(data.n) if i not in rows_seen]
        entries += [(0, k, 0) for k in range(data.d) if k not in cols_seen]
        return cls(data.n, data.d, _segments(sorted(entries), key=0, size=data.n),
                   _segments(sorted(entries, key=lambda e: (e[1], e[0])), key=1, size=data.d))

    def values(self, backend, order: str) -> np.ndarray:
        """The non-zero values in ``order`` ("row" or "col") as ``backend`` numbers."""
        return backend.asarray(list((self.by_row if order == "row" else self.by_col)[2]))

    def times_transpose(self, W: np.ndarray, vals_row: np.ndarray) -> np.ndarray:
        """W Xᵀ for W of shape (m, d): shape (m, n)."""
        _, cols, _, starts = self.by_row
        return np.add.reduceat(W[:, cols] * vals_row, starts, axis=1)

    def left_times(self, M: np.ndarray, vals_col: np.ndarray) -> np.ndarray:
        """M X for M of shape (m, n): shape (m, d)."""
        rows, _, _, starts = self.by_col
        return np.add.reduceat(M[:, rows] * vals_col, starts, axis=1)


def _segments(entries, key: int, size: int) -> tuple:
    rows = np.array([e[0] for e in entries], dtype=np.intp)
    cols = np.array([e[1] for e in entries], dtype=np.intp)
    vals = tuple(e[2] for e in entries)
    keys = rows if key == 0 else cols
    starts = np.searchsorted(keys, np.arange(size), side="left").astype(np.intp)
    return rows, cols, vals, starts
