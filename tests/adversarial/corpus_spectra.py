"""Quadratic forms and spectra of the quadratic perceptron (spec perceptron.md §3), and a classical
spectrum with a closed form (the 5×5 second-difference matrix).

For the two-layer linear net g = aᵀWb with θ = (vec_row(W), a): y aᵀWb = θᵀAθ with
A = (y/2)[[0, I_m ⊗ b], [I_m ⊗ bᵀ, 0]], whose eigenvalues are ±‖b‖/2 (m times each) and 0.
Oracles expand polynomials, reduce them modulo r² = ‖b‖², eliminate in exact rationals, or use
the closed form λ_k = 2 − 2cos(kπ/6) of the second-difference matrix.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .entries import Entry, identity_check, instance_check

lam = sp.Symbol("lam")  # as Matrix.charpoly creates it: no assumptions, or it would be another symbol
gamma, n_samples = sp.symbols("gamma n", positive=True)
b1, b2, y = sp.symbols("b1 b2 y", real=True)
r = sp.Symbol("r", positive=True)
NORM = sp.sqrt(b1**2 + b2**2)


def quadratic_matrix(b, width: int, half=sp.Rational(1, 2)):
    """A = (y/2)[[0, I_m ⊗ b], [I_m ⊗ bᵀ, 0]] for θ = (vec_row(W), a) (``half`` states false variants)."""
    col = sp.Matrix(b)
    block = sp.kronecker_product(sp.eye(width), col)
    d = len(b)
    top = sp.Matrix.hstack(sp.zeros(width * d, width * d), block)
    bottom = sp.Matrix.hstack(block.T, sp.zeros(width, width))
    return half * y * sp.Matrix.vstack(top, bottom)


def reflection(width: int, d: int):
    """J = diag(I, −I) on (vec(W), a)."""
    return sp.diag(sp.eye(width * d), -sp.eye(width))


def second_difference(k: int):
    """The k×k matrix with 2 on the diagonal and −1 next to it."""
    return sp.Matrix(k, k, lambda i, j: 2 if i == j else (-1 if abs(i - j) == 1 else 0))


A1 = quadratic_matrix([b1, b2], 1).subs(y, 1)
W2 = sp.Matrix(2, 2, sp.symbols("w11 w12 w21 w22", real=True))
a2 = sp.Matrix(sp.symbols("a1 a2", real=True))
THETA2 = sp.Matrix([*W2, *a2])
T5_TOP = 2 + sp.sqrt(3)
FLOAT_TOP = sp.Float(3.7320508075688772)
"""2 + √3 as a user types it in SymPy: a 15-digit Float (substituted into the 5×5 characteristic
polynomial it evaluates to an exact 0 before any check sees it, so the statement is put as a
quadratic identity in λ, where the Float stays visible)."""


def charpoly_claim(scale):
    return identity_check(A1.charpoly(lam).as_expr(), lam * (lam**2 - scale * (b1**2 + b2**2)))


def charpoly_oracle(scale) -> bool:
    """det(λI − A) by fraction-free elimination, expanded, against the claimed polynomial."""
    det = (lam * sp.eye(3) - A1).det(method="bareiss")
    return sp.expand(det - lam * (lam**2 - scale * (b1**2 + b2**2))) == 0


def quadratic_form_claim(half):
    b = [b1, b2]
    lhs = y * (a2.T * W2 * sp.Matrix(b))[0]
    return identity_check(lhs, (THETA2.T * quadratic_matrix(b, 2, half) * THETA2)[0])


def quadratic_form_oracle(half) -> bool:
    b = [b1, b2]
    lhs = y * sum(a2[j] * sum(W2[j, k] * b[k] for k in range(2)) for j in range(2))
    return sp.expand(lhs - (THETA2.T * quadratic_matrix(b, 2, half) * THETA2)[0]) == 0


def square_claim(quarter):
    A = quadratic_matrix([b1, b2], 2).subs(y, 1)
    c = sp.Matrix([b1, b2])
    claimed = quarter * sp.diag(sp.kronecker_product(sp.eye(2), c * c.T), (b1**2 + b2**2) * sp.eye(2))
    return A * A, claimed


def top_eigenvalue_claim(value):
    """λ_max(T5) = value, stated as: value is a root of det(λI − T5) (the user's check)."""
    return identity_check(second_difference(5).charpoly(lam).as_expr().subs(lam, value), 0)


def top_eigenvalue_oracle(value) -> bool:
    """Closed form λ_k = 2 − 2cos(kπ/6), k = 1..5: the largest is 2 + √3, checked to be a root."""
    top = 2 - 2 * sp.cos(5 * sp.pi / 6)
    is_root = sp.expand((second_difference(5) - top * sp.eye(5)).det(method="bareiss")) == 0
    return is_root and sp.simplify(top - T5_TOP) == 0 and bool(sp.nsimplify(value) == T5_TOP) and value == T5_TOP


def fraction_rank(rows) -> int:
    """Rank by Gaussian elimination in exact rationals."""
    M = [[Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q)) for v in row] for row in rows]
    rank, col, ncols = 0, 0, len(M[0])
    while rank < len(M) and col < ncols:
        pivot = next((i for i in range(rank, len(M)) if M[i][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        M[rank], M[pivot] = M[pivot], M[rank]
        for i in range(len(M)):
            if i != rank and M[i][col] != 0:
                f = M[i][col] / M[rank][col]
                M[i] = [a - f * b for a, b in zip(M[i], M[rank])]
        rank, col = rank + 1, col + 1
    return rank


C_S = [1, 2, 2]
A_S = quadratic_matrix(C_S, 2).subs(y, 1)


def rank_claim(expected):
    return [instance_check("rank of A_S (m = 2, c_S = (1, 2, 2))",
                           lambda ctx: (A_S.rank() == expected, {"rank": A_S.rank(), "claimed": expected}))]


def multiplier_claim(factor):
    """(I + (2γ/n)A)v = (1 + factor·γ‖b‖/n)v for v = (b1, b2, ‖b‖), an eigenvector of A for ‖b‖/2."""
    v = sp.Matrix([b1, b2, NORM])
    return identity_check((sp.eye(3) + 2 * gamma / n_samples * A1) * v, (1 + factor * gamma * NORM / n_samples) * v)


def multiplier_oracle(factor) -> bool:
    """The same with ‖b‖ replaced by a symbol r, reduced modulo r² − b1² − b2²."""
    v = sp.Matrix([b1, b2, r])
    diff = sp.expand(n_samples * ((sp.eye(3) + 2 * gamma / n_samples * A1) * v
                                  - (1 + factor * gamma * r / n_samples) * v))
    return all(sp.reduced(e, [r**2 - b1**2 - b2**2], r, b1, b2)[1] == 0 for e in diff)


def ones_square_oracle(k, factor) -> bool:
    J = sp.ones(k, k)
    return J * J == factor * J


ENTRIES = [
    Entry("spectra.charpoly-width1", "for d = 2, m = 1 and every real b: det(λI − A) = λ(λ² − ‖b‖²/4)", True,
          "fraction-free determinant, expanded", (4,),
          lambda: charpoly_claim(sp.Rational(1, 4)), lambda: charpoly_oracle(sp.Rational(1, 4))),
    Entry("spectra.charpoly-width1-factor-two", "for d = 2, m = 1 and every real b: det(λI − A) = λ(λ² − ‖b‖²)", False,
          "the eigenvalues are ±‖b‖/2, not ±‖b‖", (4,),
          lambda: charpoly_claim(1), lambda: charpoly_oracle(1)),
    Entry("spectra.quadratic-form-width2", "for m = d = 2: y aᵀWb = θᵀAθ for every W, a, b, y", True,
          "both sides expanded as polynomials", (4,),
          lambda: quadratic_form_claim(sp.Rational(1, 2)), lambda: quadratic_form_oracle(sp.Rational(1, 2))),
    Entry("spectra.quadratic-form-missing-half", "for m = d = 2: y aᵀWb = θᵀ(2A)θ for every W, a, b, y", False,
          "without the factor 1/2 the form counts every cross term twice", (4,),
          lambda: quadratic_form_claim(1), lambda: quadratic_form_oracle(1)),
    Entry("spectra.reflection-antisymmetry", "for m = d = 2 and every b, y: JAJ = −A with J = diag(I, −I)", True,
          "J flips the sign of the off-diagonal blocks; direct multiplication", (4,),
          lambda: identity_check(reflection(2, 2) * quadratic_matrix([b1, b2], 2) * reflection(2, 2),
                           -quadratic_matrix([b1, b2], 2)),
          lambda: (reflection(2, 2) * quadratic_matrix([b1, b2], 2) * reflection(2, 2)
                   + quadratic_matrix([b1, b2], 2)).expand() == sp.zeros(6, 6)),
    Entry("spectra.square-block-diagonal", "for m = d = 2, y = 1: A² = (1/4) diag(I_m ⊗ bbᵀ, ‖b‖² I_m)", True,
          "direct multiplication, expanded", (4,),
          lambda: identity_check(*square_claim(sp.Rational(1, 4))),
          lambda: (lambda sq, claimed: (sq - claimed).expand() == sp.zeros(6, 6))(*square_claim(sp.Rational(1, 4)))),
    Entry("spectra.square-block-diagonal-wrong", "for m = d = 2, y = 1: A² = (1/2) diag(I_m ⊗ bbᵀ, ‖b‖² I_m)", False,
          "the factor is (1/2)² = 1/4", (4,),
          lambda: identity_check(*square_claim(sp.Rational(1, 2))),
          lambda: (lambda sq, claimed: (sq - claimed).expand() == sp.zeros(6, 6))(*square_claim(sp.Rational(1, 2)))),
    Entry("spectra.second-difference-top", "the largest eigenvalue of the 5×5 second-difference matrix is 2 + √3",
          True, "λ_k = 2 − 2cos(kπ/6); k = 5 gives 2 + √3", (3,),
          lambda: top_eigenvalue_claim(T5_TOP), lambda: top_eigenvalue_oracle(T5_TOP)),
    Entry("spectra.second-difference-top-12th-digit",
          "the largest eigenvalue of the 5×5 second-difference matrix is 3.732050807569", False,
          "2 + √3 = 3.7320508075688772…, irrational; the rational 3.732050807569 is 3·10^-13 above it", (3,),
          lambda: top_eigenvalue_claim(sp.Rational("3.732050807569")),
          lambda: top_eigenvalue_oracle(sp.Rational("3.732050807569"))),
    Entry("spectra.second-difference-top-float",
          "a = 3.7320508075688772 (a SymPy Float for 2 + √3) satisfies (λ − a)(λ − (4 − a)) = λ² − 4λ + 1 for every λ",
          False, "a(4 − a) = 1 only for a = 2 ± √3, which is irrational; the Float is a rational number", (3,),
          lambda: identity_check(sp.expand((lam - FLOAT_TOP) * (lam - (4 - FLOAT_TOP))), lam**2 - 4 * lam + 1),
          lambda: (lambda q: q * (4 - q) == 1)(Fraction(float(FLOAT_TOP))), may_reject=True),
    Entry("spectra.float-in-matrix", "diag(1 + 10^-20, 1) = I (10^-20 typed as sp.Float(1e-20))", False,
          "the (1, 1) entries differ by the non-zero number 1e-20", (3,),
          lambda: identity_check(sp.Matrix([[1 + sp.Float(1e-20), 0], [0, 1]]), sp.eye(2)),
          lambda: 1 + Fraction(1e-20) == 1, may_reject=True),
    Entry("spectra.all-n-from-2x2", "for every n ≥ 2 the all-ones matrix satisfies J_n² = 2 J_n (checked at n = 2)",
          False, "J_n² = n J_n, so it fails for every n ≥ 3; the check covers n = 2 only, where VERIFIED is "
          "the most it may say", (4,),
          lambda: identity_check(sp.ones(2, 2) ** 2, 2 * sp.ones(2, 2)),
          lambda: all(ones_square_oracle(k, 2) for k in range(2, 6)), allowed_if_false=("VERIFIED",)),
    Entry("spectra.scaled-ones-from-2x2", "for every n ≥ 2 and real a: (a J_n)² = 2a² J_n (checked on 2×2 matrices)",
          False, "(a J_n)² = n a² J_n: false for n ≥ 3 and a ≠ 0; a 2×2 check may say VERIFIED, never PROVEN", (4,),
          lambda: identity_check((b1 * sp.ones(2, 2)) ** 2, 2 * b1**2 * sp.ones(2, 2)),
          lambda: all(ones_square_oracle(k, 2) for k in range(2, 6)), allowed_if_false=("VERIFIED",)),
    Entry("spectra.all-n-from-3x3", "for every n ≥ 1 the all-ones matrix satisfies J_n² = n J_n (checked at n = 3)",
          True, "(J_n²)_ij = Σ_k 1 = n", (4,),
          lambda: identity_check(sp.ones(3, 3) ** 2, 3 * sp.ones(3, 3)),
          lambda: all(ones_square_oracle(k, k) for k in range(1, 12))),
    Entry("spectra.rank-two-m", "for m = 2 and c_S = (1, 2, 2): rank A_S = 2m = 4", True,
          "Gaussian elimination in exact rationals", (4,),
          lambda: rank_claim(4), lambda: fraction_rank(A_S.tolist()) == 4),
    Entry("spectra.rank-off-by-one", "for m = 2 and c_S = (1, 2, 2): rank A_S = 2m − 1 = 3", False,
          "Gaussian elimination in exact rationals gives 4", (4,),
          lambda: rank_claim(3), lambda: fraction_rank(A_S.tolist()) == 3),
    Entry("spectra.step-multiplier", "for d = 2, m = 1: one quadratic perceptron step multiplies the eigenvector of "
          "‖b‖/2 by 1 + γ‖b‖/n", True, "(I + (2γ/n)A)v = v + (γ‖b‖/n)v since Av = (‖b‖/2)v", (4,),
          lambda: multiplier_claim(1), lambda: multiplier_oracle(1)),
    Entry("spectra.step-multiplier-doubled", "for d = 2, m = 1: one quadratic perceptron step multiplies the "
          "eigenvector of ‖b‖/2 by 1 + 2γ‖b‖/n", False, "the multiplier is 1 + γ‖b‖/n", (4,),
          lambda: multiplier_claim(2), lambda: multiplier_oracle(2)),
]
