"""Margin losses ℓ(z) of the margin z = y g(b; θ), evaluated stably at any mpmath precision.

logistic:    ℓ(z) = ln(1 + e^{−z}),  −ℓ'(z) = σ(−z) = 1/(1 + e^{z}) ∈ (0, 1)
exponential: ℓ(z) = e^{−z},          −ℓ'(z) = e^{−z}

Stable forms: for z ≥ 0, ln(1 + e^{−z}) = log1p(e^{−z}) and σ(−z) = e^{−z}/(1 + e^{−z}); for z < 0,
ln(1 + e^{−z}) = −z + log1p(e^{z}) and σ(−z) = 1/(1 + e^{z}).  No exponential of a positive number
is ever formed, so margins of ±10^6 (or far beyond) are fine at any precision.
The objective is f(θ) = (1/n) Σ_i ℓ(m_i(θ)) (``reduction="mean"``) or Σ_i ℓ(m_i(θ)) (``"sum"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp

from .errors import InputError


def _logistic_value(z):
    return mpmath.log1p(mpmath.exp(-z)) if z >= 0 else -z + mpmath.log1p(mpmath.exp(z))


def _logistic_weight(z):
    if z >= 0:
        e = mpmath.exp(-z)
        return e / (1 + e)
    return 1 / (1 + mpmath.exp(z))


@dataclass(frozen=True)
class Loss:
    """A margin loss: ``value(z)`` = ℓ(z), ``weight(z)`` = −ℓ'(z) > 0, and their SymPy forms."""

    name: str
    value: Callable
    weight: Callable
    sympy_fn: Callable[[sp.Expr], sp.Expr]
    sympy_weight: Callable[[sp.Expr], sp.Expr]
    flow_offset: int | None = None
    """κ when −ℓ'(z) = 1/(κ + e^z) (logistic 1, exponential 0), else None.  The long-horizon engine
    :mod:`gdperceptron.numeric.recursion` works with this form: its gradient-flow clock is G(a) = e^a + κa."""


LOGISTIC = Loss("logistic", _logistic_value, _logistic_weight, lambda z: sp.log(1 + sp.exp(-z)),
                lambda z: 1 / (1 + sp.exp(z)), flow_offset=1)
EXPONENTIAL = Loss("exponential", lambda z: mpmath.exp(-z), lambda z: mpmath.exp(-z), lambda z: sp.exp(-z),
                   lambda z: sp.exp(-z), flow_offset=0)
LOSSES = {"logistic": LOGISTIC, "exponential": EXPONENTIAL}
REDUCTIONS = ("mean", "sum")


def get(loss) -> Loss:
    if isinstance(loss, Loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        raise InputError(f"unknown loss {loss!r} (logistic or exponential)") from None


def check_reduction(reduction: str) -> str:
    if reduction not in REDUCTIONS:
        raise InputError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    return reduction
