"""The large-step limits of GD: which generalized perceptron GD turns into as γ → ∞.

[docs/mathematics/reduction.md §2]  With weights s_i = σ(−m_i) and σ(−c·m) → 1[m < 0] (+ 1/2 at m = 0) as
c → ∞ (:func:`~gdperceptron.symbolic.reduction.weight_limit`):

* p = 1 (linear [precursor Thm 3.2], fixed-outer-layer ReLU/leaky nets [derived]): ∇g is
  0-homogeneous, so θ_t/γ → θ̂_t with θ̂_0 = 0, θ̂_1 = (1/n) Σ_i s_i(θ_0) y_i ∇g(b_i; θ_0) and
  θ̂_{t+1} = θ̂_t + (1/n) Σ_{i∈S_t} y_i ∇g(b_i; θ̂_t), S_t = {i : m_i(θ̂_t) ≤ 0}.  For the linear
  model from v_0 = 0 every s_i(0) = 1/2: the batch perceptron with the half first step.
* p = 2 [derived]: ∇g is 1-homogeneous, so θ_t/γ^t → θ̂_t with θ̂_0 = θ_0, the same θ̂_1 and
  θ̂_{t+1} = (1/n) Σ_{i∈S_t} y_i ∇g(b_i; θ̂_t) — no identity term (θ_t/γ^{t+1} → 0).
  (The first step keeps the exact weights s_i(θ_0): the margins at θ_0 are not scaled by γ.)

Both need non-degeneracy: no margin and no activation kink argument of the limit path is 0.
Convergence is a threshold phenomenon: once γ·δ ≫ 1 (δ the smallest such |value| along the path)
the exponential noise is negligible and what remains is the identity term's O(1/γ) (p = 1 with
θ_0 ≠ 0, and p = 2); from θ_0 = 0 in the linear case the error is exponentially small in γδ.

:func:`limit_errors` measures max_t ‖θ_t/γ^{k_t} − θ̂_t‖_∞ on a grid of γ at two precisions and
:func:`judge_limit` turns such a table into a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from .. import activations, losses
from ..data import Dataset
from ..errors import InputError
from ..models import Model
from ..numbers import to_mpf
from ..numeric.iterate import margins_of, perceptron_weights, run_gd, run_perceptron, weighted_step
from .reduction import indicator_nonpositive

FIRST_STEPS = ("gd", "half", "full")


@dataclass(frozen=True)
class LimitAlgorithm:
    """θ̂_{t+1} = [θ̂_t +] (1/n) Σ_i w_i(t) y_i ∇g(b_i; θ̂_t), compared with θ_t/γ^{k_t}.

    ``p`` fixes the scaling (k_t = 1 for p = 1, k_t = t for p = 2) and θ̂_0 (0 for p = 1, θ_0 for
    p = 2); ``identity_term`` whether θ̂_t is carried over; ``first_step`` the weights of the step
    from θ_0: ``"gd"`` the exact s_i(θ_0), ``"half"``/``"full"`` the perceptron conventions of
    :func:`gdperceptron.run_perceptron`.  Later steps use the indicator 1[m_i(θ̂_t) ≤ 0].
    """

    p: int
    identity_term: bool
    first_step: str = "gd"

    def __post_init__(self):
        if self.p not in (1, 2):
            raise InputError(f"limit algorithms are derived for p = 1 and p = 2 only, got p = {self.p!r}")
        if self.first_step not in FIRST_STEPS:
            raise InputError(f"first_step must be one of {', '.join(FIRST_STEPS)}, got {self.first_step!r}")

    def scale_exponent(self, t: int) -> int:
        """k_t: GD's θ_t is compared with γ^{k_t} θ̂_t."""
        return 1 if self.p == 1 else t

    def rule(self, model: Model, data: Dataset) -> list[tuple[str, sp.Basic]]:
        """The update θ̂_t ↦ θ̂_{t+1} (t ≥ 1) as a SymPy matrix in the model's parameter symbols."""
        theta = sp.Matrix(model.params)
        step = sum((indicator_nonpositive(y * model.output_expr(b)) * y * model.grad_expr(b)
                    for b, y in zip(data.X, data.y)), sp.zeros(model.n_params, 1)) / data.n
        lhs = sp.Symbol(r"\hat\theta_{t+1}")
        gamma = sp.Symbol("gamma", positive=True)
        scaling = sp.Symbol(r"\theta_t") / gamma ** (1 if self.p == 1 else sp.Symbol("t"))
        return [("scaling", sp.Eq(sp.Symbol(r"\hat\theta_t"), sp.Limit(scaling, gamma, sp.oo))),
                ("limit step; the parameters stand for the limit iterate", sp.Eq(lhs, (theta + step) if self.identity_term else step, evaluate=False))]

    def iterates(self, model: Model, data: Dataset, init, steps: int, dps: int) -> list[list]:
        """θ̂_0, …, θ̂_steps at ``dps`` digits."""
        if steps < 1:
            raise InputError(f"steps must be at least 1, got {steps!r}")
        with mpmath.workdps(dps):
            X, y = data.numeric()
            theta0 = model.coerce_params(init)
            margins = margins_of(model, theta0, X, y)
            if self.first_step == "gd":
                weights = [losses.LOGISTIC.weight(m) for m in margins]
            else:
                weights = perceptron_weights(margins, 0, self.first_step)
            hat0 = model.zeros() if self.p == 1 else theta0
            inv_n = mpmath.mpf(1) / data.n
            hat1 = weighted_step(model, theta0, X, y, weights, inv_n,
                                 base=hat0 if self.identity_term else model.zeros())
            path = [hat0, hat1]
            if not self.identity_term:
                for t in range(1, steps):
                    weights = perceptron_weights(margins_of(model, path[-1], X, y), t, "full")
                    path.append(weighted_step(model, path[-1], X, y, weights, inv_n, base=model.zeros()))
                return path
        rest = run_perceptron(model, data, steps - 1, variant="batch", first_step="full", init=hat1, dps=dps)
        return path + [rest.params[t] for t in range(1, steps)]


def limit_algorithm(model: Model) -> LimitAlgorithm:
    """The derived limit for the model's homogeneity degree (p = 1: identity term; p = 2: none)."""
    p = model.degree
    if p not in (1, 2):
        raise InputError(f"{model!r} has homogeneity degree {p}; limits are derived for p = 1 and 2 only")
    return LimitAlgorithm(p, identity_term=(p == 1), first_step="gd")


def kink_arguments(model: Model) -> list:
    """Arguments of the model's ReLU / LeakyReLU atoms (where ∇g jumps), as SymPy expressions."""
    atoms = model.expr.atoms(activations.ReLU, activations.LeakyReLU)
    return sorted({a.args[0] for a in atoms}, key=sp.default_sort_key)


def path_gap(model: Model, data: Dataset, path, dps: int) -> mpmath.mpf:
    """δ = min over θ̂_1, …, θ̂_{T−1} of every |margin| and every |kink argument| at every sample.

    The limit is continuous along the path only if δ > 0; GD follows it once γ δ ≫ 1.
    """
    kinks = kink_arguments(model)
    values = []
    with mpmath.workdps(dps):
        X, y = data.numeric()
        if kinks:
            fn = sp.lambdify(model.params + model.inputs, kinks, modules="mpmath")
        for theta in path[1:-1]:
            values += [abs(m) for m in margins_of(model, theta, X, y)]
            if kinks:
                values += [abs(v) for b in X for v in fn(*theta, *b)]
        return min(values) if values else mpmath.inf


@dataclass
class ErrorRow:
    """e(γ) = max_t ‖θ_t/γ^{k_t} − θ̂_t‖_∞ at two precisions."""

    gamma: object
    error: mpmath.mpf
    error_check: mpmath.mpf
    dps: int

    @property
    def resolved(self) -> bool:
        """Both precisions agree to 6 significant digits: the error is not rounding."""
        return self.error_check > 0 and abs(self.error - self.error_check) <= mpmath.mpf(10) ** -6 * self.error_check

    def to_json(self) -> dict:
        return {"gamma": str(self.gamma), f"error@{self.dps}": mpmath.nstr(self.error, 8),
                f"error@{2 * self.dps}": mpmath.nstr(self.error_check, 8), "resolved": self.resolved}


def _max_error(algorithm, path, model, data, init, steps, gamma, dps):
    traj = run_gd(model, data, gamma, steps, init=init, dps=dps, arithmetic="float")  # plain mpmath at exactly dps
    with mpmath.workdps(dps):
        g = to_mpf(sp.Rational(gamma))
        return max(max(abs(a / g ** algorithm.scale_exponent(t) - b) for a, b in zip(traj.params[t], path[t]))
                   for t in range(steps + 1))


def limit_errors(algorithm: LimitAlgorithm, model: Model, data: Dataset, init, steps: int, gammas,
                 dps: int = 50) -> list[ErrorRow]:
    """The error table of ``algorithm`` against GD, every γ (exact rationals) at ``dps`` and 2·``dps``.

    The limit path does not depend on γ: it is computed once per precision."""
    paths = {p: algorithm.iterates(model, data, init, steps, p) for p in (dps, 2 * dps)}
    return [ErrorRow(g, *(_max_error(algorithm, paths[p], model, data, init, steps, g, p) for p in (dps, 2 * dps)),
                     dps) for g in gammas]


def judge_limit(rows: list[ErrorRow], rate: float | None = None, scale=1) -> tuple[str, str]:
    """('supported' | 'refuted' | 'undecided', reason) for the claim e(γ) → 0 [as O(γ^{−rate})].

    Uses the resolved rows (ascending γ).  Local slopes s = Δ ln e / Δ ln γ over the last three:
    supported when e decreases, the last error is below 10^{-3}·max(1, scale), and both slopes are
    ≤ −rate + 0.1 (with no rate: ≤ −1, a settled decay rather than a flattening one); refuted when both slopes agree within 0.05 and are ≥ −rate + 0.25
    (the error has settled into a decay too slow for the claimed rate) or, with no rate, are ≥ −0.05
    while the last error is above the tolerance (a plateau); anything else is undecided.
    """
    good = [r for r in rows if r.resolved]
    if len(good) < 3:
        return "undecided", f"only {len(good)} of {len(rows)} errors resolved above rounding: raise the precision"
    last = good[-3:]
    slopes = [float(mpmath.log(b.error / a.error) / mpmath.log(mpmath.mpf(sp.Rational(b.gamma)) /
                                                              mpmath.mpf(sp.Rational(a.gamma))))
              for a, b in zip(last, last[1:])]
    tol = mpmath.mpf(10) ** -3 * max(1, scale)
    target = -(rate or 0.0)
    decreasing = all(b.error < a.error for a, b in zip(last, last[1:]))
    shown = ", ".join(f"{s:.3f}" for s in slopes)
    # with no claimed rate the decay must still be settled (at least like 1/γ): a small error that is
    # flattening out may be a wrong limit plus a decaying term
    needed = target + 0.1 if rate else -1.0
    if decreasing and last[-1].error < tol and all(s <= needed for s in slopes):
        return "supported", f"error falls to {mpmath.nstr(last[-1].error, 3)}; local slopes {shown}"
    settled = abs(slopes[0] - slopes[1]) < 0.05 and all(s >= target + (0.25 if rate else -0.05) for s in slopes)
    if settled and (rate or last[-1].error > tol):
        return "refuted", (f"error settles at {mpmath.nstr(last[-1].error, 3)} with local slopes {shown} "
                           f"(claimed rate {rate if rate else '→ 0'})")
    return "undecided", f"no settled trend: last errors {[mpmath.nstr(r.error, 3) for r in last]}, slopes {shown}"
