"""Sigmoid and logistic identities, the noise bound |σ(−m) − 1[m ≤ 0]| ≤ e^{−|m|}, and limits.

Oracles work in u = e^x > 0, where σ(x) = u/(1 + u), σ(−x) = 1/(1 + u) and d/dx = u·d/du: every
identity becomes an identity of rational functions, decided by polynomial cancellation, and every
bound a positivity statement certified by non-negative coefficients; point values come from exact
rationals or mpmath intervals at hundreds of digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import strategies as st
from mpmath import iv

from .entries import (Entry, decide, identity_check, interval_check, iv_const, iv_digits, iv_noise, mp_noise, mp_sigmoid,
                      positive_rational_function, property_check, sigmoid, zero_rational_function)

x = sp.Symbol("x", real=True)
m = sp.Symbol("m", real=True)
n_real = sp.Symbol("n", real=True)
n_int = sp.Symbol("n", integer=True)
u = sp.Symbol("u", positive=True)
theta, y_label = sp.symbols("theta y", real=True)
MARGIN = y_label * sp.Function("g")(theta)
"""m(θ) = y g(θ) for an arbitrary (undefined) differentiable model g."""
TINY = sp.Float(1e-20)
"""What a user types for 10^-20 in SymPy: a 15-digit binary Float, not the rational 10^-20."""

S_U, S_MINUS_U = u / (1 + u), 1 / (1 + u)   # σ(x), σ(−x) with u = e^x
DS_U = u * sp.diff(S_U, u)                   # dσ/dx = u dσ/du


def logistic_gradient_claim(sign):
    """d/dθ ln(1 + e^{−m}) = −σ(sign·(−m))·dm/dθ for the undefined model g (sign = 1 is the truth)."""
    per_sample = sp.diff(sp.log(1 + sp.exp(-MARGIN)), theta)
    return identity_check(per_sample, -1 / (1 + sp.exp(sign * MARGIN)) * sp.diff(MARGIN, theta))


def logistic_gradient_oracle(sign) -> bool:
    """The chain rule in u = e^{−m}: d/dm ln(1 + u) = −u/(1 + u) = −1/(1 + e^m), against the claimed
    −1/(1 + e^{sign·m}) written in u (e^m = 1/u, e^{−m} = u)."""
    claimed = -1 / (1 + (1 / u if sign == 1 else u))
    return zero_rational_function(-u / (1 + u) - claimed)


def differs_at_zero(lhs_at_0, rhs_at_0) -> bool:
    """A false identity's witness: at x = 0 both sides are exact rationals that differ."""
    return Fraction(lhs_at_0) != Fraction(rhs_at_0)


def _derivative_claim(factor):
    return identity_check(sp.diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x)) * factor)


def _softplus_difference():
    return sp.log(1 + sp.exp(x)) - sp.log(1 + sp.exp(-x))


def _exp_identity_in_u(lhs_u, rhs_u) -> bool:
    """ln A = ln B for positive A, B follows from A = B: compare the exponentials in u."""
    return zero_rational_function(lhs_u - rhs_u)


def certified(lhs, rhs, pieces):
    """certified_inequality in m over the claim's whole domain."""
    return interval_check(lhs, rhs, pieces, variable="m")


def _noise_factor_oracle(m_value: str, factor: str) -> bool:
    """Whether noise ≤ factor·e^{−m} on [a, b] with b = ``m_value`` > 0.

    noise(m)/e^{−m} = 1/(1 + e^{−m}) increases with m, so the bound holds on [a, b] iff it holds at
    b; this decides it there by intervals at 60 digits (an undecided comparison raises)."""
    with iv_digits(60):
        point = iv_const(m_value)
        return decide(1 / (1 + iv.exp(point)) <= iv_const(factor) * iv.exp(-point))


def _third_order_holds_at_40() -> bool:
    """Whether 1/(1 + e^m) ≤ w − w² + 10^-60 (w = e^{−m}) at m = 40, by intervals at 200 digits.

    1/(1 + e^m) = w − w² + w³/(1 + w), and w³/(1 + w) ≈ 7.7·10^-53 > 10^-60 at m = 40."""
    with iv_digits(200):
        mm = iv.mpf(40)
        w = iv.exp(-mm)
        return decide(1 / (1 + iv.exp(mm)) <= w - w * w + iv.mpf(10) ** -60)


def _exp_of_tiny_is_one() -> bool:
    """Whether e^c = 1 for the number c = 1e-30 the user typed (intervals at 60 digits)."""
    with iv_digits(60):
        return decide(iv.exp(iv.mpf("1e-30")) == 1)


def _integer_range_check(lo, hi, relation, dps):
    """Whether relation(k) holds for every integer k in [lo, hi], each decided by intervals at ``dps``
    digits (an undecided comparison raises)."""
    with iv_digits(dps):
        return all(decide(relation(iv.mpf(k))) for k in range(lo, hi + 1))


ENTRIES = [
    Entry("logistic.sigmoid-symmetry", "σ(x) + σ(−x) = 1 for every real x", True,
          "u/(1+u) + 1/(1+u) = 1 in u = e^x", (3,),
          lambda: identity_check(sigmoid(x) + sigmoid(-x), 1),
          lambda: zero_rational_function(S_U + S_MINUS_U - 1)),
    Entry("logistic.sigmoid-symmetry-float", "σ(x) + σ(−x) = 1 + 10^-20 for every real x (10^-20 typed as a Float)",
          False, "at x = 0 the left side is exactly 1; the Float 1e-20 is not 0", (3,),
          lambda: identity_check(sigmoid(x) + sigmoid(-x), 1 + TINY),
          lambda: not differs_at_zero(1, 1 + Fraction(1e-20)), may_reject=True),
    Entry("logistic.sigmoid-derivative", "σ'(x) = σ(x)(1 − σ(x)) for every real x", True,
          "u·d/du (u/(1+u)) = u/(1+u)² = σ(x)σ(−x)", (3,),
          lambda: _derivative_claim(1),
          lambda: zero_rational_function(DS_U - S_U * S_MINUS_U)),
    Entry("logistic.sigmoid-derivative-12th-digit", "σ'(x) = (1 + 10^-12) σ(x)(1 − σ(x)) for every real x", False,
          "at x = 0: 1/4 against (1 + 10^-12)/4", (3,),
          lambda: _derivative_claim(1 + sp.Rational(1, 10**12)),
          lambda: not differs_at_zero(Fraction(1, 4), Fraction(1, 4) * (1 + Fraction(1, 10**12)))),
    Entry("logistic.sigmoid-derivative-float", "σ'(x) = (1 + 10^-20) σ(x)(1 − σ(x)), 10^-20 typed as sp.Float(1e-20)",
          False, "at x = 0: 1/4 against (1 + 1e-20)/4 (the Float 1e-20 is a non-zero binary number)", (3,),
          lambda: _derivative_claim(1 + TINY),
          lambda: not differs_at_zero(Fraction(1, 4), Fraction(1, 4) * (1 + Fraction(1e-20))), may_reject=True),
    Entry("logistic.softplus-difference", "ln(1 + e^x) − ln(1 + e^{−x}) = x for every real x", True,
          "(1 + u)/(1 + 1/u) = u, and ln is injective on (0, ∞)", (3,),
          lambda: identity_check(_softplus_difference(), x),
          lambda: _exp_identity_in_u((1 + u) / (1 + 1 / u), u)),
    Entry("logistic.softplus-difference-40th-digit", "ln(1 + e^x) − ln(1 + e^{−x}) = x + 10^-40 for every real x", False,
          "the left side is exactly x (see logistic.softplus-difference), so it misses by 10^-40", (3,),
          lambda: identity_check(_softplus_difference(), x + sp.Rational(1, 10**40)),
          lambda: _exp_identity_in_u((1 + u) / (1 + 1 / u), u) and Fraction(1, 10**40) == 0),
    Entry("logistic.softplus-difference-float", "ln(1 + e^x) − ln(1 + e^{−x}) = (1 + 10^-20)·x, 10^-20 a SymPy Float",
          False, "the left side is exactly x, and (1 + 1e-20)x ≠ x at x = 1", (3,),
          lambda: identity_check(_softplus_difference(), x * (1 + TINY)),
          lambda: _exp_identity_in_u((1 + u) / (1 + 1 / u), u) and Fraction(1e-20) == 0, may_reject=True),
    Entry("logistic.exp-shift-float", "e^{x + 10^-30} = e^x for every real x (10^-30 typed as sp.Float('1e-30'))", False,
          "e^{x + c} = e^x e^c with e^c ≠ 1 for c = 10^-30 ≠ 0", (3,),
          lambda: identity_check(sp.exp(x + sp.Float("1e-30")), sp.exp(x)),
          _exp_of_tiny_is_one, may_reject=True),
    Entry("reduction.logistic-gradient-any-model", "∂/∂θ ln(1 + e^{−m(θ)}) = −σ(−m)·∂m/∂θ with m = y g(θ), for "
          "every differentiable model g", True, "chain rule: d/dm ln(1 + e^{−m}) = −1/(1 + e^m) = −σ(−m)", (3,),
          lambda: logistic_gradient_claim(1), lambda: logistic_gradient_oracle(1)),
    Entry("reduction.logistic-gradient-wrong-sign", "∂/∂θ ln(1 + e^{−m(θ)}) = −σ(m)·∂m/∂θ with m = y g(θ), for "
          "every differentiable model g", False, "the weight is σ(−m); for g(θ) = θ, y = 1, θ = 1 the sides are "
          "−1/(1 + e) and −e/(1 + e)", (3,),
          lambda: logistic_gradient_claim(-1), lambda: logistic_gradient_oracle(-1)),
    Entry("logistic.sigmoid-double-angle", "σ(2x) = σ(x)²/(σ(x)² + (1 − σ(x))²) for every real x", True,
          "u²/(1+u²) in u = e^x on both sides", (3,),
          lambda: identity_check(sigmoid(2 * x), sigmoid(x) ** 2 / (sigmoid(x) ** 2 + (1 - sigmoid(x)) ** 2)),
          lambda: zero_rational_function(u**2 / (1 + u**2) - S_U**2 / (S_U**2 + S_MINUS_U**2))),
    Entry("logistic.sigmoid-double-angle-wrong", "σ(2x) = 2σ(x)²/(1 + σ(x)²) for every real x", False,
          "at x = 0: 1/2 against (1/2)/(5/4) = 2/5", (3,),
          lambda: identity_check(sigmoid(2 * x), 2 * sigmoid(x) ** 2 / (1 + sigmoid(x) ** 2)),
          lambda: not differs_at_zero(Fraction(1, 2), Fraction(2, 5))),
    Entry("logistic.power-identity-real-n", "(−1)^{2n} = 1 for every real n", False,
          "holds only on the integers: at n = 1/3, (−1)^{2/3} = −1/2 + i√3/2", (4,),
          lambda: identity_check((-1) ** (2 * n_real), 1),
          lambda: sp.expand_complex((-1) ** sp.Rational(2, 3)) == 1),
    Entry("logistic.power-identity-integer-n", "(−1)^{2n} = 1 for every integer n", True,
          "((−1)²)^n = 1^n = 1 for integer n", (4,),
          lambda: identity_check((-1) ** (2 * n_int), 1),
          lambda: all((-1) ** (2 * k) == 1 for k in range(-50, 51)) and sp.powsimp((-1) ** (2 * n_int)) == 1),
    Entry("logistic.cos-pi-n-real", "cos(πn) = (−1)^n for every real n", False,
          "holds only on the integers: at n = 1/2 the left side is 0, the right side i", (4,),
          lambda: identity_check(sp.cos(sp.pi * n_real), (-1) ** n_real),
          lambda: sp.cos(sp.pi / 2) == sp.expand_complex((-1) ** sp.Rational(1, 2))),
    Entry("noise.exact-positive-half", "e^{−m} − 1/(1 + e^m) = e^{−m}/(1 + e^m) for every real m", True,
          "1/u − 1/(1+u) = 1/(u(1+u)) in u = e^m", (3,),
          lambda: identity_check(sp.exp(-m) - 1 / (1 + sp.exp(m)), sp.exp(-m) / (1 + sp.exp(m))),
          lambda: zero_rational_function(1 / u - 1 / (1 + u) - 1 / (u * (1 + u)))),
    Entry("noise.bound-integers", "|σ(−m) − 1[m ≤ 0]| ≤ e^{−|m|} for every integer m ≠ 0 with |m| ≤ 3000", True,
          "with u = e^{|m|} the noise is 1/(1+u) on both half-lines and 1/u − 1/(1+u) = 1/(u(1+u)) > 0; the "
          "two sides agree to ~|m|/2.3 digits, so rounding at 50 and 100 digits can make them look reversed", (2,),
          lambda: property_check(lambda k: mp_noise(k) <= mpmath.exp(-abs(k)),
                                 st.integers(-3000, 3000).filter(lambda k: k != 0)),
          lambda: zero_rational_function(1 - u / (1 + u) - 1 / (1 + u))
          and positive_rational_function(1 / u - 1 / (1 + u), u)),
    Entry("noise.second-order-integers", "|σ(−m) − 1[m ≤ 0]| ≤ e^{−|m|} − e^{−2|m|} for every integer m in [120, 3000]",
          False, "noise = w − w² + w³/(1+w) with w = e^{−m}: it exceeds the bound by w³/(1+w), relative e^{−2m} < "
          "10^-104, invisible at 50 and 100 digits", (2,),
          lambda: property_check(lambda k: mp_noise(k) <= mpmath.exp(-k) - mpmath.exp(-2 * k), st.integers(120, 3000)),
          lambda: not positive_rational_function(1 / (1 + u) - (1 / u - 1 / u**2), u)),
    Entry("noise.bound-factor-12th-digit",
          "|σ(−m) − 1[m ≤ 0]| ≤ (1 − 10^-12) e^{−|m|} for every m in [1, 40]", False,
          "noise/e^{−m} = 1/(1 + e^{−m}) exceeds 1 − 10^-12 once m > 27.6; at m = 40 it is 1 − 4·10^-18", (2,),
          lambda: certified(iv_noise, lambda mm: (1 - iv.mpf(10) ** -12) * iv.exp(-mm), [(1, 40)]),
          lambda: _noise_factor_oracle("40", str(1 - sp.Rational(1, 10**12))), quick=False),
    Entry("noise.bound-certified", "|σ(−m) − 1[m ≤ 0]| ≤ e^{−|m|} for every m with 1/64 ≤ |m| ≤ 8", True,
          "noise = 1/(1 + e^{|m|}) < e^{−|m|} on both half-lines (u = e^{|m|}: 1/u − 1/(1+u) > 0)", (1,),
          lambda: certified(iv_noise, lambda mm: iv.exp(-abs(mm)), [(-8, "-1/64"), ("1/64", 8)]),
          lambda: positive_rational_function(1 / u - 1 / (1 + u), u), quick=False),
    Entry("noise.endpoint-crossing", "|σ(−m) − 1[m ≤ 0]| ≤ (1 − 10^-4) e^{−m} for every m in [8, 9.211]", False,
          "the ratio 1/(1 + e^{−m}) crosses 1 − 10^-4 at m = ln(9999) ≈ 9.21024 < 9.211: fails only near the "
          "right endpoint", (1,),
          lambda: certified(iv_noise, lambda mm: (1 - iv.mpf(10) ** -4) * iv.exp(-mm), [(8, "9211/1000")]),
          lambda: _noise_factor_oracle("9211/1000", "9999/10000"), quick=False),
    Entry("noise.endpoint-crossing-true", "|σ(−m) − 1[m ≤ 0]| ≤ (1 − 10^-4) e^{−m} for every m in [8, 9.21]", True,
          "the ratio 1/(1 + e^{−m}) increases and is below 1 − 10^-4 at m = 9.21 < ln(9999)", (1,),
          lambda: certified(iv_noise, lambda mm: (1 - iv.mpf(10) ** -4) * iv.exp(-mm), [(8, "921/100")]),
          lambda: _noise_factor_oracle("921/100", "9999/10000"), quick=False),
    Entry("noise.third-order-certified", "1/(1 + e^m) ≤ e^{−m} − e^{−2m} + 10^-60 for every m in [30, 40]", False,
          "1/(1 + e^m) = w − w² + w³/(1 + w) with w = e^{−m}, and w³ > 7·10^-53 > 10^-60 on [30, 40]: the "
          "violation is visible only beyond 50 digits", (2,),
          lambda: certified(lambda mm: 1 / (1 + iv.exp(mm)),
                            lambda mm: iv.exp(-mm) - iv.exp(-2 * mm) + iv.mpf(10) ** -60, [(30, 40)]),
          _third_order_holds_at_40),
    Entry("limit.tail-positive", "1 − σ(k) > 0 for every integer k in [120, 900]", True,
          "1 − σ(k) = 1/(1 + e^k) > 0; at 50 and 100 digits σ(k) rounds to exactly 1", (2,),
          lambda: property_check(lambda k: 1 - mp_sigmoid(k) > 0, st.integers(120, 900)),
          lambda: (1 - sigmoid(sp.Symbol("k", positive=True))).together().is_positive is True),
    Entry("limit.sigmoid-saturates", "σ(k) = 1 for every integer k in [300, 900]", False,
          "1 − σ(k) = 1/(1 + e^k) ≠ 0; it is below 10^-130, so σ(k) rounds to 1 at 50 and 100 digits", (2,),
          lambda: property_check(lambda k: mp_sigmoid(k) == 1, st.integers(300, 900)),
          lambda: _integer_range_check(300, 300, lambda k: 1 / (1 + iv.exp(-k)) == 1, 200)),
    Entry("limit.log1p-tail", "ln(1 + e^{−k}) ≤ e^{−2k} for every integer k in [240, 900]", False,
          "ln(1 + w) > w/2 > w² for 0 < w = e^{−k} < 1/2; 1 + e^{−k} rounds to 1 at 100 digits", (2,),
          lambda: property_check(lambda k: mpmath.log(1 + mpmath.exp(-k)) <= mpmath.exp(-2 * k), st.integers(240, 900)),
          lambda: _integer_range_check(240, 240, lambda k: iv.log(1 + iv.exp(-k)) <= iv.exp(-2 * k), 400)),
    Entry("limit.polynomial-times-tail", "γ^60 (1 − σ(γ)) ≤ 1 for every integer γ in [240, 400]", False,
          "at γ = 240: 240^60 e^{−240} ≈ e^{88.8} > 1; 1 − σ(γ) rounds to 0 at 50 and 100 digits", (2,),
          lambda: property_check(lambda g: g**60 * (1 - mp_sigmoid(g)) <= 1, st.integers(240, 400)),
          lambda: _integer_range_check(240, 240, lambda g: g**60 / (1 + iv.exp(g)) <= 1, 200)),
    Entry("limit.tail-decays", "γ² (1 − σ(γ)) ≤ 1 for every integer γ in [10, 2000]", True,
          "γ²/(1 + e^γ) < γ² e^{−γ}, which decreases for γ ≥ 2 and is 4.5·10^-3 at γ = 10", (2,),
          lambda: property_check(lambda g: g**2 * (1 - mp_sigmoid(g)) <= 1, st.integers(10, 2000)),
          lambda: _integer_range_check(10, 2000, lambda g: g**2 / (1 + iv.exp(g)) <= 1, 30)),
]
