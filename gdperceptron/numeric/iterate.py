"""Gradient descent and the generalized perceptron at a chosen mpmath precision.

GD on f(θ) = (1/n) Σ_i ℓ(m_i(θ)), m_i(θ) = y_i g(b_i; θ) [spec perceptron.md §1–2]:

    θ_{t+1} = θ_t + (γ/n) Σ_i s_i(θ_t) y_i ∇_θ g(b_i; θ_t),   s_i = −ℓ'(m_i)   (logistic: σ(−m_i))

(γ instead of γ/n for ``reduction="sum"``).  The generalized perceptron replaces s_i by the
indicator 1[m_i ≤ 0]:  ``batch`` divides by n, ``normalized`` by |S_t|, ``online`` adds one
misclassified sample per step in cyclic order (the classical perceptron).  ``first_step="half"``
uses the GD limit weights on the first step — σ(0) = 1/2 for zero margins, 1 for negative and 0 for
positive margins — so from θ̂_0 = 0 it gives θ̂_1 = (1/(2n)) Σ_i y_i b_i; ``"full"`` is the
textbook step.  Every computation happens inside ``mpmath.workdps(dps)``: the caller's precision is
never changed.

Engines (``run_gd(..., backend=)``): ``"mpmath"`` is the reference loop below (lists of mpf, every
model, every loss); ``"fast"`` is the certified engine of :mod:`.fastgd` (Linear and piecewise-linear
TwoLayer models, logistic/exponential loss, rational γ; ~100× faster at 50 digits), which raises
:class:`InputError` when it does not apply or cannot certify the requested digits; ``"auto"`` (the
default) uses the fast engine where it applies, certifies and is expected to be faster (problem size
n · #params above the measured break-even, :func:`.fastgd.worthwhile`), the mpmath loop otherwise.
``traj.engine`` says which one produced a trajectory.
"""

from __future__ import annotations

import mpmath

from .. import losses
from ..data import Dataset
from ..errors import InputError
from ..models import Model
from ..numbers import check_dps, check_int, check_positive, to_mpf
from . import fastgd
from .trajectory import Trajectory

VARIANTS = ("batch", "normalized", "online")
BACKENDS = ("auto", "mpmath", "fast")
FIRST_STEPS = ("full", "half")


def _check_common(model, data, steps):
    if not isinstance(model, Model):
        raise InputError(f"model must be a gdperceptron model, got {type(model).__name__}")
    if not isinstance(data, Dataset):
        raise InputError(f"data must be a gdperceptron Dataset, got {type(data).__name__}")
    if data.d != model.d:
        raise InputError(f"data have d={data.d} features but the model expects d={model.d}")
    check_int(steps, "steps", minimum=0)


def _record_every(record_every, steps) -> int:
    if record_every is None:
        return 1
    return check_int(record_every, "record_every")


def margins_of(model: Model, theta, X, y) -> list:
    """m_i(θ) = y_i g(b_i; θ) for every sample."""
    return [yi * model.output(theta, b) for b, yi in zip(X, y)]


def weighted_step(model: Model, theta, X, y, weights, scale, base=None) -> list:
    """The GD / generalized-perceptron step: base + scale · Σ_i w_i y_i ∇g(b_i; θ), base = θ by default.

    GD: w_i = −ℓ'(m_i(θ)) and scale = γ/n (γ for the sum reduction); the perceptron: w_i = 1[m_i ≤ 0] and
    scale = 1/n, 1/|S_t| or 1 (see the module docstring).  ``base`` replaces the identity term, e.g. by 0
    for the p = 2 large-step limit.  Samples with weight 0 are skipped.  Computes at the caller's mpmath
    precision: call it inside ``mpmath.workdps``.
    """
    step = [mpmath.mpf(0)] * len(theta)
    for b, yi, w in zip(X, y, weights):
        if w:
            coef = w * yi
            step = [s + coef * g for s, g in zip(step, model.grad(theta, b))]
    return [p + scale * s for p, s in zip(theta if base is None else base, step)]


CLOSE_CALL_GUARD_DIGITS = 10
"""A margin is too close to call when |m_i| ≤ 10^{−(dps − 10)} · ``model.term_scale(θ, b_i)`` — the size of
the terms whose cancellation produced it."""


def close_call(model, theta, b, m) -> bool:
    scale = model.term_scale(theta, b)
    if scale == 0:
        return False  # every term is exactly zero: the margin is exactly 0, a decided sign
    return abs(m) <= mpmath.mpf(10) ** (CLOSE_CALL_GUARD_DIGITS - mpmath.mp.dps) * scale


def track_margins(traj, t, margins, model=None, theta=None, X=None):
    """Record step t's margins on ``traj``: separation (``separated_at``), the smallest |margin|, and
    (before separation) whether the decision was too close to call (``close_calls``, read through
    ``traj.separation_certain``).  For loops of one's own, e.g. a step size that is not GD's.

    Scales are computed only for the margins the decision hinges on: the non-positive ones, and the
    positive ones only once every non-positive margin is itself too close to call.
    """
    if traj.separated_at is None and model is not None:
        # most negative first: usually it is clearly negative and one scale settles the step
        nonpositive = sorted((i for i, m in enumerate(margins) if m <= 0), key=lambda i: margins[i])
        if nonpositive:
            undecided = all(close_call(model, theta, X[i], margins[i]) for i in nonpositive)
        else:
            undecided = any(close_call(model, theta, X[i], m) for i, m in enumerate(margins))
        if undecided:
            traj.close_calls.append(t)
    if traj.separated_at is None and all(m > 0 for m in margins):
        traj.separated_at = t
    smallest = min(abs(m) for m in margins)
    traj.min_abs_margin = smallest if traj.min_abs_margin is None else min(traj.min_abs_margin, smallest)


def run_gd(model: Model, data: Dataset, gamma, steps: int, init=None, loss="logistic", reduction="mean",
           dps: int = 50, record_every: int | None = None, backend: str = "auto") -> Trajectory:
    """Run GD for ``steps`` steps; record every ``record_every``-th step (default: every step).

    ``backend``: "auto" (fast certified engine where it applies, else mpmath), "mpmath", "fast"."""
    _check_common(model, data, steps)
    dps = check_dps(dps)
    gamma = check_positive(gamma, "step size gamma")
    loss_fn = losses.get(loss)
    reduction = losses.check_reduction(reduction)
    every = _record_every(record_every, steps)
    if backend not in BACKENDS:
        raise InputError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    algorithm = f"gd[{loss_fn.name}, {reduction}]"
    if backend == "fast" or (backend == "auto" and fastgd.worthwhile(model, data.n)):
        fast, why = _run_fast(model, data, gamma, steps, init, loss_fn, reduction, dps, every, algorithm)
        if fast is not None:
            return fast
        if backend == "fast":
            raise InputError(f"backend='fast' failed: {why}; use backend='mpmath' or 'auto'")
    traj = Trajectory(algorithm, steps, dps)
    with mpmath.workdps(dps):
        X, y = data.numeric()
        theta = model.coerce_params(init)
        scale = to_mpf(gamma) / (data.n if reduction == "mean" else 1)
        for t in range(steps + 1):
            margins = margins_of(model, theta, X, y)
            track_margins(traj, t, margins, model, theta, X)
            if t % every == 0 or t == steps:
                total = mpmath.fsum(loss_fn.value(m) for m in margins)
                traj.params.append(t, theta)
                traj.margins.append(t, margins)
                traj.loss.append(t, total / data.n if reduction == "mean" else total)
            if t < steps:
                theta = weighted_step(model, theta, X, y, [loss_fn.weight(m) for m in margins], scale)
    return traj


def _run_fast(model, data, gamma, steps, init, loss_fn, reduction, dps, every, algorithm):
    """(trajectory, None) from the certified fast engine, or (None, why not)."""
    if loss_fn not in (losses.LOGISTIC, losses.EXPONENTIAL) or not fastgd.supports(model, loss_fn.name, gamma):
        return None, f"it does not apply to {model!r} with loss {loss_fn.name} and gamma {gamma}"
    with mpmath.workdps(dps):
        theta0 = model.coerce_params(init)
    try:
        return fastgd.run(model, data, gamma, steps, theta0, loss_fn, reduction, dps, every, algorithm), None
    except fastgd.Undecided as exc:
        return None, str(exc)


def perceptron_weights(margins, t: int, first_step: str) -> list:
    """Indicator weights 1[m ≤ 0]; on the first step with ``"half"``, the GD-limit weights."""
    if t == 0 and first_step == "half":
        return [mpmath.mpf(1) if m < 0 else (mpmath.mpf(1) / 2 if m == 0 else 0) for m in margins]
    return [mpmath.mpf(1) if m <= 0 else 0 for m in margins]


def run_perceptron(model: Model, data: Dataset, steps: int, variant: str = "batch", first_step: str = "full",
                   init=None, dps: int = 50, record_every: int | None = None) -> Trajectory:
    """Run the generalized perceptron (see the module docstring) for ``steps`` steps."""
    _check_common(model, data, steps)
    dps = check_dps(dps)
    if variant not in VARIANTS:
        raise InputError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    if first_step not in FIRST_STEPS:
        raise InputError(f"first_step must be 'full' or 'half', got {first_step!r}")
    if variant == "online" and first_step == "half":
        raise InputError("the online perceptron has no half first step (use first_step='full')")
    every = _record_every(record_every, steps)
    traj = Trajectory(f"perceptron[{variant}, first_step={first_step}]", steps, dps)
    with mpmath.workdps(dps):
        X, y = data.numeric()
        theta = model.coerce_params(init)
        cursor = 0
        for t in range(steps + 1):
            margins = margins_of(model, theta, X, y)
            track_margins(traj, t, margins, model, theta, X)
            if t % every == 0 or t == steps:
                traj.params.append(t, theta)
                traj.margins.append(t, margins)
            if t == steps:
                break
            weights = perceptron_weights(margins, t, first_step)
            active = sum(1 for w in weights if w)
            if not active:
                continue  # separated: the perceptron stands still
            if variant == "online":
                i = next(k % data.n for k in range(cursor, cursor + data.n) if weights[k % data.n])
                cursor = i + 1
                weights = [mpmath.mpf(1) if k == i else 0 for k in range(data.n)]
                scale = mpmath.mpf(1)
            else:
                scale = mpmath.mpf(1) / (data.n if variant == "batch" else active)
            theta = weighted_step(model, theta, X, y, weights, scale)
    return traj
