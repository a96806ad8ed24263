"""Compiled integer kernels for :mod:`.fastfixed`: carries, trimming, digit products and sums,
truncation and float64 read-out of multi-limb digit rows.

Every kernel works on a 2-D int64 array ``D`` of shape (N, K): row i is the integer
``Σ_k D[i, k] · 2^{16k}``.  A row is *normalized* when D[i, k] ∈ [0, 2^16) for k < K − 1 and the
top digit D[i, K−1] ∈ [−2^15, 2^15) (two's complement: the row is negative iff its top digit is);
a normalized array is *minimal* when no shorter width represents every row (some row needs all K
digits, or K = 1).  Kernels that return digits return minimal normalized arrays, freshly allocated.

Overflow.  int64 holds |v| < 2^63.  Each kernel states the bound of its inputs that keeps every
intermediate below 2^63 and checks it, raising ``ValueError`` instead of wrapping around: the
checks cost one comparison per input digit.  The central one is :func:`normalize`: digit sums
with |S| ≤ 2^62 carry exactly, because the running carry c obeys |c| ≤ (2^62 + |c|)/2^16 + 1, so
|c| < 2^47 and |S + c| < 2^63 throughout.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

LIMB = 16
MASK = (1 << LIMB) - 1
HALF = 1 << (LIMB - 1)
SUM_BOUND = 1 << 62
"""Largest |digit sum| :func:`normalize` accepts."""
DIGIT_BOUND = 1 << LIMB
"""Largest |digit| of a normalized row (top digits are in [−2^15, 2^15), others below 2^16)."""
EXACT_FLOAT = 1 << 53
"""float64 digit products must be integers below this (all of them are then exact)."""


@njit(cache=True)
def _need(row):
    """How many digits the normalized ``row`` needs: the least m ≥ 1 with its value in
    [−2^{16m−1}, 2^{16m−1}).  A row may be cut after digit j when every digit above j repeats the
    sign (2^16 − 1 below a top −1, or 0) and bit 15 of digit j already carries the sign."""
    n = row.shape[0]
    top = row[n - 1]
    if top != 0 and top != -1:
        return n
    neg = top < 0
    fill = MASK if neg else 0
    j = n - 2
    while j >= 0 and row[j] == fill:
        j -= 1
    if j < 0:
        return 1
    if (row[j] >= HALF) == neg:
        return j + 1
    return j + 2


@njit(cache=True)
def _minimal(D, lo):
    """The normalized rows D[:, lo:] at their minimal common width, as a new array: digits above
    the width are dropped and, for a negative row, the new top digit d becomes d − 2^16."""
    N, K = D.shape
    keep = 1
    for i in range(N):
        keep = max(keep, _need(D[i, lo:]))
    out = np.empty((N, keep), dtype=np.int64)
    for i in range(N):
        for k in range(keep):
            out[i, k] = D[i, lo + k]
        if lo + keep < K and D[i, K - 1] < 0:
            out[i, keep - 1] -= 1 << LIMB
    return out


@njit(cache=True)
def normalize(S):
    """Carry int64 digit sums S (|S| ≤ 2^62, else ``ValueError``) into minimal normalized digits
    of the same row values Σ_k S[i, k] 2^{16k}.

    One left-to-right pass per row: t = S_k + c, digit t mod 2^16, carry c = ⌊t / 2^16⌋.  With
    |c| < 2^47 after the last sum (module docstring), two more digits bring c into [−2^15, 2^15),
    which becomes the signed top digit: K + 3 digits always suffice before trimming."""
    N, K = S.shape
    W = K + 3
    T = np.empty((N, W), dtype=np.int64)
    for i in range(N):
        c = 0
        for k in range(K):
            s = S[i, k]
            if s > SUM_BOUND or s < -SUM_BOUND:
                raise ValueError("normalize: a digit sum exceeds 2^62")
            t = s + c
            T[i, k] = t & MASK
            c = t >> LIMB
        for k in range(K, W - 1):
            T[i, k] = c & MASK
            c >>= LIMB
        T[i, W - 1] = c
    return _minimal(T, 0)


@njit(cache=True)
def trim(D):
    """Normalized digits D at their minimal width (the same values)."""
    return _minimal(D, 0)


@njit(cache=True)
def truncate(D, drop):
    """⌊row / 2^{16·drop}⌋ for normalized rows (drop ≥ 0) at minimal width, and for each row
    whether a non-zero digit was dropped (exactly when the floor is not the row value itself).

    Digits below the top are non-negative, so the floor keeps digits drop, drop+1, …; when
    drop ≥ K it is 0 for a non-negative row and −1 for a negative one."""
    N, K = D.shape
    lost = np.zeros(N, dtype=np.bool_)
    for i in range(N):
        for k in range(min(drop, K)):
            if D[i, k] != 0:
                lost[i] = True
                break
    if drop < K:
        return _minimal(D, drop), lost
    out = np.empty((N, 1), dtype=np.int64)
    for i in range(N):
        out[i, 0] = -1 if D[i, K - 1] < 0 else 0
    return out, lost


@njit(cache=True)
def _check_digits(D):
    N, K = D.shape
    for i in range(N):
        for k in range(K):
            if D[i, k] > DIGIT_BOUND or D[i, k] < -DIGIT_BOUND:
                raise ValueError("a digit exceeds 2^16 in magnitude: not normalized")


@njit(cache=True)
def product(A, B, ib, low):
    """Products A[i] · B[ib[i]] of normalized rows (|digit| ≤ 2^16, checked), minimal normalized,
    leaving out the digit products that land below digit ``low`` (none for low ≤ 0: exact), and
    returned from digit ``low`` up: row value · 2^{-16·low} (the digits below are then all 0;
    0 ≤ low < K_a + K_b − 1).
    Digit k of a times digit l of b lands on digit k + l: each digit sum has at most
    min(K_a, K_b) terms of magnitude ≤ 2^32, so it stays ≤ 2^62 for widths below 2^30 (checked).
    The part left out, Σ_{k+l<low} a_k b_l 2^{16(k+l)}, has magnitude at most
    Σ_{s<low} (s + 1) 2^{32+16s} < low · 2^{16·low+17} (:func:`short_error`)."""
    N, ka = A.shape
    kb = B.shape[1]
    if min(ka, kb) > 1 << 30:
        raise ValueError("product: digit rows too wide")
    if low >= ka + kb - 1:
        raise ValueError("product: low beyond the product's digits")
    _check_digits(A)
    _check_digits(B)
    S = np.zeros((N, ka + kb - 1), dtype=np.int64)
    for i in range(N):
        j = ib[i]
        for k in range(ka):
            a = A[i, k]
            if a != 0:
                m0 = max(low - k, 0)
                for t in range(kb - m0):  # (a loop from 0 keeps it vectorized)
                    S[i, k + m0 + t] += a * B[j, m0 + t]
    return normalize(S[:, max(low, 0):])


def short_error(low: int) -> tuple[int, int]:
    """(c, x) with c · 2^x bounding the part :func:`product` leaves out below digit ``low`` ≥ 1
    (in units of the product's last place)."""
    return low, LIMB * low + 17


@njit(cache=True)
def add(A, ia, sa, B, ib, sb):
    """Exact sums A[ia[i]] · 2^sa + B[ib[i]] · 2^sb (bit offsets sa, sb ≥ 0) of int64 digit rows,
    minimal normalized.  The inputs need not be normalized (unnormalized digit sums are welcome)
    but must satisfy |A| 2^{sa mod 16} ≤ 2^61 and |B| 2^{sb mod 16} ≤ 2^61 (checked), so every
    digit sum stays ≤ 2^62 for :func:`normalize`."""
    ka, kb = A.shape[1], B.shape[1]
    pa, ba = sa // LIMB, sa % LIMB
    pb, bb = sb // LIMB, sb % LIMB
    N = ia.shape[0]
    S = np.zeros((N, max(pa + ka, pb + kb)), dtype=np.int64)
    for i in range(N):
        for k in range(ka):
            v = A[ia[i], k]
            if v > (SUM_BOUND >> 1) >> ba or v < -((SUM_BOUND >> 1) >> ba):
                raise ValueError("add: a digit exceeds 2^61 after shifting")
            S[i, pa + k] += v * (1 << ba)
        for k in range(kb):
            v = B[ib[i], k]
            if v > (SUM_BOUND >> 1) >> bb or v < -((SUM_BOUND >> 1) >> bb):
                raise ValueError("add: a digit exceeds 2^61 after shifting")
            S[i, pb + k] += v * (1 << bb)
    return normalize(S)


@njit(cache=True)
def antidiagonal(P, stride):
    """Digit sums S[i, k + stride·l] = Σ P[k, i, l] of float64 digit products P (shape (K_a, N, K_b))
    — digit k of a at 2^{16k} times chunk l of b at 2^{16·stride·l} (stride 1: b in digits, 2: in
    pairs of digits) — which must be integers below 2^53 in magnitude (checked; the BLAS argument
    of :mod:`.fastfixed` guarantees it), so each converts to int64 exactly; a sum has at most K_a
    terms, below 2^62 for K_a ≤ 2^9 (checked)."""
    ka, N, kb = P.shape
    if ka > 1 << 9:
        raise ValueError("antidiagonal: too many digit rows")
    if stride < 1:
        raise ValueError("antidiagonal: stride must be positive")
    S = np.zeros((N, ka + stride * (kb - 1)), dtype=np.int64)
    for k in range(ka):
        for i in range(N):
            for m in range(kb):
                p = P[k, i, m]
                if not (abs(p) < EXACT_FLOAT and p == math.floor(p)):
                    raise ValueError("antidiagonal: a product is not an exact float64 integer")
                S[i, k + stride * m] += np.int64(p)
    return S


@njit(cache=True)
def pairs(D):
    """Digit rows as float64 pairs D[i, 2l] + 2^16 D[i, 2l+1] (a 0 above an odd last digit), the
    same row values in base 2^32: exact, as |digit| ≤ 2^16 (checked) gives |pair| ≤ 2^32 + 2^16."""
    N, K = D.shape
    _check_digits(D)
    P = np.zeros((N, (K + 1) // 2), dtype=np.float64)
    for i in range(N):
        for k in range(K):
            P[i, k >> 1] += D[i, k] * (1.0 if k % 2 == 0 else 65536.0)
    return P


@njit(cache=True)
def balanced(D):
    """Normalized digits as float64 in [−2^15, 2^15] with the same row values: a digit d ≥ 2^15
    below the top becomes d − 2^16 and lends 1 to the next digit (all exact in float64)."""
    N, K = D.shape
    B = np.empty((N, K), dtype=np.float64)
    for i in range(N):
        lend = 0
        for k in range(K):
            d = D[i, k] + lend
            lend = 0
            if k < K - 1 and D[i, k] >= HALF:
                d -= 1 << LIMB
                lend = 1
            B[i, k] = d
    return B


TINY = 5e-324
"""The smallest positive (subnormal) float64."""
NORMAL = 2.0 ** -1022
"""The smallest normal float64: below it products round absolutely (by up to TINY / 2), not relatively."""
SLACK = 1.0 + 2.0 ** -40
"""The relative slack of float64 radius bounds (see :mod:`.fastfixed`)."""


@njit(cache=True)
def _lifted(x, y):
    """An upper bound of x · y for non-negative bounds: the float64 product, plus :data:`TINY` where it
    fell below the normal range (rounded by up to TINY / 2 there, possibly to 0) although both factors
    are positive — so a positive product is never recorded as 0.  NaN and inf pass through."""
    p = x * y
    if p < NORMAL and x > 0.0 and y > 0.0:
        return p + TINY
    return p


@njit(cache=True)
def radius_terms(ra, ia, rb, ib, ma, mb):
    """The product radius |mid a| r_b + |mid b| r_a + r_a r_b for a = entry ia[k] and b = entry
    ib[k] of flat arrays (radii ra, rb; |mid| bounds ma, mb), each product :func:`_lifted`.  A
    term whose radius factor is 0 is exactly 0 and skipped: ma is read only where r_b ≠ 0 and mb
    only where r_a ≠ 0 (so either may be a dummy when the other radius is 0 everywhere)."""
    N = ia.shape[0]
    for k in range(N):  # numba does not check bounds: a radius array of the wrong size must not be read past
        if ia[k] < 0 or ia[k] >= ra.shape[0] or ib[k] < 0 or ib[k] >= rb.shape[0]:
            raise ValueError("radius_terms: an index is outside its radius array")
    out = np.empty(N, dtype=np.float64)
    for k in range(N):
        x, y = ra[ia[k]], rb[ib[k]]
        t = 0.0
        if y != 0.0:
            t += _lifted(ma[ia[k]], y)
        if x != 0.0:
            t += _lifted(mb[ib[k]], x) + _lifted(x, y)
        out[k] = t
    return out


READ_DIGITS = 6
"""Balanced digits, from the leading non-zero one down, that :func:`approx_sign` reads."""


@njit(cache=True)
def approx_sign(D, e):
    """float64 approximations of the rows times 2^e, their exact signs −1, 0, +1, the largest
    |approximation| (0.0 when N = 0) and upper bounds of the |rows| · 2^e (below).

    With b the :func:`balanced` digits (|b_k| ≤ 2^15) and t the highest k with b_t ≠ 0, the digits
    below t add up to less than 2^{16t} (1/2 + 2^-17) in magnitude, so |row| ≥ 2^{16t} (|b_t| − 1/2
    − 2^-17) ≥ Σ_k |b_k| 2^{16k} / 3 (no cancellation) and the row is 0 iff every b_k is.  The
    approximation is Σ b_k 2^{16k+e} over k = t, t−1, …, t − 5, summed from the top down: the digits
    left out change the row by less than 2^-78 of it, the float64 sum of ≤ 6 terms by less than
    5 · 2^-53 · Σ|terms| ≤ 15 · 2^-53 of it; in all, relative error ≤ 3K · 2^-53 for K digits.
    Powers of two outside float64's range are inf or 0 as with ``ldexp`` (a zero b is skipped).

    Only six digits are read, so the relative error is below 2^-78 + 15 · 2^-53 < 2^-48 for every K.
    The bounds: |approximation| · (1 + 2^-40) where that exceeds 2^-1000; below, where relative
    errors no longer hold, at least 2^{e + 16K} > |row| 2^e (or the smallest subnormal), and 0 for a
    zero row.  The largest |approximation| is NaN when any approximation is (inf − inf beyond range)."""
    N, K = D.shape
    crude = max(math.ldexp(1.0, min(max(e + LIMB * K, -1200), 1200)), TINY)
    mag = np.empty(N, dtype=np.float64)
    nan = False  # numba's max() would drop a NaN
    powers = np.empty(K, dtype=np.float64)
    for k in range(K):
        powers[k] = math.ldexp(1.0, min(max(LIMB * k + e, -1200), 1200))
    out = np.empty(N, dtype=np.float64)
    sign = np.empty(N, dtype=np.int64)
    big = 0.0
    for i in range(N):
        acc = 0.0
        read = 0
        for k in range(K - 1, -1, -1):
            b = D[i, k]
            if k < K - 1 and b >= HALF:
                b -= 1 << LIMB
            if k > 0 and D[i, k - 1] >= HALF:  # the digit below lends 1
                b += 1
            if read == 0 and b == 0:
                continue
            acc += b * powers[k]
            read += 1
            if read == READ_DIGITS:
                break
        out[i] = acc
        if acc != acc:
            nan = True
        big = max(big, abs(acc))
        sign[i] = -1 if D[i, K - 1] < 0 else (1 if read > 0 else 0)
        m = abs(acc) * SLACK
        if m > 2.0 ** -1000 or m != m:  # NaN (inf − inf beyond range) passes on
            mag[i] = m
        else:
            mag[i] = max(m, crude) if read > 0 else 0.0
    return out, sign, (math.nan if nan else big), mag
