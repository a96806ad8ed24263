"""Turning a fitted exponent into a verdict on an asymptotic claim (docs/verdicts.md).

For a claim "T(d) = O(d^q)" (``upper=q``) or "T(d) = Ω(d^q)" (``lower=q``), with a stated slack s
(e.g. the polylog slack of :func:`~gdperceptron.scaling.fit.polylog_slack`):

* SUPPORTED  — the series is complete and the whole confidence interval lies on the claimed side:
  ci_high ≤ q + s (upper) or ci_low ≥ q − s (lower);
* REFUTED    — the series is complete and the whole interval lies on the other side: ci_low > q + s
  or ci_high < q − s.  The counterexample is the series itself (d, seed, count, precision per run),
  which reproduces exactly;
* UNDECIDED  — otherwise (the interval straddles the bound, or runs were censored/undecided).

A fit is numerical evidence, so SUPPORTED is the strongest verdict this can give.
"""

from __future__ import annotations

from ..claims import REFUTED, SUPPORTED, UNDECIDED, Verdict
from .fit import ExponentFit


def exponent_verdict(fit: ExponentFit, upper: float | None = None, lower: float | None = None,
                     slack: float = 0.0) -> tuple[Verdict, str]:
    """The verdict on "exponent ≤ upper + slack" or "exponent ≥ lower − slack" and a one-line reason."""
    if (upper is None) == (lower is None):
        raise ValueError("give exactly one of upper, lower")
    if not fit.complete:
        return UNDECIDED, f"{fit.describe()}: no valid fit"
    if upper is not None:
        bound = upper + slack
        if fit.ci_high <= bound:
            return SUPPORTED, f"{fit.describe()} ≤ {bound:.3f}"
        if fit.ci_low > bound:
            return REFUTED, f"{fit.describe()} lies entirely above {bound:.3f}"
        return UNDECIDED, f"{fit.describe()} straddles {bound:.3f}"
    bound = lower - slack
    if fit.ci_low >= bound:
        return SUPPORTED, f"{fit.describe()} ≥ {bound:.3f}"
    if fit.ci_high < bound:
        return REFUTED, f"{fit.describe()} lies entirely below {bound:.3f}"
    return UNDECIDED, f"{fit.describe()} straddles {bound:.3f}"


def series_table(records) -> list[dict]:
    """The runs of a series as a compact, reproducible counterexample/evidence table."""
    return [{"d": r.d, "seed": r.seed, "gamma": r.gamma, "status": r.status, "iterations": r.iterations,
             "precision": r.precision} for r in records]
