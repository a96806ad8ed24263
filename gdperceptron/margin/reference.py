"""GD on the reference model of margin.md §2, its activation patterns, phases and frozen invariants [derived].

Reference model: N(x) = σ(w1·x) − σ(w2·x) on two unit points x+ (label +1) and x− (label −1) at angle
θ, sum-form loss, GD with constant step η (:func:`run` calls :func:`gdperceptron.run_gd` with
``reduction="sum"``).  Coordinates: ``"rotated"`` x± = (cos θ/2, ±sin θ/2) (the family
:func:`gdperceptron.datasets.orthogonal_pair`), ``"standard"`` x+ = e1, x− = (cos θ, sin θ) — at
θ = π/2 the orthogonal coordinates x± = e1, e2 of the canonical example.

* pattern bits [w1·x+ > 0, w1·x− > 0, w2·x+ > 0, w2·x− > 0] (:func:`pattern`), e.g. ``"1001"``;
* :func:`phases` — the times at which the pattern changes along a recorded trajectory;
* frozen invariants (L3) κ1 = w1·x− − cos θ·(w1·x+), κ2 = w2·x+ − cos θ·(w2·x−) (:func:`invariants`);
* :func:`final_phase` — in pattern 1001 a_t = w1·x+ and b_t = w2·x− each follow the growth
  recursion (L4) and κ1, κ2 are frozen (L3), so the full GD state at any horizon T is rebuilt from
  rigorous enclosures of a_T, b_T (:func:`gdperceptron.numeric.recursion.advance`).  This uses L2–L4,
  which are claims of their own (``margin.absorption``, ``margin.frozen-invariants``,
  ``margin.growth-*``); the claims compare it with direct GD where direct GD is affordable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import iv

from ..data import Dataset
from ..errors import InputError
from ..models import TwoNeuronReLU
from ..numbers import to_exact, to_mpf
from ..numeric.certify import interval_dps
from ..numeric.iterate import run_gd
from ..numeric.recursion import advance, exact_interval
from .geometry import robust_margin

ABSORBING = "1001"
COORDINATES = ("rotated", "standard")


def pair(theta=sp.pi / 2, coordinates: str = "rotated") -> Dataset:
    """The two unit training points at angle θ ∈ (0, π], x+ first (label +1), then x− (label −1)."""
    if coordinates == "rotated":
        from ..datasets import orthogonal_pair

        return orthogonal_pair(theta)
    if coordinates != "standard":
        raise InputError(f"coordinates must be 'rotated' or 'standard', got {coordinates!r}")
    angle = to_exact(theta, "angle theta")
    if not (0 < angle <= sp.pi):
        raise InputError(f"angle theta must lie in (0, pi], got {theta!r}")
    return Dataset([[1, 0], [sp.cos(angle), sp.sin(angle)]], [1, -1])


@lru_cache(maxsize=64)
def points(data: Dataset):
    """(x+, x−) as exact vectors, checked to be one positive and one negative unit point (once per
    data set: a Dataset is immutable and hashed by identity)."""
    if data.n != 2 or sorted(data.y) != [-1, 1]:
        raise InputError("the reference model needs exactly two points, one with label +1 and one with -1")
    plus, minus = (data.X[0], data.X[1]) if data.y[0] == 1 else (data.X[1], data.X[0])
    for x in (plus, minus):
        if sp.simplify(sum(v**2 for v in x) - 1) != 0:
            raise InputError("the reference model's points must have unit norm")
    return plus, minus


@lru_cache(maxsize=64)
def cos_angle(data: Dataset):
    """cos θ = x+·x− (exact; once per data set)."""
    plus, minus = points(data)
    return sp.simplify(sum(a * b for a, b in zip(plus, minus)))


def _dot(u, v):
    return mpmath.fsum(a * b for a, b in zip(u, v))


@lru_cache(maxsize=64)
def _numeric_points(data: Dataset, prec: int):
    """(x+, x−) and cos θ as mpf at ``prec`` bits (irrational entries evaluated once per precision)."""
    with mpmath.workprec(prec):
        plus, minus = (tuple(to_mpf(v) for v in x) for x in points(data))
        return plus, minus, to_mpf(cos_angle(data))


def pattern(params, data: Dataset) -> str:
    """Activation bits [w1·x+ > 0, w1·x− > 0, w2·x+ > 0, w2·x− > 0] at the current mpmath precision."""
    plus, minus, _ = _numeric_points(data, mpmath.mp.prec)
    d = len(plus)
    w1, w2 = [to_mpf(v) for v in params[:d]], [to_mpf(v) for v in params[d:]]
    return "".join("1" if _dot(w, x) > 0 else "0" for w, x in ((w1, plus), (w1, minus), (w2, plus), (w2, minus)))


def invariants(params, data: Dataset) -> tuple:
    """(κ1, κ2) = (w1·x− − cos θ·w1·x+, w2·x+ − cos θ·w2·x−) at the current mpmath precision."""
    plus, minus, c = _numeric_points(data, mpmath.mp.prec)
    d = len(plus)
    w1, w2 = [to_mpf(v) for v in params[:d]], [to_mpf(v) for v in params[d:]]
    return _dot(w1, minus) - c * _dot(w1, plus), _dot(w2, plus) - c * _dot(w2, minus)


def run(data: Dataset, init, eta, steps: int, loss: str = "logistic", dps: int = 50, record_every=None):
    """GD on the reference model (sum-form loss) — :func:`gdperceptron.run_gd` with ``reduction="sum"``."""
    return run_gd(TwoNeuronReLU(data.d), data, eta, steps, init=init, loss=loss, reduction="sum", dps=dps,
                  record_every=record_every)


def phases(traj, data: Dataset) -> list[tuple[int, str]]:
    """[(t, pattern)] at t = 0 and at every recorded step where the pattern changes."""
    out: list[tuple[int, str]] = []
    with mpmath.workdps(traj.dps):
        for t, params in traj.params.items():
            p = pattern(params, data)
            if not out or out[-1][1] != p:
                out.append((t, p))
    return out


def absorption_time(traj, data: Dataset) -> int | None:
    """First recorded t from which the pattern is 1001 up to the end of the run (None if not at the end)."""
    history = phases(traj, data)
    return history[-1][0] if history[-1][1] == ABSORBING else None


@dataclass
class FinalPhase:
    """Enclosures at horizon T in the final phase: a_T = w1·x+, b_T = w2·x−, the weights and ρ_T."""

    T: int
    a: iv.mpf
    b: iv.mpf
    params: list
    rho: iv.mpf


def final_phase(params, t0: int, data: Dataset, eta, horizons, loss: str = "logistic", dps: int = 50):
    """Enclosures of the GD state at each T ≥ t0 in ``horizons``, from the state ``params`` at t0 (pattern 1001).

    In pattern 1001 each step moves w1 by η|ℓ'(a)|·x+ and w2 by η|ℓ'(b)|·x−, and a, b grow by exactly
    those amounts (‖x±‖ = 1), so w1(T) = w1(t0) + (a_T − a_t0) x+ and w2(T) = w2(t0) + (b_T − b_t0) x−
    (this is L3: κ1, κ2 and off-span components stay frozen), for any θ and d.  ``params`` are taken
    as exact numbers; the enclosures are rigorous for the final-phase dynamics from that state.
    """
    with mpmath.workdps(dps):
        if pattern(params, data) != ABSORBING:
            raise InputError(f"final_phase needs pattern 1001 at t0, got {pattern(params, data)}")
    steps = [T - t0 for T in horizons]
    if min(steps) < 0:
        raise InputError("horizons must be ≥ t0")
    d = data.d
    with interval_dps(dps):
        P, M = ([exact_interval(v) for v in x] for x in points(data))
        w1, w2 = [exact_interval(v) for v in params[:d]], [exact_interval(v) for v in params[d:]]
        a0 = sum((u * v for u, v in zip(w1, P)), iv.mpf(0))
        b0 = sum((u * v for u, v in zip(w2, M)), iv.mpf(0))
    a_T = advance(a0, eta, steps, loss=loss, dps=dps)
    b_T = advance(b0, eta, steps, loss=loss, dps=dps)
    model = TwoNeuronReLU(d)
    out = []
    with interval_dps(dps):
        for T, a, b in zip(horizons, a_T, b_T):
            weights = [u + (a - a0) * v for u, v in zip(w1, P)] + [u + (b - b0) * v for u, v in zip(w2, M)]
            out.append(FinalPhase(T, a, b, weights, robust_margin(model, weights, data, certified=True, dps=dps)))
    return out
