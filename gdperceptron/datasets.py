"""Named data-set families, all exact.

* :func:`chain` [derived, docs/mathematics/acceleration.md §2]: n = d, y_i = +1, b_i = e_i − e_{i+1} (i < d),
  b_d = e_d.  Linear GD from 0 needs at least d steps to separate it, for every step size.
* :func:`signed_chain` [derived]: the chain's samples with label +1 and their negatives with label
  −1 (n = 2d).  Linear GD runs exactly as on the chain; and since φ(z) − φ(−z) = (1 + α)z for
  φ(z) = max(z, αz), any two-layer net separating it has u = Σ_j a_j w_j ordered like a linear
  separator, u_1 > … > u_d > 0 (see ``acceleration.signed-chain-needs-ordering``).
* :func:`alternating_chain` [derived] our own example, not the paper's: d even, n = d, the chain's
  a_i = e_i − e_{i+1} (i < d), a_d = e_d with alternating labels y_i = (−1)^{i+1} (1-based) and
  inputs b_i = y_i a_i.  Linear GD from 0 runs exactly as on the chain (y_i b_i = a_i), so it needs
  at least d steps; a width-4 net separates it with margin 1 (see ``proofs/alternating_chain.py``).
* :func:`orthogonal_pair` [derived, docs/mathematics/margin.md §2]: x+ = (cos θ/2, sin θ/2) with label +1 and
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


MAX_CHAIN_D = 4096
"""The largest chain dimension built (the data are stored densely: d² exact entries)."""


def _chain_dimension(d, what: str, minimum: int = 1) -> int:
    d = check_int(d, what, minimum=minimum)
    if d > MAX_CHAIN_D:
        raise InputError(f"{what} must be at most {MAX_CHAIN_D} (the d × d data are stored densely), got {d}")
    return d


def chain(d: int) -> Dataset:
    """The chain family [derived] (docs/mathematics/acceleration.md §2): n = d samples in R^d,
    b_i = a_i = e_i − e_{i+1} for i < d and b_d = a_d = e_d, every label +1.  Linear GD from 0 needs at
    least d steps to separate it, for every step size (the support lemma)."""
    d = _chain_dimension(d, "chain dimension d")
    X = [[(1 if j == i else -1 if j == i + 1 else 0) for j in range(d)] for i in range(d)]
    return Dataset(X, [1] * d)


def signed_chain(d: int) -> Dataset:
    """The signed chain [derived]: the chain's d samples with label +1 and their negatives with label −1
    (n = 2d), so that a two-layer net cannot separate it without ordering u = Σ_j a_j w_j."""
    base = chain(d)
    return Dataset([list(row) for row in base.X] + [[-v for v in row] for row in base.X], [1] * d + [-1] * d)


def alternating_chain(d: int) -> Dataset:
    """The alternating-label chain [derived] our own example, not the paper's (issue 18).

    d even, n = d.  With the chain's vectors a_i = e_i − e_{i+1} (i < d) and a_d = e_d, sample i
    (1-based) has label y_i = (−1)^{i+1} (+1, −1, +1, …, −1) and input b_i = y_i a_i, so that

        y_i b_i = a_i   for every i.

    Consequences (each a checked claim in ``proofs/alternating_chain.py``):

    * a linear model's margins y_i vᵀb_i = vᵀa_i are the chain's, so linear GD from 0 is linear GD on
      :func:`chain` for every step size and loss: no separation before t = d;
    * v = (d, d − 1, …, 1) separates it linearly (vᵀa_i = 1 for every i);
    * g(b) = |w′ᵀb| − 2|wᵀb| with w′ = (1, −1, 1, −1, …) and w = (1, 1, −1, −1, …) (a width-4 ReLU
      net, |z| = relu(z) + relu(−z)) has margins y_i g(b_i) = 2 for i < d and 1 for i = d.

    The paper's own "minimalistic example" (arXiv 2512.11587) was not recovered; this family is ours.
    Odd d is refused: the last label would be +1, and the width-4 separator fails on it.
    """
    d = _chain_dimension(d, "alternating chain dimension d", minimum=2)
    if d % 2:
        raise InputError(f"alternating chain dimension d must be even, got {d}")
    labels = [1 if i % 2 == 0 else -1 for i in range(d)]  # 0-based i: y = (−1)^{(i+1)+1}
    return Dataset([[labels[i] * v for v in row] for i, row in enumerate(chain(d).X)], labels)


def orthogonal_pair(theta=sp.pi / 2) -> Dataset:
    """Two unit points at angle θ ∈ (0, π], symmetric about the first axis (θ exact: a SymPy number)."""
    angle = to_exact(theta, "angle theta")
    if not (0 < angle <= sp.pi):
        raise InputError(f"angle theta must lie in (0, pi], got {theta!r}")
    c, s = sp.cos(angle / 2), sp.sin(angle / 2)
    return Dataset([[c, s], [c, -s]], [1, -1])


def precursor_thm41() -> Dataset:
    """The precursor's Theorem 4.1 instance (arXiv 2412.08424): b_1 = (1, −1) labelled +1 and
    b_2 = (−1, −4) labelled −1."""
    return Dataset([[1, -1], [-1, -4]], [1, -1])


def precursor_thm51(n: int) -> Dataset:
    """The precursor's Theorem 5.1 instance (arXiv 2412.08424): one sample (1/2, −1) labelled +1 and
    n − 1 samples (−1/2, −1) labelled −1, n ≥ 10 (the batch perceptron needs Ω(n) steps)."""
    n = check_int(n, "number of samples n", minimum=10)
    if n > 10**6:
        raise InputError(f"number of samples n must be at most 1e6, got {n}")
    return Dataset([["1/2", -1]] + [["-1/2", -1]] * (n - 1), [1] + [-1] * (n - 1))


FAMILIES = {"chain": chain, "signed_chain": signed_chain, "alternating_chain": alternating_chain, "orthogonal_pair": orthogonal_pair, "precursor_thm41": precursor_thm41,
            "precursor_thm51": precursor_thm51}
