"""Fit and test rate laws for a sequence gap_t on a geometric grid of t [method ours].

Laws (L := ln(ηt), η = 1 unless given):  ``"1/ln t"`` c/L,  ``"1/ln^2 t"`` c/L²,  ``"1/sqrt(ln t)"`` c/√L
(the logarithmic family c·L^p with p = −1, −2, −1/2) and ``"t^-k"`` c·t^{−k} (the power family).

Estimates, each extrapolated to t → ∞ in powers of 1/L (the corrections of every law in margin.md
§5 are power series in 1/L, e.g. gap·L = c + c₂/L + …):

* the log-exponent p from the local slopes p_i = Δ ln gap / Δ ln L between neighbouring grid points;
* the power exponent k from the local slopes k_i = −Δ ln gap / Δ ln t;
* the constant c from the scaled values c_i = gap_i / f(t_i).

Each extrapolation is a least-squares fit of the values against 1/L by polynomials of degree 1
and 2; the estimate is the degree-2 value and its error bar is |degree-2 − degree-1| (the size of
the last correction kept) plus the same fit's change when the first grid point is dropped
(stability across the grid), plus the numerical radius of the data.  A law is

* **supported** when its exponent lies within 3 error bars of the estimate, every other law's
  exponent lies outside 3 error bars (rejected; the power family is rejected for a logarithmic
  law when k = 0 within 3 error bars and the error bar is below ``POWER_RESOLUTION``), and the constant is stable: the fits on the
  first and second halves of the grid agree within their error bars, and c is non-zero by more
  than 3 error bars;
* **contradicted** when its exponent (or, given an expected constant, the constant) is more than
  ``REFUTE_SIGMAS`` error bars and more than 1 % away from the estimate — a numerical refutation at
  the stated precision, not a proof.

Numbers are mpmath numbers; the caller's precision is used for the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath

from ..errors import InputError

LOG_LAWS = {"1/ln t": -1, "1/ln^2 t": -2, "1/sqrt(ln t)": mpmath.mpf(-1) / 2}
POWER_LAW = "t^-k"
LAWS = tuple(LOG_LAWS) + (POWER_LAW,)
SIGMAS = 3
POWER_RESOLUTION = mpmath.mpf(1) / 20
"""A power law is rejected only when k = 0 is pinned down to better than this."""
REFUTE_SIGMAS = 10


@dataclass
class Estimate:
    """An extrapolated value with its error bar."""

    value: mpmath.mpf
    error: mpmath.mpf

    def consistent_with(self, x, sigmas=SIGMAS) -> bool:
        return abs(self.value - x) <= sigmas * self.error

    def __str__(self) -> str:
        return f"{mpmath.nstr(self.value, 8)} ± {mpmath.nstr(self.error, 2)}"


@dataclass
class RateTest:
    """Outcome of :func:`test_law`."""

    law: str
    log_exponent: Estimate
    power_exponent: Estimate
    constant: Estimate | None
    supported: bool
    contradicted: bool
    reasons: list[str] = field(default_factory=list)
    scaled: list = field(default_factory=list)

    def evidence(self) -> dict:
        return {"law": self.law, "log_exponent p (gap ~ c L^p)": str(self.log_exponent),
                "power_exponent k (gap ~ c t^-k)": str(self.power_exponent),
                "constant c": str(self.constant) if self.constant else None,
                "scaled gap/f(t) along the grid": [mpmath.nstr(c, 12) for c in self.scaled],
                "reasons": list(self.reasons)}


def plot_series(ts, fit: RateTest, label: str, reference=None) -> dict:
    """gap/f(t) along the grid as a series for :mod:`gdperceptron.plots` (divided by ``reference``
    when given, so that several instances share the target 1)."""
    ys = [c / reference for c in fit.scaled] if reference else fit.scaled
    return {"label": label, "x": [str(t) for t in ts], "y": [mpmath.nstr(v, 12) for v in ys], "style": "points"}


def law_value(law: str, t: int, eta=1, k=None):
    """f(t) of the law (k is required for the power law)."""
    L = mpmath.log(mpmath.mpf(eta) * t)
    if law in LOG_LAWS:
        return L ** LOG_LAWS[law]
    if law == POWER_LAW:
        return mpmath.mpf(t) ** (-k)
    raise InputError(f"unknown rate law {law!r} (one of {', '.join(LAWS)})")


def _extrapolate(xs, values, degree: int):
    """Value at x = 0 of the least-squares polynomial of the given degree through (xs, values)."""
    A = mpmath.matrix([[x**j for j in range(degree + 1)] for x in xs])
    coef = mpmath.lu_solve(A.T * A, A.T * mpmath.matrix(values))
    return coef[0]


def extrapolate(xs, values, radius=0) -> Estimate:
    """Extrapolation to x → 0 (x = 1/L) with the error bar described in the module docstring."""
    if len(xs) < 4:
        raise InputError("at least 4 grid points are needed to extrapolate with an error bar")
    best = _extrapolate(xs, values, 2)
    spread = abs(best - _extrapolate(xs, values, 1)) + abs(best - _extrapolate(xs[1:], values[1:], 2))
    return Estimate(best, spread + radius)


def _check_grid(ts, gaps):
    if len(ts) != len(gaps) or len(ts) < 5:
        raise InputError("need at least 5 pairs (t, gap_t)")
    if any(b <= a for a, b in zip(ts, ts[1:])) or ts[0] < 2:
        raise InputError("the grid must be increasing with t ≥ 2")
    if any(g <= 0 for g in gaps):
        raise InputError("gaps must be positive to fit a rate law")


def exponents(ts, gaps, eta=1, radius=0) -> tuple[Estimate, Estimate]:
    """(log-exponent p, power exponent k) extrapolated from local slopes."""
    _check_grid(ts, gaps)
    L = [mpmath.log(mpmath.mpf(eta) * t) for t in ts]
    lg = [mpmath.log(g) for g in gaps]
    mid = [2 / (L[i] + L[i + 1]) for i in range(len(ts) - 1)]
    p = [(lg[i + 1] - lg[i]) / (mpmath.log(L[i + 1]) - mpmath.log(L[i])) for i in range(len(ts) - 1)]
    k = [-(lg[i + 1] - lg[i]) / (mpmath.log(ts[i + 1]) - mpmath.log(ts[i])) for i in range(len(ts) - 1)]
    rel = radius / min(gaps)
    return extrapolate(mid, p, 10 * rel), extrapolate(mid, k, 10 * rel)


def test_law(ts, gaps, law: str, eta=1, expected_constant=None, expected_k=None, radius=0) -> RateTest:
    """Test gap_t ≈ c·f(t) on the grid (module docstring); ``radius`` bounds the numerical error of the gaps."""
    gaps = [mpmath.mpf(g) for g in gaps]
    p_est, k_est = exponents(ts, gaps, eta, radius)
    reasons: list[str] = []
    if law in LOG_LAWS:
        own_ok = p_est.consistent_with(LOG_LAWS[law]) and k_est.consistent_with(0)
        own_far = _far(p_est, LOG_LAWS[law])
        others = {name: p for name, p in LOG_LAWS.items() if name != law}
        rejected = {name: not p_est.consistent_with(p) for name, p in others.items()}
        rejected[POWER_LAW] = k_est.consistent_with(0) and k_est.error < POWER_RESOLUTION
        k = None
    elif law == POWER_LAW:
        k = expected_k if expected_k is not None else k_est.value
        own_ok = (expected_k is None or k_est.consistent_with(expected_k)) and not k_est.consistent_with(0)
        own_far = expected_k is not None and _far(k_est, expected_k)
        rejected = {name: k_est.value > SIGMAS * k_est.error for name in LOG_LAWS}
    else:
        raise InputError(f"unknown rate law {law!r} (one of {', '.join(LAWS)})")
    reasons.append(f"log-exponent p = {p_est}, power exponent k = {k_est}")
    if not own_ok:
        reasons.append(f"the exponent of {law} is not within {SIGMAS} error bars of the estimate")
    for name, rej in rejected.items():
        reasons.append(f"alternative {name}: {'rejected' if rej else 'NOT rejected'}")
    scaled = [g / law_value(law, t, eta, k) for t, g in zip(ts, gaps)]
    xs = [1 / mpmath.log(mpmath.mpf(eta) * t) for t in ts]
    c_rad = max(radius / law_value(law, t, eta, k) for t in ts) if radius else 0
    constant = extrapolate(xs, scaled, c_rad)
    half = len(ts) // 2
    first = extrapolate(xs[:half + 1], scaled[:half + 1], c_rad) if half + 1 >= 4 else None
    second = extrapolate(xs[half:], scaled[half:], c_rad) if len(ts) - half >= 4 else None
    stable = abs(constant.value) > SIGMAS * constant.error and all(
        part is None or abs(part.value - constant.value) <= SIGMAS * (part.error + constant.error)
        for part in (first, second))
    reasons.append(f"constant c = {constant}" + (f" (halves: {first}, {second})" if first and second else "")
                   + (" stable" if stable else " NOT stable across the grid"))
    contradicted = own_far
    matches = True
    if expected_constant is not None:
        matches = constant.consistent_with(expected_constant)
        reasons.append(f"expected constant {mpmath.nstr(expected_constant, 10)}: "
                       f"{'within' if matches else 'outside'} {SIGMAS} error bars")
        contradicted = contradicted or _far(constant, expected_constant)
    supported = own_ok and all(rejected.values()) and stable and matches and not contradicted
    return RateTest(law, p_est, k_est, constant, supported, contradicted, reasons, scaled)


def _far(estimate: Estimate, x) -> bool:
    gap = abs(estimate.value - x)
    return gap > REFUTE_SIGMAS * estimate.error and gap > abs(x) / 100
