"""The compiled digit kernels (numeric/fastkernels.py) against Python integers, which are exact.

A digit row D[i] stands for Σ_k D[i, k] 2^{16k}.  Every kernel output is checked by
:func:`assert_digits`: normalized (digits below the top in [0, 2^16), top in [−2^15, 2^15)),
minimal (no narrower width holds every row) and of the row values a pure-Python computation gives.
Inputs stress the edges: 2^16 − 1 fills (long carries), ±2^15 tops, sums at ±2^62, negatives.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdperceptron.numeric import fastkernels as fk

B = 1 << 16


def value(row) -> int:
    return sum(int(d) << (16 * k) for k, d in enumerate(row))


def need(v: int) -> int:
    """Fewest digits whose two's complement holds v."""
    m = 1
    while not -(1 << (16 * m - 1)) <= v < 1 << (16 * m - 1):
        m += 1
    return m


def encode(values, width) -> np.ndarray:
    """Normalized digits of Python ints at ``width`` ≥ their need (sign fill above)."""
    rows = [[(v >> (16 * k)) & (B - 1) for k in range(width - 1)] + [v >> (16 * (width - 1))] for v in values]
    return np.array(rows, dtype=np.int64).reshape(len(values), width)


def assert_digits(D, values):
    """D is a minimal normalized int64 digit array whose rows are ``values``."""
    assert D.dtype == np.int64 and D.ndim == 2 and D.shape[0] == len(values)
    if D.shape[0]:
        assert ((D[:, :-1] >= 0) & (D[:, :-1] < B)).all(), "a digit below the top is outside [0, 2^16)"
        assert ((D[:, -1] >= -(B // 2)) & (D[:, -1] < B // 2)).all(), "a top digit is outside [-2^15, 2^15)"
    assert D.shape[1] == max((need(v) for v in values), default=1), "not the minimal width"
    assert [value(row) for row in D] == list(values)


# -- strategies ----------------------------------------------------------------------------------
EDGE_DIGITS = [0, 1, B - 1, B // 2, B // 2 - 1, -(B // 2), -1]
digit_sums = st.one_of(st.sampled_from([0, 1, -1, B - 1, B, -B, fk.SUM_BOUND, -fk.SUM_BOUND, fk.SUM_BOUND - 1]),
                       st.integers(-fk.SUM_BOUND, fk.SUM_BOUND))


@st.composite
def sum_arrays(draw, max_rows=4, max_width=5):
    n, k = draw(st.integers(0, max_rows)), draw(st.integers(1, max_width))
    flat = draw(st.lists(digit_sums, min_size=n * k, max_size=n * k))
    return np.array(flat, dtype=np.int64).reshape(n, k)


def edgy_ints(max_digits=12):
    """Python ints made of edge digits (long runs of 2^16 − 1, ±2^15 tops) or drawn at random."""
    built = st.lists(st.sampled_from(EDGE_DIGITS), min_size=1, max_size=max_digits).map(value)
    return st.one_of(built, st.integers(-(1 << (16 * max_digits - 1)), (1 << (16 * max_digits - 1)) - 1))


@st.composite
def digit_arrays(draw, min_rows=0, max_rows=5, values=None):
    """(values, normalized digits at a width ≥ minimal: sign fills above are allowed)."""
    vals = values if values is not None else draw(st.lists(edgy_ints(), min_size=min_rows, max_size=max_rows))
    width = max((need(v) for v in vals), default=1) + draw(st.integers(0, 3))
    return vals, encode(vals, width)


# -- the comparison helper can fail -----------------------------------------------------------------
def test_the_helper_catches_wrong_kernel_results():
    S = np.array([[B, B - 1]], dtype=np.int64)  # 2^16 + (2^16 − 1) 2^16 = 2^32: the carry reaches digit 2
    right = fk.normalize(S)
    assert_digits(right, [1 << 32])
    wrong = [right[:, :-1],  # carry dropping the top carry
             np.array([[0, B, 0]], dtype=np.int64),  # the same value, one carry left unpropagated
             np.array([[0, 0, 1, 0]], dtype=np.int64),  # the same value, one digit too wide
             right + np.array([[1, 0, 0]])]  # off by one
    for D in wrong:
        with pytest.raises(AssertionError):
            assert_digits(D, [1 << 32])


# -- kernels ---------------------------------------------------------------------------------------
@given(sum_arrays())
def test_normalize(S):
    assert_digits(fk.normalize(S), [value(row) for row in S])


def test_normalize_extremes_and_its_bound():
    S = np.full((2, 6), fk.SUM_BOUND, dtype=np.int64)
    S[1] = -fk.SUM_BOUND
    assert_digits(fk.normalize(S), [value(row) for row in S])
    for bad in (fk.SUM_BOUND + 1, -fk.SUM_BOUND - 1):
        with pytest.raises(ValueError):
            fk.normalize(np.array([[0, bad]], dtype=np.int64))


@given(digit_arrays())
def test_trim(case):
    vals, D = case
    assert_digits(fk.trim(D), vals)


@given(digit_arrays(), st.integers(0, 16))
def test_truncate_is_the_floor_and_reports_lost_digits(case, drop):
    vals, D = case
    kept, lost = fk.truncate(D, drop)
    assert_digits(kept, [v >> (16 * drop) for v in vals])
    assert lost.tolist() == [v % (1 << (16 * drop)) != 0 for v in vals]


@given(digit_arrays(min_rows=1), st.data())
def test_product(case, data):
    a, A = case
    b, Bd = data.draw(digit_arrays(min_rows=1))
    ib = np.array(data.draw(st.lists(st.integers(0, len(b) - 1), min_size=len(a), max_size=len(a))), dtype=np.int64)
    assert_digits(fk.product(A, Bd, ib, 0), [x * b[j] for x, j in zip(a, ib)])
    top = A.shape[1] + Bd.shape[1] - 2  # the highest cut that leaves a digit
    if top < 1:
        return
    low = data.draw(st.integers(1, top))
    short = fk.product(A, Bd, ib, low)
    want = [sum(int(A[i, k]) * int(Bd[j, m]) << (16 * (k + m)) for k in range(A.shape[1]) for m in range(Bd.shape[1])
                if k + m >= low) for i, j in enumerate(ib)]
    assert all(w % (1 << (16 * low)) == 0 for w in want)  # the digits below the cut are 0 ...
    assert_digits(short, [w >> (16 * low) for w in want])  # ... and the kernel returns the rest
    c, x = fk.short_error(low)
    assert all(abs(v * b[j] - s) < c << x for v, j, s in zip(a, ib, want))


def test_short_product_check_catches_a_wrong_cut():
    A, Bd, ib = encode([-(2 ** 90) - 12345], 7), encode([2 ** 70 + 2 ** 40 + 99], 6), np.zeros(1, dtype=np.int64)
    want = [sum(int(A[0, k]) * int(Bd[0, m]) << (16 * (k + m)) for k in range(7) for m in range(6) if k + m >= 3)]
    assert_digits(fk.product(A, Bd, ib, 3), [want[0] >> 48])
    for wrong in (2, 4):  # a product cut one digit off, read at its own digit offset
        got = value(fk.product(A, Bd, ib, wrong)[0]) << (16 * wrong)
        assert got != want[0]


def test_product_rejects_a_cut_beyond_its_digits():
    A, Bd, ib = encode([5], 2), encode([7], 3), np.zeros(1, dtype=np.int64)
    assert_digits(fk.product(A, Bd, ib, 3), [0])  # every digit product lands below digit 3
    with pytest.raises(ValueError):
        fk.product(A, Bd, ib, 4)


def test_product_rejects_unnormalized_digits():
    with pytest.raises(ValueError):
        fk.product(np.array([[B + 1]], dtype=np.int64), np.array([[1]], dtype=np.int64), np.zeros(1, dtype=np.int64), 0)


@given(digit_arrays(min_rows=1), st.data(), st.integers(0, 70), st.integers(0, 70))
def test_add(case, data, sa, sb):
    a, A = case
    b, Bd = data.draw(digit_arrays(min_rows=1))
    n = data.draw(st.integers(0, 5))
    ia = np.array(data.draw(st.lists(st.integers(0, len(a) - 1), min_size=n, max_size=n)), dtype=np.int64)
    ib = np.array(data.draw(st.lists(st.integers(0, len(b) - 1), min_size=n, max_size=n)), dtype=np.int64)
    assert_digits(fk.add(A, ia, sa, Bd, ib, sb), [(a[i] << sa) + (b[j] << sb) for i, j in zip(ia, ib)])


@given(sum_arrays(), sum_arrays())
def test_add_takes_unnormalized_sums_up_to_its_bound(S, T):
    S, T = S >> 1, T >> 1  # |S|, |T| ≤ 2^61
    n = min(len(S), len(T))
    idx = np.arange(n, dtype=np.int64)
    assert_digits(fk.add(S, idx, 0, T, idx, 0), [value(S[i]) + value(T[i]) for i in range(n)])


def test_add_bound():
    one, row = np.array([[1]], dtype=np.int64), np.zeros(1, dtype=np.int64)
    assert_digits(fk.add(np.array([[fk.SUM_BOUND >> 1]], dtype=np.int64), row, 0, one, row, 0), [(1 << 61) + 1])
    for big, shift in ((fk.SUM_BOUND, 0), ((1 << 46) + 1, 15), (-(1 << 46) - 1, 31)):
        with pytest.raises(ValueError):
            fk.add(np.array([[big]], dtype=np.int64), row, shift, one, row, 0)


@given(st.integers(1, 4), st.integers(0, 3), st.integers(1, 4), st.integers(1, 3), st.data())
def test_antidiagonal(ka, n, kb, stride, data):
    exact = st.one_of(st.sampled_from([0.0, float(fk.EXACT_FLOAT - 1), -float(fk.EXACT_FLOAT - 1)]),
                      st.integers(-(fk.EXACT_FLOAT - 1), fk.EXACT_FLOAT - 1).map(float))
    flat = data.draw(st.lists(exact, min_size=ka * n * kb, max_size=ka * n * kb))
    P = np.array(flat, dtype=float).reshape(ka, n, kb)
    S = fk.antidiagonal(P, stride)
    width = ka + stride * (kb - 1)
    assert S.dtype == np.int64 and S.shape == (n, width)
    # the row values: digit k at 2^{16k} times chunk l at 2^{16·stride·l}
    assert [value(row) for row in S] == [sum(int(P[k, i, m]) << (16 * (k + stride * m))
                                             for k in range(ka) for m in range(kb)) for i in range(n)]
    assert S.tolist() == [[sum(int(P[k, i, m]) for k in range(ka) for m in range(kb) if k + stride * m == j)
                           for j in range(width)] for i in range(n)]


@pytest.mark.parametrize("bad", [0.5, float(fk.EXACT_FLOAT), float("nan")])
def test_antidiagonal_rejects_inexact_products(bad):
    with pytest.raises(ValueError):
        fk.antidiagonal(np.array([[[1.0, bad]]]), 1)


@given(digit_arrays())
def test_pairs_keep_the_value_in_base_2_32(case):
    vals, D = case
    P = fk.pairs(D)
    assert P.dtype == np.float64 and P.shape == (len(vals), (D.shape[1] + 1) // 2)
    assert [sum(int(p) << (32 * j) for j, p in enumerate(row)) for row in P] == vals
    assert all(float(int(p)) == p for p in P.reshape(-1))


def test_pairs_check_catches_wrong_pairing():
    D = encode([-(2 ** 40) + 12345, 2 ** 47 + 1], 3)
    right = [sum(int(p) << (32 * j) for j, p in enumerate(row)) for row in fk.pairs(D)]
    swapped = fk.pairs(D[:, [1, 0, 2]])  # digits paired in the wrong order
    assert right == [-(2 ** 40) + 12345, 2 ** 47 + 1]
    assert [sum(int(p) << (32 * j) for j, p in enumerate(row)) for row in swapped] != right
    with pytest.raises(ValueError):
        fk.pairs(np.array([[B + 1]], dtype=np.int64))


@given(digit_arrays())
def test_balanced_digits_keep_the_value(case):
    vals, D = case
    Bf = fk.balanced(D)
    assert (np.abs(Bf) <= B // 2).all() and (Bf == np.round(Bf)).all()
    assert [sum(int(b) << (16 * k) for k, b in enumerate(row)) for row in Bf] == vals


@given(digit_arrays(), st.integers(-300, 300))
def test_approx_sign(case, e):
    vals, D = case
    approx, sign, big, mag = fk.approx_sign(D, e)
    assert sign.tolist() == [(v > 0) - (v < 0) for v in vals]
    K = D.shape[1]
    for a, m, v in zip(approx, mag, vals):
        exact = Fraction(v) * Fraction(2) ** e
        assert abs(Fraction(float(a)) - exact) <= abs(exact) * 3 * K * Fraction(1, 2 ** 53)
        assert abs(exact) <= Fraction(float(m)) <= abs(exact) * (1 + Fraction(1, 2 ** 39))  # a tight bound
    assert big == max((abs(a) for a in approx), default=0.0)


def test_magnitudes_below_the_normal_range_are_still_bounds():
    """2^-1040 · (small rows): the float64 read-out underflows or loses relative accuracy; the bound
    falls back to 2^{e+16K} ≥ |row| 2^e, never below the value, and 0 stays exactly 0."""
    vals = [0, 1, -3, 12345, -(1 << 40)]
    for e in (-1040, -1080, -1200):
        _, sign, _, mag = fk.approx_sign(encode(vals, 4), e)
        for m, v, s in zip(mag, vals, sign):
            assert Fraction(float(m)) >= abs(Fraction(v) * Fraction(2) ** e)
            assert (m == 0) == (v == 0) == (s == 0)


def test_approx_reads_a_wide_block_from_its_leading_digits():
    """A tiny negative entry sign-extended in a wide block reads as itself (no cancellation)."""
    vals = [-1, -(1 << 100) - 7, 1 << 180]
    approx = fk.approx_sign(encode(vals, 14), 0)[0]
    assert approx.tolist() == [float(v) for v in vals]
    assert math.isinf(fk.approx_sign(encode([1 << 40], 4), 1000)[0][0])


def test_radius_terms_never_round_a_positive_bound_to_zero():
    """Products of 10^-200 underflow to 0 in float64; the kernel lifts each to the smallest
    subnormal (so the ball is not taken for exact), keeps exact zeros exact, passes NaN on, and
    broadcasts through its index arrays."""
    one = np.zeros(1, dtype=np.int64)
    tiny = np.array([1e-200])
    got = fk.radius_terms(tiny, one, tiny, one, tiny, tiny)
    assert got[0] == 3 * fk.TINY and 1e-200 * 1e-200 == 0.0
    assert fk.radius_terms(np.zeros(1), one, np.zeros(1), one, tiny, tiny)[0] == 0.0
    assert np.isnan(fk.radius_terms(np.array([np.nan]), one, np.zeros(1), one, tiny, tiny)[0])
    ra, rb, ma, mb = np.array([1.0, 2.0]), np.array([0.5]), np.array([3.0, 4.0]), np.array([10.0])
    got = fk.radius_terms(ra, np.arange(2), rb, np.zeros(2, dtype=np.int64), ma, mb)
    assert got.tolist() == [3.0 * 0.5 + 10.0 * 1.0 + 0.5, 4.0 * 0.5 + 10.0 * 2.0 + 1.0]


def test_subnormal_products_are_rounded_up():
    """10^-160 · 10^-160 = 10^-320 is subnormal: float64 rounds it by up to half the smallest
    subnormal; the bound must still be at least the exact product (a bare float product is not)."""
    x = 1e-160
    one = np.zeros(1, dtype=np.int64)
    exact = Fraction(x) * Fraction(x)
    got = fk.radius_terms(np.zeros(1), one, np.array([x]), one, np.array([x]), np.zeros(1))[0]
    assert Fraction(float(got)) >= exact
    assert any(Fraction(float(a) * float(b)) < Fraction(a) * Fraction(b)  # the bare product can fall short
               for a, b in [(1e-160, 3e-161), (1e-160, 7e-161), (3e-160, 1e-161)])


def test_radius_terms_refuse_indices_outside_their_arrays():
    with pytest.raises(ValueError):
        fk.radius_terms(np.ones(1), np.array([0, 1, 2]), np.ones(1), np.zeros(3, dtype=np.int64),
                        np.ones(1), np.ones(1))


def test_a_nan_read_out_makes_the_largest_nan():
    """2^16 · 2^1100 read in balanced digits is inf − inf = NaN; the largest |approximation| must say
    NaN (numba's max() alone would drop it and report 0), so the engine's checks refuse."""
    approx, _, big, _ = fk.approx_sign(encode([0, 1 << 16], 2), 1100)
    assert approx[0] == 0 and math.isnan(approx[1])
    assert math.isnan(big)
