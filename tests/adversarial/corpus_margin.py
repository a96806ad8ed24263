"""Robust margins of the two-neuron ReLU net, the gradient-flow solution, the growth recursion
a_{t+1} = a_t + 1/(1 + e^{a_t}) and the Θ(1/ln t) rate of the canonical example (spec margin.md).

Oracles: elementary geometry in exact numbers (the zero set of N(x) = relu(w1·x) − relu(w2·x) with
x+ = e1, x− = e2); the Lambert-W identity W e^W = z done by hand; for the recursion, direct interval
stepping and the telescoping bounds e + T + 1 − a_T ≤ e^{a_T} ≤ e + T (from a_0 = 1, η = 1; see
:func:`recursion_bounds`); for rates, SymPy limits of the closed-form gap in a = a_t.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st
from mpmath import iv

import gdperceptron as gp
from gdperceptron.numeric import rates, recursion

from .entries import Entry, decide, instance_check, iv_digits

PAIR = gp.Dataset([[1, 0], [0, 1]], [1, -1])
"""x+ = e1 with label +1, x− = e2 with label −1 (unit, orthogonal): ρ* = sin(π/4) = 1/√2."""
RHO_STAR = 1 / sp.sqrt(2)
NETS = st.lists(st.integers(-2, 2), min_size=4, max_size=4)


def relu(z):
    return max(z, 0)


def separates(w) -> bool:
    """N(x+) > 0 > N(x−) for N(x) = relu(w1·x) − relu(w2·x) on x+ = e1, x− = e2."""
    return relu(w[0]) - relu(w[2]) > 0 > relu(w[1]) - relu(w[3])


def margin(w):
    return gp.robust_margin(gp.models.TwoNeuronReLU(2), list(w), PAIR)


def upper_bound_predicate(slack, filtered: bool):
    """ρ ≤ 1/√2 − slack for separating nets; ``filtered=False`` is the user's mistake of answering
    True for the draws the statement does not apply to (they are then counted as tested)."""

    def predicate(w):
        if not separates(w):
            assume(not filtered)
            return True
        return bool(margin(w) <= RHO_STAR - slack)

    return predicate


def segment_zero(w):
    """A zero of N on the segment x(s) = (1 − s, s) from x+ to x−, in exact rationals.

    N(x(s)) is piecewise linear in s with kinks where w_j·x(s) = 0; a separating net has N > 0 at
    s = 0 and N < 0 at s = 1, so one linear piece changes sign and its zero is found exactly."""
    def N(s):
        x = (1 - s, s)
        return relu(w[0] * x[0] + w[1] * x[1]) - relu(w[2] * x[0] + w[3] * x[1])

    kinks = {Fraction(p, p - q) for p, q in ((w[0], w[1]), (w[2], w[3])) if p != q and 0 < Fraction(p, p - q) < 1}
    points = sorted({Fraction(0), Fraction(1)} | kinks)
    for lo, hi in zip(points, points[1:]):
        if N(lo) > 0 >= N(hi):
            return lo + (hi - lo) * N(lo) / (N(lo) - N(hi))
    raise AssertionError(f"no sign change on the segment for {w}")


def segment_bound_holds() -> bool:
    """ρ ≤ 1/√2 for every separating integer net in [−2, 2]^4: a zero z = x(s) of N lies on the
    segment, so ρ ≤ min(|x+ − z|, |x− − z|) = √2·min(s, 1 − s) ≤ √2/2."""
    nets = [w for w in itertools.product(range(-2, 3), repeat=4) if separates(w)]
    return bool(nets) and all(min(s, 1 - s) <= Fraction(1, 2) for s in map(segment_zero, nets))


def optimal_distance_by_hand() -> sp.Expr:
    """ρ for w1 = e1, w2 = e2 by hand: Z = A ∪ B with A = {x1 ≤ 0, x2 ≤ 0} at distance 1 from e1 and
    e2, and B = {x1 = x2 ≥ 0} at distance |(1/2, −1/2)| = 1/√2 from each."""
    to_cone = sp.Integer(1)
    to_line = sp.sqrt(sp.Rational(1, 4) + sp.Rational(1, 4))
    return sp.Min(to_cone, to_line)


def margin_equals(value):
    return [instance_check("robust margin of (w1, w2) = (e1, e2)",
                           lambda ctx: (sp.simplify(margin([1, 0, 0, 1]) - value) == 0,
                                        {"rho": str(margin([1, 0, 0, 1])), "claimed": str(value)}))]


def scaled_predicate(power):
    """ρ(c·w) = c^power·ρ(w) for the drawn separating net and factor c."""

    def predicate(example):
        w, c = example
        assume(separates(w))
        return bool(sp.simplify(margin([c * v for v in w]) - c**power * margin(w)) == 0)

    return predicate


def relu_homogeneous() -> bool:
    """relu(cz) = c·relu(z) for c > 0, on each sign of z, so N_{cw} = c·N_w and Z(cw) = Z(w)."""
    c, zp, zn = sp.Symbol("c", positive=True), sp.Symbol("z", positive=True), sp.Symbol("z", negative=True)
    return all(sp.Max(0, c * z) - c * sp.Max(0, z) == 0 for z in (zp, zn))


t, c0 = sp.symbols("t c", real=True)
eta = sp.Symbol("eta", positive=True)
C = eta * t + c0
FLOW = C - sp.LambertW(sp.exp(C))
"""a(t) = C − W0(e^C), C = ηt + c: the gradient flow a' = η/(1 + e^a) of the logistic growth (L4)."""


def flow_oracle(rhs_of_a) -> bool:
    """With W = W0(e^C) > 0: e^{a} = e^{C − W} = W (since W e^W = e^C) and W'(z) = W/(z(1 + W)), so
    a' = η − η·W/(1 + W) = η/(1 + W); compare with the claimed right side rhs(a) written in e^a = W."""
    W = sp.Symbol("W", positive=True)
    derivative = eta - eta * W / (1 + W)  # d/dt [C − W(e^C)] with dW/dt = W'(e^C)·e^C·η = ηW/(1 + W)
    return sp.cancel(derivative - rhs_of_a(W)) == 0


ETA_T = 10**4
LOG_T = sp.log(ETA_T)
HORIZON = 10**9


def direct_a(T: int, dps: int = 40):
    """a_T by direct stepping in intervals (a_0 = 1, η = 1, logistic)."""
    with iv_digits(dps):
        a = iv.mpf(1)
        for _ in range(T):
            a = a + 1 / (1 + iv.exp(a))
        return a


def recursion_bounds(T: int, dps: int = 40):
    """An interval containing a_T (a_0 = 1, η = 1, logistic), without stepping.

    G(a) = e^a + a increases by G(a_{t+1}) − G(a_t) = e^{a_t}(e^w − 1) + w with w = 1/(1 + e^{a_t}):
    at least w(1 + e^{a_t}) = 1 (e^w − 1 ≥ w) and at most 1 + w (e^w − 1 ≤ w + w², e^{a}w² ≤ w).
    Summing, with Σ w(a_t) = a_T − a_0: e + T + 1 − a_T ≤ e^{a_T} ≤ e + T."""
    with iv_digits(dps):
        e, T = iv.exp(1), iv.mpf(T)
        upper = iv.log(e + T)
        lower = iv.log(e + T + 1 - upper)
        return iv.mpf([lower.a, upper.b])


def recursion_claim(T: int, bound_text: str, bound):
    """The user's check: a_T ≤ bound, decided from the certified enclosure of recursion.step/advance."""

    def compute(ctx):
        enclosure = (recursion.step(1, 1, T, dps=ctx.dps) if T <= 10**4
                     else recursion.advance(1, 1, T, dps=ctx.dps))
        with mpmath.workdps(ctx.dps):
            b = bound()
            facts = {"a_T": str(enclosure), "bound": bound_text}
            if enclosure.b <= b - abs(b) * mpmath.mpf(10) ** (5 - ctx.dps):
                return True, facts
            if enclosure.a > b + abs(b) * mpmath.mpf(10) ** (5 - ctx.dps):
                return False, facts
            return None, facts

    return [instance_check(f"a_T ≤ {bound_text} at T = {T}", compute)]


def upper_decided(enclosure_of_a, bound_iv) -> bool:
    """a_T ≤ bound decided by intervals: True/False, or an error if undecided."""
    return decide(enclosure_of_a <= bound_iv)


A_SYM = sp.Symbol("a", positive=True)
GAP = RHO_STAR - (A_SYM + sp.Rational(1, 10)) / sp.sqrt((A_SYM + sp.Rational(1, 10)) ** 2 + (A_SYM + sp.Rational(3, 10)) ** 2)
"""ρ* − ρ_t of the canonical example (κ1 = −0.3, κ2 = −0.1, θ = π/2) as a function of a = a_t."""
RATE_CONSTANT = sp.Rational(1, 10) / sp.sqrt(2)
GRID = [10**k for k in range(3, 13)]


def rate_claim(law, expected_constant=None, expected_k=None):
    """The user's asymptotic check: gaps from certified a_t on t = 10^3..10^12, then rates.test_law."""

    @gp.check("asymptotic", f"rate law {law}")
    def fit(ctx):
        enclosures = recursion.advance(1, 1, GRID, dps=ctx.dps)
        with mpmath.workdps(ctx.dps):
            gap = sp.lambdify(A_SYM, GAP, "mpmath")
            gaps = [gap(mpmath.mpf(e.mid)) for e in enclosures]
            result = rates.test_law(GRID, gaps, law, expected_constant=expected_constant, expected_k=expected_k,
                                    radius=max(mpmath.mpf(e.delta) for e in enclosures))
        facts = {"reasons": result.reasons}
        if result.contradicted:
            return gp.CheckResult(gp.REFUTED, f"the fit contradicts {law}", facts, counterexample=facts, dps=ctx.dps)
        if result.supported:
            return gp.CheckResult(gp.SUPPORTED, f"the fit supports {law}: c = {result.constant}", facts, dps=ctx.dps)
        return gp.CheckResult(gp.UNDECIDED, f"the fit neither supports nor contradicts {law}", facts, dps=ctx.dps)

    return [fit]


def a_over_log_tends_to_one() -> bool:
    """From recursion_bounds: ln(T + e + 1 − ln(T + e)) ≤ a_T ≤ ln(T + e), so a_T/ln T → 1."""
    T = sp.Symbol("T", positive=True)
    lower = sp.log(T + sp.E + 1 - sp.log(T + sp.E)) / sp.log(T)
    return sp.limit(lower, T, sp.oo) == 1 and sp.limit(sp.log(T + sp.E) / sp.log(T), T, sp.oo) == 1


def gap_limit(power):
    """lim_{a→∞} a^power·gap(a) (a_t ~ ln t, so this is the limit of ln^power(t)·gap_t)."""
    return sp.limit(A_SYM**power * GAP, A_SYM, sp.oo)


def power_law_rate_oracle() -> bool:
    """gap_t = Θ(t^{-1/2}) would need √t·gap_t bounded; with a_t ≤ ln(t + e) and gap(a) ~ c/a > 0,
    √t·gap_t ≥ √t·gap(ln(t + e))/2 for large t, which tends to ∞."""
    T = sp.Symbol("T", positive=True)
    return a_over_log_tends_to_one() and sp.limit(sp.sqrt(T) / sp.log(T), T, sp.oo) != sp.oo


ENTRIES = [
    Entry("margin.optimal-net", "the net (w1, w2) = (e1, e2) on x+ = e1, x− = e2 has robust margin 1/√2", True,
          "distance 1 to the dead cone, 1/√2 to the plane x1 = x2", (4,),
          lambda: margin_equals(RHO_STAR), lambda: sp.simplify(optimal_distance_by_hand() - RHO_STAR) == 0),
    Entry("margin.optimal-net-12th-digit", "the net (e1, e2) on x+ = e1, x− = e2 has robust margin 0.707106781187",
          False, "the margin is 1/√2 = 0.70710678118654752…, irrational", (4,),
          lambda: margin_equals(sp.Rational("0.707106781187")),
          lambda: sp.simplify(optimal_distance_by_hand() - sp.Rational("0.707106781187")) == 0),
    Entry("margin.upper-bound", "every separating two-neuron net with integer weights in [−2, 2] has ρ ≤ 1/√2", True,
          "the segment from x+ to x− crosses Z, at distance ≤ |x+ − x−|/2 = 1/√2 from one of them", (5,),
          lambda: [gp.checks.property_based(upper_bound_predicate(0, True), NETS)],
          segment_bound_holds),
    Entry("margin.upper-bound-12th-digit", "every separating two-neuron net with integer weights in [−2, 2] has "
          "ρ ≤ 1/√2 − 10^-12", False, "(e1, e2) separates and has ρ = 1/√2; the predicate returns True for "
          "non-separating draws, which are then counted as tested", (5, 7),
          lambda: [gp.checks.property_based(upper_bound_predicate(sp.Rational(1, 10**12), False), NETS)],
          lambda: bool(optimal_distance_by_hand() <= RHO_STAR - sp.Rational(1, 10**12))),
    Entry("margin.scale-invariant", "ρ(c·w) = ρ(w) for every separating integer net in [−2, 2] and c ∈ {1/2, 2, 3}",
          True, "relu(cz) = c·relu(z) for c > 0: N_{cw} = c·N_w has the same zero set", (5,),
          lambda: [gp.checks.property_based(scaled_predicate(0), st.tuples(NETS, st.sampled_from(
              [sp.Rational(1, 2), 2, 3])))],
          relu_homogeneous),
    Entry("margin.scale-linear", "ρ(c·w) = c·ρ(w) for every separating integer net in [−2, 2] and c ∈ {1/2, 2, 3}",
          False, "ρ(c·w) = ρ(w) (same zero set); at (e1, e2), c = 2: 1/√2 ≠ √2", (5,),
          lambda: [gp.checks.property_based(scaled_predicate(1), st.tuples(NETS, st.sampled_from(
              [sp.Rational(1, 2), 2, 3])))],
          lambda: not relu_homogeneous() or 2 * optimal_distance_by_hand() == optimal_distance_by_hand()),
    Entry("margin.flow-lambert", "a(t) = C − W0(e^C), C = ηt + c, solves a' = η/(1 + e^a) for all real t, c", True,
          "e^{C − W} = W and W' = W/(z(1 + W)): both sides are η/(1 + W)", (3,),
          lambda: [gp.checks.identity(sp.diff(FLOW, t), eta / (1 + sp.exp(FLOW)))],
          lambda: flow_oracle(lambda W: eta / (1 + W))),
    Entry("margin.flow-exponential-loss", "a(t) = C − W0(e^C), C = ηt + c, solves a' = η e^{−a} for all real t, c",
          False, "a' = η/(1 + W) while η e^{−a} = η/W", (3,),
          lambda: [gp.checks.identity(sp.diff(FLOW, t), eta * sp.exp(-FLOW))],
          lambda: flow_oracle(lambda W: eta / W)),
    Entry("recursion.below-log", "a_{10^4} ≤ ln(10^4) for a_{t+1} = a_t + 1/(1 + e^{a_t}), a_0 = 1", True,
          "direct interval stepping: a_{10^4} = 9.2101898959142… < 9.2103403719…", (2,),
          lambda: recursion_claim(ETA_T, "ln(10^4)", lambda: mpmath.log(ETA_T)),
          lambda: upper_decided(direct_a(ETA_T), iv.log(ETA_T))),
    Entry("recursion.constant-12th-digit", "a_{10^4} ≤ 9.21018989591 for a_{t+1} = a_t + 1/(1 + e^{a_t}), a_0 = 1",
          False, "direct interval stepping: a_{10^4} = 9.210189895914230…, 4·10^-12 above the bound", (2,),
          lambda: recursion_claim(ETA_T, "9.21018989591", lambda: mpmath.mpf("9.21018989591")),
          lambda: upper_decided(direct_a(ETA_T), iv.mpf("9.21018989591"))),
    Entry("recursion.horizon-upper", "a_T ≤ ln(T + 3) at T = 10^9 for a_{t+1} = a_t + 1/(1 + e^{a_t}), a_0 = 1", True,
          "telescoping: e^{a_T} ≤ e + T < T + 3", (2,),
          lambda: recursion_claim(HORIZON, "ln(10^9 + 3)", lambda: mpmath.log(HORIZON + 3)),
          lambda: upper_decided(recursion_bounds(HORIZON), iv.log(HORIZON + 3))),
    Entry("recursion.horizon-too-low", "a_T ≤ ln(T − 20) at T = 10^9 for a_{t+1} = a_t + 1/(1 + e^{a_t}), a_0 = 1",
          False, "telescoping: e^{a_T} ≥ e + T + 1 − a_T > T − 17 (a_T < 21)", (2,),
          lambda: recursion_claim(HORIZON, "ln(10^9 − 20)", lambda: mpmath.log(HORIZON - 20)),
          lambda: upper_decided(recursion_bounds(HORIZON), iv.log(HORIZON - 20))),
    Entry("rates.canonical-inverse-log", "in the canonical example ρ* − ρ_t = Θ(1/ln t)", True,
          "a·gap(a) → 1/(10√2) > 0 and a_t/ln t → 1", (2,),
          lambda: rate_claim("1/ln t"), lambda: a_over_log_tends_to_one() and gap_limit(1) == RATE_CONSTANT),
    Entry("rates.canonical-inverse-log-squared", "in the canonical example ρ* − ρ_t = Θ(1/ln² t)", False,
          "a²·gap(a) → ∞ and a_t/ln t → 1, so ln²(t)·gap_t is unbounded", (2,),
          lambda: rate_claim("1/ln^2 t"), lambda: a_over_log_tends_to_one() and gap_limit(2) != sp.oo),
    Entry("rates.canonical-sqrt-t", "in the canonical example ρ* − ρ_t = Θ(t^{-1/2})", False,
          "gap_t ~ c/ln t decays far slower than t^{-1/2}", (2,),
          lambda: rate_claim("t^-k", expected_k=mpmath.mpf(1) / 2), power_law_rate_oracle),
    Entry("rates.canonical-constant", "in the canonical example ln(t)·(ρ* − ρ_t) → 0.2/(2√2)", True,
          "a·gap(a) → 1/(10√2) = 0.2/(2√2), and a_t − ln t → 0", (2,),
          lambda: rate_claim("1/ln t", expected_constant=mpmath.mpf("0.2") / (2 * mpmath.sqrt(2))),
          lambda: a_over_log_tends_to_one() and gap_limit(1) == sp.Rational(2, 10) / (2 * sp.sqrt(2))),
    Entry("rates.canonical-constant-5-percent", "in the canonical example ln(t)·(ρ* − ρ_t) → 0.0742", False,
          "the limit is 1/(10√2) = 0.0707106…", (2,),
          lambda: rate_claim("1/ln t", expected_constant=mpmath.mpf("0.0742")),
          lambda: gap_limit(1) == sp.Rational("0.0742")),
]
