"""The exact robust margin of the two-neuron ReLU net [derived, elementary; margin.md §3].

N(x) = σ(w1·x) − σ(w2·x), σ = ReLU, in any dimension d.  Its zero set is Z = A ∪ B with

    A = {x : w1·x ≤ 0, w2·x ≤ 0}              (dead cone: both neurons off, N ≡ 0)
    B = {x : (w1 − w2)·x = 0, w1·x ≥ 0}       (both neurons on and equal, or both at 0)

(N(x) = 0 iff σ(w1·x) = σ(w2·x): either both arguments are ≤ 0, or they are equal and ≥ 0).  Both are
polyhedral cones {x : Ex = 0, Fx ≤ 0}, so dist(p, Z) = min(dist(p, A), dist(p, B)) is computed
exactly: the projection of p onto a closed convex polyhedral cone is the projection onto the
subspace {Ex = 0, F_S x = 0} of its active set S, so

    dist(p, C) = min over S with a feasible projection q_S of ‖p − q_S‖,   ‖p − q_S‖² = (Mp)ᵀ(MMᵀ)⁻¹(Mp),

M the rows of E and F_S (every q_S that is feasible is a point of C, so none can undercut the
distance, and the true projection is one of them).  Zero rows are vacuous and dropped; a singular
MMᵀ means dependent rows, whose subspace is already that of an independent subset.

ρ(N) := min_i dist(x_i, Z) (the robustness margin when N separates the data; margin.md §3).

Arithmetic: exact (SymPy: rationals, radicals such as cos(θ/2)) when every parameter is exact, or
rigorous intervals (``mpmath.iv``, outward rounding) at the current or a given precision.  With
intervals, a candidate counts towards the lower end of the enclosure when it is *possibly*
feasible and towards the upper end only when it is *certainly* feasible; a possibly singular MMᵀ
contributes the lower bound max_rows |row·p|/‖row‖ (a subspace lies in each row's hyperplane).
"""

from __future__ import annotations

from itertools import combinations

import mpmath
import sympy as sp
from mpmath import iv

from ..data import Dataset
from ..errors import InputError
from ..models import TwoLayer
from ..numbers import check_dps, to_exact
from ..numeric.certify import interval_dps
from ..numeric.recursion import exact_interval


class _Exact:
    """Exact SymPy arithmetic.  Signs: SymPy's assumptions, then after simplification, then an exact
    zero test; a value still undecided is evaluated by ``evalf`` (SymPy's adaptive, error-controlled
    evaluation) and its sign taken only when it is clearly away from 0."""

    convert = staticmethod(lambda v: v if isinstance(v, sp.Expr) else to_exact(v))
    sqrt = staticmethod(sp.sqrt)

    @staticmethod
    def sign(v):
        for form in (v, None):  # simplify only when the assumptions alone do not decide the sign
            form = sp.simplify(v) if form is None else form
            if form.is_zero:
                return 0
            if form.is_positive:
                return 1
            if form.is_negative:
                return -1
        if v.equals(0):
            return 0
        value = v.evalf(60)
        if value.is_number and abs(value) > sp.Float(10, 60) ** -50:
            return 1 if value > 0 else -1
        raise ArithmeticError(f"cannot decide the sign of {v}")


class _Interval:
    """mpmath interval arithmetic; a sign is None when the interval straddles 0."""

    convert = staticmethod(exact_interval)
    sqrt = staticmethod(iv.sqrt)

    @staticmethod
    def sign(v):
        if v.a > 0:
            return 1
        if v.b < 0:
            return -1
        if v.a == 0 and v.b == 0:
            return 0
        return None


def _dot(u, v):
    return sum((a * b for a, b in zip(u, v)), 0 * u[0])


def _solve(G, r):
    """G⁻¹ r for a 1×1 or 2×2 (or larger, by Gaussian elimination) symmetric system."""
    n = len(r)
    A = [list(G[i]) + [r[i]] for i in range(n)]
    for k in range(n):
        for i in range(k + 1, n):
            f = A[i][k] / A[k][k]
            A[i] = [a - f * b for a, b in zip(A[i], A[k])]
    x = [0 * r[0]] * n
    for k in reversed(range(n)):
        x[k] = (A[k][n] - sum((A[k][j] * x[j] for j in range(k + 1, n)), 0 * r[0])) / A[k][k]
    return x


def _gram_det(G):
    n = len(G)
    if n == 1:
        return G[0][0]
    if n == 2:
        return G[0][0] * G[1][1] - G[0][1] * G[1][0]
    return sp.Matrix(G).det()


def cone_distance_squared(p, equalities, inequalities, ar):
    """(lower, upper) bounds of dist(p, {Ex = 0, Fx ≤ 0})², equal in exact arithmetic (module docstring)."""
    nonzero = lambda rows: [r for r in rows if any(ar.sign(c) != 0 for c in r)]  # noqa: E731
    E, F = nonzero(equalities), nonzero(inequalities)
    lower = upper = None
    for k in range(len(F) + 1):
        for S in combinations(range(len(F)), k):
            M = E + [F[i] for i in S]
            rest = [F[i] for i in range(len(F)) if i not in S]
            if not M:
                q, dist2 = p, 0 * p[0]
                singular = 0
            else:
                G = [[_dot(u, v) for v in M] for u in M]
                singular = ar.sign(_gram_det(G))
                if singular == 0:
                    continue  # dependent rows: an independent subset spans the same subspace
                if singular is None:  # interval: possibly singular, so only a lower bound
                    bound = max((_dot(m, p) ** 2 / _dot(m, m) for m in M), key=lambda v: v.a)
                    lower = bound if lower is None else _min(lower, bound, ar)
                    continue
                Mp = [_dot(m, p) for m in M]
                lam = _solve(G, Mp)
                q = [pj - sum((l * m[j] for l, m in zip(lam, M)), 0 * p[0]) for j, pj in enumerate(p)]
                dist2 = _dot(Mp, lam)
            signs = [ar.sign(_dot(f, q)) for f in rest]
            certainly = all(s is not None and s <= 0 for s in signs)
            possibly = all(s is None or s <= 0 for s in signs)
            if possibly:
                lower = dist2 if lower is None else _min(lower, dist2, ar)
            if certainly:
                upper = dist2 if upper is None else _min(upper, dist2, ar)
    return lower, upper


def _min(a, b, ar):
    """min(a, b): exact comparison, or the interval enclosing the minimum."""
    if ar is _Exact:
        return a if ar.sign(b - a) >= 0 else b
    return iv.mpf([min(a.a, b.a), min(a.b, b.b)])


def _exact_number(v):
    """An exact SymPy number for any non-interval input (mpf read exactly from its binary value)."""
    return v if isinstance(v, sp.Expr) else to_exact(v)


def zero_set_distance(w1, w2, p, ar=_Exact):
    """dist(p, Z) for N = σ(w1·x) − σ(w2·x): exact (``ar=_Exact``) or an interval (``ar=_Interval``).

    n = w1 − w2 is formed exactly when the weights are not intervals, so that w1 = w2 gives n = 0
    (an interval difference of equal numbers would straddle 0 instead).
    """
    if any(isinstance(v, iv.mpf) for v in list(w1) + list(w2)):
        n = [ar.convert(a) - ar.convert(b) for a, b in zip(w1, w2)]
    else:
        n = [ar.convert(_exact_number(a) - _exact_number(b)) for a, b in zip(w1, w2)]
    w1, w2, p = ([ar.convert(v) for v in vec] for vec in (w1, w2, p))
    dead = cone_distance_squared(p, [], [w1, w2], ar)
    active = cone_distance_squared(p, [n], [[-v for v in w1]], ar)
    return _combine(dead, active, ar=ar)


def _combine(*bounds, ar):
    lowers = [lo for lo, _ in bounds if lo is not None]
    uppers = [up for _, up in bounds if up is not None]
    if ar is _Exact:
        best = lowers[0]
        for v in lowers[1:]:
            best = _min(best, v, ar)
        return sp.sqrt(best)
    lo = min(v.a for v in lowers)
    hi = min(v.b for v in uppers) if uppers else mpmath.inf
    return iv.sqrt(iv.mpf([max(lo, 0), hi]))


def _check_two_neuron(model) -> None:
    ok = (isinstance(model, TwoLayer) and model.width == 2 and model.train == "first"
          and model.activation.name == "relu" and list(model.a) == [1, -1])
    if not ok:
        raise InputError("robust_margin needs the two-neuron ReLU net N(x) = σ(w1·x) − σ(w2·x) "
                         "(gp.models.TwoNeuronReLU(d))")


def robust_margin(model, params, data: Dataset, certified: bool = False, dps: int | None = None):
    """ρ = min_i dist(x_i, Z) for the two-neuron ReLU net with θ = (w1, w2) (module docstring).

    Exact SymPy number when every parameter is exact (int, Fraction, string, SymPy number) and
    ``certified`` is false; otherwise an ``mpmath.iv`` enclosure when ``certified`` (at ``dps``
    digits, default the current mpmath precision), or its midpoint as an ``mpf`` for mpf parameters.
    """
    _check_two_neuron(model)
    if not isinstance(data, Dataset) or data.d != model.d:
        raise InputError(f"data must be a Dataset with d = {model.d} features")
    params = list(params)
    if len(params) != 2 * model.d:
        raise InputError(f"expected {2 * model.d} parameters (w1, w2), got {len(params)}")
    d = model.d
    exact = not certified and not any(isinstance(v, (mpmath.mpf, iv.mpf, float)) for v in params)
    if exact:
        return _min_exact([zero_set_distance(params[:d], params[d:], x) for x in data.X])
    with interval_dps(check_dps(dps or mpmath.mp.dps)):
        enclosures = [zero_set_distance(params[:d], params[d:], x, _Interval) for x in data.X]
        out = iv.mpf([min(e.a for e in enclosures), min(e.b for e in enclosures)])
        return out if certified else mpmath.mpf(out.mid)


def _min_exact(values):
    best = values[0]
    for v in values[1:]:
        best = _min(best, v, _Exact)
    return sp.simplify(best)
