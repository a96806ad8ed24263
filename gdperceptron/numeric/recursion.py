"""Long-horizon engine for the growth recursion a_{t+1} = a_t + η w(a_t), w = |ℓ'| [derived, margin.md §4 L4].

``w(a) = 1/(κ + e^a)``: κ = 1 is the logistic loss, κ = 0 the exponential (``Loss.flow_offset``).  :func:`advance` returns a rigorous
enclosure (an ``mpmath.iv`` interval) of a_T for any T (10^9, 10^12, 10^100 cost the same) and
:func:`step` the same by direct stepping.  All arithmetic is mpmath interval arithmetic with
outward rounding, so the enclosures hold at every precision; ``dps`` only controls their width.

The method — exact jumps with the gradient-flow clock and a telescoping remainder [derived here]
-------------------------------------------------------------------------------------------------
Let G(a) := ∫ da/w(a) = e^a + κa, i.e. e^a + a (logistic) or e^a (exponential); the flow a' = η w(a)
satisfies G(a(t)) = ηt + const exactly (margin.md §4 L4).  For one GD step, with y := η w(a) the
step length and Φ(y) := (e^y − 1 − y)/y² = Σ_{k≥0} y^k/(k+2)!,

    G(a_{j+1}) − G(a_j) − η = ψ(a_j) (a_{j+1} − a_j),   ψ = η(1 − w)Φ(y) (logistic),  ηΦ(y) (exponential),

an identity (expand e^{a+y} and use e^a = (1 − w)/w, resp. e^a y = η).  Summing from s to T,

    G(a_T) = G(a_s) + η(T − s) + S,   S = Σ_{j=s}^{T−1} ψ(a_j) Δ_j,   Δ_j := a_{j+1} − a_j = η w(a_j),

and S is a left Riemann sum of ψ along the increasing sequence a_j.  Substituting w (dw/da = −w(1−w),
resp. −w) gives the integral in closed form, with the entire series Ψ(y) := Σ_{k≥1} y^k/(k (k+2)!):

    I(a_s, a_T) := ∫_{a_s}^{a_T} ψ da = η [ ½ ln(w(a_s)/w(a_T)) + Ψ(y_s) − Ψ(y_T) ].

Write ψ = A − B with A := ηΦ(y) and B := η w Φ(y) (B := 0 for the exponential loss).  Both are
decreasing in a (Φ is increasing, y and w are decreasing), and the steps Δ_j are decreasing, so for
f ∈ {A, B} the Riemann error of every step lies in [0, (f(a_j) − f(a_{j+1})) Δ_s] and telescopes:

    0 ≤ Σ_j f(a_j)Δ_j − ∫_{a_s}^{a_T} f da ≤ Δ_s (f(a_s) − f(a_T)),   hence
    S − I(a_s, a_T) ∈ [−Δ_s B(a_s),  Δ_s (A(a_s) − η/2)]     (A ≥ η/2 and B ≥ 0).

Hence a_T is the root of H(a) := G(a) − I(a_s, a) − G(a_s) − η(T − s) = r for an r in that interval.
H is strictly increasing for a ≥ a_s as soon as y_s := η w(a_s) ≤ 1: H' = 1/w − ψ ≥ (1 − yΦ(y))/w > 0
because yΦ(y) = (e^y − 1 − y)/y < 1 for 0 < y < 1.25.  The roots for the two ends of the r-interval
bracket a_T; each is certified by interval evaluations of H (a point x is below a_T when
sup H(x) < inf r_lo).  The width of the enclosure is ≈ Δ_s·(A_s − η/2 + B_s)·w(a_T) ≈ 1/(s² η T)
plus rounding, so the engine first steps directly (rigorously, in intervals) to s = ``direct_steps``
and then jumps.  The same enclosure is valid for every T ≥ s: several horizons share one prefix.
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp
from mpmath import iv

from .. import losses
from ..errors import InputError
from ..numbers import check_dps, check_int, check_positive, to_exact
from .certify import interval_dps

LOSSES = tuple(name for name, loss in losses.LOSSES.items() if loss.flow_offset is not None)
DIRECT_STEPS = 2000
"""Default length of the directly stepped prefix (jump error ≈ 1/(s²ηT) with s = DIRECT_STEPS)."""


def _kappa(loss) -> int:
    """κ of a loss (name or :class:`~gdperceptron.losses.Loss`) with w = 1/(κ + e^a)."""
    kappa = losses.get(loss).flow_offset
    if kappa is None:
        raise InputError(f"the recursion engine needs w(a) = 1/(κ + e^a) ({' or '.join(LOSSES)}), got {loss!r}")
    return kappa


def exact_interval(value) -> iv.mpf:
    """A rigorous interval enclosure of a number: mpf/float/int and rationals rounded outward, other exact
    numbers (e.g. cos(3π/8)) evaluated by SymPy with guard digits and widened."""
    if isinstance(value, iv.mpf):
        return value
    if isinstance(value, (mpmath.mpf, float, int)):
        return iv.mpf(value)
    exact = to_exact(value) if not isinstance(value, sp.Expr) else value
    if exact.is_Rational:
        return iv.mpf(int(exact.p)) / int(exact.q)
    digits = iv.dps + 20
    mid = mpmath.mpf(sp.N(exact, digits), prec=4 * digits)
    rad = abs(mid) * mpmath.mpf(10) ** (-(digits - 5)) + mpmath.mpf(10) ** (-digits)
    return iv.mpf([mid - rad, mid + rad])


def weight(a, loss):
    """w(a) = |ℓ'(a)| = 1/(κ + e^a) in interval arithmetic (``loss`` a name or a Loss)."""
    return _weight(a, _kappa(loss))


def clock(a, loss):
    """G(a) = ∫ da/w = e^a + κa: e^a + a (logistic) or e^a (exponential); the flow has G(a(t)) = ηt + const."""
    return _clock(a, _kappa(loss))


def _weight(a, kappa: int):
    return 1 / (kappa + iv.exp(a))


def _clock(a, kappa: int):
    return iv.exp(a) + kappa * a


def _phi(y):
    """Φ(y) = (e^y − 1 − y)/y² = Σ_{k≥0} y^k/(k+2)!, 0 < y ≤ 1, with a rigorous tail bound."""
    return _series(y, lambda k, inv: inv, start=0)


def _psi_series(y):
    """Ψ(y) = Σ_{k≥1} y^k/(k (k+2)!), 0 ≤ y ≤ 1, with a rigorous tail bound."""
    return _series(y, lambda k, inv: inv / k, start=1)


_INVERSE_FACTORIALS: dict[int, list] = {}
"""iv.prec → [enclosure of 1/(k+2)! for k = 0, 1, …], grown on demand (the series need ≈ 50 terms at 50 digits)."""


def _inverse_factorial(k: int):
    """An interval enclosure of 1/(k+2)! at the current ``iv.prec``, from the exact integer (k+2)!
    (outward rounding), cached per precision."""
    table = _INVERSE_FACTORIALS.setdefault(iv.prec, [])
    while len(table) <= k:
        table.append(1 / iv.mpf(math.factorial(len(table) + 2)))
    return table[k]


def _series(y, coef, start: int):
    """Σ_{k≥start} coef(k, 1/(k+2)!) y^k for 0 ≤ y ≤ 1 with coef ≤ 1/(k+2)!, plus a rigorous tail enclosure.

    Tail after the terms k < K: Σ_{j≥K} y^j/(j+2)! ≤ 2 y^K/(K+2)! (ratio of consecutive terms ≤ 1/2),
    so the sum stops once that bound is below 10^−(dps+10) and adds [0, bound].
    """
    if not y.b <= 1:
        raise ValueError("series evaluated outside 0 ≤ y ≤ 1")
    total, power, k = iv.mpf(0), y ** start, start
    small = mpmath.mpf(10) ** (-(iv.dps + 10))
    while True:
        inv = _inverse_factorial(k)
        tail = 2 * power * inv
        if tail.b < small:
            return total + iv.mpf([0, tail.b])
        total += coef(k, inv) * power
        k += 1
        power *= y


def step(a0, eta, steps: int, loss="logistic", dps: int = 50):
    """a_steps by direct stepping in interval arithmetic (rigorous enclosure)."""
    kappa = _kappa(loss)
    with interval_dps(check_dps(dps)):
        a, h = exact_interval(a0), exact_interval(check_positive(eta, "step size eta"))
        for _ in range(steps):
            a = a + h * _weight(a, kappa)
        return a


def _check_horizon(T, what="horizon T") -> int:
    return check_int(T, what, minimum=0)


def advance(a0, eta, horizons, loss="logistic", dps: int = 50, direct_steps: int = DIRECT_STEPS):
    """Enclosures of a_T for each T in ``horizons`` (an int or a list of ints), as ``mpmath.iv`` intervals.

    T ≤ ``direct_steps`` is stepped directly; larger T are reached by one exact jump each from the
    directly stepped prefix (see the module docstring for the error bound).  Returns one interval
    for an int, a list for a list.
    """
    kappa = _kappa(loss)
    single = not isinstance(horizons, (list, tuple))
    Ts = [_check_horizon(T) for T in ([horizons] if single else horizons)]
    dps = check_dps(dps)
    with interval_dps(dps):
        h = exact_interval(check_positive(eta, "step size eta"))
        a = exact_interval(a0)
        results: dict[int, iv.mpf] = {}
        s = 0
        for T in sorted(set(Ts)):
            if T <= direct_steps:
                for _ in range(T - s):
                    a = a + h * _weight(a, kappa)
                s = T
                results[T] = a
        for _ in range(min(direct_steps, max(Ts)) - s):
            a = a + h * _weight(a, kappa)
        s = max(s, min(direct_steps, max(Ts)))
        for T in Ts:
            if T not in results:
                results[T] = _jump(a, s, T, h, kappa)
        out = [+results[T] for T in Ts]
    return out[0] if single else out


def _jump(a_s, s: int, T: int, h, kappa: int):
    """Enclosure of a_T from an enclosure of a_s (T > s) by the clock identity and the Riemann bound."""
    w_s = _weight(a_s, kappa)
    y_s = h * w_s
    if not y_s.b <= 1:
        raise ValueError(f"jump needs η·w(a_s) ≤ 1 (got up to {mpmath.nstr(y_s.b, 5)}); step directly further")
    phi_s = _phi(y_s)
    A_s = h * phi_s
    B_s = kappa * h * w_s * phi_s  # B = κηwΦ: 0 for the exponential loss
    r_lo, r_hi = -(y_s * B_s), y_s * (A_s - h / 2)
    base = _clock(a_s, kappa) + h * (T - s)
    psi_s = _psi_series(y_s)
    log_w_s = iv.log(w_s)

    def H(x):
        x = iv.mpf(x)
        w = _weight(x, kappa)
        integral = h * ((log_w_s - iv.log(w)) / 2 + psi_s - _psi_series(h * w))
        return _clock(x, kappa) - integral - base

    lower = _certified_root(H, r_lo.a, below=True, start=a_s.a, kappa=kappa)
    upper = _certified_root(H, r_hi.b, below=False, start=a_s.b, kappa=kappa)
    return iv.mpf([lower, upper])


def _certified_root(H, target, below: bool, start, kappa: int):
    """A point x with sup H(x) < target (below) or inf H(x) > target (above), next to the root of H = target.

    H is increasing on [start, ∞) (module docstring), so such an x bounds the root from that side.
    The root is located by Newton's method in the variable u = e^x, in which G is nearly linear
    (dG/du = 1 + κ/u, and the integral term changes by ≈ η/(2u) per unit of u), then certified.
    """
    x, start, target = mpmath.mpf(start), mpmath.mpf(start), mpmath.mpf(target)
    with mpmath.workprec(iv.prec + 20):
        for _ in range(200):
            u = mpmath.exp(x)
            slope = 1 + kappa / u
            new = mpmath.log(max(u - (mpmath.mpf(H(x).mid) - target) / slope, mpmath.exp(start)))
            done = abs(new - x) <= (abs(x) + 1) * mpmath.mpf(2) ** (-iv.prec + 8)
            x = new
            if done:
                break
        eps = (abs(x) + 1) * mpmath.mpf(2) ** (-iv.prec + 10)
        for _ in range(60):
            candidate = x - eps if below else x + eps
            value = H(candidate)
            if (below and value.b < target) or (not below and value.a > target):
                return candidate
            eps *= 4
    raise ArithmeticError(f"could not certify the root at {iv.dps} digits; raise dps")


def flow_constant(a_T, T: int, eta, loss="logistic", dps: int = 50):
    """G(a_T) − ηT − (η/2) ln T, which converges as T → ∞ (margin.md §4 L4), as an interval."""
    with interval_dps(check_dps(dps)):
        h = exact_interval(check_positive(eta, "step size eta"))
        return _clock(iv.mpf(a_T), _kappa(loss)) - h * T - h / 2 * iv.log(T)


__all__ = ["advance", "step", "clock", "weight", "flow_constant", "exact_interval", "LOSSES", "DIRECT_STEPS"]
