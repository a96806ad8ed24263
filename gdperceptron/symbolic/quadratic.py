"""Margins of 2-homogeneous piecewise quadratic models as quadratic forms m_i(θ) = θᵀA_iθ.

[docs/mathematics/reduction.md §3, derived]  For a quadratic form q(θ) the symmetric matrix is A = ½∇²q;
exact GD then reads θ_{t+1} = (I + (2γ/n) Σ_i s_i A_i) θ_t because ∇m_i = 2A_iθ.  Piecewise
models (ReLU, leaky ReLU) are quadratic on each activation region: :func:`margin_matrices` fixes
the region of a point θ (every kink argument non-zero there) and extracts A_i on it.

Closed forms (docs/mathematics/reduction.md §3), built independently of the extraction (the claims compare the two):

* two-layer linear net, θ = (vec_row(W), a):  A = (y/2) [[0, I_m ⊗ b], [I_m ⊗ bᵀ, 0]];
* fixed outer layer a_j, quadratic activation, θ = vec_row(W):  A = blockdiag_j(a_j y b bᵀ).

For a set S of samples, A_S := Σ_{i∈S} A_i (:func:`set_matrix`); for the two-layer linear net it is
the matrix above with y·b replaced by c_S = Σ_{i∈S} y_i b_i.
"""

from __future__ import annotations

import sympy as sp

from .. import activations
from ..data import Dataset
from ..errors import InputError
from ..models import Model
from ..numbers import to_exact


def quadratic_form(expr, params) -> sp.Matrix:
    """The symmetric A with expr = θᵀAθ (θ = params); InputError if expr is not such a form."""
    theta = sp.Matrix(params)
    A = sp.hessian(expr, list(params)) / 2
    if sp.expand(expr - (theta.T * A * theta)[0]) != 0 or any(e.has(*params) for e in A):
        raise InputError("expression is not a quadratic form in the parameters (on this region)")
    return A


def _on_region(expr, model: Model, at, b) -> sp.Expr:
    """Replace each ReLU / LeakyReLU by its linear piece on the activation region of θ = ``at``."""
    point = dict(zip(model.params, at))

    def piece(z, *alpha):
        value = z.subs(point)
        if value == 0:
            raise InputError(f"θ lies on a kink of the model (argument {z} = 0 on sample {b}): no unique region")
        if value > 0:
            return z
        return alpha[0] * z if alpha else sp.Integer(0)

    return expr.replace(activations.ReLU, piece).replace(activations.LeakyReLU, piece)


def _samples(data):
    return list(zip(data.X, data.y)) if isinstance(data, Dataset) else list(data)


def margin_matrices(model: Model, data, at=None) -> list[sp.Matrix]:
    """[A_i] with m_i(θ) = y_i g(b_i; θ) = θᵀA_iθ on the activation region of ``at`` (exact).

    ``data``: a Dataset or a list of (b, y) pairs (symbolic entries allowed).
    """
    if model.degree != 2:
        raise InputError(f"{model!r} is not 2-homogeneous (degree {model.degree}): margins are not quadratic forms")
    pieces = model.expr.atoms(activations.ReLU, activations.LeakyReLU)
    if pieces and at is None:
        raise InputError("a piecewise model needs a point `at` fixing the activation region")
    out = []
    for b, y in _samples(data):
        margin = y * model.output_expr(b)
        if pieces:
            margin = _on_region(margin, model, [to_exact(v, "at") for v in at], b)
        out.append(quadratic_form(margin, model.params))
    return out


def set_matrix(matrices, S) -> sp.Matrix:
    """A_S = Σ_{i∈S} A_i (the zero matrix for S = ∅)."""
    size = matrices[0].shape[0]
    return sum((matrices[i] for i in S), sp.zeros(size, size))


def two_layer_linear_matrix(c, width: int) -> sp.Matrix:
    """½ [[0, I_m ⊗ c], [I_m ⊗ cᵀ, 0]] for c = y b (or c_S), θ = (vec_row(W), a)."""
    c = sp.Matrix(c)
    block = sp.kronecker_product(sp.eye(width), c)
    md = block.shape[0]
    return sp.BlockMatrix([[sp.zeros(md, md), block], [block.T, sp.zeros(width, width)]]).as_explicit() / 2


def fixed_outer_quadratic_matrix(b, outer, y=1) -> sp.Matrix:
    """blockdiag_j(a_j y b bᵀ) (θ = vec_row(W), outer weights a_j fixed)."""
    b = sp.Matrix(b)
    return sp.diag(*[a * y * b * b.T for a in outer])


def two_layer_linear_eigenvectors(c, width: int) -> dict:
    """Eigenvectors of :func:`two_layer_linear_matrix` [derived, spec §3], exact:

    +‖c‖/2: (vec_row(e_j cᵀ), ‖c‖ e_j); −‖c‖/2: (vec_row(e_j cᵀ), −‖c‖ e_j), j = 1..m;
    0: (vec_row(e_j uᵀ), 0) with u = c_1 e_k − c_k e_1, k = 2..d (a basis of c^⊥ when c_1 ≠ 0).
    Keys are the signs +1, −1, 0.
    """
    c = sp.Matrix(c)
    d, m = c.shape[0], width
    r = sp.sqrt(sum(v**2 for v in c))

    def vec(j, row, tail):
        out = sp.zeros(m * d + m, 1)
        out[j * d:(j + 1) * d, 0] = row
        out[m * d + j, 0] = tail
        return out

    perp = [c[0] * sp.eye(d)[:, k] - c[k] * sp.eye(d)[:, 0] for k in range(1, d)]
    return {1: [vec(j, c, r) for j in range(m)], -1: [vec(j, c, -r) for j in range(m)],
            0: [vec(j, u, 0) for j in range(m) for u in perp]}
