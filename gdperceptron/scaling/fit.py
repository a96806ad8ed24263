"""Fitting the exponent p in T(d) ≈ C·d^p, with a bootstrap confidence interval.

Model: ln T = ln C + p ln d, fitted by ordinary least squares over every run of a series (each
seed is a point).  Counts of 0 (separated at initialization) enter as 1, so ln T ≥ 0; the number
of such runs is reported.

Interval: the pairs (case) bootstrap — resample the (d, T) points with replacement, refit, take the
empirical (1 − level)/2 and (1 + level)/2 quantiles of the slopes (percentile interval).
Resampling whole points captures both the seed-to-seed scatter and the lack of fit of a pure power
law over the d grid; draws with fewer than two distinct d are redrawn.  The generator is seeded, so
the interval is reproducible.

Polylog slack: a count T = C √d (ln d)^k has, over a finite grid, a least-squares slope in ln d of
1/2 + k·s, where s is the OLS slope of ln ln d on ln d over the same grid (≈ 0.22 for
d = 16 … 1024).  :func:`polylog_slack` computes k·s for the actual grid, so "O(√d · polylog d)"
with an explicit k becomes the testable bound p ≤ 1/2 + k·s.

A series with runs that are censored (no separation within max_steps) or undecided (precision)
is reported as incomplete: its fit is not a valid estimate, and checks treat it as UNDECIDED.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class ExponentFit:
    exponent: float | None
    intercept: float | None  # ln C
    ci_low: float | None
    ci_high: float | None
    level: float
    n_points: int
    d_values: list[int]
    n_boot: int
    zero_counts: int = 0
    censored: int = 0
    undecided: int = 0

    @property
    def complete(self) -> bool:
        return self.exponent is not None and not self.censored and not self.undecided

    def to_dict(self) -> dict:
        return {"exponent": self.exponent, "ci_low": self.ci_low, "ci_high": self.ci_high, "level": self.level,
                "intercept_lnC": self.intercept, "n_points": self.n_points, "d_values": self.d_values,
                "n_boot": self.n_boot, "zero_counts": self.zero_counts, "censored": self.censored,
                "undecided": self.undecided, "complete": self.complete}

    def describe(self) -> str:
        if self.exponent is None:
            return "no fit (fewer than two distinct d with counts)"
        text = f"p = {self.exponent:.3f}, {100 * self.level:.0f}% CI [{self.ci_low:.3f}, {self.ci_high:.3f}]"
        if not self.complete:
            text += f" (incomplete: {self.censored} censored, {self.undecided} undecided runs)"
        return text


def _slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    xm, ym = x.mean(), y.mean()
    sxx = ((x - xm) ** 2).sum()
    p = ((x - xm) * (y - ym)).sum() / sxx
    return float(p), float(ym - p * xm)


def fit_exponent(d, T, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> ExponentFit:
    """Fit ln T = ln C + p ln d over the points (d_k, T_k); see the module docstring."""
    d = np.asarray(list(d), dtype=float)
    T = np.asarray(list(T), dtype=float)
    zeros = int((T == 0).sum())
    distinct = sorted({int(v) for v in d})
    if len(distinct) < 2:
        return ExponentFit(None, None, None, None, level, len(d), distinct, 0, zeros)
    x, yv = np.log(d), np.log(np.maximum(T, 1.0))
    p, c = _slope(x, yv)
    rng = np.random.default_rng(seed)
    slopes = []
    while len(slopes) < n_boot:
        idx = rng.integers(0, len(x), size=len(x))
        if np.ptp(x[idx]) == 0:
            continue
        slopes.append(_slope(x[idx], yv[idx])[0])
    lo, hi = np.quantile(slopes, [(1 - level) / 2, (1 + level) / 2])
    return ExponentFit(p, c, float(lo), float(hi), level, len(d), distinct, n_boot, zeros)


def fit_records(records, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> ExponentFit:
    """Fit one series of :class:`~gdperceptron.scaling.study.RunRecord` (separated runs only)."""
    ok = [r for r in records if r.status == "separated"]
    fit = fit_exponent([r.d for r in ok], [r.iterations for r in ok], n_boot=n_boot, seed=seed, level=level)
    fit.censored = sum(r.status == "censored" for r in records)
    fit.undecided = sum(r.status == "undecided" for r in records)
    return fit


def polylog_slack(d_values, k: float = 1.0) -> float:
    """k · (OLS slope of ln ln d on ln d over the distinct d ≥ 3 of the grid); see the docstring."""
    ds = sorted({int(v) for v in d_values if int(v) >= 3})
    if len(ds) < 2:
        return 0.0
    x = np.log(np.array(ds, dtype=float))
    return k * _slope(x, np.log(x))[0]


def median(values) -> float:
    vals = sorted(values)
    return float("nan") if not vals else (vals[len(vals) // 2] if len(vals) % 2 else
                                          0.5 * (vals[len(vals) // 2 - 1] + vals[len(vals) // 2]))


__all__ = ["ExponentFit", "fit_exponent", "fit_records", "polylog_slack", "median"]
