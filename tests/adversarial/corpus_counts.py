"""Iteration counts of the perceptron and of GD on small data sets (and class 5: examples that are
counted although they were not tested).

The user's checks run ``gp.run_perceptron`` / ``gp.run_gd`` and trust a count only when
``traj.separation_certain`` says so (raising the precision once when it does not).  Oracles
recount independently: the perceptron in exact rationals (``fractions.Fraction``), GD in mpmath
interval arithmetic at 200 digits, where every margin's sign must be decided by its enclosure.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st
from mpmath import iv

import gdperceptron as gp

from .entries import Entry, instance_check, iv_digits

# ------------------------------------------------------------------------------------------------
# Oracles: exact perceptron, certified GD, the data sets written out by hand.
# ------------------------------------------------------------------------------------------------


def chain_rows(d: int):
    """The chain family by hand: b_i = e_i − e_{i+1} (i < d), b_d = e_d, every label +1."""
    return [[1 if j == i else -1 if j == i + 1 else 0 for j in range(d)] for i in range(d)], [1] * d


def thm51_rows(n: int):
    """The precursor's Theorem 5.1 instance: (1/2, −1) with label +1, n − 1 copies of (−1/2, −1) with −1."""
    return [[Fraction(1, 2), -1]] + [[Fraction(-1, 2), -1]] * (n - 1), [1] + [-1] * (n - 1)


def exact_perceptron(rows, variant="batch", first_step="full", max_steps=10_000):
    """Steps until every margin is > 0, in exact rationals; None if not within ``max_steps``."""
    X, y = rows
    n, d = len(X), len(X[0])
    v, cursor = [Fraction(0)] * d, 0
    for t in range(max_steps + 1):
        margins = [yi * sum(a * b for a, b in zip(x, v)) for x, yi in zip(X, y)]
        if all(m > 0 for m in margins):
            return t
        mistakes = [i for i in range(n) if margins[i] <= 0]
        if variant == "online":
            i = next(k % n for k in range(cursor, cursor + n) if margins[k % n] <= 0)
            cursor = i + 1
            v = [a + y[i] * b for a, b in zip(v, X[i])]
            continue
        weight = {i: Fraction(1, 2) if (t == 0 and first_step == "half" and margins[i] == 0) else 1 for i in mistakes}
        scale = Fraction(1, n) if variant == "batch" else Fraction(1, len(mistakes))
        v = [v[j] + scale * sum(weight[i] * y[i] * X[i][j] for i in mistakes) for j in range(d)]
    return None


def certified_gd_chain(d: int, gamma, horizon: int, dps: int = 200):
    """Linear GD from 0 on chain(d), logistic loss, mean reduction, in intervals: the first t with
    every margin certainly > 0 (None if none by ``horizon``); raises if a sign is undecided."""
    X, _ = chain_rows(d)
    with iv_digits(dps):
        g = iv.mpf(sp.Rational(gamma).p) / int(sp.Rational(gamma).q)
        v = [iv.mpf(0)] * d
        for t in range(horizon + 1):
            margins = [sum((iv.mpf(a) * b for a, b in zip(x, v)), iv.mpf(0)) for x in X]
            if any(m.a <= 0 < m.b for m in margins):
                raise AssertionError(f"margin sign undecided at step {t}: raise the oracle's precision")
            if all(m.a > 0 for m in margins):
                return t
            weights = [1 / (1 + iv.exp(m)) for m in margins]
            v = [v[j] + g / d * sum((w * x[j] for w, x in zip(weights, X)), iv.mpf(0)) for j in range(d)]
    return None


def thm51_bound_ratio() -> Fraction:
    """R²/μ² for the Theorem 5.1 instance by hand: R² = 1/4 + 1; the signed points y_i a_i are
    (1/2, −1) and (1/2, 1), whose hull's nearest point to 0 is (1/2, 0), so μ = 1/2."""
    return (Fraction(1, 4) + 1) / Fraction(1, 2) ** 2


# ------------------------------------------------------------------------------------------------
# The user's side.
# ------------------------------------------------------------------------------------------------

def perceptron_count(data, variant="batch", first_step="full", steps=200, dps=50):
    """separated_at of the perceptron from 0, or None when the run says it is not certain."""
    traj = gp.run_perceptron(gp.models.Linear(data.d), data, steps, variant=variant, first_step=first_step, dps=dps)
    return traj.separated_at if traj.separation_certain else None


def gd_count(data, gamma, steps, dps):
    """separated_at of linear GD from 0, at ``dps`` and, when that is not certain, at 4·dps."""
    for digits in (dps, 4 * dps):
        traj = gp.run_gd(gp.models.Linear(data.d), data, gamma, steps, dps=digits)
        if traj.separation_certain:
            return traj.separated_at
    return None


def counts_claim(name, sizes, count, holds):
    """An instance check over ``sizes``: count(size, ctx) for each, then holds(counts) decides."""

    def compute(ctx):
        counts = {s: count(s, ctx) for s in sizes}
        if None in counts.values():
            return None, counts
        return holds(counts), counts

    return [instance_check(name, compute)]


def chain_count(variant, first_step="full"):
    return lambda d, ctx: perceptron_count(gp.datasets.chain(d), variant, first_step, steps=300, dps=ctx.dps)


def thm51_count(variant, first_step="full"):
    return lambda n, ctx: perceptron_count(gp.datasets.precursor_thm51(n), variant, first_step, dps=ctx.dps)


def thm51_bound_holds(factor):
    """The user's bound count ≤ factor(n)·R²/μ², with R and μ from the Dataset (exact)."""

    def holds(counts):
        data = gp.datasets.precursor_thm51(10)
        ratio = data.radius**2 / data.max_margin**2
        return all(c <= factor(n) * ratio for n, c in counts.items())

    return holds


def same_count(count, expected):
    """The property's answer: None (undecided) when the run was not certain, else count == expected."""
    return None if count is None else count == expected


def half_step_formula(offset):
    """Property: the half-first-step batch perceptron on thm51(n) takes ⌊(n + offset)/3⌋ steps."""
    return lambda n: same_count(perceptron_count(gp.datasets.precursor_thm51(n), "batch", "half", dps=mpmath.mp.dps),
                                (n + offset) // 3)


def gd_chain_claim(cases, holds):
    """Instance check of GD counts on chain(d) for (d, γ, horizon) cases."""
    return counts_claim("GD counts on the chain family", cases,
                        lambda case, ctx: gd_count(gp.datasets.chain(case[0]), case[1], case[2], ctx.dps), holds)


def rare_multiples(n):
    """Class 5: a predicate that discards almost every draw with assume()."""
    assume(n % 997 == 0)
    return n < 900_000


def rare_window(n):
    assume(n % 997 == 0)
    return not 300_000 < n < 600_000


def prime_squares(p):
    assume(sp.isprime(p))
    return p * p % 24 == 1


def thm51_rare(n):
    assume(n % 97 == 10)
    count = perceptron_count(gp.datasets.precursor_thm51(n), steps=150, dps=mpmath.mp.dps)
    return None if count is None else count <= 30


SMALL_STEPS = [(d, gamma, 12) for d in (2, 3, 4, 5) for gamma in ("1/10", 1, 10)]
NORMALIZED_DS = range(2, 9)

ENTRIES = [
    Entry("perceptron.chain-batch-d-squared",
          "the batch perceptron (full first step) from 0 separates chain(d) after exactly d² steps, d = 2..8", True,
          "exact recount: 4, 9, 16, 25, 36, 49, 64", (5,),
          lambda: [gp.checks.property_based(
              lambda d: same_count(perceptron_count(gp.datasets.chain(d), steps=d * d + 2, dps=mpmath.mp.dps), d * d),
              st.integers(2, 8))],
          lambda: all(exact_perceptron(chain_rows(d)) == d * d for d in range(2, 9))),
    Entry("perceptron.chain-batch-off-by-one",
          "the batch perceptron from 0 separates chain(d) within d² − 1 steps for every d = 2..8", False,
          "it needs exactly d² steps (a count off by one)", (5,),
          lambda: counts_claim("batch counts on chain(d)", range(2, 9), chain_count("batch"),
                               lambda c: all(k <= d * d - 1 for d, k in c.items())),
          lambda: all(exact_perceptron(chain_rows(d)) <= d * d - 1 for d in range(2, 9))),
    Entry("perceptron.chain-online-sum-of-squares",
          "the online perceptron separates chain(d) after exactly d(d+1)(2d+1)/6 steps, d = 2..7", True,
          "exact recount: 5, 14, 30, 55, 91, 140", (5,),
          lambda: counts_claim("online counts on chain(d)", range(2, 8), chain_count("online"),
                               lambda c: all(k == d * (d + 1) * (2 * d + 1) // 6 for d, k in c.items())),
          lambda: all(exact_perceptron(chain_rows(d), "online") == d * (d + 1) * (2 * d + 1) // 6 for d in range(2, 8))),
    Entry("perceptron.chain-normalized-monotone",
          "the normalized batch perceptron's count on chain(d) does not decrease with d, d = 2..8", False,
          "exact recount 4, 8, 16, 21, 39, 32, 55: chain(7) is faster than chain(6)", (5,),
          lambda: counts_claim("normalized counts on chain(d)", NORMALIZED_DS, chain_count("normalized"),
                               lambda c: all(c[d] <= c[d + 1] for d in list(NORMALIZED_DS)[:-1])),
          lambda: all(exact_perceptron(chain_rows(d), "normalized") <= exact_perceptron(chain_rows(d + 1), "normalized")
                      for d in list(NORMALIZED_DS)[:-1])),
    Entry("precursor.batch-bound", "on the Thm 5.1 instance with n = 10..14 the batch perceptron needs ≤ n R²/μ² steps",
          True, "exact counts 6, 7, 7, 8, 8 against 5n (R² = 5/4, μ = 1/2)", (5,),
          lambda: counts_claim("batch counts on thm51(n)", range(10, 15), thm51_count("batch"),
                               thm51_bound_holds(lambda n: n)),
          lambda: all(exact_perceptron(thm51_rows(n)) <= n * thm51_bound_ratio() for n in range(10, 15))),
    Entry("precursor.batch-without-n", "on the Thm 5.1 instance with n = 10..14 the batch perceptron needs ≤ R²/μ² steps",
          False, "exact counts 6, 7, 7, 8, 8 exceed R²/μ² = 5 (the batch bound needs the factor n)", (5,),
          lambda: counts_claim("batch counts on thm51(n)", range(10, 15), thm51_count("batch"),
                               thm51_bound_holds(lambda n: 1)),
          lambda: all(exact_perceptron(thm51_rows(n)) <= thm51_bound_ratio() for n in range(10, 15))),
    Entry("precursor.normalized-bound", "on the Thm 5.1 instance with n = 10..14 the normalized perceptron needs ≤ R²/μ²",
          True, "exact count 2 for every n, against R²/μ² = 5", (5,),
          lambda: counts_claim("normalized counts on thm51(n)", range(10, 15), thm51_count("normalized"),
                               thm51_bound_holds(lambda n: 1)),
          lambda: all(exact_perceptron(thm51_rows(n), "normalized") <= thm51_bound_ratio() for n in range(10, 15))),
    Entry("precursor.half-step-count", "with the half first step the batch perceptron on thm51(n) takes ⌊(n+2)/3⌋ "
          "steps for every n = 10..18", True, "exact recount: 4, 4, 4, 5, 5, 5, 6, 6, 6", (5,),
          lambda: [gp.checks.property_based(half_step_formula(2), st.integers(10, 18))],
          lambda: all(exact_perceptron(thm51_rows(n), "batch", "half") == (n + 2) // 3 for n in range(10, 19))),
    Entry("precursor.half-step-count-to-30", "with the half first step the batch perceptron on thm51(n) takes "
          "⌊(n+2)/3⌋ steps for every n = 10..30", False,
          "the pattern breaks at n = 19 (6 steps, not 7), again at 22, 25, 28, 29: off by one", (5,),
          lambda: [gp.checks.property_based(half_step_formula(2), st.integers(10, 30))],
          lambda: all(exact_perceptron(thm51_rows(n), "batch", "half") == (n + 2) // 3 for n in range(10, 31))),
    Entry("gd.chain-small-steps", "linear GD from 0 with γ ∈ {1/10, 1, 10} separates chain(d) after exactly d steps, "
          "d = 2..5", True, "interval recount at 200 digits; ≥ d is the support argument", (5,),
          lambda: gd_chain_claim(SMALL_STEPS, lambda c: all(k == case[0] for case, k in c.items())),
          lambda: all(certified_gd_chain(d, g, h) == d for d, g, h in SMALL_STEPS)),
    Entry("gd.chain-early", "linear GD from 0 with γ = 10 separates chain(4) within 3 steps", False,
          "supp(v_t) ⊆ {1..t}, so sample 4 has margin 0 until step 4 (recount: 4)", (5,),
          lambda: gd_chain_claim([(4, 10, 6)], lambda c: all(k is not None and k <= 3 for k in c.values())),
          lambda: certified_gd_chain(4, 10, 6) <= 3),
    Entry("gd.chain2-large-step", "linear GD from 0 with γ = 1000 separates chain(2) after exactly 2 steps", True,
          "the deciding margin at step 2 is 1000/(1 + e^250) ≈ 10^-106: 50 digits cannot see it, 200 can", (2, 5),
          lambda: gd_chain_claim([(2, 1000, 6)], lambda c: all(k == 2 for k in c.values())),
          lambda: certified_gd_chain(2, 1000, 6) == 2),
    Entry("gd.chain2-large-step-off-by-one", "linear GD from 0 with γ = 1000 separates chain(2) after exactly 3 steps",
          False, "it separates at step 2 (margin ≈ 10^-106 > 0); at 50 digits the run sees a zero margin", (2, 5),
          lambda: gd_chain_claim([(2, 1000, 6)], lambda c: all(k == 3 for k in c.values())),
          lambda: certified_gd_chain(2, 1000, 6) == 3),
    Entry("gd.chain4-large-step", "linear GD from 0 with γ = 1000 separates chain(4) after exactly 8 steps", True,
          "interval recount at 200 digits (at 50 digits the run is not certain)", (2, 5),
          lambda: gd_chain_claim([(4, 1000, 12)], lambda c: all(k == 8 for k in c.values())),
          lambda: certified_gd_chain(4, 1000, 12) == 8),
    Entry("gd.chain4-large-step-off-by-one", "linear GD from 0 with γ = 1000 separates chain(4) within 7 steps", False,
          "interval recount at 200 digits: 8 steps", (2, 5),
          lambda: gd_chain_claim([(4, 1000, 12)], lambda c: all(k is not None and k <= 7 for k in c.values())),
          lambda: certified_gd_chain(4, 1000, 12) <= 7),
    Entry("gd.chain2-rounded-count-property", "linear GD from 0 with γ = 1000 separates chain(2) after exactly 4 "
          "steps (a property whose predicate compares run_gd(..., dps).separated_at with 4)", False,
          "it separates at step 2; at 50 digits the deciding margin ≈ 10^-106 rounds away and the run reports 4 "
          "(with separation_certain False)", (2, 5),
          lambda: [gp.checks.property_based(
              lambda g: gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), g, 6, dps=mpmath.mp.dps).separated_at == 4,
              st.just(1000))],
          lambda: certified_gd_chain(2, 1000, 6) == 4),
    Entry("gd.chain2-rounded-count-instances", "linear GD from 0 with γ = 1000 separates chain(2) after exactly 2 "
          "steps (gp.checks.on_instances over the run's separated_at)", True,
          "interval recount at 200 digits: step 2", (2, 5),
          lambda: [gp.checks.on_instances(
              lambda g: gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), g, 6, dps=mpmath.mp.dps).separated_at == 2,
              [1000])],
          lambda: certified_gd_chain(2, 1000, 6) == 2),
    Entry("counting.rare-multiples", "every multiple of 997 in [1, 10^6] is below 900000", False,
          "997·903 = 900291 ≤ 10^6; the predicate assume()s away all but ~1 draw in 10^3", (5,),
          lambda: [gp.checks.property_based(rare_multiples, st.integers(1, 10**6))],
          lambda: all(k * 997 < 900_000 for k in range(1, 10**6 // 997 + 1))),
    Entry("counting.rare-window", "no multiple of 997 in [1, 10^6] lies strictly between 300000 and 600000", False,
          "997·301 = 300097 lies in the window; almost every draw is assume()d away", (5,),
          lambda: [gp.checks.property_based(rare_window, st.integers(1, 10**6))],
          lambda: not any(300_000 < k * 997 < 600_000 for k in range(1, 10**6 // 997 + 1))),
    Entry("counting.prime-squares", "p² ≡ 1 (mod 24) for every prime p in [5, 3000]", True,
          "checked for each prime by exact integer arithmetic", (5,),
          lambda: [gp.checks.property_based(prime_squares, st.integers(5, 3000))],
          lambda: all(p * p % 24 == 1 for p in sp.primerange(5, 3001))),
    Entry("counting.thm51-rare", "the batch perceptron separates thm51(n) within 30 steps for every n ≡ 10 (mod 97) "
          "in [10, 120]", False, "exact counts: n = 107 needs 55 steps", (5,),
          lambda: [gp.checks.property_based(thm51_rare, st.integers(10, 120))],
          lambda: all(exact_perceptron(thm51_rows(n)) <= 30 for n in range(10, 121) if n % 97 == 10), slow=True),
]
