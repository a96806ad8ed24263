"""Linear GD on the chain family in certified interval arithmetic [derived, spec perceptron.md §4].

Every quantity is an ``mpmath.iv`` interval computed with outward rounding, so it encloses the exact
value of the GD iterate for the exact step size γ (a rational, enclosed once).  Two facts follow
rigorously from the enclosures:

* a coordinate whose enclosure is the point [0, 0] is exactly 0 — so ``supp(v_t) ⊆ [t]`` is
  certified by reading the enclosures, for this d and γ (σ is transcendental, but zero stays exactly
  zero: a zero margin gives e^0 = [1, 1] and τ = [0, 0], exactly);
* a margin enclosure with lower end > 0 is certified positive; upper end ≤ 0 certified non-positive.
  Otherwise the sign is undecided at this precision and the run is repeated at twice the digits.

Weights are computed as s_i = 1/2 − τ_i, τ_i = expm1(m_i) / (2 (expm1(m_i) + 2)) = tanh(m_i/2)/2,
and the step as v_{t+1} = v_t + (γ/d)(e_1/2 − Σ_i τ_i b_i): the same GD step (Σ_i b_i = e_1 on the
chain), written so that exponentially small margins keep their relative accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from mpmath import iv
from mpmath.libmp import fzero, mpf_sign

from ..numeric.certify import interval_dps


@dataclass
class ChainCertificate:
    """What one certified run established for chain(d) and the exact γ."""

    d: int
    gamma: str
    steps: int
    dps: int
    support_ok: bool  # supp(v_t) ⊆ [t] certified for every t ≤ steps
    first_support_violation: tuple | None  # (t, coordinate) if a coordinate > t is not the point 0
    last_margin_zero_before_d: bool  # m_d(v_t) is the point 0 for every t < min(d, steps + 1)
    separated_at: int | None  # first t with every margin certified > 0 (None: not within steps)
    undecided_at: int | None = None  # first t whose separation status could not be decided
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"d": self.d, "gamma": self.gamma, "steps": self.steps, "dps": self.dps,
                "support_certified": self.support_ok, "m_d_exactly_zero_before_d": self.last_margin_zero_before_d,
                "certified_separated_at": self.separated_at, "undecided_at": self.undecided_at}


_ZERO_ENDS = (fzero, fzero)


def _point_zero(x) -> bool:
    """x is the point interval [0, 0] (read from the raw ends: ``x.a`` builds a new interval)."""
    return x._mpi_ == _ZERO_ENDS


def _certainly_positive(x) -> bool:
    return mpf_sign(x._mpi_[0]) > 0


def _certainly_nonpositive(x) -> bool:
    return mpf_sign(x._mpi_[1]) <= 0


LARGE = 10_000


def _tau(m, half, two):
    """An enclosure of τ(m) = tanh(m/2)/2 over the interval m.

    τ is increasing, so τ([a, b]) ⊆ [inf τ(a), sup τ(b)] with τ evaluated on the point intervals a and
    b (no dependency blow-up).  At a point x: for x > 0 use τ(x) = −τ(−x); for |x| > LARGE use
    0 ≤ 1/2 − |τ| ≤ e^{−|x|} ≤ e^{−LARGE}; for |x| < 2⁻³⁰ use |tanh y − y| ≤ |y|³/3 (y = x/2),
    i.e. τ ∈ x/4 ± |x|³/48 (mpmath's expm1 cannot take astronomically small arguments); otherwise
    τ = E/(2(E + 2)) with E = expm1(x) ∈ (−1, 0]."""
    lo, hi = _tau_point(iv.mpf(m.a), half, two), _tau_point(iv.mpf(m.b), half, two)
    return iv.mpf([lo.a, hi.b])


def _tau_point(x, half, two):
    if x.a > LARGE:
        return half - iv.mpf([0, iv.exp(-LARGE).b])
    if x.b < -LARGE:
        return -half + iv.mpf([0, iv.exp(-LARGE).b])
    if x.a == 0 and x.b == 0:
        return x
    big = max(abs(x.a), abs(x.b))
    if big < iv.mpf(2) ** -30:
        r = iv.mpf(big) ** 3 / 48
        return x / 4 + iv.mpf([-r.b, r.b])
    if x.a > 0:
        e = iv.expm1(-x)
        return -e / (two * (e + two))
    e = iv.expm1(x)
    return e / (two * (e + two))


def certify_linear_chain(d: int, gamma, steps: int | None = None, dps: int = 20, max_dps: int = 160
                         ) -> ChainCertificate:
    """Run ``steps`` (default d) certified GD steps on chain(d) from v_0 = 0.

    The support facts do not depend on the precision.  When some step's separation status is
    undecided (no margin certified ≤ 0 and not all certified > 0) the run is repeated at twice the
    digits, up to ``max_dps``; what stays undecided is reported in ``undecided_at``."""
    gamma = sp.nsimplify(gamma) if not isinstance(gamma, sp.Basic) else gamma
    steps = d if steps is None else steps
    while True:
        cert = _run(d, sp.Rational(gamma), steps, dps)
        if cert.undecided_at is None or dps >= max_dps:
            return cert
        dps *= 2


def _run(d: int, gamma: sp.Rational, steps: int, dps: int) -> ChainCertificate:
    with interval_dps(dps):
        zero, half, two = iv.mpf(0), iv.mpf(1) / 2, iv.mpf(2)
        step = (iv.mpf(int(gamma.p)) / int(gamma.q)) / d
        v = [zero] * d
        support_ok, violation, md_zero = True, None, True
        separated_at = undecided_at = None
        for t in range(steps + 1):
            for j in range(t, d):  # coordinates j + 1 > t must be exactly 0
                if not _point_zero(v[j]):
                    support_ok = False
                    violation = violation or (t, j + 1)
                    break
            # a margin of two point-zero coordinates is 0 − 0 = 0 exactly: not recomputed
            margins = [zero if _point_zero(v[i]) and _point_zero(v[i + 1]) else v[i] - v[i + 1]
                       for i in range(d - 1)] + [v[d - 1]]
            if t < d and not _point_zero(margins[-1]):
                md_zero = False
            if all(_certainly_positive(m) for m in margins):
                separated_at = t
                break
            if undecided_at is None and not any(_certainly_nonpositive(m) for m in margins):
                undecided_at = t  # no margin certified ≤ 0, not all certified > 0
            if t == steps:
                break
            tau = [zero if _point_zero(m) else _tau(m, half, two) for m in margins]
            # Σ_i s_i b_i = e_1/2 − Σ_i τ_i b_i ; coordinate k of Σ_i τ_i b_i is τ_k − τ_{k−1};
            # x + step·(0 − 0) = x exactly, so such coordinates are not recomputed
            v = [v[0] + step * (half - tau[0])] + [
                v[k] if _point_zero(tau[k - 1]) and _point_zero(tau[k]) else v[k] + step * (tau[k - 1] - tau[k])
                for k in range(1, d)]
        return ChainCertificate(d, str(gamma), steps, dps, support_ok, violation, md_zero, separated_at, undecided_at)
