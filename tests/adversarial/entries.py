"""The corpus entry, the helpers that build users' claims, and the independent oracles' tools.

An :class:`Entry` is one claim of the corpus: ``make()`` returns the claim's checks, written with
the public API only, exactly as a user would write them; ``truth`` is the claim's ground truth and
``oracle()`` recomputes that truth by an independent route (never by calling the checker);
``classes`` names the defect classes of issue 12 the entry probes (1 rounded domains, 2 agreement
of two precisions, 3 inexact SymPy Floats, 4 verdicts wider than their evidence, 5 counted but not
tested, 6 crashes and hangs, 7 user mistakes).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Sequence

import mpmath
import sympy as sp
from mpmath import iv

import gdperceptron as gp

PASSING = ("PROVEN", "VERIFIED", "SUPPORTED")
"""The verdicts that confirm a claim; a false claim must earn none of them."""


@dataclass(frozen=True)
class Entry:
    """One claim of the corpus with its ground truth.

    ``statement`` is the claim's statement in words; ``why`` says in a line why it is true or
    false.  ``quick``/``dps``/``budget`` are passed to ``Claim.check``; ``timeout`` bounds the
    forked process that runs it (a hang is a failure).  ``may_reject``: an :class:`gp.InputError`
    (at construction or while checking) is an acceptable answer, for claims whose statement the
    checker may rightly refuse (inexact Floats, user mistakes).  ``allowed_if_false`` lists the
    confirming verdicts a false claim may still earn because they are scoped to the instances the
    check covers (VERIFIED for a general statement checked at one size, class 4).
    """

    id: str
    statement: str
    truth: bool
    why: str
    classes: tuple[int, ...]
    make: Callable[[], Sequence]
    oracle: Callable[[], bool]
    quick: bool = True
    dps: int = 50
    budget: float = 60.0
    timeout: float = 90.0
    slow: bool = False
    may_reject: bool = False
    allowed_if_false: tuple[str, ...] = ()

    def claim(self) -> gp.Claim:
        """The user's claim: the statement and the checks of ``make()``, provenance [derived]."""
        checks = self.make()
        return gp.Claim(self.id, self.statement[:70], self.statement, "derived",
                        checks=list(checks) if isinstance(checks, (list, tuple)) else [checks])

    def judge(self, outcome: dict) -> str | None:
        """None when the outcome is acceptable for this entry, else what is wrong with it."""
        status = outcome["status"]
        if status == "input_error":
            return None if self.may_reject else f"rejected with InputError: {outcome['message']}"
        if status != "verdict":
            return f"{status}: {outcome.get('message', '')}"
        verdict = outcome["verdict"]
        if self.truth and verdict == "REFUTED":
            return f"a TRUE claim was REFUTED: {outcome['summary']}"
        if not self.truth and verdict in PASSING and verdict not in self.allowed_if_false:
            return f"a FALSE claim earned {verdict}: {outcome['summary']}"
        return None


# --------------------------------------------------------------------------------------------
# The user's side: building claims with the ready-made checks, as in the README.
# --------------------------------------------------------------------------------------------

def sigmoid(z):
    """σ(z) = 1/(1 + e^{−z}) as a SymPy expression."""
    return 1 / (1 + sp.exp(-z))


def mp_sigmoid(z):
    """σ(z) at the current mpmath precision, written the way a user writes it."""
    return 1 / (1 + mpmath.exp(-z))


def mp_noise(m):
    """|σ(−m) − 1[m ≤ 0]| at the current mpmath precision, written literally."""
    return abs(1 / (1 + mpmath.exp(m)) - (1 if m <= 0 else 0))


def iv_noise(m):
    """|σ(−m) − 1[m ≤ 0]| on an interval of one sign (what a user passes to certified_inequality)."""
    if m.b < 0:
        return 1 - 1 / (1 + iv.exp(m))
    return 1 / (1 + iv.exp(m))


def iv_const(value):
    """An exact rational constant as an mpmath interval enclosing it: ``iv_const("1/3")``."""
    q = sp.Rational(value)
    return iv.mpf(int(q.p)) / int(q.q)


def identity_check(lhs, rhs):
    """The ready-made symbolic check, as a user calls it (a one-check list for ``Entry.make``)."""
    return [gp.checks.identity(lhs, rhs)]


def property_check(predicate, strategy, **kw):
    """The ready-made Hypothesis check with its defaults (a one-check list for ``Entry.make``)."""
    return [gp.checks.property_based(predicate, strategy, **kw)]


def interval_check(lhs, rhs, pieces, strict=False, covers_domain=True, variable="x"):
    """The ready-made certified check of lhs ≤ rhs (< if strict) on the union of the pieces; by
    default the pieces are the claim's whole domain."""
    return [gp.checks.certified_inequality(lhs, rhs, pieces, covers_domain=covers_domain, strict=strict,
                                           variable=variable)]


def instance_check(name: str, compute: Callable[[gp.claims.CheckContext], tuple]):
    """A user's instance check: ``compute(ctx)`` returns (ok, facts) with ok True, False or None.

    True answers VERIFIED, False REFUTED with the facts as counterexample, None UNDECIDED; this is
    the pattern of ``proofs/`` for claims about finite lists of instances.
    """

    @gp.check("instance", name)
    def run(ctx):
        ok, facts = compute(ctx)
        if ok is None:
            return gp.CheckResult(gp.UNDECIDED, f"not decided: {facts}", {"facts": facts})
        if ok:
            return gp.CheckResult(gp.VERIFIED, f"holds on every instance: {facts}", {"facts": facts})
        return gp.CheckResult(gp.REFUTED, f"fails: {facts}", {"facts": facts}, counterexample={"facts": facts})

    return run


# --------------------------------------------------------------------------------------------
# The oracles' side: exact and interval tools that never go through the checker.
# --------------------------------------------------------------------------------------------

@contextmanager
def iv_digits(dps: int):
    """mpmath's interval context at ``dps`` digits, restored afterwards."""
    old = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = old


def decide(relation) -> bool:
    """The answer of an mpmath interval comparison, which must be decided by the enclosures.

    mpmath answers None when the intervals overlap; an oracle must then raise its precision, so
    None is an error here, never a silent False."""
    if relation is None:
        raise AssertionError("interval comparison undecided: raise the oracle's precision")
    return bool(relation)


def zero_rational_function(expr) -> bool:
    """expr (a rational function of its symbols) is identically 0, by polynomial cancellation."""
    return sp.cancel(sp.together(expr)) == 0


def positive_rational_function(expr, u: sp.Symbol) -> bool:
    """expr(u) > 0 for every u > 0: after cancellation, numerator and denominator are polynomials
    in u with non-negative coefficients, not all zero (a certificate, not a numerical test)."""
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    polys = [sp.Poly(num, u), sp.Poly(den, u)]
    return all(all(c >= 0 for c in p.all_coeffs()) and not p.is_zero for p in polys)
