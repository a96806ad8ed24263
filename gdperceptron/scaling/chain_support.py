"""The support lemma for linear GD on the chain family, proved symbolically [derived, spec perceptron.md §4].

Chain family: n = d, y_i = +1, b_i = e_i − e_{i+1} (i < d), b_d = e_d, i.e. b_ij = δ_ij − δ_{i+1,j}·[i < d].
Linear GD with the mean logistic loss from v_0 = 0:  v_{t+1} = v_t + (γ/d) Σ_i σ(−m_i) b_i,  m_i = b_iᵀ v_t.

Lemma: supp(v_t) ⊆ [t] := {1, …, t} for every t ≥ 0 and every γ (γ only multiplies exact zeros).
Inductive step, for 0 ≤ t < d, assuming v_{t,j} = 0 for j > t:

1. untouched samples i > t have margin m_i = v_{t,i} − v_{t,i+1} = 0 (and m_d = v_{t,d} = 0), so
   their weight is σ(0) = 1/2 exactly;
2. touched samples i ≤ t have b_ij = 0 for j > t + 1;
3. telescoping: Σ_{i=t+1}^{d} b_ij = δ_{j,t+1}, so the untouched samples add e_{t+1}/2.

Hence v_{t+1,j} = 0 for j > t + 1.  Consequence: for t < d, v_{t,d} = 0, so m_d(v_t) = 0 and v_t
does not separate; linear GD needs at least d iterations on chain(d), for every step size.

Two mechanical forms of the proof:

* :func:`prove_general` — every case above as a SymPy computation with symbolic d, t, j, i
  (d = t + 1 + k + l with k ≥ 1, l ≥ 0 integers, Kronecker deltas summed by SymPy): the lemma for
  all d, t and γ at once.
* :func:`prove_for_d` — for one concrete d, the inductive step with v_t = (u_1, …, u_t, 0, …, 0)
  for free real symbols u_k and a positive symbol γ: the new coordinates j > t + 1 simplify to 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..losses import LOGISTIC


@dataclass
class SupportProof:
    holds: bool
    what: str
    transcript: list[str] = field(default_factory=list)
    failure: dict | None = None


def _b(i, j, d):
    """b_ij for the chain: δ_ij − δ_{i+1,j}·[i < d]."""
    return sp.KroneckerDelta(i, j) - sp.KroneckerDelta(i + 1, j) * sp.Piecewise((1, i < d), (0, True))


def prove_general() -> SupportProof:
    """The inductive step for symbolic d, t, j (see the module docstring), each case by SymPy."""
    i = sp.Symbol("i", integer=True)
    t = sp.Symbol("t", integer=True, nonnegative=True)
    k = sp.Symbol("k", integer=True, positive=True)
    q = sp.Symbol("q", integer=True, nonnegative=True)
    l_ = sp.Symbol("l", integer=True, nonnegative=True)
    u = sp.Function("u", real=True)
    transcript: list[str] = []

    def tail(j, d):
        return (sp.Sum(sp.KroneckerDelta(i, j), (i, t + 1, d)).doit()
                - sp.Sum(sp.KroneckerDelta(i + 1, j), (i, t + 1, d - 1)).doit())

    def v(j):  # the induction hypothesis: v_{t,j} = u(j) for j ≤ t, 0 beyond
        return sp.Piecewise((u(j), j <= t), (0, True))

    cases = [
        ("untouched margin m_i = v_i − v_{i+1} = 0 for t < i < d", v(t + k) - v(t + k + 1), 0),
        ("untouched margin m_d = v_d = 0 for d > t", v(t + 1 + l_), 0),
        ("weight of a zero margin σ(0) = 1/2", LOGISTIC.sympy_weight(sp.Integer(0)), sp.Rational(1, 2)),
        ("touched sample i ≤ t: b_ij = 0 for j > t + 1", _b(t - q, t + 1 + k, t + 2 + k + l_), 0),
        ("telescoping Σ_{i>t} b_ij = 0 for t + 1 < j ≤ d", tail(t + 1 + k, t + 1 + k + l_), 0),
        ("telescoping Σ_{i>t} b_ij = 1 for j = t + 1 ≤ d", tail(t + 1, t + 1 + l_), 1),
        ("telescoping Σ_{i>t} b_ij = 0 for j ≤ t", tail(t - q, t + 1 + l_), 0),
    ]
    for label, lhs, rhs in cases:
        diff = sp.simplify(lhs - rhs)
        transcript.append(f"{label}: simplify(lhs − rhs) = {diff}")
        if diff != 0:
            return SupportProof(False, "general d", transcript, {"case": label, "difference": str(diff)})
    transcript.append("hence v_{t+1,j} = v_{t,j} + (γ/d)(Σ_{i≤t} s_i b_ij + ½ Σ_{i>t} b_ij) = 0 for j > t + 1")
    return SupportProof(True, "all d ≥ 1, 0 ≤ t < d, all γ", transcript)


def prove_for_d(d: int, gamma=None) -> SupportProof:
    """The inductive step t → t + 1 for every t < d at this d, γ a SymPy symbol (or the given value)."""
    gamma = sp.Symbol("gamma", positive=True) if gamma is None else gamma
    transcript = [f"d = {d}, γ = {gamma}; v_0 = 0 has support ∅ = [0]"]
    B = [[_b(i, j, d) for j in range(1, d + 1)] for i in range(1, d + 1)]
    for t in range(d):
        u = sp.symbols(f"u1:{t + 1}", real=True) if t else ()
        v = list(u) + [sp.Integer(0)] * (d - t)
        margins = [sum(B[i][j] * v[j] for j in range(d)) for i in range(d)]
        weights = [LOGISTIC.sympy_weight(m) for m in margins]
        new = {j: v[j] + gamma / d * sum(weights[i] * B[i][j] for i in range(d)) for j in range(t + 1, d)}
        nonzero = [j + 1 for j in range(t + 1, d) if new[j] != 0 and sp.simplify(new[j]) != 0]
        if nonzero:
            return SupportProof(False, f"d = {d}", transcript,
                                {"d": d, "t": t, "coordinate": nonzero[0], "value": str(new[nonzero[0] - 1])})
        untouched = [i + 1 for i in range(t, d)]
        transcript.append(f"t = {t}: margins of samples {untouched[0]}…{d} are {set(map(str, margins[t:]))}, "
                          f"v_{t + 1} has coordinates {t + 2}…{d} identically 0" if t + 1 < d else
                          f"t = {t}: v_{d} may be dense (t + 1 = d)")
    transcript.append(f"so m_{d}(v_t) = v_t,{d} = 0 for every t < {d}: no separation before t = {d}")
    return SupportProof(True, f"d = {d}, all γ", transcript)
