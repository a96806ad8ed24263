"""Certified GD sample weights c·σ(−m) (logistic) and c·e^{−m} (exponential) in compiled fixed point.

Input: margins as :mod:`.fastfixed` digits (m_i = 2^e Σ_k D[i, k] 2^{16k}, exact), signs g_i = ±1
(m_i is g_i times the stored value) and an exact rational c > 0.  Output: g_i c s_i with s_i = σ(−m_i)
or e^{−m_i}, as integers on one grid 2^E (16-bit digits in fastfixed's layout) and, per entry, a
float64 bound ``err_i`` of the kernel's approximation error plus a flag ``lost_i`` (bits below the
grid were dropped, costing < one unit 2^E more).  The grid rule is the engine's: E = top − prec with
2^top above every |weight|, raised to ``floor``'s 16-bit lattice when ``floor`` is given.  Magnitudes
are rounded down and then signed, so equal margins with opposite g get exactly opposite weights; a
zero margin gets c·ℓ'(0) from c alone (c/2 or c, exact when c is dyadic of ≤ FB bits, as then is
its weight when c/2 or c is on the grid).

Fixed point.  A working number is an integer A ≥ 0 in L limbs of 31 bits (int64 arrays, limb 0
least significant) standing for A·u, u = 2^-FB, FB = 31L − 2: values below 4.  ``_mul`` forms
⌊A·B·u⌋ from the partial products a_i b_j with i + j ≥ L − 2 only (each < 2^62, split into 31-bit
halves in int64 accumulators); what it drops is below Σ_{s ≤ L−3} (s+1) 2^{62+31s} u ≤ 4(L−2) 2^-31
/(1 − 2^-31) ulp < 2^-20 ulp for L ≤ 512, so every product is rounded *down* by less than
μ = 1 + 2^-20 ulp.  The caller keeps every product below 4 (``_mul`` flags an overflow otherwise).

Algorithm per sample, with t = −|m| (logistic) or t = −m (exponential), |t| < 2^30:
1. Reduction: t = k ln2 + r with an integer k and 0 ≤ r < ln2, in a wider format of FR = FB + 62
   fraction bits: |t| floored to it (< 1 ulp_R), ln2 floored to it (< 1 ulp_R, so k ln2 is off by
   < |k| < 2^31 ulp_R), k from float64 and corrected until the computed r is in [0, ln2).  Dropping
   the two extra limbs gives r̃ with |r̃ − r| ≤ ρ u, ρ = 1 + 2^-30, where r = t − k ln2 exactly.
2. r̃ = a 2^-8 + b 2^-16 + c 2^-24 + q, 0 ≤ q < 2^-24 (its top 24 fraction bits), and
   e^r̃ = T1[a] T2[b] T3[c] e^q with tables Tj[i] = ⌊e^{i 2^{-8j}}⌋_u (from arb, floor certified;
   each ≥ 1, rounded down by < 1 ulp).
3. e^q by Horner, S ← 1 + ⌊q·S⌋/j for j = N, …, 1: the exact recursion gives T_N(q) = Σ_{j≤N} q^j/j!
   with 0 ≤ e^q − T_N(q) ≤ q^{N+1}/(N+1)! e^q ≤ u e^q (N is chosen so), and the rounding errors obey
   e_j ≤ q e_{j+1} + μ + 1, so Ŝ ∈ [T_N(q) − h u, T_N(q)], h = (μ + 1)(1 + 2^-23).
4. E = ((T1 T2) T3) S ≈ e^r ∈ [1, 2); u_t = 2^k E = e^t.
5. Exponential: w = c 2^k E.  Logistic (k ≤ −1 since t < 0): Y = 1 + ⌊2^k E⌋ ∈ [1, 2), V ≈ 1/Y by
   Newton from a float64 start, certified a posteriori: the residual |1 − ⌊Y V⌋| ≤ R ulp is
   checked, so |V − 1/Y| ≤ (R + μ) u / Y; then w = c V (m < 0) or c 2^k E V (m > 0).
6. c = 2^{ec} Ĉ with Ĉ = ⌊c 2^{-ec}⌋_u ∈ [1, 2) (exact for dyadic c of ≤ FB bits).

Error bound [derived].  Relative errors in units of u (every product operand pair has computed
product ≥ 1/4, so a product's relative error is ≤ 4μ; factors ≥ 1 with absolute error < 1 ulp have
relative error < 1):
    δ_E   = ρ + 3 + h + 1 + 3·4μ        (reduction, three tables, Horner, Taylor remainder, 3 products)
    δ_C   = 1 if Ĉ ≠ c else 0
    δ_exp = δ_C + δ_E + 4μ               (c 2^k E)
    δ_V   = (δ_E + 1) + 2(R + μ)         (|Ŷ − Y| ≤ 2^k E δ_E u + u with 2^k E < 1, Ŷ ≥ 1; Newton
                                          certificate relative to 1/Ŷ ≥ 1/2)
    δ_neg = δ_C + δ_V + 4μ               (logistic, m < 0: c V)
    δ_pos = δ_C + δ_E + δ_V + 2·4μ       (logistic, m > 0: c (E V) 2^k)
    δ_0   = δ_C                          (m = 0)
These add first-order terms; the products of the (1 ± δ) factors and the conversion to a bound
relative to the computed ŵ rather than w cost a relative δ² ≤ 2^-100 δ, covered by the factor
1 + 2^-20 that every bound is multiplied by (``_bounds``).  The kernel reports err_i = δ_i ŵ_i^+ with
ŵ_i^+ ≥ ŵ_i a float64 upper bound (lifted to the smallest subnormal when it would underflow), and
the final ball is |w_i − g_i ⌊ŵ_i/2^E⌋ 2^E| ≤ err_i + [lost_i] 2^E.  With FB ≥ prec + 24 (``_plan``)
and δ ≤ 2^8 u, err_i ≤ 2^{top + 8 − FB} ≤ 2^{E − 1}: a radius stays below 1.5 grid units.

Where the kernel cannot certify (|t| ≥ 2^30, a product overflow, a Newton residual above R) it
reports a status ≠ 0 and :func:`weights` raises :class:`OutOfRange`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import flint
import numpy as np
from numba import njit

BITS = 31
MASK = (1 << BITS) - 1
MU = Fraction(1)
"""A product's rounding error bound in ulps (it is floored: downward, < 1 ulp)."""
Q_BITS = 29
"""The tables take the top 29 fraction bits of r̃ (10 + 10 + 9): q < 2^-29."""
TABLE_STEPS = (10, 20, 29)
RHO = Fraction(1) + Fraction(1, 2 ** 30)
NEWTON_R = 32
"""Largest accepted Newton residual |1 − ⌊Y V⌋| in ulps."""
MAX_T_BITS = 30
"""|t| < 2^30, so that |k| < 2^31 and k·(31-bit limb) fits in int64."""
LN2_F = math.log(2.0)
_TINY = float(np.nextafter(0.0, 1.0))
_ZERO, _EXP, _NEG, _POS = range(4)


class OutOfRange(Exception):
    """The kernel could not certify a weight (margin beyond 2^30, or an internal check failed)."""


# -- plan: precomputed constants per working precision ---------------------------------------------
def _limbs(v: int, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        out[i] = (v >> (BITS * i)) & MASK
    if v >> (BITS * n):
        raise ValueError("value does not fit the limbs")
    return out


def _floor_arb(x, shift: int) -> int:
    """⌊x 2^shift⌋ for an arb x, certified (both ends of the ball give the same floor)."""
    v = (x * flint.arb(2) ** shift).floor().unique_fmpz()
    if v is None:
        raise ArithmeticError("constant not resolved at this precision")
    return int(v)


@lru_cache(maxsize=16)
def _plan(prec: int):
    """Constants for working precision FB ≥ prec + 24: L, FB, the Horner limb schedule hl (hl[j] =
    limbs of step j, N = len(hl) − 1 Taylor terms), the Newton limb schedule, the tables T
    (3, 1024, L) and ln2 in L + 3 limbs (FR = FB + 62 fraction bits)."""
    L = max(3, -(-(prec + 24 + 2) // BITS))
    if L > 512:
        raise OutOfRange("precision beyond the kernel's limb bound")
    FB = BITS * L - 2
    N = 1
    while Fraction(1, 2 ** (Q_BITS * (N + 1))) / math.factorial(N + 1) > Fraction(1, 2 ** FB):
        N += 1
    hl = [L] + [min(L, max(2, L - (Q_BITS * j - 4) // BITS)) for j in range(1, N + 1)]
    coef = np.array([_limbs((1 << FB) // math.factorial(j), L) for j in range(N + 1)])
    newton, b = [], 52
    while True:
        n = min(L, -(-(2 * b + 24) // BITS))
        newton.append(n)
        if n == L and 2 * b >= FB + 8:
            break
        b = 2 * b - 2
    old = flint.ctx.prec
    flint.ctx.prec = FB + 2 * BITS + 64
    try:
        T = np.zeros((3, 1024, L), dtype=np.int64)
        for j, step in enumerate(TABLE_STEPS):
            for i in range(1024 if j < 2 else 512):
                T[j, i] = _limbs(_floor_arb((flint.arb(i) / 2 ** step).exp(), FB), L)
        ln2 = _limbs(_floor_arb(flint.arb.const_log2(), FB + 2 * BITS), L + 3)
    finally:
        flint.ctx.prec = old
    return L, FB, np.array(hl, dtype=np.int64), coef, np.array(newton, dtype=np.int64), T, ln2


def _horner_bound(L: int, hl) -> Fraction:
    """h = Σ_{j≤N} (μ + 3) 2^{31(L − n_j) − 29j} (module docstring, step 3)."""
    return sum(((MU + 3) * Fraction(2) ** (BITS * (L - int(n)) - Q_BITS * j) for j, n in enumerate(hl)), Fraction(0))


@lru_cache(maxsize=32)
def _bounds(prec: int, c_exact: bool) -> np.ndarray:
    """The relative bounds δ_0, δ_exp, δ_neg, δ_pos of the module docstring, as float64 (rounded up)."""
    L, FB, hl = _plan(prec)[:3]
    dC = 0 if c_exact else 1
    dE = RHO + 3 + _horner_bound(L, hl) + 1 + 3 * 4 * MU
    dV = dE + 1 + 2 * (NEWTON_R + MU)
    ds = [dC, dC + dE + 4 * MU, dC + dV + 4 * MU, dC + dE + dV + 2 * 4 * MU]
    u = Fraction(1, 2 ** FB) * (1 + Fraction(1, 2 ** 20))
    return np.array([_up_float(d * u) for d in ds])


def _up_float(x: Fraction) -> float:
    f = float(x)
    return f if Fraction(f) >= x else math.nextafter(f, math.inf)


def _scaled_c(c: Fraction, L: int, FB: int):
    """c = 2^ec Ĉ u with Ĉ = ⌊c 2^{FB − ec}⌋, 2^ec ≤ c < 2^{ec+1}; returns limbs, ec, exactness."""
    p, q = c.numerator, c.denominator
    ec = p.bit_length() - q.bit_length()
    if Fraction(2) ** ec > c:
        ec -= 1
    s = FB - ec
    num, den = p << max(s, 0), q << max(-s, 0)
    return _limbs(num // den, L), ec, num % den == 0


# -- the public entry -------------------------------------------------------------------------------
def weights(D: np.ndarray, e: int, signs: np.ndarray, c: Fraction, logistic: bool, prec: int, floor,
            terms: int | None = None, scale: float = 1.0):
    """Weights g_i c s_i on a common grid (module docstring): returns int64 digits (n, K), the grid
    exponent E, err (n,) and lost (n,).  ``terms`` and ``scale`` (Taylor terms, a factor on the
    error bounds) exist only so the tests can show that a weakened kernel is caught."""
    L, FB, hl, coef, newton, T, ln2 = _plan(prec)
    C, ec, exact = _scaled_c(Fraction(c), L, FB)
    deltas = _bounds(prec, exact) * scale
    out, grid, err, lost, status = _kernel(
        np.ascontiguousarray(D, dtype=np.int64), int(e), np.asarray(signs, dtype=np.int64), logistic, C, ec,
        T, ln2, FB, hl if terms is None else hl[:terms + 1], coef, newton, NEWTON_R, deltas, prec,
        0 if floor is None else int(floor), floor is not None)
    if status:
        raise OutOfRange(("margin |m| ≥ 2^30", "product overflow", "Newton residual too large")[status - 1])
    return out, int(grid), err, lost


# -- compiled kernel --------------------------------------------------------------------------------
@njit(cache=True)
def _mul(a, b, out, acc):
    """out ← ⌊a b u⌋ for equally long a, b (a top-n-limb slice is the same number format with
    u = 2^-(31n − 2)): the full product in int64 columns (each 31-bit half of a partial product
    added separately, so a column stays below 2n 2^31), carried, floored.  False if a b ≥ 4."""
    L = a.shape[0]
    for t in range(2 * L + 1):
        acc[t] = 0
    for i in range(L):
        ai = a[i]
        if ai == 0:  # cheap when a is a small residual
            continue
        for j in range(L):
            p = ai * b[j]
            acc[i + j] += p & MASK
            acc[i + j + 1] += p >> BITS
    c = 0
    for t in range(2 * L):
        v = acc[t] + c
        acc[t] = v & MASK
        c = v >> BITS
    if c != 0 or (acc[2 * L - 1] >> (BITS - 2)) != 0:
        return False
    for o in range(L):
        out[o] = (acc[L - 1 + o] >> (BITS - 2)) | ((acc[L + o] << 2) & MASK)
    return True


@njit(cache=True)
def _add(a, b, out):
    """out ← a + b mod 2^{31n}."""
    c = 0
    for i in range(a.shape[0]):
        v = a[i] + b[i] + c
        out[i] = v & MASK
        c = v >> BITS


@njit(cache=True)
def _sub(a, b, out):
    """out ← a − b mod 2^{31n}."""
    c = 0
    for i in range(a.shape[0]):
        v = a[i] - b[i] + c
        out[i] = v & MASK
        c = v >> BITS  # arithmetic shift: −1 on borrow


@njit(cache=True)
def _less(a, b):
    for i in range(a.shape[0] - 1, -1, -1):
        if a[i] != b[i]:
            return a[i] < b[i]
    return False


@njit(cache=True)
def _shr(a, s, out):
    """out ← ⌊a / 2^s⌋, s ≥ 0."""
    n = a.shape[0]
    q, r = s // BITS, s % BITS
    for i in range(n):
        j = i + q
        v = 0
        if j < n:
            v = a[j] >> r
            if r and j + 1 < n:
                v |= (a[j + 1] << (BITS - r)) & MASK
        out[i] = v


@njit(cache=True)
def _top_float(a, FB):
    """a u as float64, from the top three limbs (rounded down by < 2^-58 relative, plus float rounding)."""
    L = a.shape[0]
    x = 0.0
    for i in range(L - 1, max(L - 4, -1), -1):
        x += math.ldexp(float(a[i]), BITS * i - FB)
    return x


@njit(cache=True)
def _bitlen(a):
    for i in range(a.shape[0] - 1, -1, -1):
        if a[i]:
            v, b = a[i], 0
            while v:
                v >>= 1
                b += 1
            return BITS * i + b
    return 0


@njit(cache=True)
def _bits16(a, pos):
    """Bits pos … pos + 15 of the integer a (pos may be negative: zeros below bit 0); the window
    meets at most limbs ⌊pos/31⌋ and ⌊pos/31⌋ + 1."""
    v = 0
    i0 = pos // BITS
    for i in range(i0, i0 + 2):
        if 0 <= i < a.shape[0]:
            off = BITS * i - pos
            if off <= 0:
                v |= a[i] >> (-off)
            elif off < 16:
                v |= a[i] << off
    return v & 0xFFFF


@njit(cache=True)
def _recip(Y, z, p, h, corr, acc, one, FB, newton, rmax):
    """z ← 1/Y for Y ∈ [1, 2): Newton z ← z + z(1 − Y z) from a float64 start, iteration i on the top
    newton[i] limbs; returns 0, or a status when the certificate |1 − ⌊Y z⌋| ≤ rmax ulp fails (the
    iterations need not be analysed: only this check is relied on)."""
    L = Y.shape[0]
    zi = np.int64(4503599627370496.0 / _top_float(Y, FB))  # ⌊2^52 / Y⌋ ≤ 2^52, roughly
    z[:] = 0
    pos = FB - 52
    q, r = pos // BITS, pos % BITS
    z[q] = (zi & ((1 << (BITS - r)) - 1)) << r
    z[q + 1] = (zi >> (BITS - r)) & MASK
    if q + 2 < L:
        z[q + 2] = zi >> (2 * BITS - r)
    for n in newton:
        lo = L - n
        if not _mul(Y[lo:], z[lo:], p[lo:], acc):
            return 2
        if _less(one[lo:], p[lo:]):
            _sub(p[lo:], one[lo:], h[lo:])
            if not _mul(z[lo:], h[lo:], corr[lo:], acc):
                return 2
            _sub(z[lo:], corr[lo:], z[lo:])
        else:
            _sub(one[lo:], p[lo:], h[lo:])
            if not _mul(z[lo:], h[lo:], corr[lo:], acc):
                return 2
            _add(z[lo:], corr[lo:], z[lo:])
    if not _mul(Y, z, p, acc):
        return 2
    if _less(one, p):
        _sub(p, one, h)
    else:
        _sub(one, p, h)
    for i in range(1, L):
        if h[i]:
            return 3
    return 0 if h[0] <= rmax else 3


@njit(cache=True)
def _kernel(D, e, signs, logistic, C, ec, T, ln2, FB, hl, coef, newton, rmax, deltas, prec, floor, has_floor):
    n, kd = D.shape
    L = C.shape[0]
    LR = L + 3
    FR = FB + 2 * BITS
    M = np.zeros((n, L), dtype=np.int64)
    X = np.zeros(n, dtype=np.int64)
    dl = np.zeros(n)
    mag = np.zeros(kd, dtype=np.int64)
    tR = np.zeros(LR, dtype=np.int64)
    kl = np.zeros(LR, dtype=np.int64)
    r = np.zeros(LR, dtype=np.int64)
    one = np.zeros(L, dtype=np.int64)
    one[L - 1] = 1 << (BITS - 2)
    q = np.zeros(L, dtype=np.int64)
    S = np.zeros(L, dtype=np.int64)
    P = np.zeros(L, dtype=np.int64)
    E = np.zeros(L, dtype=np.int64)
    Y = np.zeros(L, dtype=np.int64)
    V = np.zeros(L, dtype=np.int64)
    z1 = np.zeros(L, dtype=np.int64)
    z2 = np.zeros(L, dtype=np.int64)
    z3 = np.zeros(L, dtype=np.int64)
    acc = np.zeros(2 * L + 1, dtype=np.int64)
    top = -(1 << 62)
    for i in range(n):
        # |T| in 16-bit digits, and the sign of m = g · stored value
        neg = D[i, kd - 1] < 0
        borrow = 1
        nz = -1
        for j in range(kd):
            d = D[i, j] & 0xFFFF
            if neg:
                d = (0xFFFF - d) + borrow
                borrow = d >> 16
                d &= 0xFFFF
            mag[j] = d
            if d:
                nz = j
        if nz < 0:
            M[i, :] = C
            X[i] = ec - 1 if logistic else ec
            dl[i] = deltas[0]
        else:
            mpos = (signs[i] > 0) != neg  # m > 0
            tneg = True if logistic else mpos  # t = −|m| or −m
            if _bitlen(mag[nz:nz + 1]) + 16 * nz + e > MAX_T_BITS:
                return np.zeros((n, 1), dtype=np.int64), np.int64(0), dl, dl > 0, 1
            # t floored to FR fraction bits; a float64 estimate for k
            tR[:] = 0
            tf = 0.0
            for j in range(nz, -1, -1):
                p = 16 * j + e + FR
                d = mag[j]
                if j >= nz - 4:
                    tf += math.ldexp(float(d), 16 * j + e)
                if p + 16 <= 0 or d == 0:
                    continue
                if p < 0:
                    d >>= -p
                    p = 0
                tR[p // BITS] |= (d << (p % BITS)) & MASK
                if p % BITS > BITS - 16:
                    tR[p // BITS + 1] |= d >> (BITS - p % BITS)
            if tneg:
                tf = -tf
            k = np.int64(math.floor(tf / LN2_F))
            # r = t − k ln2 in two's complement over LR limbs
            ak = -k if k < 0 else k
            c = 0
            for j in range(LR):
                v = ak * ln2[j] + c
                kl[j] = v & MASK
                c = v >> BITS
            r[:] = 0
            if tneg:
                _sub(r, tR, r)
            else:
                _add(r, tR, r)
            if k > 0:
                _sub(r, kl, r)
            else:
                _add(r, kl, r)
            while r[LR - 1] >> (BITS - 1):  # negative
                _add(r, ln2, r)
                k -= 1
            while not _less(r, ln2):
                _sub(r, ln2, r)
                k += 1
            # r̃ (FB fraction bits) and the table split 10 + 10 + 9 bits, q < 2^-29
            for j in range(L):
                q[j] = r[j + 2]
            top_limb = q[L - 1]
            q[L - 1] = 0
            # Horner for e^q: P_j = 1/j! + q P_{j+1}, step j on the top hl[j] limbs
            N = hl.shape[0] - 1
            S[:] = 0
            S[L - hl[N]:] = coef[N, L - hl[N]:]
            for j in range(N - 1, -1, -1):
                lo = L - hl[j]
                _mul(q[lo:], S[lo:], P[lo:], acc)
                _add(coef[j, lo:], P[lo:], S[lo:])
            ok = _mul(T[0, top_limb >> 19], T[1, (top_limb >> 9) & 1023], z1, acc)
            ok &= _mul(z1, T[2, top_limb & 511], z2, acc)
            ok &= _mul(z2, S, E, acc)
            if not logistic:
                ok &= _mul(C, E, M[i], acc)
                X[i] = ec + k
                dl[i] = deltas[1]
            else:
                _shr(E, -k, Y)
                _add(one, Y, Y)
                st = _recip(Y, V, z1, z2, z3, acc, one, FB, newton, rmax)
                if st:
                    return np.zeros((n, 1), dtype=np.int64), np.int64(0), dl, dl > 0, st
                if mpos:
                    ok &= _mul(E, V, z1, acc)
                    ok &= _mul(C, z1, M[i], acc)
                    X[i] = ec + k
                    dl[i] = deltas[3]
                else:
                    ok &= _mul(C, V, M[i], acc)
                    X[i] = ec
                    dl[i] = deltas[2]
            if not ok:
                return np.zeros((n, 1), dtype=np.int64), np.int64(0), dl, dl > 0, 2
        tb = X[i] - FB + _bitlen(M[i])
        if tb > top:
            top = tb
    # the grid, then ⌊ŵ / 2^E⌋ signed, in 16-bit digits
    grid = top - prec
    if has_floor:
        g = (grid - floor) // 16
        grid = floor + 16 * (g if g > 0 else 0)
    K = (top - grid) // 16 + 1
    if K < 1:
        K = 1
    out = np.zeros((n, K), dtype=np.int64)
    err = np.zeros(n)
    lost = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        s = X[i] - FB - grid  # ŵ / 2^E = M 2^s
        for j in range(K):
            out[i, j] = _bits16(M[i], 16 * j - s)
        if s < 0:
            b = -s
            for j in range(min(b // BITS, L)):
                if M[i, j]:
                    lost[i] = True
            if b // BITS < L and (M[i, b // BITS] & ((1 << (b % BITS)) - 1)):
                lost[i] = True
        if signs[i] < 0:
            borrow = 1
            for j in range(K):
                d = (0xFFFF - out[i, j]) + borrow
                borrow = d >> 16
                out[i, j] = d & 0xFFFF
        if out[i, K - 1] >= 1 << 15:
            out[i, K - 1] -= 1 << 16
        if dl[i] > 0:
            w = math.ldexp(_top_float(M[i], FB) * (1.0 + 2.0 ** -48), X[i])
            err[i] = max(dl[i] * w, _TINY)
    return out, grid, err, lost, 0
