"""Fast GD to separation for linear and two-layer models, vectorized over samples, at one backend.

The iteration is exactly gdperceptron's GD [spec perceptron.md §2] with the mean logistic loss,

    θ_{t+1} = θ_t + (γ/n) Σ_i s_i y_i ∇_θ g(b_i; θ_t),   s_i = σ(−m_i) = 1/(1 + e^{m_i}),

for g(b; W, a) = Σ_j a_j φ(w_jᵀ b), φ(z) = max(αz, z) (identity α = 1, ReLU α = 0, φ'(0) := α as in
:mod:`gdperceptron.activations`).  The linear model is the case m = 1, a = 1 fixed, φ = identity.
The weights are computed as s_i = 1/2 − τ_i with τ_i = tanh(m_i/2)/2, and the ½-part of the
gradient separately: mathematically the same step, but a margin m_i far below the unit roundoff
still moves the parameters (with s_i = 1/(1+e^{m_i}) in floating point, 1 + e^{m} rounds to 2 and
the information is lost — on the chain family this changes float64 iteration counts).
It returns the first t at which every margin m_i = y_i g(b_i; θ_t) is > 0 (``separated_at``, the
same convention as :attr:`gdperceptron.Trajectory.separated_at`) or None after ``max_steps``.

Precision: every number is a number of the chosen :class:`~.backends.Backend` (float64, extended,
or MPFR/mpmath at ``dps`` digits); nothing is certified.  Alongside the count the engine records the
quantities that decide whether the count could depend on rounding:

* ``tie_ratio`` — the smallest, over the steps t ≤ the returned count, of |min_i m_i| / scale_i
  (scale_i = Σ_j |a_j| Σ_k |W_jk b_ik|, the size of the terms whose sum is the margin) and, for
  non-linear φ, of |z_ji| / Σ_k |W_jk b_ik| over the pre-activations (a kink of φ).  A margin or
  pre-activation whose terms are all exactly zero is exactly zero and is not a tie.
* ``underflow`` — some τ_i or parameter increment came within 2⁶⁰ of the underflow threshold
  (float64/extended only; MPFR and mpmath have no practical underflow).
* ``nonfinite`` — an overflow produced inf/NaN; the run stops there (``diverged_at``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backends import Backend
from .sparse import SparseRows
from .specs import ModelSpec


@dataclass
class EngineResult:
    separated_at: int | None
    steps_run: int
    backend: str
    tie_ratio: float
    underflow: bool = False
    diverged_at: int | None = None

    @property
    def nonfinite(self) -> bool:
        return self.diverged_at is not None


def run_to_separation(spec: ModelSpec, X: SparseRows, y, gamma, theta0, backend: Backend,
                      max_steps: int) -> EngineResult:
    """GD from ``theta0`` (float64 array, gdperceptron layout) until separation or ``max_steps``."""
    with backend.context():
        return _run(spec, X, y, gamma, theta0, backend, max_steps)


@np.errstate(over="ignore", invalid="ignore")  # overflow is detected below and reported as divergence
def _run(spec, X, y, gamma, theta0, bk, max_steps):
    n, d, m = X.n, X.d, spec.width
    vr, vc = X.values(bk, "row"), X.values(bk, "col")
    avr = abs(vr)
    yb = bk.asarray(list(y))
    step = bk.scalar(gamma) / n if bk.dtype is object else bk.asarray([gamma])[0] / n
    theta = bk.asarray(list(theta0))
    W = theta[:m * d].reshape(m, d)
    a = theta[m * d:] if spec.outer_trained else bk.asarray(spec.fixed_outer())
    alpha = bk.asarray([spec.slope])[0]
    nonlinear = spec.activation != "identity"
    one = bk.scalar(1)
    tie = float("inf")
    underflow = False
    exact = bk.dtype is object
    for t in range(max_steps + 1):
        Z = X.times_transpose(W, vr)
        Zabs = X.times_transpose(abs(W), avr)
        H = np.where(Z > 0, Z, alpha * Z) if nonlinear else Z
        margins = (a @ H) * yb
        if not exact and not (np.all(np.isfinite(margins)) and np.all(np.isfinite(W))):
            return EngineResult(None, t, bk.name, tie, underflow, diverged_at=t)
        scale = abs(a) @ Zabs
        i = int(np.argmin(margins))
        if scale[i] != 0:
            tie = min(tie, float(abs(margins[i]) / scale[i]))
        if nonlinear:
            nz = Zabs != 0
            if np.any(nz):
                tie = min(tie, float(np.min(abs(Z[nz]) / Zabs[nz])))
        if margins[i] > 0:
            return EngineResult(t, t, bk.name, tie, underflow)
        if t == max_steps:
            return EngineResult(None, t, bk.name, tie, underflow)
        tau = bk.tanh(margins / 2) / 2  # s_i = σ(−m_i) = 1/2 − τ_i, τ_i kept to full relative accuracy
        if not exact and _near_underflow(tau, bk):
            underflow = True
        A = a[:, None] * np.where(Z > 0, one, alpha) if nonlinear else np.repeat(a[:, None], n, axis=1)
        # Σ_i s_i y_i ∇g = ½ Σ_i y_i ∇g − Σ_i τ_i y_i ∇g: the ½-part is formed separately, so that
        # exactly cancelling halves (untouched chain samples) cancel exactly and tiny τ survive.
        grad_W = X.left_times(A * yb[None, :], vc) / 2 - X.left_times(A * (tau * yb)[None, :], vc)
        delta = step * grad_W
        if not exact and _near_underflow(delta, bk):
            underflow = True
        W_next = W + delta
        if spec.outer_trained:
            a = a + step * ((H @ yb) / 2 - H @ (tau * yb))
        W = W_next
    raise AssertionError("unreachable")


def _near_underflow(values, bk) -> bool:
    """Some non-zero value lies within 2⁶⁰ of the smallest normal number (float64/extended only):
    further products could flush it to zero or to a subnormal with lost digits."""
    tiny = float(np.finfo(bk.dtype).tiny) * 2.0**60
    mags = abs(values)
    return bool(np.any((mags != 0) & (mags < tiny)))
