"""Vectorized multi-limb fixed-point balls: the arithmetic under the fast GD engine.

A :class:`Ball` holds an array of real numbers as exact binary midpoints with one shared exponent
and a float64 radius per entry:

    x ∈ [mid − rad, mid + rad],   mid = 2^e · Σ_k D[..., k] · 2^{16k}

with int64 digits ``D`` (little-endian, base 2^16; every digit but the top one lies in [0, 2^16)
and the top one in [−2^15, 2^15), i.e. two's complement, so ``mid < 0`` iff the top digit is
negative and ``mid = 0`` iff every digit is 0).  The integer work on digits — carries, trimming
to the fewest digits, entry-wise products, sums, truncation, float64 read-out — runs in the
compiled kernels of :mod:`.fastkernels`, a handful of calls per operation.

Exactness argument.  Products of the data matrix with digit arrays are formed with float64 BLAS:
every digit has |digit| ≤ 2^16, so a product is an integer of magnitude ≤ 2^32 and a contraction
over at most 2^20 terms (``MAX_CONTRACTION``) keeps every partial sum an integer below 2^52 < 2^53
— float64 represents it exactly whatever the summation order, so the BLAS result *is* the integer
result (:func:`.fastkernels.antidiagonal` checks that each is an integer below 2^53).  The same
argument covers :func:`contract` (digits of two balls, ≤ 2^32 per product) and, for small data,
products with pairs of digits (base 2^32, |pair| ≤ 2^32 + 2^16) when c · max|digit of K| ·
(2^32 + 2^16) < 2^53 (:attr:`DataMatrix.paired`, checked per data matrix).
Anti-diagonal sums (digit k of a times digit l of b lands at k + l), entry-wise products, carries
and truncations run in int64; each kernel checks the bound of its inputs that keeps every
intermediate below 2^63 (digit sums ≤ 2^62 for a carry) and raises rather than wrap around.
Midpoints are therefore exact; the only roundings are the
explicit :meth:`Ball.truncate` (keep ``prec`` bits below the largest entry, round toward −∞, error
< one unit 2^{e'} of the new last place, added to the radius of the entries that lost a non-zero
tail), the digit products that :meth:`Ball.times` with ``keep`` leaves out (bound added to the
radius) and whatever a caller does outside this module.

Radii are float64 upper bounds.  Every float64 radius expression is followed by :func:`up`, which
multiplies by (1 + 2^-40) — covering the relative error of float64 sums and dot products of up to
2^12 non-negative terms (≤ 2^12 · 2^-53); sums over a data axis, which may be longer, go through
:func:`sum_up` (1 + k 2^-52 for k roundings).  Products and scalings that fall below the normal
range (2^-1022), where float64 rounds absolutely and possibly to 0, get the smallest subnormal added
(:func:`.fastkernels.radius_terms`, :func:`_scaled`), so a non-zero error is never recorded as 0 or
rounded down; sums and the relative slack of :func:`up` are sound for normal floats only, so the
engine of :mod:`.fastgd` refuses iterates whose error thresholds would fall below 2^-1000
(:data:`.fastgd.NORMAL_FLOOR`), and :meth:`Ball.certain_sign` decides a sign from the float64
read-out only in the normal range (or exactly, at radius 0).  An exactly-zero radius means the
midpoint is the exact value: this is what keeps exactly-zero margins exactly zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from . import fastkernels as fk

LIMB = fk.LIMB
MASK = fk.MASK
MAX_CONTRACTION = 1 << 20
EXACT_FLOAT = fk.EXACT_FLOAT
_SLACK = fk.SLACK
TINY = fk.TINY


def up(r):
    """An upper bound for a non-negative float64 radius expression (see the module docstring)."""
    return np.asarray(r, dtype=float) * _SLACK


def sum_up(r, k: int):
    """An upper bound for a non-negative exact value that float64 computed as ``r`` from exact
    non-negative terms through at most ``k`` roundings of sums and products on every term's path
    (a sum of c terms in any order: c − 1; a dot product: one more).  Each rounding multiplies by
    at least 1 − 2^-53, so the exact value is at most r (1 − 2^-53)^-k ≤ r (1 + k 2^-52) for
    k ≤ 2^40; :func:`up` then covers the rounding of that product."""
    return up(np.asarray(r, dtype=float) * (1 + k * 2.0 ** -52))


def scalar_bound(x: float, e: int) -> float:
    """An upper bound of x · 2^e for a positive scalar bound x (:func:`_scaled`)."""
    return float(_scaled(np.float64(x), e))


def _scaled(x, e: int):
    """Upper bounds of x · 2^e for non-negative bounds x: exact in the normal range; below it ldexp
    rounds (possibly to 0), so a positive result gets the smallest subnormal added; inf beyond range."""
    s = np.ldexp(x, e)
    low = s < fk.NORMAL
    if not low.any():  # the usual case: all normal (or inf, NaN), exact
        return s
    return np.where(low & (np.asarray(x) > 0), s + TINY, s)


def _top_bit(big: float) -> int:
    """⌊log2 big⌋ of a positive read-out; OverflowError (the engine's "beyond float64 range") for
    inf or NaN."""
    if not math.isfinite(big):
        raise OverflowError("a value left the float64 range of the read-outs")
    return math.frexp(big)[1] - 1


_NO_MAG = np.zeros(1)


def _radius_terms(ra, ia, rb, ib, mag_a, mag_b):
    """|mid a| r_b + |mid b| r_a + r_a r_b for a = entry ia[k] and b = entry ib[k] (flat indices),
    the bound on |xy − mid_a mid_b| over two balls, each product lifted rather than rounded to 0
    (:func:`.fastkernels.radius_terms`); ``mag_a``, ``mag_b`` return the |mid| bounds and are called
    only when needed: a term whose radius factor is exactly 0 everywhere is exactly 0 and skipped."""
    ma = mag_a().reshape(-1) if rb.any() else _NO_MAG
    mb = mag_b().reshape(-1) if ra.any() else _NO_MAG
    if (ma is not _NO_MAG and ma.size != ra.size) or (mb is not _NO_MAG and mb.size != rb.size):
        raise ValueError("radius and magnitude arrays of a ball differ in size")
    return fk.radius_terms(ra.reshape(-1), ia, rb.reshape(-1), ib, ma, mb)


def _rows(D: np.ndarray) -> np.ndarray:
    """Digits of shape (*shape, K) as a C-contiguous (N, K) int64 array for the kernels."""
    return np.ascontiguousarray(D.reshape(-1, D.shape[-1]), dtype=np.int64)


def carry(S: np.ndarray) -> np.ndarray:
    """Normalize int64 digit sums (|S| ≤ 2^62) to minimal digits of the same values Σ S_k 2^{16k}
    (see :func:`.fastkernels.normalize`)."""
    return fk.normalize(_rows(S)).reshape(S.shape[:-1] + (-1,))


def trim(D: np.ndarray) -> np.ndarray:
    """Drop the top digits that only repeat the sign (for every entry at once)."""
    return fk.trim(_rows(D)).reshape(D.shape[:-1] + (-1,))


@lru_cache(maxsize=256)
def _index(shape: tuple, out: tuple) -> np.ndarray:
    """For each entry of the broadcast shape ``out``, the flat index of the entry of ``shape``
    that broadcasting maps to it (cached: never written to)."""
    return np.ascontiguousarray(np.broadcast_to(np.arange(math.prod(shape)).reshape(shape), out).reshape(-1))


@lru_cache(maxsize=256)
def _moved(shape: tuple, axes: tuple) -> np.ndarray:
    """The flat indices of an array of ``shape`` read with ``axes`` moved to the end (in order, in C
    order), as :func:`contract` pairs them with b (cached: never written to)."""
    keep = tuple(x for x in range(len(shape)) if x not in axes)
    return np.ascontiguousarray(np.arange(math.prod(shape)).reshape(shape).transpose(keep + axes).reshape(-1))


@dataclass
class Ball:
    D: np.ndarray  # int64 digits, shape (*shape, K)
    e: int  # exponent of digit 0
    rad: np.ndarray  # float64, shape (*shape)
    _approx: np.ndarray | None = field(default=None, repr=False, compare=False)
    _balanced: np.ndarray | None = field(default=None, repr=False, compare=False)
    _sign: np.ndarray | None = field(default=None, repr=False, compare=False)
    _big: float = field(default=0.0, repr=False, compare=False)
    _mag: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def shape(self):
        return self.D.shape[:-1]

    # -- conversions -------------------------------------------------------------------------
    @classmethod
    def from_ints(cls, ints, e: int, shape=None, rad=None) -> "Ball":
        """Exact midpoints ``ints[i] · 2^e`` (Python ints)."""
        ints = list(ints)
        nbytes = 2 * (max(max(ints, default=0), -min(ints, default=0)).bit_length() // LIMB + 1)
        buf = b"".join(v.to_bytes(nbytes, "little", signed=True) for v in ints)
        D = np.frombuffer(buf, dtype="<u2").astype(np.int64).reshape(len(ints), nbytes // 2)
        D[:, -1] = np.where(D[:, -1] >= 1 << (LIMB - 1), D[:, -1] - (1 << LIMB), D[:, -1])
        shape = (len(ints),) if shape is None else tuple(shape)
        D = trim(D.reshape(shape + (D.shape[-1],)))
        return cls(D, e, np.zeros(shape) if rad is None else np.asarray(rad, dtype=float).reshape(shape))

    def to_ints(self) -> list[int]:
        """Midpoints as Python ints m with mid = m · 2^e (flattened)."""
        D = self.D.reshape(-1, self.D.shape[-1])
        buf, k = (D & MASK).astype("<u2").tobytes(), 2 * D.shape[1]
        return [int.from_bytes(buf[i:i + k], "little", signed=True) for i in range(0, len(buf), k)]

    def balanced(self) -> np.ndarray:
        """The digits as floats in [−2^15, 2^15] (same value): a digit ≥ 2^15 becomes d − 2^16 and
        lends 1 to the next.  Then |mid| ≥ (|top non-zero digit| − 1/2 − 2^-16) 2^{16·top} ≥
        Σ|digit terms| / 3, so a float64 sum of the digit terms has relative error ≤ 3K·2^-53 — no
        cancellation, however a small negative entry is sign-extended in a wide block.  Cached."""
        if self._balanced is None:
            self._balanced = fk.balanced(_rows(self.D)).reshape(self.D.shape)
        return self._balanced

    def _summary(self):
        if self._approx is None:
            approx, sign, self._big, mag = fk.approx_sign(_rows(self.D), self.e)
            self._approx, self._sign = approx.reshape(self.shape), sign.reshape(self.shape)
            if self._mag is None:
                self._mag = mag.reshape(self.shape)

    def approx(self) -> np.ndarray:
        """float64 midpoints (relative error < 2^-48 in the normal range, see
        :func:`.fastkernels.approx_sign`); cached — a Ball's digits are never changed in place."""
        self._summary()
        return self._approx

    def sign(self) -> np.ndarray:
        """Exact sign of each midpoint: −1, 0, +1 (cached with :meth:`approx`)."""
        self._summary()
        return self._sign

    def big(self) -> float:
        """max |:meth:`approx`| (0.0 for no entries, NaN if a read-out is NaN); cached."""
        self._summary()
        return self._big

    def with_rad(self, rad: np.ndarray) -> "Ball":
        """The same midpoints (sharing the cached read-outs) with radii ``rad``."""
        return Ball(self.D, self.e, rad, self._approx, self._balanced, self._sign, self._big, self._mag)

    def mag(self) -> np.ndarray:
        """Upper bounds of |mid| (a crude 2^{e+16K} where float64 would underflow; read out with
        :meth:`approx` by :func:`.fastkernels.approx_sign`); cached."""
        if self._mag is None:
            self._summary()
        return self._mag

    def abs_upper(self) -> np.ndarray:
        """Upper bounds of |x| over each ball."""
        return up(self.mag() + self.rad)

    def certain_sign(self, rad: np.ndarray | None = None) -> np.ndarray:
        """Sign of every point of each ball (exact zero counts as 0), or 2 where the ball straddles 0;
        with ``rad``, of the balls with these radii around the same midpoints (the read-outs stay
        cached on this ball)."""
        rad = self.rad if rad is None else rad
        s = self.sign()
        a = np.abs(self.approx())
        # radius 0: the midpoint is the value and its sign exact; otherwise |approx| / (1 + 2^-40)
        # bounds |mid| from below only where the read-out is in the normal range (it drops digits
        # whose powers of two underflow)
        ok = (rad == 0) | ((a / _SLACK > rad) & (a > 2.0 ** -1000))
        return np.where(ok, s, 2)

    # -- arithmetic --------------------------------------------------------------------------
    def __add__(self, other: "Ball") -> "Ball":
        """Entry-wise sum (numpy broadcasting), exact midpoint at the smaller exponent."""
        e = min(self.e, other.e)
        shape = np.broadcast_shapes(self.shape, other.shape)
        D = fk.add(_rows(self.D), _index(self.shape, shape), self.e - e,
                   _rows(other.D), _index(other.shape, shape), other.e - e)
        return Ball(D.reshape(shape + (-1,)), e, up(self.rad + other.rad))

    def __mul__(self, other: "Ball") -> "Ball":
        """Entry-wise product, ``other`` broadcasting against ``self`` (each of its axes of length 1
        or equal; or a scalar); exact midpoint (:func:`.fastkernels.product`, int64 digit
        convolutions), radius |a| r_b + |b| r_a + r_a r_b."""
        return self.times(other)

    def times(self, other: "Ball", keep: int | None = None) -> "Ball":
        """``self * other``; with ``keep``, the digit products that land more than ~``keep`` + 8
        bits below the largest |product| (as read out from the factors) are left out — the part
        left out, bounded by :func:`.fastkernels.short_error`, goes into the radius of every entry
        whose factors are both non-zero — for a caller that truncates to ``keep`` bits next."""
        sa, sb = self.shape, other.shape
        if sb and (len(sb) != len(sa) or any(b not in (1, a) for a, b in zip(sa, sb))):
            raise ValueError(f"cannot broadcast {sb} onto {sa}")
        e, low = self.e + other.e, 0
        if keep is not None:
            big = float(np.max(np.abs(self.approx()) * np.abs(other.approx()), initial=0.0))
            if big > 0 and math.isfinite(big):
                low = max((_top_bit(big) - keep - e - 24) // LIMB, 0)
                low = min(low, self.D.shape[-1] + other.D.shape[-1] - 2)
        D = fk.product(_rows(self.D), _rows(other.D), _index(sb, sa), low)
        rad = _radius_terms(self.rad, _index(sa, sa), other.rad, _index(sb, sa), self.mag, other.mag).reshape(sa)
        if low:
            c, x = fk.short_error(low)
            rad = rad + np.where((self.sign() != 0) & (other.sign() != 0), scalar_bound(float(c), e + x), 0.0)
        return Ball(D.reshape(sa + (-1,)), e + LIMB * low, up(rad))

    def plus_raw(self, S: np.ndarray, e: int) -> "Ball":
        """self + S · 2^e for unnormalized int64 digit sums S (|S| ≤ 2^61) of the same shape,
        exact midpoint.

        Needs e − self.e to be a multiple of LIMB, unless every midpoint is 0."""
        if not np.any(self.D):
            return Ball(carry(S), e, self.rad)
        if (e - self.e) % LIMB:
            raise ValueError("plus_raw: misaligned exponents")
        lo = min(e, self.e)
        rows = _index(self.shape, self.shape)
        D = fk.add(_rows(self.D), rows, self.e - lo, _rows(S), rows, e - lo)
        return Ball(D.reshape(self.shape + (-1,)), lo, self.rad)

    def grid(self, prec: int) -> int | None:
        """The last-place exponent :meth:`truncate` would choose (None for an all-zero midpoint)."""
        big = self.big()
        return None if big == 0.0 else _top_bit(big) - prec

    def truncate(self, prec: int, min_e: int | None = None, among: np.ndarray | None = None) -> "Ball":
        """Keep ``prec`` bits below the largest |entry| (of the entries where ``among`` holds, if
        given; never a last place below ``min_e``); round down."""
        big = self.big() if among is None else float(np.max(np.abs(self.approx())[among], initial=0.0))
        if big == 0.0 and min_e is None:
            return Ball(trim(self.D), self.e, self.rad)
        target = -(10 ** 9) if big == 0.0 else _top_bit(big) - prec
        if min_e is not None:
            target = max(target, min_e)
        drop = (target - self.e) // LIMB
        if drop <= 0:
            return Ball(trim(self.D), self.e, self.rad)
        new_e = self.e + LIMB * drop
        kept, lost = fk.truncate(_rows(self.D), drop)
        rad = up(self.rad + np.where(lost.reshape(self.shape), scalar_bound(1.0, new_e), 0.0))
        return Ball(kept.reshape(self.shape + (-1,)), new_e, rad)


def pick(mask: np.ndarray, a: Ball, ia: np.ndarray, b: Ball, ib: np.ndarray) -> Ball:
    """The ball array of ``mask``'s shape whose entry t (flat) is entry ``ia[t]`` of a (flattened)
    where ``mask`` holds and entry ``ib[t]`` of b elsewhere: exact midpoints at the smaller exponent
    (:func:`.fastkernels.add` of the chosen row and an appended zero row), radii copied."""
    m = mask.reshape(-1)
    e = min(a.e, b.e)
    A = np.concatenate([_rows(a.D), np.zeros((1, a.D.shape[-1]), dtype=np.int64)])
    B = np.concatenate([_rows(b.D), np.zeros((1, b.D.shape[-1]), dtype=np.int64)])
    D = fk.add(A, np.where(m, ia, len(A) - 1), a.e - e, B, np.where(m, len(B) - 1, ib), b.e - e)
    rad = np.where(m, a.rad.reshape(-1)[ia], b.rad.reshape(-1)[ib])
    return Ball(D.reshape(mask.shape + (-1,)), e, rad.reshape(mask.shape))


def join(a: Ball, b: Ball) -> Ball:
    """The vectors a and b end to end, exact at the smaller exponent (:func:`pick`)."""
    na, nb = a.shape[0], b.shape[0]
    idx = np.arange(na + nb)
    return pick(idx < na, a, np.minimum(idx, na - 1), b, np.maximum(idx - na, 0))


def contract(A: Ball, b: Ball, axes: tuple) -> Ball:
    """Σ_t A[..t..] b_t over the ``axes`` of A taken together (t runs over them in C order, c
    entries, b of shape (c,)): exact midpoint through float64 BLAS — every digit of A and b has
    magnitude ≤ 2^16, so a digit product is an integer ≤ 2^32 and a sum of c ≤ MAX_CONTRACTION of
    them stays below 2^53 (exact, as for :class:`DataMatrix`); for short contractions over trailing
    axes (c · 2^16 (2^32 + 2^16) < 2^53, c ≤ 31), b's digits go in pairs (:func:`.fastkernels.pairs`),
    half the BLAS work.  Radius Σ_t (|mid A_t| r_{b,t} + r_{A,t} |b_t|) with |b_t| ≤ mid + radius."""
    nd = len(A.shape)
    keep = tuple(x for x in range(nd) if x not in axes)
    rest = tuple(A.shape[x] for x in keep)
    c = math.prod(A.shape[x] for x in axes)
    if b.shape != (c,):
        raise ValueError("contract: b must be a vector of the contracted length")
    if c > MAX_CONTRACTION:
        raise ValueError("contract: too many terms for exact float64 digit products")
    if tuple(axes) == tuple(range(len(axes))):  # leading axes: b's digits on the left, no transpose
        P = b.D.T.astype(float) @ A.D.astype(float).reshape(c, -1)  # (K_b, *rest, K_A)
        S = fk.antidiagonal(P.reshape(b.D.shape[-1], -1, A.D.shape[-1]), 1)
    else:
        F = np.ascontiguousarray(A.D.transpose((nd,) + keep + tuple(axes)), dtype=float)  # (K_A, *rest, *axes)
        paired = c * fk.DIGIT_BOUND * (2.0 ** 32 + 2.0 ** 16) < EXACT_FLOAT and b.D.shape[-1] > 1
        B = fk.pairs(_rows(b.D)) if paired else b.D.astype(float)
        P = F.reshape(-1, c) @ B
        S = fk.antidiagonal(P.reshape(F.shape[0], -1, B.shape[-1]), 2 if paired else 1)
    terms = _radius_terms(A.rad, _moved(A.shape, tuple(axes)), b.rad, _index((c,), rest + (c,)), A.mag, b.mag)
    return Ball(carry(S).reshape(rest + (-1,)), A.e + b.e, sum_up(terms.reshape(rest + (c,)).sum(axis=-1), c + 2))


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
    def from_dataset(cls, data, prec: int, signs=None) -> "DataMatrix":
        """X of a :class:`gdperceptron.Dataset`, rows times ``signs`` if given.  Dyadic data are exact
        (``Dataset.dyadic_int64`` / ``dyadic_ints``, cached on the data set); other entries are rounded
        to the nearest multiple of 2^e, e = ``prec`` bits below the largest |X_ij|."""
        if data.dyadic_int64 is not None:
            K, e = data.dyadic_int64
            if signs is not None:
                K = K * np.asarray(signs, dtype=np.int64)[:, None]
            return cls._from_int64(K, e)
        n, c = data.n, data.d
        if data.dyadic_ints is not None:
            ints, e = data.dyadic_ints
            rho = 0.0
        else:
            flat = [v for row in data.X for v in row]
            big = max(abs(float(v)) for v in flat)
            e = int(np.floor(np.log2(big))) - prec if big else 0
            ints = [_round_scaled(v, -e, prec) for v in flat]
            rho = float(np.ldexp(1.0, e))  # half a unit for rounding to nearest, half for evaluating irrationals
        if signs is not None:
            ints = [v * int(signs[i // c]) for i, v in enumerate(ints)]
        ball = Ball.from_ints(ints, 0, shape=(n, c))
        digits = np.ascontiguousarray(np.moveaxis(ball.D, -1, 0).astype(float))
        absK = ball.mag()
        if c > MAX_CONTRACTION or n > MAX_CONTRACTION:
            raise ValueError("data matrix too large for exact float64 digit products")
        return cls(digits, e, rho, absK)

    @classmethod
    def _from_int64(cls, K: np.ndarray, e: int) -> "DataMatrix":
        """Exact X = 2^e K for an int64 matrix K (|K| < 2^60)."""
        if max(K.shape) > MAX_CONTRACTION:
            raise ValueError("data matrix too large for exact float64 digit products")
        D = trim(carry(K[..., None]))
        ball = Ball(D, 0, np.zeros(K.shape))
        return cls(np.ascontiguousarray(np.moveaxis(D, -1, 0).astype(float)), e, 0.0, ball.mag())

    @cached_property
    def rowbits(self) -> int:
        """⌈log2⌉ of the largest row sum of |K| (bits a product K w adds above w's grid)."""
        return int(np.ceil(np.log2(max(float(self.absK.sum(axis=1).max()), 1.0))))

    def transpose(self) -> "DataMatrix":
        return DataMatrix(np.ascontiguousarray(np.swapaxes(self.digits, 1, 2)), self.e, self.rho,
                          np.ascontiguousarray(self.absK.T))

    def matmul(self, b: Ball, take: np.ndarray | None = None) -> Ball:
        """X @ b, contracting the first axis of ``b`` (shape (c, *rest)); exact midpoint 2^e K mid_b.
        With ``take`` (integers of shape (c, *rest)), X @ b[take] for b's entries taken by flat
        index, without forming b[take]."""
        c = self.digits.shape[2]
        rad_b = b.rad if take is None else b.rad.reshape(-1)[take]
        rest = rad_b.shape[1:]
        D = carry(self.raw(b.D, take))
        rad = self.bound(rad_b)
        if self.rho:
            mag = b.abs_upper() if take is None else b.abs_upper().reshape(-1)[take]
            rad = sum_up(rad + self.rho * mag.reshape(c, -1).sum(axis=0).reshape(rest), c + 2)
        return Ball(D, self.e + b.e, rad)

    @cached_property
    def paired(self) -> bool:
        """Whether products with *pairs* of digits are exact: a pair d_0 + 2^16 d_1 of normalized
        digits has magnitude ≤ 2^32 + 2^16, so c of its products with digits of K stay below 2^53
        when c · max|digit of K| · (2^32 + 2^16) < 2^53 (data of ≤ 12 bits for c ≤ 2^8)."""
        c = self.digits.shape[2]
        return c * float(np.max(np.abs(self.digits), initial=0.0)) * (2.0 ** 32 + 2.0 ** 16) < EXACT_FLOAT

    def raw(self, B: np.ndarray, take: np.ndarray | None = None) -> np.ndarray:
        """Unnormalized int64 digit sums of K @ (digits ``B`` of shape (c, *rest, K_b)), or of
        K @ B[take] for B's rows taken by flat index (``take`` of shape (c, *rest)): each digit
        product is an integer below 2^53 (module docstring; with :attr:`paired`, B's digits go in
        pairs, half the BLAS work) and a sum has at most K_x of them; the result has K_x + K_b − 1
        digits (one more when pairing pads an odd K_b)."""
        kx, n, c = self.digits.shape
        rows = _rows(B)
        if self.paired and B.shape[-1] > 1:
            stride, F = 2, fk.pairs(rows)
        else:
            stride, F = 1, rows.astype(float)
        shape = B.shape[:-1]
        if take is not None:
            F, shape = F[take.reshape(-1)], take.shape
        kb = F.shape[-1]
        P = self.digits.reshape(kx * n, c) @ F.reshape(c, -1)
        return fk.antidiagonal(P.reshape(kx, -1, kb), stride).reshape((n,) + shape[1:] + (-1,))

    def bound(self, r: np.ndarray) -> np.ndarray:
        """Upper bound of |X| r for non-negative r of shape (c, *rest)."""
        c = r.shape[0]
        if not self.rho and not r.any():  # |X| 0 = 0
            return np.zeros((self.absK.shape[0],) + r.shape[1:])
        flat = r.reshape(c, -1)
        out = _scaled(self.absK @ flat, self.e)  # |K| ≥ 1 where non-zero: no underflow before scaling
        if self.rho:
            out = out + self.rho * flat.sum(axis=0)[None, :]
        return sum_up(out, c + 2).reshape((self.absK.shape[0],) + r.shape[1:])
