"""Hypothesis strategies for the objects claims quantify over (public API: ``gp.strategies``).

Everything drawn is exact (SymPy rationals), so a shrunk counterexample prints as the data a user
can paste back: ``gp.Dataset([[1, 0]], [1])``, a step size ``Rational(1, 1000)``, an init vector.

* :func:`separable_datasets` — linearly separable data (through the origin) with a prescribed
  dimension, size and max-margin range μ ∈ [lo, hi] (μ checked exactly).  A planted direction w
  labels the points, points closer than lo to the plane wᵀb = 0 are not drawn, so μ ≥ lo always.
* :func:`nondegenerate_datasets` — separable data whose batch perceptron with the half first step
  has no exactly-zero margin before it separates (the limit theorem's hypothesis, decided exactly).
* :func:`models` — built-in models of a given input dimension, optionally of a given degree p.
* :func:`step_sizes` — exact step sizes γ, log-uniform over decades, from 10^{-3} to 10^6 by default.
* :func:`initializations` — parameter vectors for a model, exact rationals in [−scale, scale].
"""

from __future__ import annotations

import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from . import models as _models
from .data import Dataset
from .numbers import to_exact
from .symbolic.perceptron import exact_perceptron


def _range(value, what):
    lo, hi = value if isinstance(value, tuple) else (value, value)
    if lo < 1 or hi < lo:
        raise ValueError(f"{what} range must satisfy 1 ≤ lo ≤ hi, got {value!r}")
    return lo, hi


@st.composite
def separable_datasets(draw, n=(1, 6), d=(1, 3), margin=(sp.Rational(1, 4), None), coordinate_bound: int = 4,
                       denominator: int = 1) -> Dataset:
    """A separable :class:`~gdperceptron.Dataset` with n ∈ ``n`` rows, d ∈ ``d`` features and
    lo ≤ μ ≤ hi for ``margin=(lo, hi)`` (hi = None: no upper limit).  Coordinates are k/denominator
    with |k| ≤ coordinate_bound."""
    (n_lo, n_hi), (d_lo, d_hi) = _range(n, "n"), _range(d, "d")
    lo, hi = to_exact(margin[0], "margin lower limit"), margin[1]
    if not lo > 0:
        raise ValueError("the margin lower limit must be positive")
    dim, size = draw(st.integers(d_lo, d_hi)), draw(st.integers(n_lo, n_hi))
    w = draw(st.lists(st.integers(-3, 3), min_size=dim, max_size=dim).filter(any))
    norm2 = sum(v * v for v in w)
    coord = st.integers(-coordinate_bound, coordinate_bound).map(lambda k: sp.Rational(k, denominator))

    def clear(b):
        s = sum(wi * bi for wi, bi in zip(w, b))
        return s != 0 and s * s >= lo * lo * norm2

    rows = draw(st.lists(st.lists(coord, min_size=dim, max_size=dim).filter(clear), min_size=size, max_size=size))
    labels = [1 if sum(wi * bi for wi, bi in zip(w, b)) > 0 else -1 for b in rows]
    data = Dataset(rows, labels)
    if hi is not None:
        assume(data.max_margin <= to_exact(hi, "margin upper limit"))
    return data


def nondegenerate_datasets(max_steps: int = 200, **kwargs):
    """:func:`separable_datasets` whose half-first-step batch perceptron separates within
    ``max_steps`` with no exactly-zero margin on the way (decided in exact arithmetic)."""

    def ok(data):
        run = exact_perceptron(data, max_steps, variant="batch", first_step="half")
        return run.separated_at is not None and not run.zero_margin_steps

    return separable_datasets(**kwargs).filter(ok)


def models(d: int, degree: int | None = None, width=(1, 3)):
    """Built-in models with input dimension d: linear, two-layer (identity, ReLU, leaky ReLU,
    quadratic; both layers or the first trained).  ``degree`` keeps only models of that p."""
    w_lo, w_hi = _range(width, "width")
    linear = st.just(_models.Linear(d))
    two_layer = st.builds(lambda m, act, train: _models.TwoLayer(d, m, activation=act, train=train),
                          st.integers(w_lo, w_hi), st.sampled_from(["identity", "relu", "leaky_relu(1/10)", "quadratic"]),
                          st.sampled_from(["both", "first"]))
    chosen = st.one_of(linear, two_layer)
    return chosen if degree is None else chosen.filter(lambda model: model.degree == degree)


def step_sizes(low=sp.Rational(1, 1000), high=10**6):
    """Exact γ = (k/10)·10^e, log-uniform over decades, restricted to [low, high]."""
    low, high = to_exact(low, "low"), to_exact(high, "high")
    e_lo, e_hi = int(sp.floor(sp.log(low, 10))), int(sp.ceiling(sp.log(high, 10)))
    return st.builds(lambda k, e: sp.Rational(k, 10) * sp.Integer(10) ** e, st.integers(10, 99),
                     st.integers(e_lo, e_hi)).filter(lambda g: low <= g <= high)


def initializations(model, scale=1, denominator: int = 16):
    """Parameter vectors for ``model`` with entries k/denominator in [−scale, scale]."""
    bound = int(to_exact(scale, "scale") * denominator)
    entry = st.integers(-bound, bound).map(lambda k: sp.Rational(k, denominator))
    return st.lists(entry, min_size=model.n_params, max_size=model.n_params)
