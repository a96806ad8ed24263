"""Fast high-precision GD with certified per-step errors: exact fixed-point linear algebra through
float64 BLAS, and the weights from a compiled fixed-point kernel with a derived error bound.

GD step [spec perceptron.md §2]: θ_{t+1} = G(θ_t) := θ_t + c Σ_i s_i y_i ∇_θ g(b_i; θ_t), c = γ/n
(mean) or γ (sum), s_i = −ℓ'(m_i).  For ``Linear`` and ``TwoLayer`` with a piecewise-linear
activation (identity, ReLU, leaky ReLU; both layers trained, or the first with dyadic fixed outer
weights), logistic or exponential loss and rational γ, every quantity except the n weights is a
polynomial in θ and the data.  It is computed *exactly* on the midpoints by :mod:`.fastfixed`
(multi-limb integers whose products run through float64 BLAS — exact, see there); the only
roundings are explicit truncations to ``prec`` bits (= P + guard, 2^-P ≤ 10^-dps/2) below the largest
entry of a block, and the weights c·s_i, computed by the compiled kernel of :mod:`.fixedsigmoid`
(fixed point at ≥ prec + 24 bits, error bound derived there) and rounded to a common grid.  Data
are exact when dyadic; other data are rounded to prec + 16 bits with the error carried as a radius
(irrational entries via SymPy's evalf at prec + 64 bits).

Guarantee (local, certified).  Every array carries a float64 radius, propagated through one step:
the engine proves ‖θ̃_{t+1} − G(θ̃_t)‖_∞ ≤ r_t with r_t ≤ 2^-(P+16) ‖θ̃_{t+1}‖_∞ per parameter block,
i.e. each step is exact GD from the previous computed iterate up to a perturbation ~2^-guard
times smaller than what the mpmath reference loop at dps digits commits in one step (it rounds every
operation to dps digits).  How the dynamics amplify per-step perturbations (near-zero margins times
γ/4 per step for large γ) is the same for both engines; it is not bounded here — a global interval
bound propagated through |X||X|^T grows like (γ‖X‖²/n)^t and is useless after a few steps.
The tests compare with the mpmath loop at dps + 20 digits.  Recorded losses are certified relative
to themselves and margins normwise, for the computed iterate.

Signs that decide anything — all margins > 0 for ``separated_at``, the ReLU branch of every
pre-activation — must hold for every point within the last step's local error (an exactly-zero
midpoint with radius 0 is an exact zero: zero margins share one weight, exactly c/2 when that is
on the grid, and in the linear model the shared rounding error is carried once for all of them, as
in the chain family).  When a check fails, the run is repeated with
more guard bits and then :class:`Undecided` is raised so that the caller falls back to the mpmath
reference loop.

Two-layer step.  With the branch of every pre-activation certain, φ(Z) = Z⁺ + α Z⁻ (Z split by
branch), so the outputs are one exact BLAS contraction of [Z⁺ | Z⁻] against [a; α a] and the outer
gradient one of [Z⁺; Z⁻] against J = [w; α w] (:func:`.fastfixed.contract`): α multiplies m resp. n
entries, not n·m.  The first-layer gradient is X^T q with q_ij = J[take_ij] gathered inside the BLAS
call (no (n, m) digit array), then a short product with a (:meth:`.fastfixed.Ball.times`: the digit
products far below the kept bits are left out, their bound in the radius).  Gradients stay exact
until the update, which rounds once per block.  W is held transposed.

Why this design (figures from benchmarks/gd_precision.py, n = d = 200, 50 digits, CPU time on a
loaded 2-core machine): the O(nd) products are a few BLAS calls on ~14 digit columns (7 pairs of
digits when the data are small: :attr:`.fastfixed.DataMatrix.paired`); python-flint's
arb_mat matrix-vector product at 200 bits costs ~2 ms (≈100× the whole float64 step), fmpz_mat
~0.7 ms, mpmath lists ~8,000×.  The integer digit work runs in the compiled kernels of
:mod:`.fastkernels` (before them, carry loops made the two-layer step ~24 ms ≈ 210× float64), and the
n weights are one compiled call (:mod:`.fixedsigmoid`, batched over samples: ~1 µs per logistic
sample, where an arb sigmoid plus conversions from Python cost ~4–5 µs; its kernels compile in ~8 s
once and load from numba's cache in ~0.4 s per process); product radii are one compiled pass too
(:func:`.fastkernels.radius_terms`).  What remains is a few dozen numpy and kernel calls per step —
~0.6 ms ≈ 26× float64 for the linear model (the weights kernel is ~0.24 ms of it) and ~2.7 ms ≈ 27×
for the two-layer net at 50 digits (it was ~5.1 ms ≈ 47× with entry-wise (n, m) digit products and
~3.2 ms ≈ 32× with numpy radius arithmetic), against the ~30× target.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from fractions import Fraction
from functools import lru_cache

import flint
import mpmath
import numpy as np
from mpmath.libmp import from_man_exp

from ..models import Linear, Model, TwoLayer
from . import fixedsigmoid
from .fastfixed import Ball, DataMatrix, constant, contract, join, scalar_bound, up
from .trajectory import Trajectory

GUARDS = (40, 120)
"""Guard bits of successive attempts (plus log2 of the step count)."""
LOCAL_MARGIN = 16
"""A step's certified local error must stay below 2^-(P + LOCAL_MARGIN) ‖θ̃‖_∞ per block."""
NORMAL_FLOOR = 2.0 ** -1000
"""Error thresholds must stay above this (float64 rounds relatively only above 2^-1022)."""


class Undecided(Exception):
    """The certified engine could not settle a sign or reach the requested precision."""


def supports(model: Model, loss_name: str, gamma) -> bool:
    """Linear and piecewise-linear TwoLayer models (dyadic fixed outer weights), rational γ."""
    if loss_name not in ("logistic", "exponential") or not gamma.is_Rational:
        return False
    if type(model) is Linear:
        return True
    if type(model) is not TwoLayer or _slope(model) is None:
        return False
    return model.train == "both" or all(_dyadic(v) for v in model._outer_fixed)


def worthwhile(model: Model, n: int) -> bool:
    """Whether the fast engine is expected to beat the mpmath loop (for ``backend="auto"``).

    Its per-step cost has a floor of ~0.3 ms (Linear) / ~1.2 ms (TwoLayer) of call overhead, while
    the mpmath loop costs ~n · (#params) multiply-adds.  Measured at 50 digits, 50 steps, random
    dyadic data (CPU time, fast vs mpmath): Linear n · #params = 48: 16 vs 14 ms, 96: 19 vs 22 ms,
    200: 17 vs 37 ms; TwoLayer (width 4) 80: 59 vs 42 ms, 216: 60 vs 104 ms, 416: 63 vs 192 ms.
    Break-even ≈ 100 (Linear) and ≈ 150 (TwoLayer)."""
    return n * model.n_params >= (100 if type(model) is Linear else 200)


def _dyadic(v) -> bool:
    return v.is_Rational and (int(v.q) & (int(v.q) - 1)) == 0


def _slope(model: TwoLayer):
    """The activation's exact slope α (see :class:`gdperceptron.activations.Activation`) as a Fraction."""
    s = model.activation.slope
    return None if s is None else Fraction(int(s.p), int(s.q))


@contextmanager
def _arb_prec(prec: int):
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        yield
    finally:
        flint.ctx.prec = old


def run(model, data, gamma, steps, theta0, loss_fn, reduction, dps, every, algorithm) -> Trajectory:
    """GD as in :func:`gdperceptron.run_gd` from the mpf vector ``theta0`` (γ an exact rational),
    certified; raises :class:`Undecided` when it cannot certify ``dps`` digits, and when a value
    leaves the float64 exponent range that the radii and read-outs live in (|x| ≳ 2^1000)."""
    target = math.ceil(dps * math.log2(10)) + 1
    reason = None
    for guard in GUARDS:
        try:
            return _Run(model, data, gamma, theta0, loss_fn, reduction, dps, target,
                        target + guard + steps.bit_length()).go(steps, every, algorithm)
        except Undecided as exc:
            reason = exc
        except OverflowError:
            raise Undecided("a value left the float64 exponent range of the certified engine") from None
    raise Undecided(f"certified engine could not reach {dps} digits: {reason}")


class _Run:
    def __init__(self, model, data, gamma, theta, loss_fn, reduction, dps, target, prec):
        self.model, self.loss, self.dps, self.target, self.prec = model, loss_fn, dps, target, prec
        self.divisor = data.n if reduction == "mean" else 1
        self.linear = type(model) is Linear
        y = np.array(data.y, dtype=np.int64)
        # linear: X holds the rows y_i b_i, so X θ are the margins; two-layer: outputs times y
        self.X = DataMatrix.from_dataset(data, prec + 16, signs=y if self.linear else None)
        self.XT = self.X.transpose()
        self.msign = np.ones_like(y) if self.linear else y
        self.c = Fraction(int(gamma.p), int(gamma.q) * self.divisor)
        self.c_upper = float(self.c) * (1 + 2.0 ** -50)
        if self.linear:
            self.blocks = [_ball_of(theta, (model.d,), prec)]
        else:
            m, d = model.width, model.d
            self.alpha = constant(_slope(model), prec + 16)
            self.slope_upper = float(abs(_slope(model))) * (1 + 2.0 ** -50)  # ≥ |α|
            W = _T(_ball_of(theta[:m * d], (m, d), prec))  # held transposed, (d, m)
            if model.train == "both":
                self.blocks = [W, _ball_of(theta[m * d:], (m,), prec)]
            else:
                self.blocks = [W]
                with mpmath.workprec(4096):  # dyadic (see supports): exact
                    self.fixed_a = _ball_of([mpmath.mpf(int(v.p)) / int(v.q) for v in model._outer_fixed], (m,), prec)
        self.local = [b.rad for b in self.blocks]
        self.blocks = [Ball(b.D, b.e, np.zeros_like(b.rad)) for b in self.blocks]

    # -- one step ----------------------------------------------------------------------------
    def margins(self):
        """o with margins m_i = msign_i o_i of the midpoint iterate θ̃ (exact up to data rounding),
        the cache for :meth:`step`, and a bound on how far the last step's local error moves o."""
        if self.linear:
            return self.X.matmul(self.blocks[0]), None, self.X.bound(self.local[0])
        WT = self.blocks[0]  # W^T, (d, m)
        a = self.blocks[1] if len(self.blocks) == 2 else self.fixed_a
        Z = self.X.matmul(WT)  # (n, m)
        z_extra = self.X.bound(self.local[0])
        s = Z.certain_sign(Z.rad + z_extra)
        if np.any(s == 2):
            raise Undecided("a pre-activation's sign is not certain")
        pos = s > 0
        # the pre-activations split by branch, φ(Z) = Zs[0] + α Zs[1]; mag from Z's (masked: exact)
        zmag = Z.mag()
        branch = np.stack([pos, ~pos])
        Zs = Ball(Z.D * branch[..., None], Z.e, np.where(branch, Z.rad, 0.0), _mag=np.where(branch, zmag, 0.0))
        # o_i = Σ_j Zs[0]_ij a_j + Σ_j Zs[1]_ij (α a)_j: one contraction over (branch, j)
        out = contract(Zs, join(a, (a * self.alpha).truncate(self.prec)), axes=(0, 2)).truncate(self.prec)
        # Z's signs are certain under z_extra, so φ moves by at most slope · z_extra (slope 1 or |α|)
        slope = np.where(pos, 1.0, self.slope_upper)
        extra = (z_extra * slope) @ a.abs_upper()
        if len(self.blocks) == 2:  # |φ(z)| ≤ slope |z| on the perturbed pre-activations
            extra = extra + up((Z.abs_upper() + z_extra) * slope) @ self.local[1]
        return out, (Zs, pos, a), up(extra)

    def step(self, out, cache):
        """θ̃ ← θ̃ + c Σ_i s_i y_i ∇g(b_i; θ̃), keeping the certified local error of this step."""
        if self.linear:
            theta = self.blocks[0]
            # weights never finer than θ's grid needs (K^T w adds ≤ rowbits bits), on θ's 16-bit lattice
            lattice = -(-(self.XT.rowbits + 16) // 16) * 16
            floor = None if not np.any(theta.D) else theta.e - self.X.e - lattice
            w, group = self.weights(out, floor, grouped=True)
            rad = self.XT.bound(w.rad)
            if self.X.rho:  # data rounding: |E^T w| ≤ rho Σ|w_i|
                rad = up(rad + self.X.rho * float(w.abs_upper().sum()))
            if group is not None:  # the exactly-zero margins share one rounded weight: errors cancel as K^T g
                delta, g = group
                exact = self.XT.matmul(Ball.from_ints(g, 0, rad=np.zeros(len(g))))
                rad = up(rad + delta * exact.mag())
            new = [theta.plus_raw(self.XT.raw(w.D), self.X.e + w.e).truncate(self.prec)]
            new[0].rad = up(new[0].rad + rad)
        else:
            Zs, pos, a = cache
            w, _ = self.weights(out, None, grouped=False)  # c s_i y_i, (n,)
            n = pos.shape[0]
            # J = [w; α w]; q_ij = c s_i y_i φ'(z_ij) = J[take_ij]: w_i on the positive branch, α w_i
            # on the other; q truncated to prec bits below its largest entry (J's rows that q uses)
            J = join(w, (w * self.alpha).truncate(self.prec))
            take = np.where(pos, 0, n) + np.arange(n)[:, None]
            used = np.concatenate([pos.any(axis=1), ~pos.all(axis=1)])
            G = self.XT.matmul(J.truncate(self.prec, among=used), take)
            # the gradients exact from here: each is truncated once, on the update below
            gW = G.times(_row(a), keep=self.prec)  # (d, m), as W^T; truncated to prec bits below
            if len(self.blocks) == 2:  # Σ_i φ(z_ij) w_i = Σ_i Zs[0]_ij w_i + Σ_i Zs[1]_ij (α w)_i
                grads = [gW, contract(Zs, J, axes=(0, 1))]
            else:
                grads = [gW]
            new = [(b + g).truncate(self.prec, min_e=b.grid(self.prec))
                   for b, g in zip(self.blocks, grads)]
        for b in new:
            if not _within(float(np.max(b.rad, initial=0.0)), b.big(), self.target + LOCAL_MARGIN):
                raise Undecided("a step's local error exceeds the working precision (or leaves float64 range)")
        self.local = [b.rad for b in new]
        self.blocks = [b.with_rad(np.zeros_like(b.rad)) for b in new]

    # -- weights ---------------------------------------------------------------------------------
    def weights(self, out: Ball, floor, grouped: bool):
        """c msign_i s_i with s_i = −ℓ'(m_i), m_i = msign_i o_i, by the compiled kernel of
        :mod:`.fixedsigmoid`: rounded to a common grid (never finer than 2^floor, and on floor's
        16-bit lattice, when ``floor`` is given), radius = the kernel's error bound plus one grid unit
        where bits were dropped, plus the effect of the margins' own radii.

        With ``grouped``, margins that are exactly 0 get radius 0 and (δ, g) is returned: those
        samples got the same weight magnitude c ℓ'(0) rounded, with error ≤ δ, and g_i = msign_i on
        them (else 0) — the caller accounts for that shared error.  Otherwise the group is None."""
        zero = ~np.any(out.D, axis=-1) & (out.rad == 0) if grouped else None
        try:
            D, grid, err, lost = fixedsigmoid.weights(out.D, out.e, self.msign, self.c,
                                                      self.loss.name == "logistic", self.prec, floor)
        except fixedsigmoid.OutOfRange as exc:
            raise Undecided(f"weights: {exc}") from None
        unit = scalar_bound(1.0, grid)
        rad = up(err + np.where(lost, unit, 0.0))
        share = grouped and zero.any()
        w = Ball(D, grid, np.where(zero, 0.0, rad) if share else rad)
        if self.loss.name == "logistic":  # |σ'| ≤ 1/4
            extra = self.c_upper * out.rad / 4
        else:  # |e^{-(m±r)} − e^{-m}| ≤ e^{-m} (e^r − 1)
            extra = w.abs_upper() * np.expm1(out.rad)
        w.rad = up(w.rad + extra)
        group = None
        if share and rad[zero].max() > 0:
            group = (float(rad[zero].max()), np.where(zero, self.msign, 0).tolist())
        return w, group

    # -- the loop ------------------------------------------------------------------------------
    def go(self, steps, every, algorithm) -> Trajectory:
        # per-step guarantees only (no enclosure of the exact trajectory): not a certified run
        traj = Trajectory(algorithm, steps, self.dps, engine="fast", arithmetic="numba", certified=False)
        best = None  # (|m| as exact (int, e), step)
        with _arb_prec(self.prec + 32):
            for t in range(steps + 1):
                margins, cache, extra = self.margins()
                signs = margins.certain_sign(up(margins.rad + extra))
                signs = np.where(signs == 2, 2, signs * self.msign)
                if traj.separated_at is None and not np.any((signs == 0) | (signs == -1)):
                    if np.any(signs == 2):  # no margin is certainly ≤ 0 and some sign is open
                        raise Undecided("a margin's sign is not certain")
                    traj.separated_at = t
                best = _min_abs(margins, best)
                if t % every == 0 or t == steps:
                    self.record(traj, t, margins)
                if t < steps:
                    self.step(margins, cache)
        with mpmath.workdps(self.dps):
            traj.min_abs_margin = mpmath.ldexp(mpmath.mpf(best[0]), best[1])
        return traj

    def record(self, traj, t, margins):
        _certify(margins, self.target)
        arbs = [(m if g > 0 else -m) + (flint.arb(0, r) if r else 0)
                for m, r, g in zip(_to_arb(margins), margins.rad.tolist(), self.msign.tolist())]
        if self.loss.name == "logistic":
            total = sum(((-m).exp()).log1p() if m > 0 else -m + m.exp().log1p() for m in arbs)
        else:
            total = sum((-m).exp() for m in arbs)
        lower = float(total.abs_lower())
        bound = float(total.rad()) * (1 + 2.0 ** -40)
        if bound > lower * 2.0 ** -(self.target + 1):
            raise Undecided(f"loss not certified to the requested digits ({bound:.3g} vs {lower:.3g})")
        with mpmath.workdps(self.dps):
            blocks = self.blocks if self.linear else [_T(self.blocks[0])] + self.blocks[1:]  # W, not W^T
            params = [x for b in blocks for x in _mpfs(b)]
            traj.params.append(t, params)
            traj.margins.append(t, [v if g > 0 else -v for v, g in zip(_mpfs(margins), self.msign.tolist())])
            traj.loss.append(t, _arb_mpf(total) / self.divisor)


# -- helpers ---------------------------------------------------------------------------------------
def _ball_of(values, shape, prec) -> Ball:
    """mpf values as a ball array: midpoints rounded down at ``prec`` bits below the largest."""
    pairs = [((-1) ** v._mpf_[0] * int(v._mpf_[1]), v._mpf_[2]) if v else (0, 0) for v in values]
    e = min((ex for m, ex in pairs if m), default=0)
    ints = [m << (ex - e) if m else 0 for m, ex in pairs]
    return Ball.from_ints(ints, e, shape=shape).truncate(prec)


def _T(b: Ball) -> Ball:
    return Ball(np.ascontiguousarray(np.swapaxes(b.D, 0, 1)), b.e, b.rad.T.copy())


def _row(b: Ball) -> Ball:
    return Ball(b.D[None], b.e, b.rad[None])


def _to_arb(b: Ball) -> list:
    """Midpoints as arbs: balanced 48-bit chunks (exact in float64) recombined by an arb_mat
    product at the arb working precision (rounding, if any, goes into the arb radius)."""
    B = b.balanced().reshape(-1, b.D.shape[-1])
    k = -(-B.shape[1] // 3) * 3
    B = np.concatenate([B, np.zeros((B.shape[0], k - B.shape[1]))], axis=1)
    C = B[:, 0::3] + B[:, 1::3] * 65536.0 + B[:, 2::3] * 4294967296.0  # |chunk| < 2^48: exact
    return (flint.arb_mat(C.tolist()) * _powers(b.e, C.shape[1], flint.ctx.prec)).entries()


@lru_cache(maxsize=64)
def _powers(e: int, k: int, prec: int):
    """The column (2^{e + 48j})_{j<k} as an arb_mat (exact); ``prec`` keys the cache by context."""
    return flint.arb_mat([[flint.arb(2) ** (48 * j + e)] for j in range(k)])


def _mpfs(b: Ball) -> list:
    """Midpoints 2^e · v as mpf at the current precision: v rounded to nearest, as ``mpf(v)`` would,
    then scaled exactly (mpmath's raw constructor, without an mpf per intermediate)."""
    prec, make = mpmath.mp.prec, mpmath.mp.make_mpf
    return [make(from_man_exp(v, b.e, prec, "n")) for v in b.to_ints()]


def _arb_mpf(x):
    """The arb midpoint as an mpf, rounded to nearest at the current precision (as :func:`_mpfs`)."""
    m, e = x.mid().man_exp()
    return mpmath.mp.make_mpf(from_man_exp(int(m), int(e), mpmath.mp.prec, "n"))


def _within(worst: float, big: float, bits: int) -> bool:
    """Whether a radius ``worst`` is at most 2^-bits of a (read-out) scale ``big``, with that
    threshold in float64's normal range (:data:`NORMAL_FLOOR`) unless everything is exactly 0.
    A NaN or infinite read-out (exponents beyond float64) fails: every comparison with NaN is False."""
    if not math.isfinite(big):
        return False
    threshold = big * 2.0 ** -bits
    return worst <= threshold and (threshold >= NORMAL_FLOOR or big == worst == 0.0)


def _certify(b: Ball, target: int):
    if not _within(float(np.max(b.rad, initial=0.0)), b.big() * (1 - 2.0 ** -40), target + 1):
        raise Undecided("radius exceeds the requested precision (or leaves float64 range)")


def _min_abs(margins: Ball, best):
    """Running exact minimum of |m_i| over steps, as (integer, exponent)."""
    a = np.abs(margins.approx())
    lo = float(a.min())
    cand = np.nonzero(a <= lo * (1 + 2.0 ** -40))[0]
    rows = Ball(margins.D[cand], margins.e, margins.rad[cand]).to_ints()
    m = min(abs(v) for v in rows)
    if best is None:
        return (m, margins.e)
    (bm, be) = best
    e = min(be, margins.e)
    return (m, margins.e) if (m << (margins.e - e)) < (bm << (be - e)) else best
