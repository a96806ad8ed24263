"""Crashes and hangs (class 6) and a user's mistakes in their own checks (class 7).

``ENTRIES`` are claims whose checks crash the interpreter, hang, or are written wrongly (a check
that returns None or a bool, a verdict given as a string, a predicate that returns a number or a
tuple instead of a bool, symbols that share a name but not their assumptions).  The checker must
answer with a verdict that is not wrong, or reject the claim with gp.InputError where the entry
allows it; it must never abort, hang or let an exception escape.

``CONSTRUCTION_MISTAKES`` are mistakes that must be rejected with gp.InputError at the moment they
are written, with a message that says what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import mpmath
import sympy as sp
from hypothesis import strategies as st
from mpmath import iv

import gdperceptron as gp

from .corpus_counts import certified_gd_chain, exact_perceptron, perceptron_count, thm51_bound_ratio, thm51_rows
from .entries import Entry, decide, iv_const, iv_digits, mp_sigmoid, positive_rational_function, sigmoid

y_real = sp.Symbol("y", real=True)
x_plain, x_real = sp.Symbol("x"), sp.Symbol("x", real=True)
u = sp.Symbol("u", positive=True)
NEAR_ONE = 1 + sp.Rational(1, 10**12)


def power_of_half_is_half(exponent: str) -> bool:
    """Whether (1/2)^exponent = 1/2 for the exact exponent, by intervals at 60 digits."""
    with iv_digits(60):
        return decide(iv.power(iv.mpf(1) / 2, iv_const(exponent)) == iv.mpf(1) / 2)


def sigmoid_at_zero_check(claimed, answer: Callable):
    """A user's check of σ(0) = claimed that ends with ``answer(holds)``: the mistakes live there."""

    @gp.check("instance", "σ(0) by exact evaluation")
    def run(ctx):
        holds = sigmoid(sp.Integer(0)) == claimed
        return answer(holds)

    return [run]


def forgets_return(holds):
    """The user computes the verdict but forgets to return it."""
    gp.CheckResult(gp.VERIFIED if holds else gp.UNDECIDED, "σ(0) evaluated")


def string_verdict(holds):
    return gp.CheckResult("PROVEN", "σ(0) evaluated exactly")


def refuted_without_witness(holds):
    return gp.CheckResult(gp.REFUTED if not holds else gp.VERIFIED, "σ(0) evaluated exactly")


def thm51_slack(n):
    """The user returns the slack R²/μ² − count, meaning "non-negative", instead of a bool."""
    count = perceptron_count(gp.datasets.precursor_thm51(n), dps=mpmath.mp.dps)
    return 5 - (count if count is not None else 0)


def evidence_only():
    @gp.check("instance", "σ(0) on a sub-case", covers="evidence")
    def run(ctx):
        return gp.CheckResult(gp.SUPPORTED, "evaluated at one point only")

    return [run]


def parts_one_crashing():
    @gp.check("symbolic", "σ(x) + σ(−x) = 1", covers="part")
    def symmetric(ctx):
        return gp.checks.identity(sigmoid(x_real) + sigmoid(-x_real), 1).run(ctx)

    @gp.check("instance", "σ(0) = 3/5", covers="part")
    def at_zero(ctx):
        return gp.CheckResult(gp.VERIFIED, f"σ(0) = {Fraction(1, 2) / 0}")  # raises ZeroDivisionError

    return [symmetric, at_zero]


def huge_horizon():
    """A user's check that asks run_gd for 10^12 steps: it must be stopped by the time budget."""

    @gp.check("instance", "GD on chain(2) to t = 10^12")
    def run(ctx):
        traj = gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), 1, 10**12, record_every=10**11, dps=ctx.dps)
        ok = traj.separation_certain and traj.separated_at == 2
        return gp.CheckResult(gp.VERIFIED if ok else gp.UNDECIDED, f"separated at {traj.separated_at}")

    return [run]


ENTRIES = [
    Entry("crash.power-exponent", "σ(y)^{1 + 10^-12} = σ(y) for every real y", False,
          "at y = 0: (1/2)^{1 + 10^-12} < 1/2; SymPy's simplification of this power aborts in gmp", (6,),
          lambda: [gp.checks.identity(sigmoid(y_real) ** NEAR_ONE, sigmoid(y_real))],
          lambda: power_of_half_is_half(str(NEAR_ONE)), may_reject=True),
    Entry("crash.power-exponent-logistic", "(1 + e^{−y})^{−(1 + 10^-12)} = σ(y) for every real y", False,
          "at y = 0: 2^{−(1 + 10^-12)} ≠ 1/2", (6,),
          lambda: [gp.checks.identity((1 + sp.exp(-y_real)) ** (-NEAR_ONE), sigmoid(y_real))],
          lambda: power_of_half_is_half(str(NEAR_ONE)), may_reject=True),
    Entry("crash.power-exponent-split", "σ(y)^{1 + 10^-12} = σ(y)·σ(y)^{10^-12} for every real y", True,
          "the base σ(y) = u/(1 + u) is positive, so exponents add", (6,),
          lambda: [gp.checks.identity(sigmoid(y_real) ** NEAR_ONE,
                                      sigmoid(y_real) * sigmoid(y_real) ** sp.Rational(1, 10**12))],
          lambda: positive_rational_function(u / (1 + u), u), may_reject=True),
    Entry("hang.huge-horizon", "linear GD with γ = 1 separates chain(2) at step 2 (checked on a 10^12-step run)",
          True, "interval recount at 200 digits: step 2", (6,),
          huge_horizon, lambda: certified_gd_chain(2, 1, 6) == 2, budget=10, timeout=45, slow=True,
          may_reject=True),  # refusing 10^12 steps up front is a correct answer too
    Entry("mistake.same-name-symbols", "σ'(x) = σ(x)(1 − σ(x)) for every real x (the two sides use Symbol('x') "
          "and Symbol('x', real=True))", True,
          "a true identity; the sides' symbols differ only in their assumptions, so a 'counterexample' "
          "{x: …} cannot be reproduced", (7,),
          lambda: [gp.checks.identity(sp.diff(sigmoid(x_plain), x_plain), sigmoid(x_real) * (1 - sigmoid(x_real)))],
          lambda: sp.cancel(u * sp.diff(u / (1 + u), u) - u / (1 + u) ** 2) == 0, may_reject=True),
    Entry("mistake.predicate-returns-slack", "the batch perceptron separates thm51(n) within R²/μ² = 5 steps, "
          "n = 10..14 (the predicate returns the slack 5 − count)", False,
          "exact counts 6, 7, 7, 8, 8; a negative slack is truthy", (7, 2),
          lambda: [gp.checks.property_based(thm51_slack, st.integers(10, 14))],
          lambda: all(exact_perceptron(thm51_rows(n)) <= thm51_bound_ratio() for n in range(10, 15)), may_reject=True),
    Entry("mistake.predicate-returns-tuple", "σ(k) ≥ 0.999 for every integer k in [0, 10] (the predicate returns "
          "(holds, k))", False, "σ(0) = 1/2; a non-empty tuple is truthy", (7,),
          lambda: [gp.checks.property_based(lambda k: (mp_sigmoid(k) >= mpmath.mpf("0.999"), k), st.integers(0, 10))],
          lambda: Fraction(1, 2) >= Fraction(999, 1000), may_reject=True),
    Entry("mistake.check-returns-none", "σ(0) = 3/5 (the user's check forgets its return)", False,
          "σ(0) = 1/2", (7,),
          lambda: sigmoid_at_zero_check(sp.Rational(3, 5), forgets_return),
          lambda: Fraction(1, 2) == Fraction(3, 5), may_reject=True),
    Entry("mistake.check-returns-bool", "σ(0) = 1/2 (the user's check returns True)", True,
          "σ(0) = 1/(1 + 1) = 1/2", (7,),
          lambda: sigmoid_at_zero_check(sp.Rational(1, 2), lambda holds: holds),
          lambda: Fraction(1, 1 + 1) == Fraction(1, 2), may_reject=True),
    Entry("mistake.string-verdict-in-check", "σ(0) = 3/5 (the user's check answers CheckResult(\"PROVEN\", ...))",
          False, "σ(0) = 1/2", (7,),
          lambda: sigmoid_at_zero_check(sp.Rational(3, 5), string_verdict),
          lambda: Fraction(1, 2) == Fraction(3, 5), may_reject=True),
    Entry("mistake.refuted-without-witness", "σ(0) = 3/5 (the user's check refutes without a counterexample)", False,
          "σ(0) = 1/2", (7,),
          lambda: sigmoid_at_zero_check(sp.Rational(3, 5), refuted_without_witness),
          lambda: Fraction(1, 2) == Fraction(3, 5), may_reject=True),
    Entry("mistake.evidence-only", "σ(x) ≥ 1/2 for every real x (the only check is evidence)", False,
          "σ(−1) = 1/(1 + e) < 1/2", (7,),
          evidence_only, lambda: decide(1 / (1 + iv.exp(1)) >= iv.mpf(1) / 2)),
    Entry("mistake.part-crashes", "σ(x) + σ(−x) = 1 for every real x, and σ(0) = 3/5", False,
          "σ(0) = 1/2; the second part's check divides by zero", (7,),
          parts_one_crashing, lambda: Fraction(1, 2) == Fraction(3, 5)),
    Entry("mistake.raw-function-check", "σ(0) = 3/5 (the check is a plain function, not decorated with gp.check)",
          False, "σ(0) = 1/2", (7,),
          lambda: [lambda ctx: gp.CheckResult(gp.SUPPORTED, f"{1 / 0}")],
          lambda: Fraction(1, 2) == Fraction(3, 5), may_reject=True),
    Entry("mistake.interval-function-returns-number", "3x ≤ 1 for every x in [0, 1/2] (rhs returns the int 1)", False,
          "at x = 1/2, 3x = 3/2", (7,),
          lambda: [gp.checks.certified_inequality(lambda v: 3 * v, lambda v: 1, [(0, "1/2")], covers_domain=True)],
          lambda: 3 * Fraction(1, 2) <= 1),
]


@dataclass(frozen=True)
class Mistake:
    """A mistake that must raise gp.InputError when it is written (``build()``)."""

    id: str
    build: Callable[[], object]
    why: str


def _claim_with(checks):
    return gp.Claim("user.mistake", "a user's claim", "σ(0) = 1/2", "derived", checks=checks)


CONSTRUCTION_MISTAKES = [
    Mistake("construct.string-verdict", lambda: gp.CheckResult("PROVEN", "holds"),
            "a verdict given as a string; write gp.PROVEN"),
    Mistake("construct.bool-verdict", lambda: gp.CheckResult(True, "holds"),
            "a verdict given as a bool; write gp.VERIFIED / gp.REFUTED ..."),
    Mistake("construct.refuted-without-counterexample", lambda: gp.CheckResult(gp.REFUTED, "fails"),
            "REFUTED needs its counterexample"),
    Mistake("construct.refuted-empty-counterexample", lambda: gp.CheckResult(gp.REFUTED, "fails", counterexample={}),
            "an empty counterexample is no counterexample"),
    Mistake("construct.empty-pieces", lambda: gp.checks.certified_inequality(
        lambda v: v, lambda v: v + 1, pieces=[], covers_domain=True), "an empty domain would be PROVEN vacuously"),
    Mistake("construct.reversed-piece", lambda: gp.checks.certified_inequality(
        lambda v: v, lambda v: v + 1, pieces=[(1, 0)], covers_domain=True),
            "a piece [1, 0] is empty (or a typo for [0, 1]): vacuous as well"),
    Mistake("construct.unknown-check-kind", lambda: gp.check("proof"), "kinds are symbolic, certified, ..."),
    Mistake("construct.claim-without-checks", lambda: _claim_with([]), "a claim needs a check"),
    Mistake("construct.property-without-strategy", lambda: gp.checks.property_based(lambda k: True, range(10)),
            "the second argument must be a Hypothesis strategy"),
    Mistake("construct.raw-function-in-claim", lambda: _claim_with([lambda ctx: gp.CheckResult(gp.PROVEN, "ok")]),
            "a check must be made with @gp.check or gp.checks.*"),
]
