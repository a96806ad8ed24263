"""Certified GD sample weights c·σ(−m) (logistic) and c·e^{−m} (exponential) in compiled fixed point.

Input: margins as normalized :mod:`.fastfixed` digits (stored value o_i = 2^e Σ_k D[i, k] 2^{16k},
exact; top digit signed, as after ``carry``), signs g_i = ±1 (m_i = g_i o_i) and an exact rational
c > 0.  Output: g_i c s_i with s_i = σ(−m_i) or e^{−m_i}, as integers W_i on one grid 2^E (16-bit
digits in fastfixed's layout) and, per entry, a float64 bound ``err_i`` of the kernel's
approximation error and a flag ``lost_i`` (bits below the grid were dropped, costing < one unit
2^E more):

    |g_i c s_i − W_i 2^E| ≤ err_i + [lost_i] 2^E.

The grid rule is the engine's: E = top − prec with 2^top above every |weight|, raised onto
``floor``'s 16-bit lattice when ``floor`` is given.  Magnitudes are rounded down and then signed, so
margins of equal size get weights of equal size whatever g_i; a zero margin gets c ℓ'(0) (c/2 or c)
from c alone, with err = 0 when c is dyadic of ≤ FB bits — so m = 0 gives exactly c/2 when c/2 is on
the grid, and otherwise every zero margin gets the same rounded value with the same error.

Fixed point.  A working number is an integer A ≥ 0 in L limbs of 31 bits standing for A·u, u = 2^-FB,
FB = 31L − 2 ≥ prec + 24: values below 4.  The top n limbs of A are the same format with a coarser u
(floored).  ``_mul`` forms the exact product from 31-bit halves of the partial products in int64
columns and floors it: every product is rounded *down* by less than μ = 1 ulp; it flags products ≥ 4.
Numbers are batched, one per column of an (L, n) array, so the loops run over samples.

Algorithm, per sample, with t = −|m| (logistic) or t = −m (exponential), |t| < 2^30:
1. Reduction: t = k ln2 + r, integer k, computed r in [0, ln2), in a wider format of FR = FB + 62
   fraction bits: |t| floored to it, ln2 floored to it (so k ln2 is off by < |k| < 2^31 ulp_R), k from
   float64 and corrected until r is in range.  Dropping the two extra limbs gives r̃ with
   |r̃ − r| ≤ ρu, ρ = 1 + 2^-30, where r = t − k ln2 exactly.
2. r̃ = a 2^-10 + b 2^-20 + c' 2^-29 + q with 0 ≤ q < 2^-29, and e^r̃ = T1[a] T2[b] T3[c'] e^q with
   tables Tj[i] = ⌊e^{i 2^{-s_j}}⌋_u (arb, floor certified): each ≥ 1, low by < 1 ulp.
3. e^q by Horner P_N = 1/N!, P_j = 1/j! + q P_{j+1} (coefficients floored), P_0 = T_N(q) =
   Σ_{j≤N} q^j/j!, with 0 ≤ e^q − T_N(q) ≤ q^{N+1}/(N+1)! e^q ≤ u e^q (N is chosen so).  Step j runs
   on the top n_j limbs (unit g_j = 2^{31(L − n_j)} ulp): with the coefficient floor (< g_j), the
   product floor (< μ g_j) and the truncation of q (< g_j, times P̂_{j+1} ≤ 2), the errors obey
   e_N < g_N, e_j ≤ q e_{j+1} + (μ + 3) g_j, so |P̂_0 − T_N(q)| ≤ h u,  h = Σ_j (μ + 3) g_j 2^{-29j}
   (n_j is chosen with 31(L − n_j) ≤ 29j − 4, so h ≤ 4 + N/4; ``_horner_bound`` sums it: h ≈ 4).
4. Ê = ((T1 T2) T3) P̂_0 ≈ e^r ∈ [1, 2); e^t = 2^k e^r.
5. Exponential: w = c 2^k E.  Logistic: t < 0, so k ≤ −1 — or k = 0 when |t| < 2^-FR floors to 0,
   and then Ê = 1; Y = 1 + ⌊2^k Ê⌋ ∈ [1, 2], V ≈ 1/Y by Newton from a float64 start, certified a
   posteriori: the residual |1 − ⌊Y V⌋| ≤ R ulp is checked, so |V − 1/Y| = |1 − Y V|/Y ≤ (R + μ) u;
   then w = c V (m < 0) or c 2^k (Ê V) (m > 0).
6. c = 2^{ec} Ĉ u with Ĉ = ⌊c 2^{FB − ec}⌋ ∈ [2^FB, 2^{FB+1}) (exact for dyadic c of ≤ FB bits).

Error bound [derived].  Relative errors in units of u.  A product whose computed operands multiply
to ≥ 1 (≥ 1/2) has relative rounding error < μ (< 2μ); tables, Ĉ, Ê, P̂_0 are ≥ 1 (all roundings
are downward, so also Ê ≤ e^r̃ < 2) and V̂ ≥ 1/2 − (R + μ)u, which decides which case applies:
    δ_E   = ρ + 3 + h + 1 + 3μ           (reduction, three tables, Horner, Taylor remainder, 3 products)
    δ_C   = 1 if Ĉ ≠ c 2^{FB − ec} else 0
    δ_exp = δ_C + δ_E + μ                (c 2^k E)
    δ_V   = (δ_E + 1) + 2(R + μ)         (|Ŷ − Y| ≤ 2^k e^r δ_E u + u with 2^k e^r = e^t < 1 and Ŷ ≥ 1;
                                          the Newton certificate, relative to 1/Ŷ ≥ 1/2)
    δ_neg = δ_C + δ_V + 2μ               (logistic, m < 0: c V)
    δ_pos = δ_C + δ_E + δ_V + 2·2μ       (logistic, m > 0: c (E V) 2^k)
    δ_0   = δ_C                          (m = 0: c/2 or c)
These add first-order terms; the products of the (1 ± δ) factors, the second-order parts above and
the passage to a bound relative to the computed ŵ rather than w cost a relative factor 1 + O(2^8 u),
covered by the factor 1 + 2^-20 on every bound (``_bounds``; FB ≥ 50).  The kernel reports
err_i = δ_i ŵ_i^+ with ŵ_i^+ ≥ ŵ_i a float64 upper bound (top three limbs, which lose < 2^-58
relatively, times 1 + 2^-48; lifted to the smallest subnormal when it would underflow).  At FB ≥
prec + 24 and δ ≤ 2^8 u (``_bounds`` checks it): err_i ≤ 2^{top + 8 − FB} ≤ 2^{E − 1}, and
≤ 2^{E − 16} when ``floor`` is not given — a radius stays below 1.5 grid units (1 + 2^-16 without
``floor``) above float64's subnormal range.

Where the kernel cannot certify (|t| ≥ 2^30, a product overflow, a Newton residual above R, weights
beyond float64 radii) :func:`weights` raises :class:`OutOfRange`; digits that are not normalized
raise ValueError.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import flint
import numpy as np
from numba import njit

from .fastkernels import TINY, _lifted

BITS = 31
MASK = (1 << BITS) - 1
MU = Fraction(1)
"""A product's rounding error bound in ulps (it is floored: downward, < 1 ulp)."""
Q_BITS = 29
"""The tables take the top 29 fraction bits of r̃ (10 + 10 + 9): q < 2^-29."""
TABLE_STEPS = (10, 20, 29)
"""Table j holds e^{i 2^-TABLE_STEPS[j]}."""
RHO = Fraction(1) + Fraction(1, 2 ** 30)
NEWTON_R = 8
"""Largest accepted Newton residual |1 − ⌊Y V⌋| in ulps (observed: ≤ 2)."""
MAX_T_BITS = 30
"""|t| < 2^30, so that |k| < 2^31 and k·(31-bit limb) fits in int64."""
LN2_F = math.log(2.0)


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
    limbs of step j, N = len(hl) − 1 Taylor terms), the coefficients ⌊1/j!⌋_u, the Newton limb
    schedule, the tables T (3, L, 1024) and ln2 in L + 3 limbs (FR = FB + 62 fraction bits)."""
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
        T = np.zeros((3, L, 1024), dtype=np.int64)
        for j, step in enumerate(TABLE_STEPS):
            for i in range(1024 if j < 2 else 512):
                T[j, :, i] = _limbs(_floor_arb((flint.arb(i) / 2 ** step).exp(), FB), L)
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
    dE = RHO + 3 + _horner_bound(L, hl) + 1 + 3 * MU
    dV = dE + 1 + 2 * (NEWTON_R + MU)
    ds = [dC, dC + dE + MU, dC + dV + 2 * MU, dC + dE + dV + 2 * 2 * MU]
    if max(ds) > 2 ** 8:
        raise AssertionError("error bound above the 2^8 ulp the radius claim relies on")
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
            work: int | None = None, terms: int | None = None, scale: float = 1.0):
    """Weights g_i c s_i on a common grid (module docstring): returns int64 digits (n, K), the grid
    exponent E, err (n,) and lost (n,); raises :class:`OutOfRange` where it cannot certify, or when the
    grid unit exceeds 2^900 or a weight's bound overflows float64.

    For the tests only: ``work`` sets the working precision independently of the grid's ``prec``
    (default ``prec``; a grid much finer than it exposes the kernel's own error), and ``terms``
    (Taylor terms) and ``scale`` (a factor on the error bounds) weaken the kernel on purpose."""
    work = prec if work is None else work
    L, FB, hl, coef, newton, T, ln2 = _plan(work)
    C, ec, exact = _scaled_c(Fraction(c), L, FB)
    deltas = _bounds(work, exact) * scale
    out, grid, err, lost, status = _kernel(
        np.ascontiguousarray(D, dtype=np.int64), int(e), np.asarray(signs, dtype=np.int64), logistic, C, ec,
        T, ln2, FB, hl if terms is None else hl[:terms + 1], coef, newton, NEWTON_R, deltas, prec,
        0 if floor is None else int(floor), floor is not None)
    if status == 3:
        raise ValueError("margin digits not normalized (as after fastfixed.carry)")
    if status:
        raise OutOfRange(("margin |m| ≥ 2^30", "a product overflowed or a Newton certificate failed")[status - 1])
    if grid > 900 or not np.all(np.isfinite(err)):
        raise OutOfRange("weights beyond float64 radius range")
    return out, int(grid), err, lost


# -- compiled kernel --------------------------------------------------------------------------------
# Numbers are batched: an (L, n) int64 array holds one L-limb number per column (sample), so every
# inner loop runs over the samples (no data-dependent branches, vectorizable).  Rows lo: of such an
# array are the same number format with u = 2^-(31(L − lo) − 2) (the top L − lo limbs, floored).
@njit(cache=True)
def _mul(a, b, out, lo, hi, bad):
    """out ← ⌊a b u⌋ per column: every partial product a_i b_j < 2^62 split into 31-bit halves,
    summed in separate int64 columns (each below 2L 2^31), carried, floored; bad[s] is set when
    a b ≥ 4 (the result would not fit)."""
    L, n = a.shape
    for t in range(2 * L):
        for s in range(n):
            lo[t, s] = 0
            hi[t, s] = 0
    for i in range(L):
        ai = a[i]
        for j in range(L):
            bj = b[j]
            lt = lo[i + j]
            ht = hi[i + j]
            for s in range(n):
                p = ai[s] * bj[s]
                lt[s] += p & MASK
                ht[s] += p >> BITS
    c = lo[2 * L - 1]  # no partial product lands in this row: scratch for the carries
    c[:] = 0
    for t in range(2 * L - 1):
        lt = lo[t]
        for s in range(n):
            v = lt[s] + c[s]
            lt[s] = v & MASK
            c[s] = (v >> BITS) + hi[t, s]
    for s in range(n):  # c is now the top column
        if c[s] >> (BITS - 2):
            bad[s] = True
    for o in range(L - 1):
        for s in range(n):
            out[o, s] = (lo[L - 1 + o, s] >> (BITS - 2)) | ((lo[L + o, s] << 2) & MASK)
    for s in range(n):
        out[L - 1, s] = (lo[2 * L - 2, s] >> (BITS - 2)) | ((c[s] << 2) & MASK)


@njit(cache=True)
def _add(a, b, out, c, sign):
    """out ← a + sign·b per column (sign = ±1; b may be one column, shape (L,), broadcast), mod
    2^{31L}; c is scratch for the carries (−1 on a borrow: the shift is arithmetic)."""
    L, n = out.shape
    for s in range(n):
        c[s] = 0
    for t in range(L):
        for s in range(n):
            v = a[t, s] + sign * (b[t] if b.ndim == 1 else b[t, s]) + c[s]
            out[t, s] = v & MASK
            c[s] = v >> BITS


@njit(cache=True)
def _col_float(a, s, FB):
    """Column s of a times u as float64, from its top three limbs (low by < 2^-58 relative when the
    value is ≥ 1/4, plus float rounding ≤ 2^-52)."""
    L = a.shape[0]
    x = 0.0
    for i in range(L - 1, max(L - 4, -1), -1):
        x += math.ldexp(float(a[i, s]), BITS * i - FB)
    return x


@njit(cache=True)
def _recip(Y, z, p, h, corr, lo, hi, c, bad, one, FB, newton, rmax):
    """z ← 1/Y per column, Y ∈ [1, 2): Newton z ← z + z(1 − Y z) from float64, iteration i on the top
    newton[i] limbs; then the certificate |1 − ⌊Y z⌋| ≤ rmax ulp is checked (bad[s] where it fails).
    Only the certificate is relied on, so the iterations need no analysis."""
    L, n = Y.shape
    pos = FB - 52
    q, r = pos // BITS, pos % BITS
    z[:] = 0
    for s in range(n):
        zi = np.int64(4503599627370496.0 / _col_float(Y, s, FB))  # ≈ 2^52 / Y ≤ 2^52
        z[q, s] = (zi & ((1 << (BITS - r)) - 1)) << r
        z[q + 1, s] = (zi >> (BITS - r)) & MASK
        if q + 2 < L:
            z[q + 2, s] = zi >> (2 * BITS - r)
    for m in newton:
        lo_ = L - m
        _mul(Y[lo_:], z[lo_:], p[lo_:], lo, hi, bad)
        _add(p[lo_:], one[lo_:], h[lo_:], c, -1)
        _abs(h[lo_:], c)  # c[s] = −1 where p < 1
        _mul(z[lo_:], h[lo_:], corr[lo_:], lo, hi, bad)
        _signed_add(z[lo_:], corr[lo_:], c)
    _mul(Y, z, p, lo, hi, bad)
    _add(p, one, h, c, -1)
    _abs(h, c)
    for s in range(n):
        for t in range(1, L):
            if h[t, s]:
                bad[s] = True
        if h[0, s] > rmax:
            bad[s] = True


@njit(cache=True)
def _abs(h, c):
    """h ← |h| per column (two's complement over the rows); c[s] ← −1 where h was negative, else 0."""
    L, n = h.shape
    for s in range(n):
        c[s] = -1 if h[L - 1, s] >> (BITS - 1) else 0
    for s in range(n):
        if c[s]:
            b = 1
            for t in range(L):
                v = (MASK - h[t, s]) + b
                h[t, s] = v & MASK
                b = v >> BITS


@njit(cache=True)
def _signed_add(z, d, c):
    """z ← z + d where c[s] = −1 (the residual 1 − Y z was positive), z − d where c[s] = 0."""
    L, n = z.shape
    for s in range(n):
        neg = c[s] == 0
        b = 0
        for t in range(L):
            v = z[t, s] - d[t, s] + b if neg else z[t, s] + d[t, s] + b
            z[t, s] = v & MASK
            b = v >> BITS


@njit(cache=True)
def _bits16(M, s, pos):
    """Bits pos … pos + 15 of the integer in column s of M (pos may be negative: zeros below bit 0);
    the window meets at most limbs ⌊pos/31⌋ and ⌊pos/31⌋ + 1."""
    v = 0
    i0 = pos // BITS
    for i in range(i0, i0 + 2):
        if 0 <= i < M.shape[0]:
            off = BITS * i - pos
            if off <= 0:
                v |= M[i, s] >> (-off)
            elif off < 16:
                v |= M[i, s] << off
    return v & 0xFFFF


@njit(cache=True)
def _bitlen(M, s):
    for i in range(M.shape[0] - 1, -1, -1):
        if M[i, s]:
            v, b = M[i, s], 0
            while v:
                v >>= 1
                b += 1
            return BITS * i + b
    return 0


@njit(cache=True)
def _reduce(D, e, signs, logistic, ln2, FB, q, k, idx, zero, mpos):
    """Per sample: the sign of m, t = −|m| or −m, k and r̃ = t − k ln2 ∈ [0, ln2) (step 1), split into
    the table indices idx (3, n) and q < 2^-29 (rows of q).  Returns 0, 1 if some |t| ≥ 2^30, or 3
    if the digits are not normalized (every digit in [0, 2^16) but the top one, in [−2^15, 2^15))."""
    n, kd = D.shape
    L = q.shape[0]
    LR = L + 3
    FR = FB + 2 * BITS
    mag = np.zeros(kd, dtype=np.int64)
    tR = np.zeros(LR, dtype=np.int64)
    kl = np.zeros(LR, dtype=np.int64)
    r = np.zeros(LR, dtype=np.int64)
    for i in range(n):
        for j in range(kd):
            lowest = -(1 << 15) if j == kd - 1 else 0
            if not lowest <= D[i, j] < lowest + (1 << 16):
                return 3
        neg = D[i, kd - 1] < 0
        borrow = 1
        nz = -1
        for j in range(kd):  # |stored value| in 16-bit digits
            d = D[i, j] & 0xFFFF
            if neg:
                d = (0xFFFF - d) + borrow
                borrow = d >> 16
                d &= 0xFFFF
            mag[j] = d
            if d:
                nz = j
        zero[i] = nz < 0
        mpos[i] = (signs[i] > 0) != neg
        if zero[i]:
            k[i] = -1  # any k: the weight is set from c alone
            for t in range(L):
                q[t, i] = 0
            idx[0, i] = idx[1, i] = idx[2, i] = 0
            continue
        tneg = True if logistic else mpos[i]
        top, v = 16 * nz + e, mag[nz]
        while v:
            v >>= 1
            top += 1
        if top > MAX_T_BITS:
            return 1
        tR[:] = 0
        tf = 0.0
        for j in range(nz, -1, -1):  # |t| floored to FR fraction bits, and a float64 estimate
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
            if p % BITS > BITS - 16 and p // BITS + 1 < LR:  # (beyond LR the spill is 0: |t| < 2^30)
                tR[p // BITS + 1] |= d >> (BITS - p % BITS)
        kk = np.int64(math.floor((-tf if tneg else tf) / LN2_F))
        ak = -kk if kk < 0 else kk
        c = 0
        for j in range(LR):
            v = ak * ln2[j] + c
            kl[j] = v & MASK
            c = v >> BITS
        # r = ±|t| − k ln2 in two's complement over LR limbs, then k adjusted until 0 ≤ r < ln2
        c = 0
        for j in range(LR):
            v = (-tR[j] if tneg else tR[j]) + (kl[j] if kk <= 0 else -kl[j]) + c
            r[j] = v & MASK
            c = v >> BITS
        while r[LR - 1] >> (BITS - 1):
            c = 0
            for j in range(LR):
                v = r[j] + ln2[j] + c
                r[j] = v & MASK
                c = v >> BITS
            kk -= 1
        while True:
            less = False
            for j in range(LR - 1, -1, -1):
                if r[j] != ln2[j]:
                    less = r[j] < ln2[j]
                    break
            if less:
                break
            c = 0
            for j in range(LR):
                v = r[j] - ln2[j] + c
                r[j] = v & MASK
                c = v >> BITS
            kk += 1
        k[i] = kk
        top_limb = r[L + 1]  # r̃ = r without its two extra limbs; top limb: fraction bits 2^-1 … 2^-29
        idx[0, i] = top_limb >> 19
        idx[1, i] = (top_limb >> 9) & 1023
        idx[2, i] = top_limb & 511
        for t in range(L - 1):
            q[t, i] = r[t + 2]
        q[L - 1, i] = 0
    return 0


@njit(cache=True)
def _kernel(D, e, signs, logistic, C, ec, T, ln2, FB, hl, coef, newton, rmax, deltas, prec, floor, has_floor):
    """Steps 1–6 of the module docstring for all samples, then the grid and the signed digits.
    Returns digits, grid exponent, err, lost and a status (0, or the failure: see :func:`weights`)."""
    n = D.shape[0]
    L = C.shape[0]
    q = np.zeros((L, n), dtype=np.int64)
    k = np.zeros(n, dtype=np.int64)
    idx = np.zeros((3, n), dtype=np.int64)
    zero = np.zeros(n, dtype=np.bool_)
    mpos = np.zeros(n, dtype=np.bool_)
    bad = np.zeros(n, dtype=np.bool_)
    empty = np.zeros((n, 1), dtype=np.int64)
    status = _reduce(D, e, signs, logistic, ln2, FB, q, k, idx, zero, mpos)
    if status:
        return empty, np.int64(0), np.zeros(n), bad, status
    S = np.zeros((L, n), dtype=np.int64)
    P = np.zeros((L, n), dtype=np.int64)
    A = np.zeros((L, n), dtype=np.int64)
    B = np.zeros((L, n), dtype=np.int64)
    lo = np.zeros((2 * L, n), dtype=np.int64)
    hi = np.zeros((2 * L, n), dtype=np.int64)
    c = np.zeros(n, dtype=np.int64)
    one = np.zeros(L, dtype=np.int64)
    one[L - 1] = 1 << (BITS - 2)
    # Horner for e^q (step 3): P_j = 1/j! + q P_{j+1}, step j on the top hl[j] limbs
    N = hl.shape[0] - 1
    for t in range(L - hl[N], L):
        for s in range(n):
            S[t, s] = coef[N, t]
    for j in range(N - 1, -1, -1):
        r = L - hl[j]
        _mul(q[r:], S[r:], P[r:], lo, hi, bad)
        _add(P[r:], coef[j, r:], S[r:], c, 1)
    # E = T1 T2 T3 S (step 4)
    for t in range(L):
        for s in range(n):
            A[t, s] = T[0, t, idx[0, s]]
            B[t, s] = T[1, t, idx[1, s]]
    _mul(A, B, P, lo, hi, bad)
    for t in range(L):
        for s in range(n):
            A[t, s] = T[2, t, idx[2, s]]
    _mul(P, A, B, lo, hi, bad)
    E = A
    _mul(B, S, E, lo, hi, bad)
    Cn = np.empty((L, n), dtype=np.int64)
    for t in range(L):
        Cn[t, :] = C[t]
    M = S
    X = np.empty(n, dtype=np.int64)
    dl = np.empty(n)
    if not logistic:  # c 2^k E
        _mul(Cn, E, M, lo, hi, bad)
        for s in range(n):
            X[s] = ec + k[s]
            dl[s] = deltas[1]
    else:
        Y = P
        for s in range(n):  # Y = 1 + ⌊2^k E⌋, k ≤ −1
            sh = -k[s]
            w, b = sh // BITS, sh % BITS
            for t in range(L):
                v = 0
                if t + w < L:
                    v = E[t + w, s] >> b
                    if b and t + w + 1 < L:
                        v |= (E[t + w + 1, s] << (BITS - b)) & MASK
                Y[t, s] = v
            Y[L - 1, s] += one[L - 1]
        V = B
        F = np.zeros((L, n), dtype=np.int64)
        G = np.zeros((L, n), dtype=np.int64)
        H = np.zeros((L, n), dtype=np.int64)
        _recip(Y, V, F, G, H, lo, hi, c, bad, one, FB, newton, rmax)
        _mul(E, V, F, lo, hi, bad)
        for s in range(n):  # c V (m < 0) or c (E V) 2^k (m > 0)
            if mpos[s]:
                X[s] = ec + k[s]
                dl[s] = deltas[3]
            else:
                for t in range(L):
                    F[t, s] = V[t, s]
                X[s] = ec
                dl[s] = deltas[2]
        _mul(Cn, F, M, lo, hi, bad)
    for s in range(n):
        if zero[s]:  # c ℓ'(0): c/2 or c
            for t in range(L):
                M[t, s] = C[t]
            X[s] = ec - 1 if logistic else ec
            dl[s] = deltas[0]
        elif bad[s]:
            return empty, np.int64(0), dl, bad, 2
    # the grid, then ⌊ŵ / 2^E⌋ signed, in 16-bit digits
    top = -(1 << 62)
    for s in range(n):
        tb = X[s] - FB + _bitlen(M, s)
        if tb > top:
            top = tb
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
    for s in range(n):
        sh = X[s] - FB - grid  # ŵ / 2^E = M 2^sh
        for j in range(K):
            out[s, j] = _bits16(M, s, 16 * j - sh)
        if sh < 0:
            b = -sh
            for j in range(min(b // BITS, L)):
                if M[j, s]:
                    lost[s] = True
            if b // BITS < L and (M[b // BITS, s] & ((1 << (b % BITS)) - 1)):
                lost[s] = True
        if signs[s] < 0:
            borrow = 1
            for j in range(K):
                d = (0xFFFF - out[s, j]) + borrow
                borrow = d >> 16
                out[s, j] = d & 0xFFFF
        if out[s, K - 1] >= 1 << 15:
            out[s, K - 1] -= 1 << 16
        if dl[s] > 0:
            w = math.ldexp(_col_float(M, s, FB) * (1.0 + 2.0 ** -48), X[s])
            # the weight is positive even where w underflowed (it is then < TINY / 2): an upper bound,
            # never 0, also below float64's normal range
            err[s] = _lifted(dl[s], max(w, TINY))
    return out, grid, err, lost, 0
