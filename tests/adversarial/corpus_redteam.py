"""Red-team corpus: claims written through the public API by an outside researcher after the
issue-12 hardening, to find what still slips through.

Defects found (strict xfails in ``KNOWN_UNSOUND``, test_corpus.py):

* **Rounded arithmetic the rounding guard does not see** (class 2).  The guard watches mpmath's
  rounded context, ``math``, SymPy's ``evalf`` and float constants held by the predicate.  It does
  not see Python's ``/`` on ints (a float), floats drawn by ``st.floats``, float constants held in a
  module global, ``mpmath.fp``, numpy, ``cmath``, ``decimal`` or arithmetic on SymPy ``Float``s.
  Each decides as if certified: true claims REFUTED, false ones SUPPORTED.
* **An undecided interval comparison used as a bool** (class 2/7).  ``bool(a > b)`` on overlapping
  enclosures is ``bool(None)`` = False: a certified-looking counterexample (true claim REFUTED).
  Inside a side of ``certified_inequality`` or a ``step`` of ``induction``, ``z if z > 0 else 0``
  (a ReLU written in Python) takes the wrong branch on a box that straddles 0, so the "enclosure"
  is not one and a false claim is PROVEN.
* **Undefined functions' assumptions ignored by the identity witness** (class 4).  ``Function('g',
  positive=True)`` is replaced by a random quadratic that can be negative: a true identity about
  every positive g is REFUTED.
* **Floats laundered by SymPy's auto-evaluation** (class 3).  ``sp.ceiling(1 + sp.Float(1e-20))``
  arrives as the exact Integer 1; the identity check has no Float to refuse and PROVEs a false
  statement (and REFUTEs the true one).

The other entries probe the same places and are handled correctly (true and false).  Oracles use
``fractions.Fraction``, SymPy exact arithmetic or mpmath intervals at 100+ digits, never the checker.
"""

from __future__ import annotations

import cmath
import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st
from mpmath import iv

import gdperceptron as gp

from .corpus_counts import exact_perceptron
from .entries import Entry, decide, identity_check, interval_check, iv_const, iv_digits, positive_rational_function

x = sp.Symbol("x", real=True)
n_int = sp.Symbol("n", integer=True)
u = sp.Symbol("u", positive=True)
g_pos = sp.Function("g", positive=True)
g_neg = sp.Function("g", negative=True)
h_pos = sp.Function("h", positive=True)

EPSILON = 2.0**-60 + 2.0**-100
"""A module-level float constant (not held by the predicate's code, closure or defaults)."""


def prop(predicate, strategy, **kw):
    return [gp.checks.property_based(predicate, strategy, **kw)]


# ------------------------------------------------------------------------------------------------
# Oracles
# ------------------------------------------------------------------------------------------------

def sigmoid_below_one(lo: int, hi: int, dps: int = 120) -> bool:
    """1 − σ(k) = 1/(1 + e^k) > 0 for every integer k in [lo, hi], by intervals at ``dps`` digits
    (checked at the ends; 1/(1 + e^k) is positive for every real k, the ends only confirm the digits)."""
    with iv_digits(dps):
        return all(decide(1 / (1 + iv.exp(iv.mpf(k))) > 0) for k in (lo, hi))


def relu_oracle(lo, hi, rhs) -> bool:
    """relu(x) ≤ rhs(x) on [lo, hi] for a linear rhs: both sides are piecewise linear with a kink at
    0, so checking lo, hi and 0 (if inside) in exact rationals decides it."""
    points = [Fraction(lo), Fraction(hi)] + ([Fraction(0)] if Fraction(lo) < 0 < Fraction(hi) else [])
    return all(max(p, 0) <= rhs(p) for p in points)


def doubling_relu_orbit_stays(start: Fraction, lo, hi, steps: int = 10) -> bool:
    """s_{t+1} = relu(2 s_t) from ``start`` stays in [lo, hi] for t ≤ steps (exact rationals)."""
    s = start
    for _ in range(steps):
        if not lo <= s <= hi:
            return False
        s = max(2 * s, Fraction(0))
    return lo <= s <= hi


def halving_orbit_below(bound: Fraction, steps: int) -> bool:
    """s_{t+1} = s_t/2 + 1/4 from 0 stays ≤ ``bound`` for t ≤ steps: s_t = 1/2 − 2^{−t−1}, exact."""
    s = Fraction(0)
    for _ in range(steps):
        if s > bound:
            return False
        s = s / 2 + Fraction(1, 4)
    return s <= bound


def exp_minus_one_positive() -> bool:
    """For g > 0, e^g − 1 > 0, so |e^g − 1| = e^g − 1: in v = e^g − 1 the claim is |v| = v for v > 0."""
    v = sp.Symbol("v", positive=True)
    increasing = bool(sp.diff(sp.exp(u) - 1, u).is_positive)   # (e^u − 1)' = e^u > 0
    return sp.Abs(v) == v and increasing and sp.exp(0) - 1 == 0


def iv_gd_chain3(gamma: Fraction, horizon: int = 6, dps: int = 300):
    """Linear GD from 0 on chain(3) (mean logistic loss) in intervals: the first t with all margins
    > 0 (rows e1 − e2, e2 − e3, e3; labels +1)."""
    X = [[1, -1, 0], [0, 1, -1], [0, 0, 1]]
    with iv_digits(dps):
        g = iv.mpf(gamma.numerator) / gamma.denominator
        v = [iv.mpf(0)] * 3
        for t in range(horizon + 1):
            margins = [sum((iv.mpf(a) * b for a, b in zip(row, v)), iv.mpf(0)) for row in X]
            if any(m.a <= 0 < m.b for m in margins):
                raise AssertionError("undecided margin: raise the oracle's precision")
            if all(m.a > 0 for m in margins):
                return t
            w = [1 / (1 + iv.exp(m)) for m in margins]
            v = [v[j] + g / 3 * sum((wi * row[j] for wi, row in zip(w, X)), iv.mpf(0)) for j in range(3)]
    return None


# ------------------------------------------------------------------------------------------------
# The user's side
# ------------------------------------------------------------------------------------------------

def relu_py(z):
    """ReLU as a user writes it in Python: on an interval straddling 0, ``z > 0`` is None (falsy)."""
    return z if z > 0 else iv.mpf(0)


def branch_step(z):
    return 2 * z if z > 0 else iv.mpf(0)


def gd_chain3_count(gamma):
    """The user's instance: linear GD on chain(3) separates at step 3 (None when not certain)."""
    traj = gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), gamma, 6, dps=mpmath.mp.dps)
    return None if not traj.separation_certain else traj.separated_at == 3


def gd_record_every(_):
    traj = gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), 1, 5, record_every=4, dps=mpmath.mp.dps)
    return None if not traj.separation_certain else traj.separated_at == 3


def perceptron_irrational(_):
    data = gp.Dataset([[sp.sqrt(2), 1], [1, -sp.sqrt(2)]], [1, 1])
    traj = gp.run_perceptron(gp.models.Linear(2), data, 5)
    return None if not traj.separation_certain else traj.separated_at == 1


def nan_dataset_claim():
    """A user builds a data set with a NaN entry inside make(): must be refused with InputError."""
    gp.Dataset([[float("nan"), 1], [1, 2]], [1, -1])
    return identity_check(x, x)


def mismatched_dataset_claim():
    gp.Dataset([[1, 2], [3, 4]], [1])
    return identity_check(x, x)


def one_over_zero_endpoint():
    """The string endpoint '1/0' (a typo for '1/10'): must be refused with a one-line InputError."""
    return interval_check(lambda v: v, lambda v: v + 1, [(0, "1/0")])


def one_over_zero_dataset():
    gp.Dataset([["1/0", 1], [1, 2]], [1, -1])
    return identity_check(x, x)


def one_over_zero_gamma():
    gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), "1/0", 2)
    return identity_check(x, x)


def cli_bad_activation():
    """`gdperceptron scaling --model "two-layer:act=leaky_relu(1/0)"` must exit 2 with one line; the
    outcome is turned into the corpus's terms: an InputError when it does, an exception when not."""
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-m", "gdperceptron.cli", "scaling", "--family", "chain", "--model",
                          "two-layer:act=leaky_relu(1/0)", "--d", "4", "--out", "scaling-out"],
                         capture_output=True, text=True, timeout=60)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    if run.returncode == 2 and len(lines) == 1:
        raise gp.InputError(lines[0])
    raise RuntimeError(f"exit {run.returncode}, {len(lines)} lines, last: {lines[-1] if lines else ''}")


def tiny_default(k, eps=1e-30):
    """A float constant in a default argument (the guard reads __defaults__)."""
    return k + eps > k


NP_TINY = np.float64(1e-30)


def numpy_closure():
    tiny = NP_TINY
    return lambda k: bool(k + tiny > k)


def rare_filter(k):
    assume(k % 1009 == 0)
    return k * k % 1009 == 0


PAIR = gp.Dataset([[1, 0], [0, 1]], [1, -1])


def sqrt2_net_margin(claimed):
    """ρ of N(x) = relu(√2 x1) − relu(x2) on x+ = e1, x− = e2 against ``claimed``, exactly."""
    def predicate(w):
        rho = gp.robust_margin(gp.models.TwoNeuronReLU(2), w, PAIR)
        return bool(sp.simplify(rho - claimed) == 0)
    return [gp.checks.on_instances(predicate, {"w = (√2, 0, 0, 1)": [sp.sqrt(2), 0, 0, 1]})]


def sqrt2_net_by_hand() -> sp.Expr:
    """Z = {x1 ≤ 0, x2 ≤ 0} ∪ {x2 = √2 x1 ≥ 0}: e1 is at distance √(2/3) from the line (1 from the cone),
    e2 at distance |0·√2 − 1·1|/√3 = 1/√3 (1 from the cone); the margin is the smaller."""
    direction = sp.Matrix([1, sp.sqrt(2)]) / sp.sqrt(3)
    def to_line(p):
        p = sp.Matrix(p)
        return sp.sqrt(sp.simplify((p - (p.dot(direction)) * direction).dot(p - (p.dot(direction)) * direction)))
    return sp.Min(to_line([1, 0]), to_line([0, 1]), 1)


HEAVISIDE_SUM = sp.Heaviside(x) + sp.Heaviside(-x)

ENTRIES = [
    # ---------------- rounded arithmetic the guard does not see (defects) ----------------
    Entry("redteam.int-true-division", "(k/49)·49 = k for every integer k in [1, 100] (predicate: k / 49 * 49 == k, "
          "Python's / on ints)", True, "(k/49)·49 = k in the rationals; the float 1/49·49 is 0.9999999999999999", (2,),
          lambda: prop(lambda k: k / 49 * 49 == k, st.integers(1, 100)),
          lambda: all(Fraction(k, 49) * 49 == k for k in range(1, 101))),
    Entry("redteam.int-true-division-false", "k/(k+1) = 1 for every integer k in [2^54, 2^60] (predicate: k / (k + 1) "
          "== 1)", False, "k/(k+1) < 1 for every k ≥ 0; the float quotient rounds to 1.0", (2,),
          lambda: prop(lambda k: k / (k + 1) == 1, st.integers(2**54, 2**60)),
          lambda: Fraction(2**54, 2**54 + 1) == 1),
    Entry("redteam.floats-strategy", "x + x/2^60 = x for every x in [1, 2] (examples from st.floats, plain float "
          "arithmetic)", False, "x/2^60 > 0 for x ≥ 1; in floats x + x/2^60 rounds back to x", (2,),
          lambda: prop(lambda v: v + v / 2**60 == v, st.floats(1, 2)),
          lambda: Fraction(1) + Fraction(1, 2**60) == 1),
    Entry("redteam.global-float-constant", "k + ε = k for every integer k in [1, 100], ε = 2^-60 + 2^-100 (a float "
          "held in a module global)", False, "ε > 0; k + ε rounds to k in floats", (2,),
          lambda: prop(lambda k: k + EPSILON == k, st.integers(1, 100)),
          lambda: 1 + Fraction(EPSILON) == 1),
    Entry("redteam.mpmath-fp-context", "1 − σ(k) > 0 for every integer k in [40, 100] (predicate uses mpmath.fp.exp)",
          True, "1 − σ(k) = 1/(1 + e^k) > 0; in double precision σ(k) = 1.0 for k ≥ 37", (2,),
          lambda: prop(lambda k: 1 - 1 / (1 + mpmath.fp.exp(-k)) > 0, st.integers(40, 100)),
          lambda: sigmoid_below_one(40, 100)),
    Entry("redteam.numpy-exp", "1 − σ(k) > 0 for every integer k in [40, 100] (predicate: bool(1 − 1/(1 + np.exp(−k)) "
          "> 0))", True, "1/(1 + e^k) > 0; numpy's float64 σ(k) is 1.0", (2,),
          lambda: prop(lambda k: bool(1 - 1 / (1 + np.exp(-k)) > 0), st.integers(40, 100)),
          lambda: sigmoid_below_one(40, 100)),
    Entry("redteam.decimal-exp", "σ(k) < 1 for every integer k in [70, 200] (predicate uses decimal.Decimal.exp, 28 "
          "digits)", True, "σ(k) = 1 − 1/(1 + e^k) < 1; 1 + e^{−70} rounds to 1 at 28 digits", (2,),
          lambda: prop(lambda k: 1 / (1 + (-Decimal(k)).exp()) < 1, st.integers(70, 200)),
          lambda: sigmoid_below_one(70, 200)),
    Entry("redteam.sympy-float-arithmetic", "1 + 2^{−k} > 1 for every integer k in [60, 200] (predicate: "
          "bool(sp.Float(1) + sp.Float(2)**(−k) > 1))", True, "2^{−k} > 0; 15-digit SymPy Floats drop it", (2,),
          lambda: prop(lambda k: bool(sp.Float(1) + sp.Float(2) ** (-k) > 1), st.integers(60, 200)),
          lambda: all(1 + Fraction(1, 2**k) > 1 for k in (60, 200))),
    Entry("redteam.cmath-underflow", "Re e^{−k} > 0 for every integer k in [750, 900] (predicate uses cmath.exp)", True,
          "e^{−k} > 0; cmath.exp underflows to 0", (2,),
          lambda: prop(lambda k: cmath.exp(-k).real > 0, st.integers(750, 900)),
          lambda: bool(sp.exp(-sp.Symbol("k", positive=True)).is_positive)),
    Entry("redteam.on-instances-int-division", "(k/49)·49 = k for k ∈ {1, 49} (gp.checks.on_instances, predicate "
          "k / 49 * 49 == k)", True, "exact: (1/49)·49 = 1; the float 1/49·49 is 0.9999999999999999", (2,),
          lambda: [gp.checks.on_instances(lambda k: k / 49 * 49 == k, [1, 49])],
          lambda: all(Fraction(k, 49) * 49 == k for k in (1, 49))),
    # ---------------- undecided interval comparisons used as bools (defects) ----------------
    Entry("redteam.bool-of-undecided-interval", "1 − σ(k) > 0 for every integer k in [120, 900] (predicate: "
          "bool(1 − 1/(1 + iv.exp(−k)) > 0))", True,
          "1/(1 + e^k) > 0; the enclosure of 1 − σ(k) contains 0 at 50-200 digits, the comparison is None and "
          "bool(None) is False", (2, 7),
          lambda: prop(lambda k: bool(1 - 1 / (1 + iv.exp(-k)) > 0), st.integers(120, 900)),
          lambda: sigmoid_below_one(120, 900, dps=500)),
    Entry("redteam.branch-relu-certified", "relu(x) ≤ (x + 1)/2 for every x in [−1, 2] (relu written as "
          "z if z > 0 else 0)", False, "at x = 2: 2 > 3/2 (fails for every x > 1)", (1, 7),
          lambda: interval_check(relu_py, lambda v: (v + 1) / 2, [(-1, 2)]),
          lambda: relu_oracle(-1, 2, lambda p: (p + 1) / 2)),
    Entry("redteam.branch-step-certified", "f(x) ≤ 0 for every x in [0, 1], f(x) = x if x ≥ 1/2 else −1 (written "
          "as a Python conditional)", False, "f(1) = 1 > 0", (1, 7),
          lambda: interval_check(lambda v: v if v >= iv_const("1/2") else iv.mpf(-1), lambda v: iv.mpf(0), [(0, 1)]),
          lambda: all((p if p >= Fraction(1, 2) else -1) <= 0 for p in (Fraction(0), Fraction(1, 2), Fraction(1)))),
    Entry("redteam.branch-relu-induction", "s_{t+1} = relu(2 s_t) from s_0 = 1/2 stays in [−1, 1] for every t (relu "
          "written as a Python conditional)", False, "s_1 = 1, s_2 = 2 ∉ [−1, 1]", (1, 7),
          lambda: [gp.checks.induction(lambda b: (branch_step(b[0]),), [(-1, 1)], ["1/2"])],
          lambda: doubling_relu_orbit_stays(Fraction(1, 2), -1, 1)),
    # ---------------- assumptions of undefined functions (defect) ----------------
    Entry("redteam.positive-function-witness", "|e^{g(x)} − 1| = e^{g(x)} − 1 for every positive function g "
          "(sp.Function('g', positive=True))", True,
          "g > 0 gives e^g > 1; the witness search replaces g by a quadratic that is negative somewhere", (4,),
          lambda: identity_check(sp.Abs(sp.exp(g_pos(x)) - 1), sp.exp(g_pos(x)) - 1),
          exp_minus_one_positive),
    Entry("redteam.negative-function-witness", "|1 − e^{g(x)}| = 1 − e^{g(x)} for every negative function g "
          "(sp.Function('g', negative=True))", True, "g < 0 gives e^g < 1; the witness's quadratic is positive at x = −7",
          (4,),
          lambda: identity_check(sp.Abs(1 - sp.exp(g_neg(x))), 1 - sp.exp(g_neg(x))),
          exp_minus_one_positive),
    # ---------------- '1/0' read as an exact number: ZeroDivisionError instead of InputError (defects) ------
    Entry("redteam.endpoint-one-over-zero", "x ≤ x + 1 for every x in [0, 1/0] (endpoint the string '1/0')", False,
          "1/0 is no number: the domain does not exist and the claim must be refused", (6, 7),
          one_over_zero_endpoint, lambda: Fraction(1) == 0, may_reject=True),
    Entry("redteam.dataset-one-over-zero", "a claim about gp.Dataset([['1/0', 1], [1, 2]], [1, −1])", False,
          "1/0 is no number: the data set must be refused", (6, 7),
          one_over_zero_dataset, lambda: Fraction(1) == 0, may_reject=True),
    Entry("redteam.gamma-one-over-zero", "a claim about gp.run_gd(..., gamma='1/0', ...)", False,
          "1/0 is no step size: the run must be refused", (6, 7),
          one_over_zero_gamma, lambda: Fraction(1) == 0, may_reject=True),
    Entry("redteam.cli-activation-one-over-zero", "gdperceptron scaling --model 'two-layer:act=leaky_relu(1/0)' is "
          "bad input (one line, exit 2)", False, "1/0 is no slope: the model does not exist", (6,),
          cli_bad_activation, lambda: Fraction(1) == 0, may_reject=True, timeout=90),
    # ---------------- Floats laundered by auto-evaluation (defects) ----------------
    Entry("redteam.ceiling-laundered-false", "⌈1 + 10^-20⌉ = 1 (10^-20 typed as sp.Float(1e-20))", False,
          "1 < 1 + 10^-20 ≤ 2, so the ceiling is 2; 1 + Float(1e-20) is the Float 1.0 before ceiling sees it", (3,),
          lambda: identity_check(sp.ceiling(1 + sp.Float(1e-20)), 1),
          lambda: math.ceil(1 + Fraction(1e-20)) == 1, may_reject=True),
    Entry("redteam.ceiling-laundered-true", "⌈1 + 10^-20⌉ = 2 (10^-20 typed as sp.Float(1e-20))", True,
          "1 < 1 + 10^-20 ≤ 2", (3,),
          lambda: identity_check(sp.ceiling(1 + sp.Float(1e-20)), 2),
          lambda: math.ceil(1 + Fraction(1e-20)) == 2, may_reject=True),
    Entry("redteam.floor-laundered-symbolic", "⌊x⌋ + ⌈1 + 10^-20⌉ = ⌊x⌋ + 1 for every real x (10^-20 a sp.Float)",
          False, "⌈1 + 10^-20⌉ = 2, so the sides differ by 1 everywhere", (3,),
          lambda: identity_check(sp.floor(x) + sp.ceiling(sp.Float(1e-20) + 1), sp.floor(x) + 1),
          lambda: math.ceil(1 + Fraction(1e-20)) == 1, may_reject=True),
    # ---------------- handled correctly: property and instance checks ----------------
    Entry("redteam.default-arg-float", "k + 10^-30 > k for every integer k in [1, 100] (the float 1e-30 in a default "
          "argument)", True, "10^-30 > 0", (2,),
          lambda: prop(tiny_default, st.integers(1, 100)),
          lambda: 1 + Fraction(1, 10**30) > 1),
    Entry("redteam.numpy-scalar-closure", "k + c > k for every integer k in [1, 100], c = np.float64(1e-30) held in "
          "a closure (predicate bool(k + c > k))", True, "c > 0 (the binary value of 1e-30)", (2,),
          lambda: prop(numpy_closure(), st.integers(1, 100)),
          lambda: Fraction(float(NP_TINY)) > 0),
    Entry("redteam.rare-filter", "k² ≡ 0 (mod 1009) for every multiple k of 1009 in [1, 10^6] (assume keeps 1 draw "
          "in 1009)", True, "1009 | k ⇒ 1009 | k²; but almost every draw is filtered, so at most UNDECIDED", (5,),
          lambda: prop(rare_filter, st.integers(1, 10**6)),
          lambda: all((1009 * j) ** 2 % 1009 == 0 for j in range(1, 991))),
    Entry("redteam.interval-exact-ratio", "1 − σ(k) > 0 for every integer k in [120, 900], decided by iv comparisons "
          "returned as is", True, "1/(1 + e^k) > 0; the comparison answers None until the precision suffices", (2,),
          lambda: prop(lambda k: 1 / (1 + iv.exp(iv.mpf(k))) > 0, st.integers(120, 900)),
          lambda: sigmoid_below_one(120, 900)),
    Entry("redteam.interval-saturation-false", "σ(k) ≥ 1 for every integer k in [120, 400] (iv comparison returned "
          "as is)", False, "σ(k) < 1 since e^{−k} > 0", (2,),
          lambda: prop(lambda k: 1 / (1 + iv.exp(-iv.mpf(k))) >= 1, st.integers(120, 400)),
          lambda: not sigmoid_below_one(120, 400)),
    Entry("redteam.fraction-division", "(k/49)·49 = k for every integer k in [1, 100], with Fraction(k, 49)", True,
          "exact rational arithmetic", (2,),
          lambda: prop(lambda k: Fraction(k, 49) * 49 == k, st.integers(1, 100)),
          lambda: all(Fraction(k, 49) * 49 == k for k in range(1, 101))),
    Entry("redteam.fraction-division-false", "k/(k+1) = 1 for every integer k in [2^54, 2^60], with Fractions", False,
          "k/(k+1) < 1", (2,),
          lambda: prop(lambda k: Fraction(k, k + 1) == 1, st.integers(2**54, 2**60)),
          lambda: Fraction(2**54, 2**54 + 1) == 1),
    Entry("redteam.gd-tiny-gamma", "linear GD from 0 with γ = 10^-40 separates chain(3) at step 3", True,
          "interval recount at 300 digits", (5,),
          lambda: [gp.checks.on_instances(gd_chain3_count, {"gamma=1e-40": "1e-40"})],
          lambda: iv_gd_chain3(Fraction(1, 10**40)) == 3),
    Entry("redteam.gd-tiny-gamma-off-by-one", "linear GD from 0 with γ = 10^-40 separates chain(3) at step 2", False,
          "interval recount at 300 digits: step 3", (5,),
          lambda: [gp.checks.on_instances(
              lambda g: (lambda t: None if not t.separation_certain else t.separated_at == 2)(
                  gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), g, 6, dps=mpmath.mp.dps)), ["1e-40"])],
          lambda: iv_gd_chain3(Fraction(1, 10**40)) == 2),
    Entry("redteam.gd-record-every", "with record_every = 4 (5 steps), linear GD with γ = 1 still reports separation "
          "of chain(3) at step 3", True, "separation is tracked at every step; interval recount: 3", (5,),
          lambda: [gp.checks.on_instances(gd_record_every, ["record_every=4"])],
          lambda: iv_gd_chain3(Fraction(1)) == 3),
    Entry("redteam.perceptron-irrational-data", "the batch perceptron from 0 separates {(√2, 1), (1, −√2)} (labels +1) "
          "after 1 step", True, "v_1 = ((√2 + 1)/2, (1 − √2)/2); both margins are exactly 3/2", (5,),
          lambda: [gp.checks.on_instances(perceptron_irrational, ["sqrt-data"])],
          lambda: all(sp.nsimplify(sp.expand(m)) == sp.Rational(3, 2) for m in (
              sp.sqrt(2) * (sp.sqrt(2) + 1) / 2 + (1 - sp.sqrt(2)) / 2,
              (sp.sqrt(2) + 1) / 2 - sp.sqrt(2) * (1 - sp.sqrt(2)) / 2))),
    Entry("redteam.perceptron-thm51-off-by-one", "the batch perceptron from 0 separates thm51(12) after 6 steps",
          False, "exact recount in Fractions: 7", (5,),
          lambda: [gp.checks.on_instances(
              lambda n: (lambda t: None if not t.separation_certain else t.separated_at == 6)(
                  gp.run_perceptron(gp.models.Linear(2), gp.datasets.precursor_thm51(n), 50)), [12])],
          lambda: exact_perceptron(([[Fraction(1, 2), -1]] + [[Fraction(-1, 2), -1]] * 11, [1] + [-1] * 11)) == 6),
    # ---------------- handled correctly: certified inequalities and induction ----------------
    Entry("redteam.tiny-endpoint-strict", "x < 10^-400 for every x in [0, 10^-400] (endpoint the string '1e-400')",
          False, "equality at the right endpoint", (1,),
          lambda: interval_check(lambda v: v, lambda v: iv.mpf(10) ** -400, [(0, "1e-400")], strict=True),
          lambda: Fraction(1, 10**400) < Fraction(1, 10**400)),
    Entry("redteam.tiny-endpoint", "x ≤ 10^-400 for every x in [0, 10^-400]", True, "x is increasing", (1,),
          lambda: interval_check(lambda v: v, lambda v: iv.mpf(10) ** -400, [(0, "1e-400")]),
          lambda: Fraction(1, 10**400) <= Fraction(1, 10**400)),
    Entry("redteam.huge-endpoint-off-by-one", "x ≤ 10^400 for every x in [0, 10^400 + 1]", False,
          "at x = 10^400 + 1", (1,),
          lambda: interval_check(lambda v: v, lambda v: iv.mpf(10) ** 400, [(0, 10**400 + 1)]),
          lambda: 10**400 + 1 <= 10**400),
    Entry("redteam.degenerate-third-strict", "3x < 1 for x in [1/3, 1/3] (a one-point domain)", False, "3·(1/3) = 1",
          (1,),
          lambda: interval_check(lambda v: 3 * v, lambda v: iv.mpf(1), [("1/3", "1/3")], strict=True),
          lambda: 3 * Fraction(1, 3) < 1),
    Entry("redteam.degenerate-third", "3x ≤ 1 for x in [1/3, 1/3] (a one-point domain)", True, "3·(1/3) = 1", (1,),
          lambda: interval_check(lambda v: 3 * v, lambda v: iv.mpf(1), [("1/3", "1/3")]),
          lambda: 3 * Fraction(1, 3) <= 1),
    Entry("redteam.interval-builtin-abs", "|x − 1/3| ≤ 2/3 for every x in [−1/2, 1] (iv abs)", False,
          "at x = −1/2: 5/6 > 2/3", (1,),
          lambda: interval_check(lambda v: abs(v - iv_const("1/3")), lambda v: iv_const("2/3"), [("-1/2", 1)]),
          lambda: abs(Fraction(-1, 2) - Fraction(1, 3)) <= Fraction(2, 3)),
    Entry("redteam.induction-halving", "s_{t+1} = s_t/2 + 1/4 from s_0 = 0 stays in [0, 1/2] for every t", True,
          "[0, 1/2] is mapped into [1/4, 1/2]", (1,),
          lambda: [gp.checks.induction(lambda b: (b[0] / 2 + iv_const("1/4"),), [(0, "1/2")], [0])],
          lambda: halving_orbit_below(Fraction(1, 2), 200)),
    Entry("redteam.induction-halving-tight", "s_{t+1} = s_t/2 + 1/4 from s_0 = 0 stays ≤ 1/2 − 10^-40 for every t",
          False, "s_t = 1/2 − 2^{−t−1} exceeds 1/2 − 10^-40 from t ≈ 133 on", (1,),
          lambda: [gp.checks.induction(lambda b: (b[0] / 2 + iv_const("1/4"),),
                                       [(0, sp.Rational(1, 2) - sp.Rational(1, 10**40))], [0])],
          lambda: halving_orbit_below(Fraction(1, 2) - Fraction(1, 10**40), 200)),
    Entry("redteam.induction-irrational-start", "s_{t+1} = s_t² from s_0 = √2/2 stays in [0, 1] for every t", True,
          "[0, 1] is mapped into itself", (1,),
          lambda: [gp.checks.induction(lambda b: (b[0] * b[0],), [(0, 1)], [sp.sqrt(2) / 2])],
          lambda: bool(0 <= sp.sqrt(2) / 2 <= 1)),
    Entry("redteam.induction-conclusion-fails-at-start", "s_{t+1} = s_t² from s_0 = 9/10 satisfies s_t < 9/10 for "
          "every t ≥ 0", False, "s_0 = 9/10 itself", (1,),
          lambda: [gp.checks.induction(lambda b: (b[0] * b[0],), [(0, 1)], ["9/10"],
                                       conclusion=lambda b: b[0] < iv_const("9/10"))],
          lambda: Fraction(9, 10) < Fraction(9, 10)),
    # ---------------- handled correctly: identities ----------------
    Entry("redteam.positive-function-log", "ln(g h) = ln g + ln h for every positive functions g, h", True,
          "ln is a homomorphism on (0, ∞)", (4,),
          lambda: identity_check(sp.log(g_pos(x) * h_pos(x)), sp.log(g_pos(x)) + sp.log(h_pos(x))),
          lambda: sp.expand_log(sp.log(u * sp.Symbol("w", positive=True))) == sp.log(u) + sp.log(sp.Symbol("w", positive=True))),
    Entry("redteam.positive-function-min", "min(g h, 0) = 0 for every positive functions g, h", True,
          "g h > 0 (SymPy evaluates both sides to 0 before the check: UNDECIDED at most)", (4,),
          lambda: identity_check(sp.Min(g_pos(x) * h_pos(x), 0), 0),
          lambda: min(Fraction(1, 3) * Fraction(2, 5), 0) == 0),
    Entry("redteam.heaviside-symmetric", "H(x) + H(−x) = 1 for every real x (H(0) = 1/2)", True,
          "off 0 one term is 1 and the other 0; at 0 both are 1/2", (4,),
          lambda: identity_check(HEAVISIDE_SUM, 1),
          lambda: HEAVISIDE_SUM.subs(x, 0) == 1 and HEAVISIDE_SUM.subs(x, 3) == 1 and HEAVISIDE_SUM.subs(x, -3) == 1),
    Entry("redteam.min-max-offset", "min(x, 0) + max(x, 0) = x + 10^-30 for every real x", False,
          "min + max = x exactly", (3,),
          lambda: identity_check(sp.Min(x, 0) + sp.Max(x, 0), x + sp.Rational(1, 10**30)),
          lambda: min(Fraction(1), 0) + max(Fraction(1), 0) == 1 + Fraction(1, 10**30)),
    Entry("redteam.floor-half-integers", "⌊n/2⌋ + ⌈n/2⌉ = n for every integer n", True,
          "n even: n/2 + n/2; n odd: (n−1)/2 + (n+1)/2", (4,),
          lambda: identity_check(sp.floor(n_int / 2) + sp.ceiling(n_int / 2), n_int),
          lambda: all(k // 2 + -(-k // 2) == k for k in range(-50, 51))),
    Entry("redteam.floor-half-reals", "⌊x/2⌋ + ⌈x/2⌉ = x for every real x", False,
          "at x = 1/2: 0 + 1 = 1 ≠ 1/2", (4,),
          lambda: identity_check(sp.floor(x / 2) + sp.ceiling(x / 2), x),
          lambda: math.floor(Fraction(1, 4)) + math.ceil(Fraction(1, 4)) == Fraction(1, 2)),
    Entry("redteam.sigmoid-tanh", "σ(x) = (1 + tanh(x/2))/2 for every real x", True,
          "tanh(x/2) = (u − 1)/(u + 1) with u = e^x", (3,),
          lambda: identity_check(1 / (1 + sp.exp(-x)), (1 + sp.tanh(x / 2)) / 2),
          lambda: sp.cancel(u / (1 + u) - (1 + (u - 1) / (u + 1)) / 2) == 0),
    Entry("redteam.sigmoid-tanh-wrong", "σ(x) = (1 + tanh(x))/2 for every real x", False,
          "at x = 1: σ(1) = e/(1 + e) but (1 + tanh 1)/2 = e²/(1 + e²)", (3,),
          lambda: identity_check(1 / (1 + sp.exp(-x)), (1 + sp.tanh(x)) / 2),
          lambda: sp.cancel(u / (1 + u) - u**2 / (1 + u**2)) == 0),
    Entry("redteam.robust-margin-irrational-net", "the robust margin of relu(√2 x1) − relu(x2) on (e1, +1), (e2, −1) "
          "is 1/√3", True, "distance from e2 to the ray x2 = √2 x1 (by hand)", (4,),
          lambda: sqrt2_net_margin(1 / sp.sqrt(3)),
          lambda: sp.simplify(sqrt2_net_by_hand() - 1 / sp.sqrt(3)) == 0),
    Entry("redteam.robust-margin-irrational-net-wrong", "the robust margin of relu(√2 x1) − relu(x2) on (e1, +1), "
          "(e2, −1) is 1/√2 (the value of the symmetric net)", False, "it is 1/√3 < 1/√2", (4,),
          lambda: sqrt2_net_margin(1 / sp.sqrt(2)),
          lambda: sp.simplify(sqrt2_net_by_hand() - 1 / sp.sqrt(2)) == 0),
    # ---------------- handled correctly: bad library input inside a claim ----------------
    Entry("redteam.dataset-nan", "a claim about gp.Dataset([[nan, 1], [1, 2]], [1, −1]) (NaN data must be refused)",
          False, "NaN is not a number: the data set does not exist", (6,),
          nan_dataset_claim, lambda: not math.isnan(float("nan")), may_reject=True),
    Entry("redteam.dataset-mismatched", "a claim about gp.Dataset with 2 rows and 1 label (must be refused)", False,
          "a data set needs one label per row", (6,),
          mismatched_dataset_claim, lambda: len([[1, 2], [3, 4]]) == len([1]), may_reject=True),
]
