"""Gradient descent and the generalized perceptron, written once over a chosen arithmetic.

GD on f(θ) = (1/n) Σ_i ℓ(m_i(θ)), m_i(θ) = y_i g(b_i; θ) [spec perceptron.md §1–2]:

    θ_{t+1} = θ_t + (γ/n) Σ_i s_i(θ_t) y_i ∇_θ g(b_i; θ_t),   s_i = −ℓ'(m_i)   (logistic: σ(−m_i))

(γ instead of γ/n for ``reduction="sum"``; γ/Σ_i s_i for ``normalized=True``, the precursor's
normalized LR+GD θ_{t+1} = θ_t − γ β_t ∇f(θ_t), β_t = ((1/n) Σ_i s_i)^{-1}).  The generalized perceptron
replaces s_i by the indicator 1[m_i ≤ 0]: ``batch`` divides by n, ``normalized`` by |S_t|, ``online``
adds one misclassified sample per step in cyclic order (the classical perceptron).
``first_step="half"`` uses the GD limit weights on the first step — σ(0) = 1/2 for zero margins, 1 for
negative and 0 for positive margins — so from θ̂_0 = 0 it gives θ̂_1 = (1/(2n)) Σ_i y_i b_i.

Models in matrix form: g(b; W, a) = Σ_j a_j φ(w_jᵀb) (Linear: one row, a = 1, φ = id).  With
Z = X Wᵀ (n × m), H = φ(Z), margins m = y ∘ (H a), u = scale · (w ∘ y):

    W ← W + (u ∘ φ'(Z) diag(a))ᵀ X,   a ← a + Hᵀ u   (when a is trained).

Other models (:class:`~gdperceptron.models.Custom`) evaluate g and ∇g from their SymPy expressions.

Arithmetic (``arithmetic=``, :mod:`.arithmetic`): ``"ball"`` (GD's default) encloses the true
trajectory of the exact data, step size and initialization in Arb balls; ``"exact"`` computes in
rationals (the perceptron's default on rational data); ``"float"`` (mpmath at ``dps`` digits) and
``"float64"`` explore and decide nothing (``separation_certain`` is False).

Decisions in a certified run come from the enclosures: separation at t needs every margin ball > 0;
t is decided non-separated when some margin is ≤ 0 for every point of its ball.  When neither holds
(a ball straddles 0 before separation is decided; for the perceptron, any margin whose indicator is
needed), the run is repeated from the start at a higher precision — at least twice the bits, and
enough to shrink the straddling ball's radius below its midpoint — up to ``max_dps`` digits.  Past
the cap ``separated_at`` is None and ``traj.undecided`` says which step, which margin and about
how many digits would be needed: never a guessed step.  Every computation runs inside
``mpmath.workdps(dps)`` and flint's precision is restored: the caller's precisions never change.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from .. import losses
from ..data import Dataset
from ..errors import InputError
from ..models import Linear, Model, TwoLayer
from ..numbers import check_dps, check_int, check_positive, to_exact
from . import arithmetic as arith
from .trajectory import Trajectory

VARIANTS = ("batch", "normalized", "online")
FIRST_STEPS = ("full", "half")
ARITHMETICS = ("ball", "exact", "float", "float64")
DEFAULT_MAX_DPS = 1000
"""Default precision cap (decimal digits) of a certified run's automatic escalation."""


class Undecided(Exception):
    """A decision the run needs is not decided by its enclosures at this precision."""

    def __init__(self, t: int, what: str, ball, ar):
        self.t, self.what = t, what
        rad = ar.radius(ball)
        mid = abs(float(ar.to_mpf(ball))) if rad else 0.0
        self.needed_bits = (ar.prec + math.ceil(math.log2(rad / mid)) + 8 if mid > 0 and math.isfinite(rad)
                            else None)
        self.shown = f"[{mpmath.nstr(ar.to_mpf(ball), 8)} ± {rad:.3g}]"
        super().__init__(f"step {t}: {what} is {self.shown}, which contains 0, at {ar.prec} bits")

    def reason(self, max_dps: int) -> str:
        need = ("an unknown precision (the ball is centred at 0)" if self.needed_bits is None else
                f"about {self.needed_bits} bits (~{math.ceil(self.needed_bits / math.log2(10))} digits)")
        return f"{self}; deciding it needs {need}, beyond max_dps={max_dps}"


def _check_common(model, data, steps):
    if not isinstance(model, Model):
        raise InputError(f"model must be a gdperceptron model, got {type(model).__name__}")
    if not isinstance(data, Dataset):
        raise InputError(f"data must be a gdperceptron Dataset, got {type(data).__name__}")
    if data.d != model.d:
        raise InputError(f"data have d={data.d} features but the model expects d={model.d}")
    check_int(steps, "steps", minimum=0)
    if steps > MAX_STEPS:
        raise InputError(f"steps={steps} is beyond what a run can do (at most {MAX_STEPS:.0e}); for the long-time "
                         "behaviour of the margin recursion see gdperceptron.numeric.recursion")


MAX_STEPS = 10**8
"""The most steps a run takes: 10^8 certified steps of even the smallest model take days."""
MAX_RECORDED = 10**6
"""The most iterates a run keeps (each is a list of numbers at ``dps`` digits)."""


def _record_every(record_every, steps: int) -> int:
    every = 1 if record_every is None else check_int(record_every, "record_every")
    if steps // every > MAX_RECORDED:
        raise InputError(f"recording every {every} of {steps} steps keeps {steps // every} iterates (at most "
                         f"{MAX_RECORDED:.0e}): pass record_every={-(-steps // MAX_RECORDED)} or more")
    return every


def exact_init(model: Model, init) -> list:
    """The initialization as exact numbers (floats and mpf read as the binary values they hold)."""
    if init is None:
        return [0] * model.n_params
    values = list(init.tolist() if hasattr(init, "tolist") else init)
    if len(values) != model.n_params:
        raise InputError(f"init: expected {model.n_params} parameters for {model!r}, got {len(values)}")
    return [_exact(v, f"init[{k}]") for k, v in enumerate(values)]


def _exact(v, what):
    """ints and finite floats as Python ints and Fractions (exact, without SymPy's cost), else SymPy."""
    if type(v) is int:
        return v
    if type(v) is float and math.isfinite(v):
        return Fraction(v)
    return to_exact(v, what)


# -- the iteration ------------------------------------------------------------------------------------------
class Iteration:
    """One model on one data set in one arithmetic: margins and the weighted step (module docstring)."""

    def __init__(self, model: Model, X, y, ar: arith.Arithmetic):
        self.model, self.ar = model, ar
        self.n, self.d = len(X), model.d
        self.y = np.array(list(y), dtype=object if ar.__class__ is not arith.Float or ar.dps else float)
        self.matrix = isinstance(model, (Linear, TwoLayer)) and (
            isinstance(model, Linear) or model.activation.slope is not None or model.activation.name == "quadratic")
        if self.matrix:
            self.width = 1 if isinstance(model, Linear) else model.width
            self.activation = None if isinstance(model, Linear) else model.activation
            self.outer_trained = isinstance(model, TwoLayer) and model._outer_fixed is None
            self.fixed_outer = (None if self.outer_trained else
                                ar.array([1] if isinstance(model, Linear) else model._outer_fixed))
            if self.activation is not None and self.activation.slope is not None:
                self.slope = ar.scalar(self.activation.slope)
            rows = [list(row) for row in X]
            self.X, self.XT = ar.data_matrix(rows), ar.data_matrix([list(col) for col in zip(*rows)])
        else:
            self.rows = [list(ar.array(list(row))) for row in X]
            self.g = model.expr
            self.grad = list(model.grad_expr())
        self.branch_straddles: list[str] = []

    def split(self, theta):
        m, d = self.width, self.d
        W = theta[:m * d].reshape(m, d)
        a = theta[m * d:] if self.outer_trained else self.fixed_outer
        return W, a

    def margins(self, theta, t: int = 0):
        """(margins, cache) for θ; the cache holds what :meth:`step` reuses."""
        if not self.matrix:
            return self._generic_margins(theta, t)
        ar = self.ar
        W, a = self.split(theta)
        Z = ar.times(self.X, W.T)  # n × m
        if self.activation is None:
            return self.y * Z[:, 0], (Z, None)
        if self.activation.slope is None:  # quadratic
            H, D = Z * Z, 2 * Z
        else:
            H, D = self._piecewise(Z, t)
        return self.y * np.dot(H, a), (H, D)

    def _piecewise(self, Z, t):
        """φ and φ' of the pre-activations (:meth:`.arithmetic.Arithmetic.piecewise`); notes the first
        pre-activation whose branch a ball left open."""
        H, D, open_at = self.ar.piecewise(Z, self.slope)
        if open_at is not None and not self.branch_straddles:
            self.branch_straddles.append(f"step {t}: pre-activation of neuron {open_at[1]} at sample {open_at[0]}")
        return H, D

    def step(self, theta, cache, weights, scale, base=None):
        """base + scale · Σ_i w_i y_i ∇g(b_i; θ) (base = θ by default), for the θ the cache came from."""
        if not self.matrix:
            return self._generic_step(theta, cache, weights, scale, base)
        ar = self.ar
        W, a = self.split(theta)
        # the scale multiplies after the data products: exactly cancelling terms (zero-margin samples
        # with weight exactly 1/2 on the chain) then cancel exactly, also when the scale is a ball
        u = np.array(list(weights), dtype=self.y.dtype) * self.y
        H, D = cache
        P = u[:, None] if D is None else D * a[None, :] * u[:, None]  # n × m
        gW = ar.times(self.XT, P).T * scale
        start = theta if base is None else base
        m, d = self.width, self.d
        new = np.empty(len(theta), dtype=theta.dtype)
        new[:m * d] = (start[:m * d].reshape(m, d) + gW).ravel()
        if self.outer_trained:
            new[m * d:] = start[m * d:] + np.dot(H.T, u) * scale
        return new

    def _generic_margins(self, theta, t):
        env = dict(zip(self.model.params, theta))
        outs, grads = [], []
        for b, yi in zip(self.rows, self.y):
            env.update(zip(self.model.inputs, b))
            where = f"step {t}: "
            outs.append(yi * arith.evaluate(self.g, env, self.ar, self.branch_straddles, where))
            grads.append([arith.evaluate(g, env, self.ar, self.branch_straddles, where) for g in self.grad])
        return np.array(outs, dtype=object), grads

    def _generic_step(self, theta, grads, weights, scale, base):
        total = np.zeros(len(theta), dtype=object)
        for w, yi, g in zip(weights, self.y, grads):
            if not (isinstance(w, int) and w == 0):
                total = total + np.array(g, dtype=object) * (w * yi)
        return (theta if base is None else base) + total * scale


# -- weights and losses over an arithmetic ------------------------------------------------------------------
def loss_weight(loss: losses.Loss, m, ar):
    """−ℓ'(m): logistic σ(−m) = e^{−m}/(1 + e^{−m}) for m > 0, 1/(1 + e^{m}) otherwise; exponential e^{−m}."""
    if loss is losses.EXPONENTIAL:
        return ar.exp(-m)
    if ar.sign(m) == 1:
        e = ar.exp(-m)
        return e / (1 + e)
    return 1 / (1 + ar.exp(m))


def loss_weights(loss: losses.Loss, margins, ar):
    """:func:`loss_weight` of every margin (float64: the same formulas on the whole array at once)."""
    if isinstance(ar, arith.Float) and ar.dps is None:
        with np.errstate(over="ignore"):
            if loss is losses.EXPONENTIAL:
                return np.exp(-margins)
            e = np.exp(-np.abs(margins))
            return np.where(margins > 0, e / (1 + e), 1 / (1 + e))
    return [loss_weight(loss, m, ar) for m in margins]


def loss_value(loss: losses.Loss, m, ar):
    """ℓ(m): logistic log1p(e^{−m}) for m ≥ 0, −m + log1p(e^{m}) for m < 0; exponential e^{−m}."""
    if loss is losses.EXPONENTIAL:
        return ar.exp(-m)
    if ar.sign(m) == -1:
        return -m + ar.log1p(ar.exp(m))
    return ar.log1p(ar.exp(-m))


def perceptron_weights(margins, t: int, first_step: str, ar=None) -> list:
    """Indicator weights 1[m ≤ 0]; on the first step with ``"half"``, the GD-limit weights (σ(0) = 1/2).
    Raises :class:`Undecided` when a margin's sign is not decided (certified arithmetics only)."""
    ar = ar or arith.Float(mpmath.mp.dps)
    out = []
    for i, m in enumerate(margins):
        s = ar.sign(m)
        if s is None:
            raise Undecided(t, f"the margin of sample {i}", m, ar)
        if t == 0 and first_step == "half":
            out.append(ar.scalar(1) if s < 0 else (1 / ar.scalar(2) if s == 0 else 0))
        else:
            out.append(ar.scalar(1) if s <= 0 else 0)
    return out


# -- mpmath helpers at the caller's precision (for limit algorithms and loops of one's own) -------------------
def margins_of(model: Model, theta, X, y) -> list:
    """m_i(θ) = y_i g(b_i; θ) for every sample, in mpmath at the current precision (X: numeric rows)."""
    it = Iteration(model, X, y, arith.Float(mpmath.mp.dps))
    return list(it.margins(np.array(list(theta), dtype=object))[0])


def weighted_step(model: Model, theta, X, y, weights, scale, base=None) -> list:
    """base + scale · Σ_i w_i y_i ∇g(b_i; θ) (base = θ by default), in mpmath at the current precision."""
    it = Iteration(model, X, y, arith.Float(mpmath.mp.dps))
    th = np.array(list(theta), dtype=object)
    _, cache = it.margins(th)
    out = it.step(th, cache, weights, scale, None if base is None else np.array(list(base), dtype=object))
    return list(out)


# -- runs with precision escalation --------------------------------------------------------------------------
def _escalate(attempt, arithmetic: str, dps: int, max_dps: int) -> Trajectory:
    """Run ``attempt(ar, final)`` at rising precision until no needed decision is undecided (see the module
    docstring).  ``final`` tells the attempt to finish the run, recording the reason, instead of raising."""
    if arithmetic != "ball":
        return attempt(arith.for_run(arithmetic, dps), True)
    max_dps = check_int(max_dps, "max_dps")
    cap = arith.bits_for(max(max_dps, dps))
    bits = arith.bits_for(dps)
    while True:
        try:
            return attempt(arith.Ball(bits), bits >= cap)
        except Undecided as exc:
            bits = min(cap, max(2 * bits, exc.needed_bits or 0))


def _decide(traj, t, margins, ar, final, max_dps):
    """Separation bookkeeping at step t from the margins' certified signs."""
    if traj.separated_at is not None or traj.undecided is not None:
        return
    signs = ar.signs(margins)
    if all(s == 1 for s in signs):
        traj.separated_at = t
    elif not any(s is not None and s <= 0 for s in signs):
        i = next(k for k, s in enumerate(signs) if s is None)
        exc = Undecided(t, f"the margin of sample {i}", margins[i], ar)
        if not final:
            raise exc
        traj.undecided, traj.undecided_at = exc.reason(max_dps), t


def _objective(loss_fn, margins, ar, reduction, dps):
    """f(θ) as an mpmath number at ``dps`` digits: evaluated in the run's arithmetic (a ball's midpoint),
    or for an exact run from the exact margins in mpmath (ℓ is transcendental; f is recorded, never decided)."""
    if ar.exact:
        with mpmath.workdps(dps):
            total = mpmath.fsum(loss_fn.value(ar.to_mpf(m)) for m in margins)
    else:
        total = sum((loss_value(loss_fn, m, ar) for m in margins[1:]), loss_value(loss_fn, margins[0], ar))
        with mpmath.workdps(dps):
            total = ar.to_mpf(total)
    with mpmath.workdps(dps):
        return total / len(margins) if reduction == "mean" else +total


def _record(traj, t, theta, margins, ar, dps, loss=None):
    with mpmath.workdps(dps):
        traj.params.append(t, [ar.to_mpf(v) for v in theta])
        traj.margins.append(t, [ar.to_mpf(v) for v in margins])
        if loss is not None:
            traj.loss.append(t, loss)
    traj.numbers.append(t, list(theta))
    if ar.certified:
        traj.radius.append(t, max((ar.radius(v) for v in theta), default=0.0))


def _min_abs(traj, margins, ar, dps):
    with mpmath.workdps(dps):
        smallest = ar.min_abs(margins)
        traj.min_abs_margin = smallest if traj.min_abs_margin is None else min(traj.min_abs_margin, smallest)


def _check_arithmetic(arithmetic):
    if arithmetic not in ARITHMETICS:
        raise InputError(f"arithmetic must be one of {', '.join(ARITHMETICS)}, got {arithmetic!r}")
    return arithmetic


def _trajectory(algorithm: str, steps: int, dps: int, arithmetic: str, ar) -> Trajectory:
    """An empty record of a run in the arithmetic ``ar`` (its precision, if it has one)."""
    return Trajectory(algorithm, steps, dps, arithmetic=arithmetic, engine=ar.describe(), certified=ar.certified,
                      bits=getattr(ar, "prec", None))


def run_gd(model: Model, data: Dataset, gamma, steps: int, init=None, loss="logistic", reduction="mean",
           dps: int = 50, record_every: int | None = None, arithmetic: str = "ball",
           max_dps: int = DEFAULT_MAX_DPS, normalized: bool = False, until_separated: bool = False) -> Trajectory:
    """Run GD for ``steps`` steps from ``init`` (default 0); record every ``record_every``-th step (default:
    every step; ``separated_at`` is tracked at every step).  ``until_separated``: stop (and record) at the
    separation step.  Numbers in the trajectory are mpmath numbers at
    ``dps`` digits (a ball's midpoint; ``traj.numbers`` keeps the balls).  See the module docstring for
    ``arithmetic``, ``max_dps`` and ``normalized``."""
    _check_common(model, data, steps)
    dps = check_dps(dps)
    gamma = check_positive(gamma, "step size gamma")
    loss_fn = losses.get(loss)
    reduction = losses.check_reduction(reduction)
    every = _record_every(record_every, steps)
    _check_arithmetic(arithmetic)
    theta0 = exact_init(model, init)
    name = "normalized-lr-gd" if normalized else "gd"
    algorithm = f"{name}[{loss_fn.name}, {reduction}]"

    def attempt(ar, final):
        traj = _trajectory(algorithm, steps, dps, arithmetic, ar)
        with ar.context():
            it = Iteration(model, data.X, data.y, ar)
            theta = ar.array(theta0)
            g = ar.scalar(gamma)
            scale = g if reduction == "sum" or normalized else g / data.n
            for t in range(steps + 1):
                margins, cache = it.margins(theta, t)
                if not ar.finite(margins):  # float64 overflow: nothing after it means anything
                    traj.undecided, traj.undecided_at = f"step {t}: {ar.describe()} overflowed", t
                    break
                _decide(traj, t, margins, ar, final, max_dps)
                _min_abs(traj, margins, ar, dps)
                stop = until_separated and traj.separated_at == t
                if t % every == 0 or t == steps or stop:
                    _record(traj, t, theta, margins, ar, dps, _objective(loss_fn, margins, ar, reduction, dps))
                if stop:
                    break
                if t < steps:
                    weights = loss_weights(loss_fn, margins, ar)
                    step_scale = g / sum(weights[1:], weights[0]) if normalized else scale
                    theta = it.step(theta, cache, weights, step_scale)
        traj.branch_straddles = it.branch_straddles
        return traj

    return _escalate(attempt, arithmetic, dps, max_dps)


def run_perceptron(model: Model, data: Dataset, steps: int, variant: str = "batch", first_step: str = "full",
                   init=None, dps: int = 50, record_every: int | None = None, arithmetic: str | None = None,
                   max_dps: int = DEFAULT_MAX_DPS) -> Trajectory:
    """Run the generalized perceptron (see the module docstring) for ``steps`` steps.  Default arithmetic:
    exact rationals when the data and ``init`` are rational, Arb balls otherwise."""
    _check_common(model, data, steps)
    dps = check_dps(dps)
    if variant not in VARIANTS:
        raise InputError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    if first_step not in FIRST_STEPS:
        raise InputError(f"first_step must be 'full' or 'half', got {first_step!r}")
    if variant == "online" and first_step == "half":
        raise InputError("the online perceptron has no half first step (use first_step='full')")
    every = _record_every(record_every, steps)
    theta0 = exact_init(model, init)
    if arithmetic is None:
        rational = all(v.is_Rational for row in data.X for v in row) and all(
            isinstance(v, (int, Fraction)) or v.is_Rational for v in theta0)
        arithmetic = "exact" if rational else "ball"
    _check_arithmetic(arithmetic)
    algorithm = f"perceptron[{variant}, first_step={first_step}]"

    def attempt(ar, final):
        traj = _trajectory(algorithm, steps, dps, arithmetic, ar)
        with ar.context():
            it = Iteration(model, data.X, data.y, ar)
            theta = ar.array(theta0)
            cursor = 0
            for t in range(steps + 1):
                margins, cache = it.margins(theta, t)
                try:
                    weights = perceptron_weights(margins, t, first_step, ar) if t < steps else None
                except Undecided as exc:
                    if not final:
                        raise
                    traj.undecided, traj.undecided_at = exc.reason(max_dps), t  # the iteration cannot go on
                    _record(traj, t, theta, margins, ar, dps)
                    break
                _decide(traj, t, margins, ar, final, max_dps)
                _min_abs(traj, margins, ar, dps)
                if t % every == 0 or t == steps:
                    _record(traj, t, theta, margins, ar, dps)
                if t == steps:
                    break
                active = [i for i, w in enumerate(weights) if not (isinstance(w, int) and w == 0)]
                if not active:
                    continue  # separated: the perceptron stands still
                if variant == "online":
                    i = next(k % data.n for k in range(cursor, cursor + data.n) if k % data.n in active)
                    cursor = i + 1
                    weights = [ar.scalar(1) if k == i else 0 for k in range(data.n)]
                    scale = ar.scalar(1)
                else:
                    scale = 1 / ar.scalar(data.n if variant == "batch" else len(active))
                theta = it.step(theta, cache, weights, scale)
        return traj

    return _escalate(attempt, arithmetic, dps, max_dps)
