"""Named data-set families, all exact.

* :func:`chain` [derived, spec perceptron.md §4]: n = d, y_i = +1, b_i = e_i − e_{i+1} (i < d),
  b_d = e_d.  Linear GD from 0 needs at least d steps to separate it, for every step size.
* :func:`signed_chain` [derived]: the chain's samples with label +1 and their negatives with label
  −1 (n = 2d).  Linear GD runs exactly as on the chain; and since φ(z) − φ(−z) = (1 + α)z for
  φ(z) = max(z, αz), any two-layer net separating it has u = Σ_j a_j w_j ordered like a linear
  separator, u_1 > … > u_d > 0 (see ``acceleration.signed-chain-needs-ordering``).
* :func:`orthogonal_pair` [derived, spec margin.md §2]: x+ = (cos θ/2, sin θ/2) with label +1 and
  x− = (cos θ/2, −sin θ/2) with label −1 — two unit points at angle θ.
* :func:`precursor_thm41` [precursor, arXiv 2412.08424 Thm 4.1]: a_1 = (1, −1), y_1 = +1;
  a_2 = (−1, −4), y_2 = −1.
* :func:`precursor_thm51` [precursor, arXiv 2412.08424 Thm 5.1]: one sample (1/2, −1) with label +1
  and n − 1 copies of (−1/2, −1) with label −1, n ≥ 10.
"""

from __future__ import annotations

import sympy as sp

from .data import Dataset
from .errors import InputError
from .numbers import check_int, to_exact


def chain(d: int) -> Dataset:
    d = check_int(d, "chain dimension d")
    X = [[(1 if j == i else -1 if j == i + 1 else 0) for j in range(d)] for i in range(d)]
    return Dataset(X, [1] * d)


def signed_chain(d: int) -> Dataset:
    base = chain(d)
    return Dataset([list(row) for row in base.X] + [[-v for v in row] for row in base.X], [1] * d + [-1] * d)


def orthogonal_pair(theta=sp.pi / 2) -> Dataset:
    """Two unit points at angle θ ∈ (0, π], symmetric about the first axis (θ exact: a SymPy number)."""
    angle = to_exact(theta, "angle theta")
    if not (0 < angle <= sp.pi):
        raise InputError(f"angle theta must lie in (0, pi], got {theta!r}")
    c, s = sp.cos(angle / 2), sp.sin(angle / 2)
    return Dataset([[c, s], [c, -s]], [1, -1])


def precursor_thm41() -> Dataset:
    return Dataset([[1, -1], [-1, -4]], [1, -1])


def precursor_thm51(n: int) -> Dataset:
    n = check_int(n, "number of samples n", minimum=10)
    return Dataset([["1/2", -1]] + [["-1/2", -1]] * (n - 1), [1] + [-1] * (n - 1))


FAMILIES = {"chain": chain, "signed_chain": signed_chain, "orthogonal_pair": orthogonal_pair, "precursor_thm41": precursor_thm41,
            "precursor_thm51": precursor_thm51}
