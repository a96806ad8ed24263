"""Certified inequalities on domains whose endpoints are exact numbers (class 1, and the interval
branch-and-bound check across its cases).

The statements are tight at an endpoint, or fail only at or next to one, so a domain rounded to
53-bit floats before it is checked (1/3 → 0.33333333333333331, 10^20 + 1 → 10^20) turns them into
different statements.  Oracles decide them with exact rationals, SymPy, or mpmath intervals at
50+ digits together with a monotonicity or concavity argument.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from mpmath import iv

from .entries import Entry, decide, interval_check, iv_const, iv_digits, positive_rational_function

LINE_FAILS_FROM = "1898749826/1000000000"
"""Just above x* ≈ 1.8987498257274714, where σ(x) = 49/100 + x/5 (σ(x) is below the line after x*)."""
LINE_HOLDS_TO = "1898749825/1000000000"
"""Just below x*."""


def line(x):
    return iv_const("49/100") + x / 5


def iv_sigmoid(x):
    return 1 / (1 + iv.exp(-x))


def _line_gap_nonnegative(at: str) -> bool:
    """Whether σ(x) ≥ 49/100 + x/5 at the exact point ``at``, by intervals at 50 digits."""
    with iv_digits(50):
        point = iv_const(at)
        return decide(iv_sigmoid(point) >= line(point))


def _sigmoid_line_oracle(hi: str) -> bool:
    """Whether σ(x) ≥ 49/100 + x/5 on [0, hi]: h = σ − line is concave on [0, ∞) (σ'' ≤ 0 there:
    in u = e^x ≥ 1, u = 1 + v, σ'' = −v(1 + v)/(2 + v)³), and h(0) = 1/100 > 0, so h ≥ 0 on [0, hi]
    iff h(hi) ≥ 0."""
    v = sp.Symbol("v", positive=True)
    concave = positive_rational_function(v * (1 + v) / (2 + v) ** 3, v)
    return concave and _line_gap_nonnegative("0") and _line_gap_nonnegative(hi)


ENTRIES = [
    Entry("domain.third-strict-string", "3x < 1 for every x in [0, 1/3] (endpoint the string \"1/3\")", False,
          "at x = 1/3, 3x = 1 exactly", (1,),
          lambda: interval_check(lambda x: 3 * x, lambda x: iv.mpf(1), [(0, "1/3")], strict=True),
          lambda: 3 * Fraction(1, 3) < 1),
    Entry("domain.third-strict-rational", "3x < 1 for every x in [0, 1/3] (endpoint sp.Rational(1, 3))", False,
          "at x = 1/3, 3x = 1 exactly", (1,),
          lambda: interval_check(lambda x: 3 * x, lambda x: iv.mpf(1), [(0, sp.Rational(1, 3))], strict=True),
          lambda: bool(3 * sp.Rational(1, 3) < 1)),
    Entry("domain.third-strict-fraction", "3x < 1 for every x in [0, 1/3] (endpoint Fraction(1, 3))", False,
          "at x = 1/3, 3x = 1 exactly", (1,),
          lambda: interval_check(lambda x: 3 * x, lambda x: iv.mpf(1), [(0, Fraction(1, 3))], strict=True),
          lambda: 3 * Fraction(1, 3) < 1),
    Entry("domain.third-nonstrict", "3x ≤ 1 for every x in [0, 1/3]", True,
          "3x is increasing and equals 1 at x = 1/3", (1,),
          lambda: interval_check(lambda x: 3 * x, lambda x: iv.mpf(1), [(0, "1/3")]),
          lambda: 3 * Fraction(1, 3) <= 1),
    Entry("domain.big-integer-endpoint", "x ≤ 10^20 for every x in [0, 10^20 + 1]", False,
          "at x = 10^20 + 1 (an exact integer endpoint, 10^20 as a 53-bit float)", (1,),
          lambda: interval_check(lambda x: x, lambda x: iv.mpf(10) ** 20, [(0, 10**20 + 1)]),
          lambda: 10**20 + 1 <= 10**20),
    Entry("domain.below-third-20th-digit", "x ≤ 1/3 − 10^-20 for every x in [0, 1/3]", False,
          "at x = 1/3 it misses by 10^-20; the float nearest 1/3 is below 1/3 − 10^-20", (1,),
          lambda: interval_check(lambda x: x, lambda x: iv.mpf(1) / 3 - iv.mpf(10) ** -20, [(0, "1/3")]),
          lambda: Fraction(1, 3) <= Fraction(1, 3) - Fraction(1, 10**20)),
    Entry("domain.sqrt2-strict", "x² < 2 for every x in [1, √2] (endpoint sp.sqrt(2))", False,
          "at x = √2, x² = 2 exactly", (1,),
          lambda: interval_check(lambda x: x * x, lambda x: iv.mpf(2), [(1, sp.sqrt(2))], strict=True),
          lambda: bool(sp.sqrt(2) ** 2 < 2), may_reject=True),
    Entry("domain.tenth-decimal", "10x ≤ 1 for every x in [0, 0.1] (endpoint the string \"0.1\", i.e. 1/10)", True,
          "10x is increasing and equals 1 at x = 1/10; the float 0.1 is above 1/10", (1,),
          lambda: interval_check(lambda x: 10 * x, lambda x: iv.mpf(1), [(0, "0.1")]),
          lambda: 10 * Fraction("0.1") <= 1),
    Entry("domain.tenth-lower-strict", "1 < 10x for every x in [1/10, 1]", False,
          "at x = 1/10, 10x = 1; the float 0.1 lies above 1/10, so the rounded domain misses the failure", (1,),
          lambda: interval_check(lambda x: iv.mpf(1), lambda x: 10 * x, [("1/10", 1)], strict=True),
          lambda: 1 < 10 * Fraction(1, 10)),
    Entry("domain.quarter-exact", "4x ≤ 1 for every x in [0, 1/4]", True,
          "4x is increasing and equals 1 at x = 1/4 (a dyadic endpoint: no rounding at all)", (1,),
          lambda: interval_check(lambda x: 4 * x, lambda x: iv.mpf(1), [(0, "1/4")]),
          lambda: 4 * Fraction(1, 4) <= 1),
    Entry("domain.float-endpoint", "3x < 1 for every x in [0, 0.3333333333333333] (the Python float 1/3)", True,
          "the float 1/3 is 6004799503160661/2^54 < 1/3, so 3x < 1 on the whole interval", (1,),
          lambda: interval_check(lambda x: 3 * x, lambda x: iv.mpf(1), [(0, 1 / 3)], strict=True),
          lambda: 3 * Fraction(1 / 3) < 1, may_reject=True),
    Entry("domain.sigmoid-line-crossing", f"σ(x) ≥ 49/100 + x/5 for every x in [0, {LINE_FAILS_FROM}]", False,
          "σ(x) drops below the line at x* ≈ 1.8987498257, 2.7·10^-10 before the right endpoint", (1,),
          lambda: interval_check(line, iv_sigmoid, [(0, LINE_FAILS_FROM)]),
          lambda: _sigmoid_line_oracle(LINE_FAILS_FROM)),
    Entry("domain.sigmoid-line-true", f"σ(x) ≥ 49/100 + x/5 for every x in [0, {LINE_HOLDS_TO}]", True,
          "the gap σ − line is concave, 1/100 at 0 and still positive at the endpoint (7·10^-10 before x*)", (1,),
          lambda: interval_check(line, iv_sigmoid, [(0, LINE_HOLDS_TO)]),
          lambda: _sigmoid_line_oracle(LINE_HOLDS_TO)),
    Entry("domain.negative-third-strict", "−1 < 3x for every x in [−1/3, 0]", False,
          "at x = −1/3, 3x = −1; the float nearest −1/3 lies inside the interval, cutting the failure off", (1,),
          lambda: interval_check(lambda x: iv.mpf(-1), lambda x: 3 * x, [("-1/3", 0)], strict=True),
          lambda: -1 < 3 * Fraction(-1, 3)),
    Entry("domain.pi-strict", "0 < sin(x) for every x in [1/100, π] (endpoint sp.pi)", False,
          "sin(π) = 0 exactly", (1,),
          lambda: interval_check(lambda x: iv.mpf(0), iv.sin, [("1/100", sp.pi)], strict=True),
          lambda: bool(0 < sp.sin(sp.pi)), may_reject=True),
    Entry("domain.irrational-tangency", "0 < (x − √2)² for every x in [0, 3]", False,
          "the square vanishes at the interior irrational point √2, where no box can be decided", (1,),
          lambda: interval_check(lambda x: iv.mpf(0), lambda x: (x - iv.sqrt(2)) ** 2, [(0, 3)], strict=True),
          lambda: bool(0 < (sp.sqrt(2) - sp.sqrt(2)) ** 2)),
    Entry("domain.narrow-dip", "(x − 1/3)² ≥ 10^-70 for every x in [0, 1]", False,
          "it fails for |x − 1/3| < 10^-35, far below any box width the search reaches", (1, 2),
          lambda: interval_check(lambda x: iv.mpf(10) ** -70, lambda x: (x - iv.mpf(1) / 3) ** 2, [(0, 1)]),
          lambda: (Fraction(1, 3) - Fraction(1, 3)) ** 2 >= Fraction(1, 10**70)),
    Entry("domain.sub-domain-evidence", "x² ≤ 4 for every x in [0, 3] (certified on [0, 2] only)", False,
          "at x = 3, x² = 9; the certificate covers [0, 2], so it is evidence, not a proof", (1, 4),
          lambda: interval_check(lambda x: x * x, lambda x: iv.mpf(4), [(0, 2)], covers_domain=False),
          lambda: 3**2 <= 4),
    Entry("domain.exponential-taylor", "1 + x + x²/2 < e^x for every x in [1/2, 3]", True,
          "e^x − (1 + x + x²/2) = Σ_{k≥3} x^k/k! > 0 for x > 0", (1,),
          lambda: interval_check(lambda x: 1 + x + x * x / 2, iv.exp, [("1/2", 3)], strict=True),
          lambda: all(c > 0 for c in (sp.Rational(1, sp.factorial(k)) for k in range(3, 30)))),
]
