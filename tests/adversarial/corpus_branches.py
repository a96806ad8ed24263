"""Identities that hold only on part of the stated domain: inverse functions on their principal
branch, power and logarithm rules that need positive arguments, and floor identities that fail
exactly on the integers (class 4: a verdict must not be wider than the set where the identity
holds).  Every statement quantifies over all reals, so one exact witness makes it false.

Oracles evaluate both sides at the witness exactly (SymPy's exact values of log(−1), √−1 and
friends) or with mpmath at 60 digits, where the sides differ by about 1.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from .entries import Entry, identity_check

x = sp.Symbol("x", real=True)
a, b = sp.symbols("a b", real=True)


def inverse_on_branch_oracle(inverse, forward, at: int) -> bool:
    """Whether inverse(forward(at)) = at, by mpmath at 60 digits: the two differ by about 1 or more
    (at lies off the principal branch), a billion billion times the working error."""
    with mpmath.workdps(60):
        return abs(inverse(forward(mpmath.mpf(at))) - at) < mpmath.mpf(10) ** -40


ENTRIES = [
    Entry("branches.atan-tan", "atan(tan x) = x for every real x", False,
          "at x = 2: atan(tan 2) = 2 − π", (4,),
          lambda: identity_check(sp.atan(sp.tan(x)), x),
          lambda: inverse_on_branch_oracle(mpmath.atan, mpmath.tan, 2)),
    Entry("branches.asin-sin", "asin(sin x) = x for every real x", False,
          "at x = 2: asin(sin 2) = π − 2", (4,),
          lambda: identity_check(sp.asin(sp.sin(x)), x),
          lambda: inverse_on_branch_oracle(mpmath.asin, mpmath.sin, 2)),
    Entry("branches.sqrt-product", "√(ab) = √a·√b for all real a, b", False,
          "at a = b = −1: √1 = 1 but i·i = −1", (4,),
          lambda: identity_check(sp.sqrt(a * b), sp.sqrt(a) * sp.sqrt(b)),
          lambda: sp.sqrt(sp.Integer(1)) == sp.sqrt(-1) * sp.sqrt(-1)),
    Entry("branches.log-product", "ln(ab) = ln a + ln b for all real a, b (principal logarithm)", False,
          "at a = b = −1: ln 1 = 0 but ln(−1) + ln(−1) = 2πi", (4,),
          lambda: identity_check(sp.log(a * b), sp.log(a) + sp.log(b)),
          lambda: sp.log(sp.Integer(1)) == 2 * sp.log(sp.Integer(-1))),
    Entry("branches.power-of-power", "(x^a)^b = x^{ab} for all real x, a, b", False,
          "at x = −1, a = 2, b = 1/2: ((−1)²)^{1/2} = 1 but (−1)^1 = −1", (4,),
          lambda: identity_check((x**a) ** b, x ** (a * b)),
          lambda: (sp.Integer(-1) ** 2) ** sp.Rational(1, 2) == sp.Integer(-1) ** 1),
    Entry("branches.log-product-positive", "ln(pq) = ln p + ln q for all positive p, q", True,
          "e^{ln p + ln q} = pq and ln is injective on (0, ∞)", (4,),
          lambda: (lambda p, q: identity_check(sp.log(p * q), sp.log(p) + sp.log(q)))(
              *sp.symbols("p q", positive=True)),
          lambda: (lambda p, q: sp.exp(sp.log(p) + sp.log(q)) == p * q)(*sp.symbols("p q", positive=True))),
    Entry("branches.floor-reflection", "⌊x⌋ + ⌊−x⌋ = −1 for every real x", False,
          "holds off the integers only: at x = 0 the left side is 0", (4,),
          lambda: identity_check(sp.floor(x) + sp.floor(-x), -1),
          lambda: sp.floor(0) + sp.floor(-0) == -1),
    Entry("branches.floor-reflection-integers", "⌊n⌋ + ⌊−n⌋ = 0 for every integer n", True,
          "⌊n⌋ = n for integers", (4,),
          lambda: (lambda n: identity_check(sp.floor(n) + sp.floor(-n), 0))(sp.Symbol("n", integer=True)),
          lambda: all(sp.floor(k) + sp.floor(-k) == 0 for k in range(-20, 21))),
]
