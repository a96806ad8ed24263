"""Large-step limits: the perceptron weight lim_{c→∞} σ(−cm) and the linear limit v_t/γ → v̂_t
(precursor Thm 3.2) on the Theorem 4.1 instance, and a tail that rounds to zero.

Oracles: the sign structure of the margins, worked out exactly (the limit of σ(−γa) is 1, 1/2, 0
for a < 0, a = 0, a > 0), exact perceptron iterates in rationals, and interval evaluation at 500
digits of the GD iterates' distance to them at γ = 1000 (they differ by e^{−Ω(γ)}).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import strategies as st
from mpmath import iv

import gdperceptron as gp

from .corpus_counts import exact_perceptron
from .entries import Entry, decide, iv_digits, mp_sigmoid

m = sp.Symbol("m", real=True)
THM41 = ([[1, -1], [-1, -4]], [1, -1])
"""The precursor's Theorem 4.1 instance by hand: a_1 = (1, −1), y_1 = +1; a_2 = (−1, −4), y_2 = −1."""


def weight_limit_claim(at_zero):
    claimed = sp.Piecewise((1, m < 0), (at_zero, sp.Eq(m, 0)), (0, True))
    return [gp.checks.identity(gp.symbolic.weight_limit(m), claimed)]


def weight_limit_oracle(at_zero) -> bool:
    """σ(0) = 1/2 exactly for every c, and σ(±c) is within e^{−c} of 1 resp. 0 (c = 100, 60 digits)."""
    with iv_digits(60):
        c = iv.mpf(100)
        near_one = decide(1 - 1 / (1 + iv.exp(-c)) < iv.mpf(10) ** -40)
        near_zero = decide(1 / (1 + iv.exp(c)) < iv.mpf(10) ** -40)
    return near_one and near_zero and Fraction(1, 1 + 1) == at_zero


def _sigmoid_reaches_one(k: int) -> bool:
    """Whether σ(k) ≥ 1, by intervals at 200 digits (1 − σ(k) = 1/(1 + e^k) ≈ e^{−k} is resolved)."""
    with iv_digits(200):
        return decide(1 / (1 + iv.exp(-iv.mpf(k))) >= 1)


def exact_iterates(first_step: str, steps: int):
    """v̂_0..v̂_steps of the batch perceptron on Thm 4.1, in rationals (reusing the exact recount)."""
    X, y = THM41
    out, v = [[Fraction(0), Fraction(0)]], [Fraction(0), Fraction(0)]
    for t in range(steps):
        margins = [yi * (x[0] * v[0] + x[1] * v[1]) for x, yi in zip(X, y)]
        if all(mi > 0 for mi in margins):
            out.append(list(v))
            continue
        weights = [(Fraction(1, 2) if (t == 0 and first_step == "half" and mi == 0) else 1) if mi <= 0 else 0
                   for mi in margins]
        v = [v[j] + Fraction(1, 2) * sum(w * yi * x[j] for w, x, yi in zip(weights, X, y)) for j in range(2)]
        out.append(list(v))
    return out


def gd_iterates_iv(gamma: int, steps: int, dps: int = 500):
    """v_0..v_steps of linear GD (mean logistic loss) on Thm 4.1, in intervals."""
    X, y = THM41
    with iv_digits(dps):
        v, out = [iv.mpf(0), iv.mpf(0)], []
        out.append(list(v))
        for _ in range(steps):
            margins = [yi * (x[0] * v[0] + x[1] * v[1]) for x, yi in zip(X, y)]
            s = [1 / (1 + iv.exp(mi)) for mi in margins]
            v = [v[j] + iv.mpf(gamma) / 2 * sum((si * yi * x[j] for si, x, yi in zip(s, X, y)), iv.mpf(0))
                 for j in range(2)]
            out.append(list(v))
        return out


def linear_limit_oracle(first_step: str) -> bool:
    """Whether lim_{γ→∞} v_t/γ = v̂_t for t ≤ 3: v_1/γ = (1/2, 3/4) exactly for every γ (σ(0) = 1/2);
    after it the margins are ±Θ(γ) and the weights converge to the indicator exponentially, so the
    limit is v̂ with the half first step; at γ = 1000 the iterates are within 10^-80 of it."""
    half = exact_iterates("half", 3)
    claimed = exact_iterates(first_step, 3)
    with iv_digits(500):
        near = all(decide(abs(p / 1000 - iv.mpf(q.numerator) / q.denominator) < iv.mpf(10) ** -80)
                   for vt, ht in zip(gd_iterates_iv(1000, 3), half) for p, q in zip(vt, ht))
    return near and claimed == half and exact_perceptron(THM41, "batch", "half") == 2


def linear_limit_claim(first_step: str):
    """The user's asymptotic check: max_t ≤ 3 |v_t/γ − v̂_t| for γ = 10^2, 10^4, 10^6 must shrink to 0."""

    @gp.check("asymptotic", f"v_t/γ against the perceptron with first_step={first_step}")
    def run(ctx):
        data, model = gp.datasets.precursor_thm41(), gp.models.Linear(2)
        ref = gp.run_perceptron(model, data, 3, first_step=first_step, dps=ctx.dps)
        errors = []
        with mpmath.workdps(ctx.dps):
            for gamma in (10**2, 10**4, 10**6):
                traj = gp.run_gd(model, data, gamma, 3, dps=ctx.dps)
                errors.append(max(abs(p / gamma - q) for t in range(4) for p, q in zip(traj.params[t], ref.params[t])))
            tiny = mpmath.mpf(10) ** (10 - ctx.dps)
        facts = {"errors": [mpmath.nstr(e, 5) for e in errors]}
        if errors[-1] <= tiny:
            return gp.CheckResult(gp.SUPPORTED, f"errors {facts['errors']} vanish", facts, dps=ctx.dps)
        if min(errors) > mpmath.mpf(1) / 10:
            return gp.CheckResult(gp.REFUTED, f"errors {facts['errors']} do not shrink", facts,
                                  counterexample=facts, dps=ctx.dps)
        return gp.CheckResult(gp.UNDECIDED, f"errors {facts['errors']}", facts, dps=ctx.dps)

    return [run]


ENTRIES = [
    Entry("limit.weight-limit", "lim_{c→∞} σ(−cm) = 1, 1/2, 0 for m < 0, m = 0, m > 0", True,
          "σ(0) = 1/2 for every c; σ(−cm) → 1 or 0 exponentially fast otherwise", (3,),
          lambda: weight_limit_claim(sp.Rational(1, 2)), lambda: weight_limit_oracle(Fraction(1, 2))),
    Entry("limit.weight-limit-full-step", "lim_{c→∞} σ(−cm) = 1 for m ≤ 0 and 0 for m > 0", False,
          "at m = 0 the weight is σ(0) = 1/2 for every c: the GD limit takes a half first step", (3,),
          lambda: weight_limit_claim(1), lambda: weight_limit_oracle(Fraction(1))),
    Entry("limit.linear-half-step", "on the Thm 4.1 instance, lim_{γ→∞} v_t/γ = v̂_t (batch perceptron, half first "
          "step) for t ≤ 3", True, "exact limits by the margins' signs; intervals at 500 digits at γ = 1000", (2,),
          lambda: linear_limit_claim("half"), lambda: linear_limit_oracle("half")),
    Entry("limit.linear-full-step", "on the Thm 4.1 instance, lim_{γ→∞} v_t/γ = v̂_t (batch perceptron, full first "
          "step) for t ≤ 3", False, "v_1/γ = (1/2, 3/4) for every γ, but the full step gives v̂_1 = (1, 3/2)", (2,),
          lambda: linear_limit_claim("full"), lambda: linear_limit_oracle("full")),
    Entry("limit.log1p-positive", "ln(1 + e^{−k}) > 0 for every integer k in [240, 900]", True,
          "1 + e^{−k} > 1; it rounds to exactly 1 at 50 and 100 digits", (2,),
          lambda: [gp.checks.property_based(lambda k: mpmath.log(1 + mpmath.exp(-k)) > 0, st.integers(240, 900))],
          lambda: bool(sp.log(1 + sp.exp(-sp.Symbol("k", positive=True))).is_positive)),
    Entry("limit.laundered-interval-true", "1 − σ(k) > 0 for every integer k in [120, 900] (the predicate wraps "
          "a rounded value in an interval: iv.mpf(1 − σ(k)) > 0)", True,
          "1 − σ(k) = 1/(1 + e^k) > 0; the rounded 1 − σ(k) is exactly 0, and a point interval around it "
          "certifies nothing", (2,),
          lambda: [gp.checks.property_based(lambda k: iv.mpf(1 - mp_sigmoid(k)) > 0, st.integers(120, 900))],
          lambda: bool((1 / (1 + sp.exp(sp.Symbol("k", positive=True)))).is_positive)),
    Entry("limit.laundered-interval-false", "σ(k) ≥ 1 for every integer k in [300, 900] (the predicate compares "
          "iv.mpf(σ(k)) ≥ 1)", False, "σ(k) < 1 since e^{−k} > 0; σ(k) rounds to 1 before it enters the interval", (2,),
          lambda: [gp.checks.property_based(lambda k: iv.mpf(mp_sigmoid(k)) >= 1, st.integers(300, 900))],
          lambda: _sigmoid_reaches_one(300)),
    Entry("limit.float-underflow", "e^{−k} > 0 for every integer k in [750, 900] (the predicate uses math.exp)", True,
          "e^{−k} > 0 for every real k; math.exp underflows to 0.0 below 10^-324", (2,),
          lambda: [gp.checks.property_based(lambda k: math.exp(-k) > 0, st.integers(750, 900))],
          lambda: bool(sp.exp(-sp.Symbol("k", positive=True)).is_positive)),
    Entry("limit.fraction-laundered", "e^{−k} > 0 for every integer k in [750, 900] (the predicate compares "
          "Fraction(math.exp(−k)) > 0)", True,
          "e^{−k} > 0; math.exp underflows to 0.0, and exact arithmetic on a rounded value certifies nothing", (2,),
          lambda: [gp.checks.property_based(lambda k: Fraction(math.exp(-k)) > 0, st.integers(750, 900))],
          lambda: bool(sp.exp(-sp.Symbol("k", positive=True)).is_positive)),
    Entry("limit.rational-laundered", "σ(k) = 1 for every integer k in [300, 900] (the predicate compares "
          "sp.Rational(str(σ(k))) == 1)", False, "σ(k) < 1; the rounded σ(k) prints as 1.0", (2,),
          lambda: [gp.checks.property_based(lambda k: sp.Rational(str(mp_sigmoid(k))) == 1, st.integers(300, 900))],
          lambda: _sigmoid_reaches_one(300)),
]
