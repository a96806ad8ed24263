"""Labelled data sets {(b_i, y_i)}, i ∈ [n], with b_i ∈ ℝ^d and y_i ∈ {−1, +1}.

Entries are stored exactly (SymPy numbers) so that exact and certified computations see the data
the user meant; :meth:`Dataset.numeric` gives mpmath copies at the caller's precision.

Geometry used by the precursor's bounds [precursor, arXiv 2412.08424]:
R := max_i ‖b_i‖ and the max-margin μ := max_{‖v‖=1} min_i y_i b_iᵀv (homogeneous, no bias).
μ > 0 iff the data are linearly separable through the origin.  μ is computed exactly: the hard
margin problem min ‖w‖² s.t. y_i b_iᵀw ≥ 1 has the solution w* = Σ_{i∈S} α_i y_i b_i with
α = G_S⁻¹ 1 on its support set S (G_ij = y_i y_j b_iᵀb_j), and μ = 1/‖w*‖, μ² = 1/Σ α_i.  SciPy
proposes S; the KKT conditions (α ≥ 0, every constraint ≥ 1) are then confirmed in exact
arithmetic, so the returned μ is exact whenever it is returned at all.
"""

from __future__ import annotations

from functools import cached_property

import mpmath
import numpy as np
import sympy as sp

from .errors import InputError
from .numbers import to_exact, to_mpf


class Dataset:
    """A labelled data set.  ``X`` is a sequence of n rows of length d, ``y`` a sequence of ±1."""

    def __init__(self, X, y):
        rows = _rows(X)
        labels = _labels(y)
        if len(rows) != len(labels):
            raise InputError(f"data: {len(rows)} rows of features but {len(labels)} labels")
        self.X: tuple[tuple[sp.Expr, ...], ...] = tuple(
            tuple(to_exact(v, f"data: entry ({i}, {j})") for j, v in enumerate(row))
            for i, row in enumerate(rows)
        )
        self.y: tuple[int, ...] = labels
        self._numeric: dict[int, tuple] = {}

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.X[0])

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        return f"Dataset(n={self.n}, d={self.d})"

    def numeric(self) -> tuple[list[list[mpmath.mpf]], list[int]]:
        """Features as mpmath numbers at the current ``mpmath.mp`` precision, and the labels (fresh
        lists; the numbers are computed once per precision — irrational entries cost a SymPy evalf)."""
        prec = mpmath.mp.prec
        if prec not in self._numeric:
            self._numeric[prec] = tuple(tuple(to_mpf(v) for v in row) for row in self.X)
        return [list(row) for row in self._numeric[prec]], list(self.y)

    def signed_rows(self) -> list[sp.Matrix]:
        """The exact vectors y_i b_i (column matrices)."""
        return [sp.Matrix(row) * yi for row, yi in zip(self.X, self.y)]

    @cached_property
    def dyadic_ints(self) -> tuple[list[int], int] | None:
        """(k, e) with X_ij = 2^e k_ij exactly (k a row-major list of Python ints) when every entry is a
        dyadic rational p/2^j; None otherwise.  Computed once per data set (reading 10^4 SymPy
        rationals costs milliseconds): the fast GD engine's exact data path."""
        flat = [v for row in self.X for v in row]
        if not all(v.is_Rational for v in flat):
            return None
        p = [int(v.p) for v in flat]
        q = [int(v.q) for v in flat]
        if not all(d & (d - 1) == 0 for d in q):
            return None
        e = -(max(q).bit_length() - 1)
        return [a << (-e - d.bit_length() + 1) for a, d in zip(p, q)], e

    @cached_property
    def dyadic_int64(self) -> tuple[np.ndarray, int] | None:
        """:attr:`dyadic_ints` as an int64 (n, d) array K with X = 2^e K, when |K| < 2^60; else None."""
        if self.dyadic_ints is None:
            return None
        ints, e = self.dyadic_ints
        if max(max(ints), -min(ints)).bit_length() >= 60:
            return None
        return np.array(ints, dtype=np.int64).reshape(self.n, self.d), e

    @cached_property
    def radius(self) -> sp.Expr:
        """R = max_i ‖b_i‖, exact."""
        return sp.sqrt(max(sum(v**2 for v in row) for row in self.X))

    @cached_property
    def is_separable(self) -> bool:
        """Whether some v has y_i b_iᵀv > 0 for every i.

        Rational data: exact simplex on the feasibility problem y_i b_iᵀv ≥ 1.  Other exact data
        (e.g. √2 entries): the exact max-margin solution is a certificate of separability; when it
        cannot be confirmed, separability is not decided and :class:`InputError` is raised.
        """
        if "_max_margin_dual" in self.__dict__:  # an exact max-margin solution certifies separability
            return True
        if all(v.is_Rational for row in self.X for v in row):
            return _rational_separable(self.X, self.y)
        try:
            self._max_margin_dual
        except InputError:
            raise InputError("cannot decide separability exactly for these irrational data") from None
        return True

    @cached_property
    def max_margin(self) -> sp.Expr:
        """μ = max_{‖v‖=1} min_i y_i b_iᵀv, exact (see the module docstring)."""
        return 1 / sp.sqrt(sum(self._max_margin_dual.values()))

    @cached_property
    def max_margin_direction(self) -> sp.Matrix:
        """The exact hard-margin solution w* (so that μ = 1/‖w*‖ and w*/‖w*‖ attains μ)."""
        alpha = self._max_margin_dual
        rows = self.signed_rows()
        return sum((a * rows[i] for i, a in alpha.items()), sp.zeros(self.d, 1))

    @cached_property
    def _max_margin_dual(self) -> dict[int, sp.Expr]:
        """Exact KKT multipliers α of the hard-margin problem, keyed by sample index.

        Numerical guess of the support: μ is also the distance from 0 to conv{y_i b_i} (minimax
        duality), a non-negative least-squares problem once Σλ = 1 is appended as a heavily weighted
        row.  The guess is then repaired and confirmed exactly (α ≥ 0, every constraint ≥ 1).
        """
        rows = self.signed_rows()
        guess = _hull_min_norm_weights(np.array([[float(v) for v in r] for r in rows]))
        support = {i for i, lam in enumerate(guess) if lam > 1e-9 * max(1.0, guess.max())}
        Gx = sp.Matrix(self.n, self.n, lambda i, j: (rows[i].T * rows[j])[0])
        for _ in range(4 * self.n + 4):  # exact active-set repair of the numerical guess
            idx = _independent_subset(sorted(support, key=lambda i: -guess[i]), rows)
            support = set(idx)
            alpha = Gx.extract(idx, idx).LUsolve(sp.ones(len(idx), 1)) if idx else sp.zeros(0, 1)
            negative = [idx[k] for k in range(len(idx)) if alpha[k] < 0]
            if negative:
                support.discard(negative[0])
                continue
            w = sum((alpha[k] * rows[i] for k, i in enumerate(idx)), sp.zeros(self.d, 1))
            violated = [i for i in range(self.n) if (rows[i].T * w)[0] < 1]
            if not violated:
                return {i: alpha[k] for k, i in enumerate(idx)}
            support.add(violated[0])
        if all(v.is_Rational for row in self.X for v in row) and not _rational_separable(self.X, self.y):
            raise InputError("data are not linearly separable through the origin: the margin μ is not positive")
        raise InputError("could not confirm the max-margin solution exactly (degenerate or non-separable data?)")


def _hull_min_norm_weights(Z: np.ndarray) -> np.ndarray:
    """λ ≥ 0, Σλ = 1 minimising ‖Zᵀλ‖ (float64 guess; the weight row enforces Σλ ≈ 1)."""
    from scipy.optimize import nnls

    weight = 1e3 * max(1.0, float(np.abs(Z).max()))
    A = np.vstack([Z.T, weight * np.ones((1, Z.shape[0]))])
    b = np.concatenate([np.zeros(Z.shape[1]), [weight]])
    lam, _ = nnls(A, b, maxiter=50 * Z.shape[0] + 100)
    return lam


def _rational_separable(X, y) -> bool:
    """Exact simplex: is {v : y_i b_iᵀv ≥ 1 for all i} non-empty?  (Rational data only.)"""
    from sympy.solvers.simplex import InfeasibleLPError, lpmin

    d = len(X[0])
    plus = [sp.Symbol(f"p{j}", nonnegative=True) for j in range(d)]
    minus = [sp.Symbol(f"q{j}", nonnegative=True) for j in range(d)]
    constraints = [sum(yi * xij * (plus[j] - minus[j]) for j, xij in enumerate(row)) >= 1 for row, yi in zip(X, y)]
    try:
        lpmin(sp.Integer(0), constraints + [s >= 0 for s in plus + minus])
    except InfeasibleLPError:
        return False
    return True


def _independent_subset(order, rows) -> list[int]:
    """Greedy maximal linearly independent subset of ``rows`` in the given order (exact rank)."""
    chosen: list[int] = []
    for i in order:
        if sp.Matrix.hstack(*[rows[k] for k in chosen + [i]]).rank() == len(chosen) + 1:
            chosen.append(i)
    return sorted(chosen)


def _rows(X) -> list[list]:
    if hasattr(X, "tolist") and not isinstance(X, sp.MatrixBase):
        X = X.tolist()
    if isinstance(X, sp.MatrixBase):
        X = X.tolist()
    try:
        rows = [list(row) for row in X]
    except TypeError:
        raise InputError("data: X must be a sequence of rows (n rows of d numbers)") from None
    if not rows:
        raise InputError("data: empty data set (no rows)")
    d = len(rows[0])
    if d == 0:
        raise InputError("data: rows have no features (d = 0)")
    for i, row in enumerate(rows):
        if len(row) != d:
            raise InputError(f"data: ragged rows (row 0 has {d} entries, row {i} has {len(row)})")
    return rows


def _labels(y) -> tuple[int, ...]:
    if hasattr(y, "tolist"):
        y = y.tolist()
    labels = []
    for i, v in enumerate(y):
        exact = to_exact(v, f"data: label {i}")
        if exact not in (1, -1):
            raise InputError(f"data: label {i} is {v!r}; labels must be -1 or +1")
        labels.append(int(exact))
    return tuple(labels)
