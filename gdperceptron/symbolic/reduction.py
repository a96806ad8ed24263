"""GD on the logistic loss as a weighted generalized perceptron, derived symbolically.

For a model g(b; θ), samples (b_i, y_i), margins m_i(θ) = y_i g(b_i; θ) and the mean logistic
loss f(θ) = (1/n) Σ_i ln(1 + e^{−m_i(θ)}) [docs/mathematics/reduction.md §2, derived]:

    θ_{t+1} = θ_t − γ∇f(θ_t) = θ_t + (γ/n) Σ_i s_i(θ_t) y_i ∇_θ g(b_i; θ_t),
    s_i(θ) = σ(−m_i(θ)) = 1/(1 + e^{m_i(θ)}) ∈ (0, 1),
    s_i = 1[m_i ≤ 0] + ε_i,   |ε_i| ≤ e^{−|m_i|} for m_i ≠ 0.

:func:`reduce_gd` builds all of these as SymPy objects for a concrete model and either a
:class:`~gdperceptron.Dataset` (exact rows) or ``n`` samples with symbolic features and labels.
:func:`weight_limit` derives lim_{c→∞} σ(−c·m) by SymPy limits on the three signs of m — the
step from GD to the perceptron (spec §2: the limit is 1, 1/2, 0 for m < 0, m = 0, m > 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..data import Dataset
from ..errors import InputError
from ..losses import LOGISTIC
from ..models import Model
from ..numbers import check_int


def sigmoid(z) -> sp.Expr:
    """σ(z) = 1/(1 + e^{−z})."""
    return 1 / (1 + sp.exp(-z))


def indicator_nonpositive(m) -> sp.Expr:
    """1[m ≤ 0] as a SymPy Piecewise."""
    return sp.Piecewise((1, m <= 0), (0, True))


def weight_limit(m: sp.Symbol | None = None) -> sp.Piecewise:
    """lim_{c→∞} σ(−c m) as a Piecewise in m, each branch an exact SymPy limit under a sign assumption."""
    m = m if m is not None else sp.Symbol("m", real=True)
    c = sp.Symbol("c", positive=True)
    branches = []
    for cond, assumption in ((m < 0, {"negative": True}), (sp.Eq(m, 0), {"zero": True}), (True, {"positive": True})):
        mm = sp.Symbol("m_", **assumption) if "zero" not in assumption else sp.Integer(0)
        branches.append((sp.limit(sigmoid(-c * mm), c, sp.oo), cond))
    return sp.Piecewise(*branches)


def symbolic_samples(d: int, n: int) -> list[tuple[tuple[sp.Symbol, ...], sp.Symbol]]:
    """n samples with real features b_{i,k} and labels y_i (symbols; y_i² = 1 is not assumed)."""
    return [(tuple(sp.symbols(f"b_{i}_1:{d + 1}", real=True)), sp.Symbol(f"y_{i}", real=True))
            for i in range(1, n + 1)]


@dataclass
class Reduction:
    """The GD step of a model on a sample set, split into a perceptron part and noise.

    Attributes are SymPy objects in the model's parameter symbols (θ), the step size ``gamma`` and,
    for symbolic samples, the feature and label symbols.
    """

    model: Model
    samples: list
    gamma: sp.Symbol
    margins: list
    weights: list
    indicators: list
    noise: list
    gradient: sp.Matrix
    step: sp.Matrix
    perceptron_step: sp.Matrix
    noise_step: sp.Matrix

    @property
    def theta(self) -> sp.Matrix:
        return sp.Matrix(self.model.params)

    @property
    def degree(self) -> int | None:
        """Homogeneity degree p of the model (None: not homogeneous)."""
        return self.model.degree

    def rows(self) -> list[tuple[str, sp.Basic]]:
        """(label, SymPy relation) rows for display and LaTeX export."""
        rows = [(f"margin m_{i + 1}", sp.Eq(sp.Symbol(f"m_{i + 1}"), m)) for i, m in enumerate(self.margins)]
        rows += [(f"weight s_{i + 1}", sp.Eq(sp.Symbol(f"s_{i + 1}"), s)) for i, s in enumerate(self.weights)]
        rows.append(("GD step", sp.Eq(sp.Symbol(r"\theta_{t+1}"), self.step, evaluate=False)))
        rows.append(("homogeneity degree", sp.Eq(sp.Symbol("p"), sp.sympify(self.degree) if self.degree is not None
                                                  else sp.Symbol(r"\text{none}"))))
        return rows

    def latex(self) -> str:
        from ..latex import align

        return align(rel for _, rel in self.rows())


def reduce_gd(model: Model, data: Dataset | None = None, n: int | None = None,
              gamma: sp.Symbol | None = None) -> Reduction:
    """The symbolic GD step of ``model`` on ``data`` (exact rows) or on ``n`` symbolic samples."""
    if not isinstance(model, Model):
        raise InputError(f"model must be a gdperceptron model, got {type(model).__name__}")
    if (data is None) == (n is None):
        raise InputError("give either data (a Dataset) or n (number of symbolic samples), not both")
    if data is not None:
        if data.d != model.d:
            raise InputError(f"data have d={data.d} features but the model expects d={model.d}")
        samples = list(zip(data.X, data.y))
    else:
        check_int(n, "n")
        samples = symbolic_samples(model.d, n)
    gamma = gamma if gamma is not None else sp.Symbol("gamma", positive=True)
    count = len(samples)
    margins = [y * model.output_expr(b) for b, y in samples]
    grads = [y * model.grad_expr(b) for b, y in samples]
    weights = [LOGISTIC.sympy_weight(m) for m in margins]
    indicators = [indicator_nonpositive(m) for m in margins]
    noise = [s - ind for s, ind in zip(weights, indicators)]
    theta = sp.Matrix(model.params)

    def combine(coefs):
        return sum((c * g for c, g in zip(coefs, grads)), sp.zeros(model.n_params, 1))

    return Reduction(model=model, samples=samples, gamma=gamma, margins=margins, weights=weights,
                     indicators=indicators, noise=noise, gradient=-combine(weights) / count,
                     step=theta + gamma / count * combine(weights),
                     perceptron_step=theta + gamma / count * combine(indicators),
                     noise_step=gamma / count * combine(noise))
