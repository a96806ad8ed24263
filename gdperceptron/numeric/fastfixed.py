"""Vectorized multi-limb fixed-point balls: the arithmetic under the fast GD engine.

A :class:`Ball` holds an array of real numbers as exact binary midpoints with one shared exponent
and a float64 radius per entry:

    x ∈ [mid − rad, mid + rad],   mid = 2^e · Σ_k D[..., k] · 2^{16k}

with int64 digits ``D`` (little-endian, base 2^16; after :func:`carry` every digit but the top one
lies in [0, 2^16) and the top one in [−2^15, 2^15), i.e. two's complement, so ``mid < 0`` iff the
top digit is negative and ``mid = 0`` iff every digit is 0).

Exactness argument.  Products of two digit arrays are formed with float64 BLAS: every digit has
|digit| ≤ 2^16, so a product is an integer of magnitude ≤ 2^32 and a contraction over at most
2^20 terms (``MAX_CONTRACTION``) keeps every partial sum an integer below 2^52 < 2^53 — float64
represents it exactly whatever the summation order, so the BLAS result *is* the integer result.
Anti-diagonal sums (digit k of a times digit l of b lands at k + l) and carries run in int64,
whose bound 2^62 is never approached.  Midpoints are therefore exact; the only roundings are the
explicit :meth:`Ball.truncate` (keep ``prec`` bits below the largest entry, round toward −∞, error
< one unit 2^{e'} of the new last place, added to the radius of the entries that lost a non-zero
tail) and whatever a caller does outside this module.

Radii are float64 upper bounds.  Every float64 radius expression is followed by :func:`up`, which
multiplies by (1 + 2^-40) — covering the relative error of float64 sums and dot products of up to
2^12 non-negative terms (≤ 2^12 · 2^-53) — and lifts positive results that would underflow to the
smallest subnormal, so a non-zero error is never recorded as 0.  An exactly-zero radius means the
midpoint is the exact value: this is what keeps exactly-zero margins exactly zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LIMB = 16
MASK = (1 << LIMB) - 1
MAX_CONTRACTION = 1 << 20
_SLACK = 1.0 + 2.0 ** -40
TINY = np.nextafter(0.0, 1.0)


def up(r):
    """An upper bound for a non-negative float64 radius expression (see the module docstring)."""
    r = np.asarray(r, dtype=float) * _SLACK
    return np.where(r > 0, np.maximum(r, TINY), 0.0)


def _scaled(x, e: int):
    """x · 2^e for non-negative bounds, lifted to the smallest subnormal instead of underflowing."""
    s = np.ldexp(x, e)
    return np.where(np.asarray(x) > 0, np.maximum(s, TINY), s)


def _prod(x, y):
    """x · y for non-negative bounds, never rounded to 0 when both factors are positive."""
    p = x * y
    return np.where((x > 0) & (y > 0), np.maximum(p, TINY), p)


def carry(S: np.ndarray) -> np.ndarray:
    """Normalize int64 digit sums (|S| < 2^58) to digits; the value Σ S_k 2^{16k} is unchanged."""
    S = np.concatenate([S, np.zeros(S.shape[:-1] + (4,), dtype=np.int64)], axis=-1)
    while True:
        c = S[..., :-1] >> LIMB
        if not c.any():
            break
        S[..., :-1] &= MASK
        S[..., 1:] += c
    return trim(S)


def trim(D: np.ndarray) -> np.ndarray:
    """Drop top digits that only repeat the sign (for every entry at once)."""
    while D.shape[-1] > 1:
        top, below = D[..., -1], D[..., -2]
        if np.all(((top == 0) & (below < 1 << (LIMB - 1))) | ((top == -1) & (below >= 1 << (LIMB - 1)))):
            D = D[..., :-1].copy()
            D[..., -1] = np.where(top == -1, D[..., -1] - (1 << LIMB), D[..., -1])
        else:
            break
    return D


def _antidiagonal(P: np.ndarray, ka: int) -> np.ndarray:
    """P[..., k, l] (digit k of a times digit l of b) summed onto digit k + l, as int64."""
    kb = P.shape[-1]
    P = P.astype(np.int64)
    S = np.zeros(P.shape[:-2] + (ka + kb - 1,), dtype=np.int64)
    for k in range(ka):
        S[..., k:k + kb] += P[..., k, :]
    return S


@dataclass
class Ball:
    D: np.ndarray  # int64 digits, shape (*shape, K)
    e: int  # exponent of digit 0, a multiple of LIMB
    rad: np.ndarray  # float64, shape (*shape)

    @property
    def shape(self):
        return self.D.shape[:-1]

    # -- conversions -------------------------------------------------------------------------
    @classmethod
    def from_ints(cls, ints, e: int, shape=None, rad=None) -> "Ball":
        """Exact midpoints ``ints[i] · 2^e`` (Python ints; ``e`` a multiple of LIMB)."""
        ints = list(ints)
        nbytes = 2 * (max((abs(v).bit_length() for v in ints), default=0) // LIMB + 1)
        buf = b"".join(v.to_bytes(nbytes, "little", signed=True) for v in ints)
        D = np.frombuffer(buf, dtype="<u2").astype(np.int64).reshape(len(ints), nbytes // 2)
        D[:, -1] = np.where(D[:, -1] >= 1 << (LIMB - 1), D[:, -1] - (1 << LIMB), D[:, -1])
        shape = (len(ints),) if shape is None else tuple(shape)
        D = trim(D.reshape(shape + (D.shape[-1],)))
        return cls(D, e, np.zeros(shape) if rad is None else np.asarray(rad, dtype=float).reshape(shape))

    def to_ints(self) -> list[int]:
        """Midpoints as Python ints m with mid = m · 2^e (flattened)."""
        D = self.D.reshape(-1, self.D.shape[-1])
        raw = (D & MASK).astype("<u2")
        k = raw.shape[1]
        return [int.from_bytes(row, "little", signed=True) for row in
                (raw.tobytes()[i * 2 * k:(i + 1) * 2 * k] for i in range(D.shape[0]))]

    def approx(self) -> np.ndarray:
        """float64 midpoints (relative error ≤ K · 2^-53)."""
        k = self.D.shape[-1]
        weights = np.ldexp(1.0, LIMB * np.arange(k) + self.e)
        return self.D.astype(float) @ weights

    def mag(self) -> np.ndarray:
        """Upper bounds of |mid| (a crude 2^{e+16K} where float64 would underflow)."""
        a = np.abs(self.approx()) * _SLACK
        crude = np.maximum(np.ldexp(1.0, self.e + LIMB * self.D.shape[-1]), TINY)
        return np.where(a > 2.0 ** -1000, a, np.where(np.any(self.D, axis=-1), np.maximum(a, crude), 0.0))

    def abs_upper(self) -> np.ndarray:
        """Upper bounds of |x| over each ball."""
        return up(self.mag() + self.rad)

    def sign(self) -> np.ndarray:
        """Exact sign of each midpoint: −1, 0, +1."""
        neg = self.D[..., -1] < 0
        zero = ~np.any(self.D, axis=-1)
        return np.where(neg, -1, np.where(zero, 0, 1))

    def certain_sign(self) -> np.ndarray:
        """Sign of every point of each ball (exact zero counts as 0), or 2 where the ball straddles 0."""
        s = self.sign()
        lower = np.abs(self.approx()) / _SLACK
        ok = (lower > self.rad) | ((s == 0) & (self.rad == 0))
        return np.where(ok, s, 2)

    # -- arithmetic --------------------------------------------------------------------------
    def shifted_to(self, e: int) -> np.ndarray:
        """Digits re-expressed at the smaller exponent ``e`` (exact)."""
        pad = (self.e - e) // LIMB
        return np.concatenate([np.zeros(self.shape + (pad,), dtype=np.int64), self.D], axis=-1)

    def __add__(self, other: "Ball") -> "Ball":
        e = min(self.e, other.e)
        a, b = self.shifted_to(e), other.shifted_to(e)
        k = max(a.shape[-1], b.shape[-1]) + 1
        a = _sign_extend(a, k)
        b = _sign_extend(b, k)
        a, b = np.broadcast_arrays(a, b)
        return Ball(carry(a + b), e, up(self.rad + other.rad))

    def __neg__(self) -> "Ball":
        return Ball(carry(-self.D), self.e, self.rad)

    def flip(self, signs: np.ndarray) -> "Ball":
        """Multiply entry-wise by exact ±1 (broadcast over the leading axes)."""
        return Ball(carry(self.D * signs[..., None]), self.e, self.rad * np.ones_like(signs, dtype=float))

    def __mul__(self, other: "Ball") -> "Ball":
        """Entry-wise product (numpy broadcasting); exact midpoint, radius |a| r_b + |b| r_a + r_a r_b."""
        P = self.D[..., :, None].astype(float) * other.D[..., None, :].astype(float)
        D = carry(_antidiagonal(P, self.D.shape[-1]))
        ra, rb = self.rad, other.rad
        rad = up(_prod(self.mag(), rb) + _prod(other.mag(), ra) + _prod(ra, rb))
        return Ball(D, self.e + other.e, rad)

    def masked(self, mask: np.ndarray) -> "Ball":
        """Entries where ``mask`` holds, exact 0 elsewhere."""
        return Ball(self.D * mask[..., None], self.e, np.where(mask, self.rad, 0.0))

    def sum(self, axis: int) -> "Ball":
        """Exact sum of midpoints along a (non-digit) axis; radii add."""
        return Ball(carry(self.D.sum(axis=axis)), self.e, up(self.rad.sum(axis=axis)))

    def grid(self, prec: int) -> int | None:
        """The last-place exponent :meth:`truncate` would choose (None for an all-zero midpoint)."""
        big = float(np.max(np.abs(self.approx()), initial=0.0))
        return None if big == 0.0 else LIMB * ((int(np.floor(np.log2(big))) - prec) // LIMB)

    def truncate(self, prec: int, min_e: int | None = None) -> "Ball":
        """Keep ``prec`` bits below the largest |entry| (never a last place below ``min_e``); round down."""
        big = float(np.max(np.abs(self.approx()), initial=0.0))
        if big == 0.0 and min_e is None:
            return self
        target = -(10 ** 9) if big == 0.0 else (int(np.floor(np.log2(big))) - prec)
        if min_e is not None:
            target = max(target, min_e)
        new_e = LIMB * (target // LIMB)
        drop = (new_e - self.e) // LIMB
        if drop <= 0:
            return self
        if drop >= self.D.shape[-1]:
            D = _sign_extend(self.D, drop + 1)
        else:
            D = self.D
        lost = np.any(D[..., :drop], axis=-1)
        kept = D[..., drop:]
        rad = up(self.rad + np.where(lost, _scaled(1.0, new_e), 0.0))
        return Ball(trim(kept.copy()), new_e, rad)


def _sign_extend(D: np.ndarray, k: int) -> np.ndarray:
    """Digits padded on top to ``k`` digits (top digits repeat the sign: 0 or −1 with borrow)."""
    extra = k - D.shape[-1]
    if extra <= 0:
        return D
    neg = D[..., -1] < 0
    D = D.copy()
    D[..., -1] = np.where(neg, D[..., -1] + (1 << LIMB), D[..., -1])
    top = np.where(neg, MASK, 0)[..., None] * np.ones(extra, dtype=np.int64)
    top[..., -1] = np.where(neg, -1, 0)
    return np.concatenate([D, top], axis=-1)


def _round_scaled(v, shift: int, prec: int) -> int:
    """The integer nearest v · 2^shift: exact for rationals; irrationals via SymPy's evalf, whose
    error at the ``prec + 64`` bits asked for stays far below the half unit that ``rho`` adds."""
    import sympy as sp

    if v.is_Rational:
        num, den = int(v.p) << max(shift, 0), int(v.q) << max(-shift, 0)
        return (2 * num + den) // (2 * den)
    return int(sp.floor(sp.Float(v.evalf(int((prec + 64) * 0.302) + 5), int((prec + 64) * 0.302) + 5)
                        * sp.Integer(2) ** shift + sp.Rational(1, 2)))


def constant(value, prec: int) -> Ball:
    """A ball around the real ``value`` (a Fraction or int) with ``prec`` bits below its leading bit."""
    from fractions import Fraction

    v = Fraction(value)
    if v == 0:
        return Ball.from_ints([0], 0, shape=())
    e = LIMB * ((abs(v).numerator.bit_length() - abs(v).denominator.bit_length() - prec) // LIMB)
    scaled = v / Fraction(2) ** e
    m = scaled.numerator // scaled.denominator
    exact = m == scaled
    return Ball.from_ints([m], e, shape=(), rad=0.0 if exact else float(np.ldexp(1.0, e)))


@dataclass
class DataMatrix:
    """An n × c data matrix X = 2^e K + E with integer K in digits (Kx, n, c), |E_ij| ≤ rho.

    ``K`` is exact (``rho == 0``) for dyadic rational data; other entries are rounded to the
    nearest multiple of 2^e with e chosen ``prec`` bits below the largest |X_ij|.
    """

    digits: np.ndarray  # float64, (Kx, n, c)
    e: int
    rho: float
    absK: np.ndarray  # float64 upper bounds of |K|, (n, c)

    @classmethod
    def from_exact(cls, rows, prec: int) -> "DataMatrix":
        """Build from exact SymPy entries (``Dataset.X``-like rows)."""
        import sympy as sp

        flat = [v for row in rows for v in row]
        n, c = len(rows), len(rows[0])
        dyadic = all(v.is_Rational and (v.q & (v.q - 1)) == 0 for v in flat)
        if dyadic:
            shift = max(int(v.q).bit_length() - 1 for v in flat)
            e = -LIMB * -(-shift // LIMB)
            ints = [int(v * sp.Integer(2) ** (-e)) for v in flat]
            rho = 0.0
        else:
            big = max(abs(float(v)) for v in flat)
            e = LIMB * ((int(np.floor(np.log2(big))) - prec) // LIMB) if big else 0
            ints = [_round_scaled(v, -e, prec) for v in flat]
            rho = float(np.ldexp(1.0, e))  # half a unit for rounding to nearest, half for evaluating irrationals
        ball = Ball.from_ints(ints, 0, shape=(n, c))
        digits = np.moveaxis(ball.D, -1, 0).astype(float)
        absK = ball.mag()
        if c > MAX_CONTRACTION or n > MAX_CONTRACTION:
            raise ValueError("data matrix too large for exact float64 digit products")
        return cls(digits, e, rho, absK)

    def transpose(self) -> "DataMatrix":
        return DataMatrix(np.ascontiguousarray(np.swapaxes(self.digits, 1, 2)), self.e, self.rho,
                          np.ascontiguousarray(self.absK.T))

    def matmul(self, b: Ball) -> Ball:
        """X @ b, contracting the first axis of ``b`` (shape (c, *rest)); exact midpoint 2^e K mid_b."""
        kx, n, c = self.digits.shape
        rest = b.shape[1:]
        kb = b.D.shape[-1]
        B = b.D.reshape(c, -1).astype(float)
        P = (self.digits.reshape(kx * n, c) @ B).reshape((kx, n) + rest + (kb,))
        P = np.moveaxis(P, 0, -2)  # (n, *rest, kx, kb)
        D = carry(_antidiagonal(P, kx))
        flat_rad = b.rad.reshape(c, -1)
        rad = _scaled(self.absK @ flat_rad, self.e)  # |K| ≥ 1 where non-zero: no underflow before scaling
        if self.rho:
            rad = rad + self.rho * (b.abs_upper().reshape(c, -1).sum(axis=0))[None, :]
        return Ball(D, self.e + b.e, up(rad).reshape((n,) + rest))
