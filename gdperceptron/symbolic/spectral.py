"""Spectra of symmetric matrices: exact for symbolic entries, certified enclosures for numeric ones.

:func:`symbolic_spectrum` — the characteristic polynomial det(λI − A) is computed and factored
exactly; its roots with multiplicities are the spectrum (A symmetric, hence diagonalizable: the
algebraic multiplicity is the geometric one, and rank A = size − mult(0)).  The kernel basis is
SymPy's nullspace, valid for generic entries (pivots are divided by).

:func:`certified_spectrum` — for a symmetric matrix with rational entries of any size.  A float64
eigen-decomposition is only a guess X̃ (rounded to dyadic rationals X), λ̃ (sorted).  Then, in
exact integer arithmetic: E = XᵀAX − diag(λ̃) and F = XᵀX − I, with ε ≥ ‖E‖_F and φ ≥ ‖F‖_F
rounded outward.  If φ < 1, X is invertible and, by Weyl's inequality, the k-th eigenvalue of
XᵀAX lies in [λ̃_k − ε, λ̃_k + ε]; by Ostrowski's theorem λ_k(XᵀAX) = θ_k λ_k(A) with
θ_k ∈ [1 − φ, 1 + φ].  So λ_k(A) ∈ [λ̃_k − ε, λ̃_k + ε] / [1 − φ, 1 + φ], an interval computed
with mpmath's outward-rounded interval arithmetic.  Overlapping enclosures form clusters; a
cluster of k enclosures holds exactly k eigenvalues (with multiplicity).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv

from ..errors import InputError
from ..numeric.certify import interval_dps

LAMBDA = sp.Symbol("lambda")


@dataclass
class Spectrum:
    """Eigenvalues with multiplicities, rank and a kernel basis of a symmetric matrix."""

    eigenvalues: dict
    rank: int
    kernel: list

    def rows(self) -> list[tuple[str, sp.Basic]]:
        rows = [(f"multiplicity {k}", sp.Eq(LAMBDA, v)) for v, k in self.eigenvalues.items()]
        rows.append(("rank", sp.Eq(sp.Symbol(r"\operatorname{rank}"), self.rank)))
        return rows


def _check_symmetric(A: sp.Matrix) -> sp.Matrix:
    A = sp.Matrix(A)
    if A.shape[0] != A.shape[1] or any(sp.expand(v) != 0 for v in (A - A.T)):
        raise InputError("the matrix must be square and symmetric")
    return A


def characteristic_polynomial(A: sp.Matrix) -> sp.Expr:
    """det(λI − A), expanded and factored."""
    return sp.factor(_check_symmetric(A).charpoly(LAMBDA).as_expr())


def symbolic_spectrum(A: sp.Matrix) -> Spectrum:
    """Exact spectrum of a symmetric matrix with (possibly symbolic) entries."""
    A = _check_symmetric(A)
    poly = sp.Poly(A.charpoly(LAMBDA).as_expr(), LAMBDA)
    roots = sp.roots(poly)
    if sum(roots.values()) != A.shape[0]:
        raise InputError("SymPy could not find every root of the characteristic polynomial")
    zero = sum(k for v, k in roots.items() if sp.simplify(v) == 0)
    return Spectrum(roots, A.shape[0] - zero, A.nullspace())


@dataclass
class CertifiedSpectrum:
    """Rigorous enclosures of the eigenvalues (ascending), with the bounds that produced them."""

    enclosures: list
    residual_bound: mpmath.mpf
    orthogonality_bound: mpmath.mpf

    def clusters(self) -> list[tuple[object, int]]:
        """(hull interval, number of eigenvalues) for each maximal group of overlapping enclosures."""
        out = []
        for box in self.enclosures:
            if out and out[-1][0].b >= box.a:
                hull, k = out[-1]
                out[-1] = (iv.mpf([hull.a, max(hull.b, box.b)]), k + 1)
            else:
                out.append((box, 1))
        return out

    def count_in(self, value) -> int | None:
        """How many eigenvalues lie in the cluster containing ``value`` (an exact number);
        0 if it is in no enclosure; None if the cluster hull straddles the value only partly."""
        with interval_dps(40):
            approx, slack = sp.N(value, 60), sp.Float(10, 60) ** -50  # |approx − value| ≤ 10^-60 ≪ slack
            x = iv.mpf([str(approx - slack), str(approx + slack)])
            for hull, k in self.clusters():
                if hull.a <= x.a and x.b <= hull.b:
                    return k
                if not (x.b < hull.a or hull.b < x.a):
                    return None
        return 0


def _as_integer_matrix(A: sp.Matrix) -> tuple[np.ndarray, int]:
    if not all(v.is_Rational for v in A):
        raise InputError("certified spectra need rational entries")
    den = lcm(*(int(v.q) for v in A))
    return np.array([[int(v * den) for v in row] for row in A.tolist()], dtype=object), den


def certified_spectrum(A: sp.Matrix, dps: int = 30) -> CertifiedSpectrum:
    """Certified eigenvalue enclosures of a rational symmetric matrix (see the module docstring)."""
    A = _check_symmetric(A)
    Ai, den = _as_integer_matrix(A)
    N, bits = A.shape[0], 52
    lam, vecs = np.linalg.eigh(np.array(A.tolist(), dtype=float))
    Xi = np.array([[int(round(v * 2**bits)) for v in row] for row in vecs], dtype=object)
    lam_i = sorted(int(round(v * 2**bits)) for v in lam)  # λ̃_k = lam_i[k] / 2^bits
    scale = den * 2 ** (2 * bits)  # XᵀAX = Xiᵀ Ai Xi / scale
    E = Xi.T.dot(Ai).dot(Xi)
    for k in range(N):
        E[k, k] -= lam_i[k] * den * 2**bits
    F = Xi.T.dot(Xi)
    for k in range(N):
        F[k, k] -= 2 ** (2 * bits)
    e2 = Fraction(int(sum(v * v for v in E.flat)), scale * scale)
    f2 = Fraction(int(sum(v * v for v in F.flat)), 2 ** (4 * bits))
    with interval_dps(dps):
        eps = iv.sqrt(iv.mpf(e2.numerator) / e2.denominator).b
        phi = iv.sqrt(iv.mpf(f2.numerator) / f2.denominator).b
        if phi >= 1:
            raise InputError("the approximate eigenvectors are too far from orthonormal to certify")
        theta = iv.mpf([1 - phi, 1 + phi])
        boxes = []
        for li in lam_i:
            centre = iv.mpf(li) / 2**bits
            boxes.append(iv.mpf([(centre - eps).a, (centre + eps).b]) / theta)
    return CertifiedSpectrum(boxes, mpmath.mpf(eps), mpmath.mpf(phi))
